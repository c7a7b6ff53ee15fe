"""Theme tagging: programme brands and work areas, with evidence.

A :class:`ThemeLexicon` holds themes (the default one ships as ``data/themes.toml``: the 18
themes of the project's schema, ids in Chinese).  Each theme has weighted keywords, regular
expressions for variable forms (``有事(来|好|多)商量``), brand names and exclusions
(书香 does not count inside 书香门第).

:func:`tag_themes` finds them in sentences, paragraphs, sections or whole documents:
one row per (unit, theme) with the score, the matched words and the span of the strongest
one.  :func:`theme_matrix` turns a corpus into a documents x themes table for a heat map.

How matching works: one pass of an Aho–Corasick automaton finds every literal keyword,
brand and exclusion phrase (patterns whose language is small and finite, such as
``有事(来|好|多)商量``, are expanded into literals), and one combined regular expression
finds the other patterns.  Both run over a simplified-script view of the text with the same
offsets, so traditional documents match simplified keywords and spans still index
``doc.text``.

How scores work: a unit's score for a theme is the sum of the weights of the *distinct*
words that matched (a keyword inside a longer match of the same theme, or inside one of the
theme's exclusion phrases, does not count).  A theme is reported when the score reaches
the lexicon's threshold for the level (default 1.0 for sentences and paragraphs, 1.5 for
sections, 2.0 for documents; ``min_score=`` overrides it).

>>> df = tag_themes("县政协召开专题协商会。\\n全年收到提案120件，办复率100%。")
>>> df[["paragraph", "theme", "evidence"]].values.tolist()
[[0, '专题协商', '专题协商会'], [1, '提案工作', '提案、办复率']]
"""
from __future__ import annotations

import logging
from os import PathLike
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .document import Document, caller_texts
from .normalize import code_points, simplified_view as _simplified
from .theme_lexicon import LEVELS, Theme, ThemeLexicon, check_level

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

__all__ = [
    "Theme", "ThemeLexicon", "tag_themes", "theme_matrix", "matrix_of_themes", "theme_of", "document_hits", "document_themes", "resolve_lexicon",
    "themes_frame", "LEVELS", "COLUMNS", "DTYPES", "NORMALIZE",
]

#: columns of :func:`tag_themes`, in order
COLUMNS = ["doc_id", "level", "unit", "paragraph", "theme", "score", "hits", "evidence", "strongest", "start", "end"]
#: what a cell of :func:`theme_matrix` holds
NORMALIZE = ("count", "per_1000_chars", "presence", "paragraphs")


# --------------------------------------------------------------------------------------------
# tagging


def resolve_lexicon(lexicon: "ThemeLexicon | str | PathLike | None") -> ThemeLexicon:
    """The lexicon an option names: the shipped one for None, a :class:`ThemeLexicon` as it
    is, or the lexicon read from a file path.

    >>> resolve_lexicon(None) is ThemeLexicon.default()
    True
    """
    if lexicon is None:
        return ThemeLexicon.default()
    if isinstance(lexicon, ThemeLexicon):
        return lexicon
    if isinstance(lexicon, (str, PathLike)):
        return ThemeLexicon.from_file(lexicon)
    raise TypeError(f"lexicon must be a ThemeLexicon or a path, got {type(lexicon).__name__}")


def _scan_text(doc: Document) -> str:
    """The text the lexicon is matched on: ``doc.text`` in simplified script, same offsets
    (built once per document and shared with the other stages)."""
    return doc.simplified


def document_hits(doc: Document, lexicon: ThemeLexicon | None = None) -> list[tuple[str, int, int, float]]:
    """Every hit of the lexicon's themes in a document: (theme, start, end, weight), by theme and start.

    >>> document_hits(Document.from_text("擦亮“委员会客厅”品牌"))
    [('有事来协商', 3, 8, 2.0)]
    """
    lex = resolve_lexicon(lexicon)
    if not doc.text:
        return []
    h = lex.matcher().hits(_scan_text(doc))
    ids = lex.ids
    return [(ids[t], s, e, w) for t, s, e, w in zip(h.theme.tolist(), h.start.tolist(), h.end.tolist(), h.weight.tolist())]


def _unit_of(doc: Document, level: str, start: Any) -> Any:
    """Index of the sentence, paragraph, section or document (0) holding each offset."""
    import numpy as np

    if level == "document":
        return np.zeros(len(start), dtype=np.int64)
    if level == "sentence":
        return np.searchsorted(doc.sentence_array[:, 0], start, side="right") - 1
    para = np.searchsorted(doc.paragraph_array[:, 0], start, side="right") - 1
    if level == "section":
        return np.asarray(doc.paragraph_section, dtype=np.int64)[para]
    return para


def _first_of_runs(*keys: Any) -> Any:
    """Boolean mask: True where any of the (sorted) key arrays changes from the previous row."""
    import numpy as np

    n = len(keys[0])
    mask = np.zeros(n, dtype=bool)
    if n:
        mask[0] = True
        for k in keys:
            mask[1:] |= k[1:] != k[:-1]
    return mask


def _mapped(text: str, scan: str) -> Any:
    """The offsets, in order, of the characters the simplified view changed (None when it
    changed none, the common case)."""
    import numpy as np

    if scan is text or scan == text:
        return None
    return np.flatnonzero(code_points(text) != code_points(scan))


def _hit_texts(text: str, h: Any, idx: Any, mapped: Any) -> Any:
    """The text of hits ``idx`` (an object array): the matched string itself, or the slice of
    ``text`` where the simplified view changed a character of it."""
    import numpy as np

    out = h.strings[h.word[idx]]
    if mapped is not None:
        starts, ends = h.start[idx], h.end[idx]
        changed = np.searchsorted(mapped, ends) > np.searchsorted(mapped, starts)  # a changed character inside
        for i in np.flatnonzero(changed).tolist():
            out[i] = text[starts[i] : ends[i]]
    return out


#: the share of a document's tagged units that its topic must be tagged in
_TOPIC_SHARE = 0.5


def _topic_cue(groups: "np.ndarray", keep: "np.ndarray", score: "np.ndarray", n_themes: int) -> "np.ndarray":
    """Groups whose theme is the document's topic (the theme tagged in most units, in at least
    three and in half of the units with any theme) and that hold a weak cue of it (score 0.5: 采用 in a bulletin on information uptake,
    a heading 被市政协采用情况): in such a document the cue is enough."""
    import numpy as np

    theme = groups % n_themes
    tagged = np.bincount(theme[keep], minlength=n_themes)
    top = tagged.max()
    units = len(np.unique(groups[keep] // n_themes))
    if top < 3 or top < _TOPIC_SHARE * units:
        return np.zeros(len(groups), dtype=bool)  # no topic, or a review of many kinds of work
    return (tagged[theme] == top) & (score >= 0.5 - 1e-9)


def _only_generic(groups: "np.ndarray", keep: "np.ndarray", d_generic: "np.ndarray", d_group: "np.ndarray", n_themes: int) -> "np.ndarray":
    """For each (unit, theme) group: whether all its words are generic (文化, 调研, 民主党派) while
    another theme kept in the same unit has a word of its own; such a theme says nothing about
    what the unit is about."""
    import numpy as np

    specific = np.bincount(d_group, weights=~d_generic, minlength=len(groups)) > 0  # a word of its own
    unit = groups // n_themes
    anchored = np.zeros(int(unit.max()) + 1, dtype=bool)
    anchored[unit[keep & specific]] = True
    return ~specific & anchored[unit]


def _tag_document(doc: Document, level: str, lex: ThemeLexicon, threshold: float) -> dict[str, Any] | None:
    """The columns of :func:`tag_themes` for one document (None when it has no theme)."""
    import numpy as np

    if not doc.text:
        return None
    scan = _scan_text(doc)
    h = lex.matcher().hits(scan)
    if not len(h):
        return None
    mapped = _mapped(doc.text, scan)
    n_themes = len(lex)
    unit = _unit_of(doc, level, h.start)
    group = unit * n_themes + h.theme
    # sorted by group, then word (heaviest, earliest occurrence first): groups and distinct words
    order = np.lexsort((h.start, -h.weight, h.word, group))
    g_sorted = group[order]
    g_first = _first_of_runs(g_sorted)
    g_index = np.cumsum(g_first) - 1  # group number of each sorted hit
    w_first = _first_of_runs(g_sorted, h.word[order])
    distinct, d_group = order[w_first], g_index[w_first]
    n_groups = int(g_index[-1]) + 1
    score = np.bincount(d_group, weights=h.weight[distinct], minlength=n_groups)
    keep = score >= threshold - 1e-9
    if not keep.any():
        return None
    groups = g_sorted[g_first]
    if level in ("sentence", "paragraph"):
        keep |= _topic_cue(groups, keep, score, n_themes)
    d_generic = lex.matcher().is_generic(h.theme[distinct], h.word[distinct])
    if d_generic.any():
        keep &= ~_only_generic(groups, keep, d_generic, d_group, n_themes)
    hits = np.bincount(g_index, minlength=n_groups)
    # the strongest hit of each group: heaviest, then longest, then earliest
    by_group = np.empty_like(g_index)
    by_group[order] = g_index
    order2 = np.lexsort((h.start, h.start - h.end, -h.weight, by_group))
    best = order2[_first_of_runs(by_group[order2])][keep]
    # evidence: the distinct words of each kept group, strongest first (as for the span)
    d_keep = keep[d_group]
    distinct, d_group = distinct[d_keep], d_group[d_keep]
    order3 = np.lexsort((h.start[distinct], h.start[distinct] - h.end[distinct], -h.weight[distinct], d_group))
    distinct, d_group = distinct[order3], d_group[order3]
    text = doc.text
    words = _hit_texts(text, h, distinct, mapped).tolist()
    bounds = np.flatnonzero(_first_of_runs(d_group)).tolist() + [len(words)]
    evidence = ["、".join(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    b_start, b_end = h.start[best], h.end[best]
    # for a str the caller passed, spans and strongest words index that string
    b_start, b_end, strongest = caller_texts(doc, b_start, b_end, _hit_texts(text, h, best, mapped))
    kept_groups = groups[keep]
    unit_col, theme_col = kept_groups // n_themes, kept_groups % n_themes
    para = unit_col if level == "paragraph" else np.searchsorted(doc.paragraph_array[:, 0], b_start, side="right") - 1
    n = len(kept_groups)
    score = np.round(score[keep], 6)
    cols = {
        "doc_id": np.full(n, doc.doc_id, dtype=object),
        "level": np.full(n, level, dtype=object),
        "unit": unit_col,
        "paragraph": para,
        "theme": lex.matcher().id_array[theme_col],
        "score": score,
        "hits": hits[keep],
        "evidence": np.array(evidence, dtype=object),
        "strongest": strongest,
        "start": b_start,
        "end": b_end,
    }
    order = np.lexsort((theme_col, -score, unit_col))
    return {k: v[order] for k, v in cols.items()}


def theme_of(text: str, *, lexicon: "ThemeLexicon | str | PathLike | None" = None, min_score: float = 1.0) -> str | None:
    """The theme whose words score highest in a short text (a brand name, a heading), or None.

    >>> theme_of("枫叶书香"), theme_of("茶山夜话")
    ('书香政协', None)
    """
    lex = resolve_lexicon(lexicon)
    scan = _simplified(text)
    h = lex.matcher().hits(scan)
    scores: dict[int, dict[str, float]] = {}
    for t, s, e, w in zip(h.theme.tolist(), h.start.tolist(), h.end.tolist(), h.weight.tolist()):
        words = scores.setdefault(t, {})
        words[scan[s:e]] = max(w, words.get(scan[s:e], 0.0))
    best = max(((sum(ws.values()), -t) for t, ws in scores.items()), default=None)
    return lex.ids[-best[1]] if best is not None and best[0] >= min_score - 1e-9 else None


def tag_themes(
    obj: "str | Document | Corpus | Iterable[str | Document]",
    level: str = "paragraph",
    *,
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    min_score: float | None = None,
    script: str | None = None,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
) -> "pd.DataFrame":
    """Themes of every sentence, paragraph, section or document, with evidence.

    ``obj`` is a text, a :class:`~summarytext.document.Document`, a
    :class:`~summarytext.corpus.Corpus` or a list of texts and documents.  One row per (unit,
    theme) whose score reaches the threshold (the lexicon's for ``level``, or ``min_score``):

    * ``doc_id``, ``level``; ``unit``: the index of the sentence, paragraph or section (0 for a
      document); ``paragraph``: the paragraph holding the strongest evidence (for
      ``level="paragraph"`` the unit itself: for a ``str``, its index among the non-empty lines);
    * ``theme``; ``score``: sum of the weights of the distinct matched words; ``hits``: how
      many matches there were;
    * ``evidence``: the distinct matched words, strongest (heaviest, then longest, then
      earliest) first, joined by ``、``;
      ``strongest``, ``start``, ``end``: the strongest match, with
      ``doc.text[start:end] == strongest``.

    For a ``str`` the document is ``Document.from_text(s, script=script)``.  ``lexicon`` is a
    :class:`ThemeLexicon` or the path of a lexicon file (default: the shipped one).
    ``n_jobs`` > 1 tags the documents of a corpus in worker processes (same rows, same order).

    >>> df = tag_themes("委员们开展读书活动。他出身书香门第。", level="sentence")
    >>> df[["unit", "theme", "score", "strongest", "start", "end"]].values.tolist()
    [[0, '书香政协', 1.5, '读书活动', 5, 9]]
    """
    from functools import partial

    from .analyzers import join_rows
    from .document import as_documents
    from .parallel import map_documents

    check_level(level)
    lex = resolve_lexicon(lexicon)
    threshold = lex.threshold(level) if min_score is None else float(min_score)
    docs = as_documents(obj, script=script, caller="tag_themes")
    tag = partial(_tag_document, level=level, lex=lex, threshold=threshold)
    tables = [t for t in map_documents(tag, docs, n_jobs=n_jobs, chunk_size=chunk_size) if t is not None]
    return themes_frame(join_rows(tables, COLUMNS))


#: pandas dtypes of the columns of :func:`tag_themes`
DTYPES = {
    "doc_id": "string", "level": "string", "unit": "int64", "paragraph": "int64", "theme": "string",
    "score": "float64", "hits": "int64", "evidence": "string", "strongest": "string", "start": "int64", "end": "int64",
}


def themes_frame(columns: Mapping[str, Any]) -> "pd.DataFrame":
    """The columns of :func:`tag_themes` (as :func:`document_themes` gives them, joined for
    many documents) as a DataFrame with the stable column types: ints int64, scores float64,
    text the ``string`` dtype (:data:`DTYPES`).

    >>> themes_frame({c: [] for c in COLUMNS}).dtypes["score"]
    dtype('float64')
    """
    from .tables import typed_frame

    return typed_frame(columns, DTYPES)


def document_themes(
    doc: Document,
    *,
    level: str = "paragraph",
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    min_score: float | None = None,
) -> dict[str, Any] | None:
    """The rows of :func:`tag_themes` for one document, as columns (numpy arrays keyed by the
    names of :data:`COLUMNS`), or None when no theme reaches the threshold.

    >>> cols = document_themes(Document.from_text("召开专题协商会。"))
    >>> cols["theme"].tolist(), cols["start"].tolist()
    (['专题协商'], [2])
    """
    check_level(level)
    lex = resolve_lexicon(lexicon)
    threshold = lex.threshold(level) if min_score is None else float(min_score)
    return _tag_document(doc, level, lex, threshold)


def _tag_with_size(doc: Document, *, lex: ThemeLexicon, threshold: float) -> tuple[str, int, dict[str, Any] | None]:
    return doc.doc_id, len(doc.text), _tag_document(doc, "paragraph", lex, threshold)


def theme_matrix(
    obj: "str | Document | Corpus | Iterable[str | Document]",
    *,
    normalize: str = "count",
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    min_score: float | None = None,
    script: str | None = None,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
) -> "pd.DataFrame":
    """Documents x themes: how much each document talks about each theme.

    Rows are indexed by ``doc_id``; there is a column for every theme of the lexicon, in its
    order (themes a document never mentions are 0).  Counting uses the paragraphs tagged with
    the theme (as :func:`tag_themes` at paragraph level, with ``min_score``):

    * ``normalize="count"``: matches of the theme's words in those paragraphs (int64);
    * ``"per_1000_chars"``: the same per 1,000 characters of the document's text (float64);
    * ``"presence"``: 1 when at least one paragraph is tagged, else 0 (int64);
    * ``"paragraphs"``: how many paragraphs are tagged (int64).

    ``n_jobs`` > 1 tags the documents in worker processes (same table).  There is one row per
    ``doc_id``: documents given with the same id make one row, their counts and lengths summed.
    For a heat map: ``theme_matrix(corpus, normalize="per_1000_chars").style.background_gradient()``
    in Jupyter, or ``matplotlib.pyplot.imshow(matrix)``.

    >>> m = theme_matrix(["专题协商会。\\n读书活动。读书群。", "全年提案120件。"], normalize="count")
    >>> m[["专题协商", "书香政协", "提案工作"]].values.tolist()
    [[1, 2, 0], [0, 0, 1]]
    """
    from functools import partial

    from .analyzers import join_rows
    from .document import as_documents
    from .parallel import map_documents

    if normalize not in NORMALIZE:
        raise ValueError(f"normalize must be one of {NORMALIZE}, got {normalize!r}")
    lex = resolve_lexicon(lexicon)
    threshold = lex.threshold("paragraph") if min_score is None else float(min_score)
    docs = as_documents(obj, script=script, caller="theme_matrix")
    sizes: dict[str, int] = {}
    tables = []
    for doc_id, size, cols in map_documents(partial(_tag_with_size, lex=lex, threshold=threshold), docs, n_jobs=n_jobs, chunk_size=chunk_size):
        sizes[doc_id] = sizes.get(doc_id, 0) + size  # documents that share an id are one row
        if cols is not None:
            tables.append(cols)
    themes = join_rows(tables, ["doc_id", "theme", "hits"]) if tables else None
    return matrix_of_themes(themes, sizes, lexicon=lex, normalize=normalize)


def matrix_of_themes(
    themes: "pd.DataFrame | Mapping[str, Any] | None",
    sizes: Mapping[str, int],
    *,
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    normalize: str = "count",
) -> "pd.DataFrame":
    """:func:`theme_matrix` from paragraph themes already at hand (a :func:`tag_themes` table at
    ``level="paragraph"``, or its ``doc_id``, ``theme`` and ``hits`` columns) and the length in
    characters of each document (``sizes``: doc_id -> characters, in the order of the rows).

    >>> docs = ["专题协商会。\\n读书活动。读书群。", "全年提案120件。"]
    >>> m = matrix_of_themes(tag_themes(docs), {"doc0": 16, "doc1": 9})
    >>> m.equals(theme_matrix(docs))
    True
    """
    import numpy as np
    import pandas as pd

    if normalize not in NORMALIZE:
        raise ValueError(f"normalize must be one of {NORMALIZE}, got {normalize!r}")
    lex = resolve_lexicon(lexicon)
    index = list(sizes)
    counts = np.zeros((len(index), len(lex)), dtype=np.int64)
    paragraphs = np.zeros_like(counts)
    if themes is not None and len(themes["doc_id"]):
        if "level" in themes and (np.asarray(themes["level"]) != "paragraph").any():
            raise ValueError("matrix_of_themes counts paragraphs: give it the themes of tag_themes(..., level='paragraph')")
        row_of = {d: i for i, d in enumerate(index)}
        position = {tid: i for i, tid in enumerate(lex.ids)}
        unknown = sorted({str(d) for d in themes["doc_id"] if d not in row_of}) + sorted({str(t) for t in themes["theme"] if t not in position})
        if unknown:
            raise ValueError(f"matrix_of_themes: rows of documents not in sizes, or of themes not in the lexicon: {', '.join(unknown[:5])}")
        r = np.array([row_of[d] for d in themes["doc_id"]], dtype=np.int64)
        t = np.array([position[x] for x in themes["theme"]], dtype=np.int64)
        np.add.at(counts, (r, t), np.asarray(themes["hits"], dtype=np.int64))
        np.add.at(paragraphs, (r, t), 1)
    if normalize == "count":
        data: Any = counts
    elif normalize == "paragraphs":
        data = paragraphs
    elif normalize == "presence":
        data = (paragraphs > 0).astype(np.int64)
    else:
        size = np.array([sizes[d] for d in index], dtype=np.float64).reshape(-1, 1)
        data = np.divide(counts * 1000.0, size, out=np.zeros(counts.shape), where=size > 0)
    return pd.DataFrame(data, index=pd.Index(index, name="doc_id", dtype=object), columns=pd.Index(list(lex.ids), name="theme", dtype=object))

