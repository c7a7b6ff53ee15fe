"""Boilerplate: template passages used by many documents (the standard opening, fixed formulas).

Read from a fitted :class:`~summarytext.passages.PassageIndex`: groups of near-identical
clauses found in at least ``min_documents`` documents, listed once each with the documents
using them (:func:`boilerplate_table`); where they occur (:func:`boilerplate_spans_table`);
and the corpus with them cut out (:func:`without_boilerplate`).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..passages import (
    BOILERPLATE_COLUMNS, BOILERPLATE_DTYPES, BOILERPLATE_MIN_CHARS, SPAN_COLUMNS, SPAN_DTYPES, caller_span, distinct, distinct_counts,
    groups_of, trim_span,
)
from .registry import measure

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..corpus import Corpus
    from ..passages import PassageIndex
    from . import Comparison

__all__ = ["boilerplate", "boilerplate_spans", "boilerplate_table", "boilerplate_spans_table", "min_documents_of", "without_boilerplate"]


def min_documents_of(index: "PassageIndex", min_documents: int | float | None) -> int:
    """The number of documents that makes a passage boilerplate: ``min_documents`` (a count,
    or a share of the corpus when a float below 1), by default 5% of the documents and at
    least 3 (all of them in a corpus of two or three)."""
    n = len(index.documents_)
    if min_documents is None:
        value = max(3, math.ceil(0.05 * n))
    elif isinstance(min_documents, float) and 0 < min_documents < 1:
        value = math.ceil(min_documents * n)
    else:
        value = int(min_documents)
    return max(2, min(value, n)) if n >= 2 else 2


def boilerplate_table(index: "PassageIndex", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
    """Clauses used (exactly or nearly) by many documents: one row per template passage.

    ``min_documents`` as in :func:`min_documents_of`.  Columns :data:`BOILERPLATE_COLUMNS`:
    ``passage`` (its most common wording), ``documents`` using it, their ``share`` of the
    corpus, ``occurrences``, ``variants`` (distinct wordings), ``doc_ids``, and one example
    span (``doc_id``, ``start``, ``end``).  Sorted by documents, most first, then by where the
    passage first occurs.
    """
    import numpy as np

    from ..tables import typed_frame

    index.check_fitted()
    need = min_documents_of(index, min_documents)
    units = index.units_
    g = index.unit_group_
    gdocs = index.group_docs_
    big = np.flatnonzero(gdocs >= need)
    rows = []
    if len(big):
        is_big = np.zeros(len(gdocs), dtype=bool)
        is_big[big] = True
        occ = np.flatnonzero((g >= 0) & is_big[np.maximum(g, 0)])
        occ = occ[np.argsort(g[occ], kind="stable")]
        _, starts, sizes = groups_of(g[occ], min_size=1)
        docs = index.documents_
        n = len(docs)
        for s, size in zip(starts.tolist(), sizes.tolist()):
            members = occ[s : s + size]
            uids, counts = distinct_counts(units.uid[members])
            best = uids[np.argmax(counts)]
            example = int(members[np.flatnonzero(units.uid[members] == best)[0]])
            d = int(units.doc[example])
            text = docs[d].text
            st, en = trim_span(text, int(units.start[example]), int(units.end[example]))
            if en - st < min_chars:
                continue
            doc_list = distinct(units.doc[members]).tolist()
            passage = text[st:en]
            st, en, _ = caller_span(docs[d], st, en, passage)
            rows.append(
                (
                    int(g[example]), passage, len(doc_list), len(doc_list) / n, int(size), int(len(uids)),
                    [docs[i].doc_id for i in doc_list], docs[d].doc_id, st, en, int(members.min()),
                )
            )
    rows.sort(key=lambda r: (-r[2], r[-1]))
    return typed_frame({c: [r[i] for r in rows] for i, c in enumerate(BOILERPLATE_COLUMNS)}, BOILERPLATE_DTYPES)


def boilerplate_stretches(index: "PassageIndex", *, min_documents: int | float | None, min_chars: int) -> list[tuple[int, int, int, list[int]]]:
    """(document index, start, end in ``doc.text``, passage ids) of each stretch of
    consecutive boilerplate clauses."""
    import numpy as np

    table = boilerplate_table(index, min_documents=min_documents, min_chars=min_chars)
    wanted = set(table["passage_id"].tolist())
    units = index.units_
    g = index.unit_group_
    docs = index.documents_
    rows: list[list[Any]] = []
    if wanted:
        mask = np.isin(g, np.fromiter(wanted, dtype=np.int64, count=len(wanted)))
        cur: list[Any] | None = None
        for i in np.flatnonzero(mask).tolist():
            d = int(units.doc[i])
            if cur is not None and cur[0] == d and cur[3] == i - 1:
                cur[2] = int(units.end[i])
                cur[3] = i
                cur[4].append(int(g[i]))
                continue
            if cur is not None:
                rows.append(cur)
            cur = [d, int(units.start[i]), int(units.end[i]), i, [int(g[i])]]
        if cur is not None:
            rows.append(cur)
    out = []
    for d, s, e, _, ids in rows:
        s, e = trim_span(docs[d].text, s, e)
        out.append((d, s, e, list(dict.fromkeys(ids))))
    return out


def boilerplate_spans_table(index: "PassageIndex", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
    """Where boilerplate occurs: one row per stretch of consecutive boilerplate clauses.

    Columns :data:`SPAN_COLUMNS` (``passage_ids`` lists the :func:`boilerplate_table` ids of
    the clauses in the stretch).  Use it to cut templates out before other analysis, or
    :func:`without_boilerplate`.
    """
    from ..tables import typed_frame

    docs = index.documents_
    out = []
    for d, s, e, ids in boilerplate_stretches(index, min_documents=min_documents, min_chars=min_chars):
        s, e, given = caller_span(docs[d], s, e, docs[d].text[s:e])
        out.append((docs[d].doc_id, s, e, given, ids))
    return typed_frame({c: [r[i] for r in out] for i, c in enumerate(SPAN_COLUMNS)}, SPAN_DTYPES)


def without_boilerplate(index: "PassageIndex", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "Corpus":
    """A new corpus whose documents have their boilerplate stretches cut out.

    Each new document keeps the id, title and metadata (``meta["boilerplate_removed"]``
    counts the characters cut); offsets into it are new.
    """
    import regex

    from ..corpus import Corpus
    from ..document import Document

    by_doc: dict[int, list[tuple[int, int]]] = {}
    for d, s, e, _ in boilerplate_stretches(index, min_documents=min_documents, min_chars=min_chars):
        by_doc.setdefault(d, []).append((s, e))
    out = []
    for d, doc in enumerate(index.documents_):
        cuts = by_doc.get(d)
        if not cuts:
            out.append(doc)
            continue
        pieces, pos, removed = [], 0, 0
        for s, e in sorted(cuts):
            pieces.append(doc.text[pos:s])
            removed += e - s
            pos = e
        pieces.append(doc.text[pos:])
        text = regex.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", "".join(pieces)).strip()
        meta = dict(doc.meta)
        meta["boilerplate_removed"] = removed
        out.append(Document(text, doc_id=doc.doc_id, title=doc.title, raw=doc.raw, source=doc.source, meta=meta))
    return Corpus(out)


@measure()
def boilerplate(comparison: "Comparison", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
    """Template passages shared by many documents (the standard opening, fixed formulas).

    ``min_documents``: a count, or a share of the corpus when a float below 1 (default
    5% of the documents, at least 3, all of them in a corpus of two or three).  Columns:
    ``passage_id``, ``passage`` (its most common wording), ``documents``, ``share``,
    ``occurrences``, ``variants``, ``doc_ids`` and an example span (``doc_id``,
    ``start``, ``end``).  :meth:`without_boilerplate` drops them from the corpus.
    """
    return boilerplate_table(comparison.passage_index_, min_documents=min_documents, min_chars=min_chars)


@measure()
def boilerplate_spans(comparison: "Comparison", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
    """Every stretch of boilerplate in every document: doc_id, start, end, text, passage_ids."""
    return boilerplate_spans_table(comparison.passage_index_, min_documents=min_documents, min_chars=min_chars)


@measure("without_boilerplate", cache=False)
def corpus_without_boilerplate(comparison: "Comparison", *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "Corpus":
    """A new corpus with the boilerplate cut out of every document (for further analysis)."""
    return without_boilerplate(comparison.passage_index_, min_documents=min_documents, min_chars=min_chars)
