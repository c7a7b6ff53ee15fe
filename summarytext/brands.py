"""Brand and slogan discovery: the programme names a corpus introduces, and how.

Committees coin a brand for every programme (擦亮“绵言细语”协商品牌, 打造“有事来协商”升级版,
读书品牌“悦读——书伴委员行·文润科技城”, “五心五聚”活动).  :func:`discover_brands` finds quoted
names (“…”, "…", 「…」, ‘…’) introduced by a cue (品牌, 打造, 擦亮, 活动, 工程, 平台 …, listed in
``data/brand_cues.toml``) or quoted more than once, adds the brands the theme lexicon already
knows wherever they occur, and ranks them.  Quotations of speech (“……。”某某表示, 某某说：“……”,
long quotes with sentence punctuation) and quoted emphasis words (“答卷”, “金点子”, “十四五”) are
left out.

>>> df = discover_brands("县政协擦亮“茶山夜话”协商品牌。“议事就在家门口。”村民说。")
>>> df[["brand", "kind", "cue", "known"]].values.tolist()
[['茶山夜话', 'brand', '品牌', False]]
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import regex

from .document import Document
from .errors import LexiconError
from .normalize import simplified_view as _simplified
from .themes import ThemeLexicon, resolve_lexicon, theme_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

__all__ = ["discover_brands", "brand_mentions", "rank_brands", "BrandCues", "COLUMNS", "DTYPES", "MENTION_DTYPES"]

#: columns of :func:`discover_brands`, in order, and their dtypes (``documents``: lists of doc_ids)
DTYPES = {
    "rank": "int64", "brand": "string", "kind": "string", "cue": "string", "score": "float64", "count": "int64",
    "quoted": "int64", "n_documents": "int64", "documents": "object", "known": bool, "theme": "string",
    "first_doc": "string", "first_context": "string",
}
COLUMNS = list(DTYPES)

# curly quotes pair unambiguously (nested ones are found too); ASCII quotes pair left to right
_CURLY = regex.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』|‘([^‘’\n]{1,40})’")
_ASCII = regex.compile(r'"([^"\n]{1,40})"')
_SENTENCE_PUNCT = regex.compile(r"[。！？!?；;]|…|\.{3}")
_NOT_A_NAME = regex.compile(r"[\s\dxX×*＊.,，、%％+\-—·()（）]*")
_CLAUSE_END = "。！？!?；;\n"


@dataclass(frozen=True)
class BrandCues:
    """The cue words of brand discovery (see ``data/brand_cues.toml`` for their meaning)."""

    after: tuple[tuple[str, str, float], ...]  # (word, kind, strength)
    before: tuple[tuple[str, str, float], ...]
    endings: tuple[tuple[str, str, float], ...]
    speech: tuple[str, ...]
    ignore: frozenset[str]

    @classmethod
    def from_file(cls, path: str | PathLike) -> "BrandCues":
        """Read cues from a TOML file shaped like ``data/brand_cues.toml``."""
        from .resources import load_toml, read_user_file

        p = Path(path)
        data = load_toml(read_user_file(p, "brand cues"), p)
        return cls.from_dict(data, source=str(p))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> "BrandCues":
        """Cues from plain data (the shape of the TOML file)."""

        def words(value: Any, where: str) -> tuple[str, ...]:
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
                raise LexiconError(source, f"{where} must be a list of non-empty strings")
            return tuple(_simplified(w.strip()) for w in value)

        def kinds(table: Any, where: str) -> tuple[tuple[str, str, float], ...]:
            if not isinstance(table, dict):
                raise LexiconError(source, f"[{where}] must be a table of kinds")
            out = []
            for kind, spec in table.items():
                if not isinstance(spec, dict) or set(spec) - {"words", "strength"}:
                    raise LexiconError(source, f"[{where}.{kind}] needs 'words' and 'strength' only")
                strength = spec.get("strength", 1.0)
                if isinstance(strength, bool) or not isinstance(strength, (int, float)) or strength <= 0:
                    raise LexiconError(source, f"[{where}.{kind}] strength must be a number > 0")
                out.extend((w, kind, float(strength)) for w in words(spec.get("words"), f"[{where}.{kind}] words"))
            return tuple(sorted(out, key=lambda x: -len(x[0])))  # longest first: 协商品牌 before 品牌

        name = data.get("name", {"endings": [], "strength": 1.5})
        return cls(
            after=kinds(data.get("after", {}), "after"),
            before=kinds(data.get("before", {}), "before"),
            endings=tuple((w, "name", float(name.get("strength", 1.5))) for w in words(name.get("endings", []), "[name] endings")),
            speech=words(data.get("speech", {}).get("verbs", []), "[speech] verbs"),
            ignore=frozenset(words(data.get("ignore", {}).get("words", []), "[ignore] words")),
        )

    @classmethod
    def default(cls) -> "BrandCues":
        """The cues shipped in ``summarytext/data/brand_cues.toml`` (read once)."""
        return _default_cues()


@lru_cache(maxsize=1)
def _default_cues() -> BrandCues:
    from .resources import data_path

    return BrandCues.from_file(data_path("brand_cues.toml"))


@lru_cache(maxsize=8)
def _compile(cues: BrandCues) -> dict[str, Any]:
    def alternation(words: Iterable[str]) -> str:
        return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"

    return {
        # 的 and up to four characters may stand between the closing quote and the cue
        "after": regex.compile(rf"(?:的)?\p{{Han}}{{0,4}}?({alternation(w for w, _, _ in cues.after)})"),
        # the cue nearest the opening quote wins (a greedy .* in front)
        "before": regex.compile(rf".*({alternation(w for w, _, _ in cues.before)})\p{{Han}}{{0,2}}$"),
        "speech_after": regex.compile(rf"[^，,。；;！？!?“”\"\n]{{0,25}}?({alternation(cues.speech)})"),
        "speech_before": regex.compile(rf"(?:(?:{alternation(cues.speech)})\s*[：:，,]?|[：:])\s*$"),
        "after_kind": {w: (k, s) for w, k, s in cues.after},
        "before_kind": {w: (k, s) for w, k, s in cues.before},
    }


# --------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    key: str  # simplified name: brands are grouped by it
    name: str  # as first written
    cue: str | None = None
    kind: str | None = None
    strength: float = 0.0
    quoted: int = 0


def _quotes(text: str) -> Iterable[tuple[int, int]]:
    """Spans of the insides of quotations (curly, corner and ASCII quotes)."""
    for m in _CURLY.finditer(text, overlapped=True):
        g = next(i for i in range(1, 5) if m.start(i) >= 0)
        yield m.start(g), m.end(g)
    for m in _ASCII.finditer(text):
        yield m.start(1), m.end(1)


def _read_quote(scan: str, start: int, end: int, cues: BrandCues, compiled: dict[str, Any]) -> tuple[str | None, str | None, float] | None:
    """(cue, kind, strength) of a quoted name, (None, None, 0) when it has no cue, None when it is speech or not a name."""
    name = scan[start:end].strip()
    if len(name) < 2 or name in cues.ignore or _NOT_A_NAME.fullmatch(name):
        return None
    if _SENTENCE_PUNCT.search(name) or (len(name) >= 10 and regex.search(r"[，,]", name)):
        return None  # a sentence: speech or a statement, not a name
    after = scan[end + 1 : end + 14]
    before = scan[max(0, start - 15) : start - 1]
    best: tuple[str | None, str | None, float] = (None, None, 0.0)
    m = compiled["after"].match(after)
    if m:
        kind, strength = compiled["after_kind"][m.group(1)]
        best = (m.group(1), kind, strength)
    else:
        if compiled["speech_after"].match(after) or compiled["speech_before"].search(before):
            return None
    m = compiled["before"].search(before)
    if m:
        kind, strength = compiled["before_kind"][m.group(1)]
        if strength > best[2]:
            best = (m.group(1), kind, strength)
    for word, kind, strength in cues.after + cues.endings:
        if name.endswith(word) and len(name) > len(word):
            weaker = strength - 0.5 if kind != "name" else strength
            if weaker > best[2]:
                best = (word, kind, weaker)
            break
    if best[1] == "launch" and len(name) > 10:
        return (None, None, 0.0)  # 开展“…长的议题…”: a topic, not a name
    if "的" in name and best[2] < 2.5:
        return (None, None, 0.0)  # “…的…实践”: a description
    return best


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The sentence around text[start:end], at most ``width`` characters either side."""
    left = max((text.rfind(ch, max(0, start - width), start) for ch in _CLAUSE_END), default=-1)
    left = left + 1 if left >= 0 else max(0, start - width)
    right = min((i for i in (text.find(ch, end, end + width) for ch in _CLAUSE_END) if i >= 0), default=-1)
    right = right + 1 if right >= 0 else min(len(text), end + width)
    return text[left:right].strip()


#: columns of :func:`brand_mentions` (one row per quoted name or known brand in a document) and their dtypes
MENTION_DTYPES = {
    "doc_id": "string", "key": "string", "name": "string", "start": "int64", "end": "int64",
    "quoted": bool, "cue": "string", "kind": "string", "strength": "float64",
}


def _cues_of(cues: "BrandCues | str | PathLike | None") -> BrandCues:
    return cues if isinstance(cues, BrandCues) else (BrandCues.from_file(cues) if cues is not None else BrandCues.default())


def brand_mentions(
    doc: Document,
    *,
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    cues: "BrandCues | str | PathLike | None" = None,
    known: bool = True,
) -> dict[str, list[Any]]:
    """The candidate brands of one document, as columns (:data:`MENTION_DTYPES`): every quoted
    name that may be a brand (``quoted`` True, with the ``cue``, its ``kind`` and
    ``strength``; no cue: strength 0) and, with ``known``, every occurrence of a brand the
    lexicon knows (``quoted`` False).  ``key`` is the name in simplified script (mentions of
    one brand share it); ``start`` and ``end`` index ``doc.text``.  :func:`discover_brands`
    ranks the mentions of a corpus.

    >>> cols = brand_mentions(Document.from_text("擦亮“茶山夜话”协商品牌", doc_id="a"))
    >>> cols["name"], cols["cue"], cols["kind"], cols["start"]
    (['茶山夜话'], ['品牌'], ['brand'], [3])
    """
    lex = resolve_lexicon(lexicon)
    cue_set = _cues_of(cues)
    compiled = _compile(cue_set)
    scan = doc.simplified  # built once per document, shared with other stages
    out: dict[str, list[Any]] = {c: [] for c in MENTION_DTYPES}

    def add(key: str, name: str, start: int, end: int, quoted: bool, read: tuple[str | None, str | None, float]) -> None:
        for col, value in zip(MENTION_DTYPES, (doc.doc_id, key, name, start, end, quoted, read[0], read[1], read[2])):
            out[col].append(value)

    for start, end in _quotes(scan):
        read = _read_quote(scan, start, end, cue_set, compiled)
        if read is None:
            continue
        raw = doc.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        name = raw.strip()
        add(scan[start + lead : start + lead + len(name)], name, start + lead, start + lead + len(name), True, read)
    if known:
        known_brands = _known_brands(lex)
        for _t, s_, e_, _w in _brand_hits(lex, scan, known_brands):
            add(scan[s_:e_], doc.text[s_:e_], s_, e_, False, (None, None, 0.0))
    return out


def _known_brands(lex: ThemeLexicon) -> dict[str, str]:
    return {_simplified(b): t for b, t in lex.brands().items()}


def discover_brands(
    obj: "str | Document | Corpus | Iterable[str | Document]",
    *,
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    cues: "BrandCues | str | PathLike | None" = None,
    known: bool = True,
    min_count: int = 1,
    script: str | None = None,
) -> "pd.DataFrame":
    """Brands and slogans of a text, document, corpus or list of them, ranked.

    A quoted name is a brand when a cue introduces it (擦亮“…”品牌, 打造“…”, “…”活动, “…”工程,
    依托“…”平台, a name ending in 行动/工程/讲堂 …) or when it is quoted at least twice; the
    lexicon's known brands are added wherever they occur (``known=False`` leaves them out).
    One row per brand:

    * ``rank`` (1 = strongest), ``brand`` (as first written), ``kind`` (brand, campaign, platform,
      model, launch, name: the kind of its strongest cue; recurring: quoted twice without a cue;
      known: only the lexicon vouches for it), ``cue`` (the cue word), ``score``;
    * ``count`` (occurrences, quoted or not), ``quoted`` (quoted occurrences outside speech),
      ``n_documents`` and ``documents`` (a list of doc_ids);
    * ``known`` (the lexicon has the name as a brand or keyword) and ``theme`` (its theme, or the
      theme the lexicon gives the name's words, e.g. 枫叶书香 → 书香政协);
    * ``first_doc`` and ``first_context`` (the sentence of its first occurrence).

    ``score`` = the strongest cue's strength (``data/brand_cues.toml``; 1.0 for a known brand,
    0.5 for a recurring quote) + 0.5·log2(count) + 0.5·(n_documents − 1).  The candidates of
    each document are its :func:`brand_mentions` (the per-document analyzer
    ``analyzer("brands")``); their occurrences are then counted in every document.

    >>> df = discover_brands(["开展“五心五聚”活动。", "深入推进“五心五聚”活动，打造“有事来协商”升级版。"])
    >>> df[["rank", "brand", "kind", "count", "n_documents", "known", "theme"]].values.tolist()
    [[1, '五心五聚', 'campaign', 2, 2, False, <NA>], [2, '有事来协商', 'brand', 1, 1, True, '有事来协商']]
    """
    from .document import as_documents

    from .analyzers import analyzer

    lex = resolve_lexicon(lexicon)
    mentions = analyzer("brands", lexicon=lex, cues=_cues_of(cues), known=known)
    docs = list(as_documents(obj, script=script, caller="discover_brands"))
    return rank_brands(mentions.frame([mentions.rows(d) for d in docs]), docs, lexicon=lex, known=known, min_count=min_count)


def rank_brands(
    mentions: "pd.DataFrame",
    docs: "list[Document]",
    *,
    lexicon: "ThemeLexicon | str | PathLike | None" = None,
    known: bool = True,
    min_count: int = 1,
) -> "pd.DataFrame":
    """The brands table of :func:`discover_brands` from the table of the :func:`brand_mentions`
    of ``docs`` (rows in document order, as ``analyzer("brands")`` gives them): candidates
    chosen, their occurrences counted in every document, scored and ranked."""
    from .tables import typed_frame

    lex = resolve_lexicon(lexicon)
    known_brands = _known_brands(lex)
    found: dict[str, _Candidate] = {}
    cols = {c: mentions[c].tolist() for c in ("key", "name", "quoted", "cue", "kind", "strength")}
    for key, name, quoted, cue, kind, strength in zip(cols["key"], cols["name"], cols["quoted"], cols["cue"], cols["kind"], cols["strength"]):
        cand = found.setdefault(key, _Candidate(key, name))
        if not quoted:
            continue
        cand.quoted += 1
        if strength > cand.strength:
            cand.cue, cand.kind, cand.strength = cue, kind, strength
    chosen = []
    for cand in found.values():
        theme = lex.lookup(cand.key)
        is_known = theme is not None
        if cand.strength > 0:
            chosen.append((cand, is_known, theme))
        elif cand.key in known_brands and known:
            cand.kind, cand.strength = "known", 1.0
            chosen.append((cand, is_known, theme))
        elif cand.quoted >= 2:
            cand.kind, cand.strength = "recurring", 0.5
            chosen.append((cand, is_known, theme))
    logger.debug("discover_brands: %d documents, %d quoted or known names, %d kept", len(docs), len(found), len(chosen))
    rows = []
    scans = [d.simplified for d in docs]
    counts = _occurrences([c.key for c, _, _ in chosen], scans)
    for (cand, is_known, theme), (count, per_doc, first) in zip(chosen, counts):
        if count < min_count or (is_known and not known):
            continue
        n_docs = len(per_doc)
        score = cand.strength + 0.5 * math.log2(max(count, 1)) + 0.5 * max(n_docs - 1, 0)
        d, pos = first if first is not None else (0, 0)
        rows.append(
            {
                "brand": cand.name,
                "kind": cand.kind,
                "cue": cand.cue,
                "score": round(score, 6),
                "count": count,
                "quoted": cand.quoted,
                "n_documents": n_docs,
                "documents": [docs[i].doc_id for i in per_doc],
                "known": is_known,
                "theme": theme if is_known else theme_of(cand.key, lexicon=lex),
                "first_doc": docs[d].doc_id,
                "first_context": _context(docs[d].text, pos, pos + len(cand.key)),
                "_order": (d, pos),
            }
        )
    rows.sort(key=lambda r: (-r["score"], -r["count"], r["_order"]))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
        del r["_order"]
    return typed_frame({c: [r[c] for r in rows] for c in COLUMNS}, DTYPES)


def _brand_hits(lex: ThemeLexicon, scan: str, brands: dict[str, str]) -> Iterable[tuple[int, int, int, float]]:
    """Hits of the lexicon's brand names in a simplified text."""
    h = lex.matcher().hits(scan)
    for t, s, e, w in zip(h.theme.tolist(), h.start.tolist(), h.end.tolist(), h.weight.tolist()):
        if scan[s:e] in brands:
            yield t, s, e, w


def _occurrences(keys: list[str], scans: list[str]) -> list[tuple[int, list[int], tuple[int, int] | None]]:
    """For each key: its occurrences in all texts, the texts holding it and its first (text, offset)."""
    from .multisearch import KeywordSearch

    if not keys:
        return []
    search = KeywordSearch(keys)
    count = [0] * len(keys)
    per_doc: list[list[int]] = [[] for _ in keys]
    first: list[tuple[int, int] | None] = [None] * len(keys)
    for d, scan in enumerate(scans):
        for i, start, _end in search.find(scan).tolist():
            count[i] += 1
            if not per_doc[i] or per_doc[i][-1] != d:
                per_doc[i].append(d)
            if first[i] is None:
                first[i] = (d, start)
    return list(zip(count, per_doc, first))
