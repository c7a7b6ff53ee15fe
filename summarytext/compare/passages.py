"""Shared passages: sentences or runs of clauses that two documents share exactly or nearly.

Read from a fitted :class:`~summarytext.passages.PassageIndex`: the units found in two to
``max_documents`` documents (clauses, and runs of consecutive clauses whose parts are too
common to tell documents apart on their own: :meth:`~summarytext.passages.PassageIndex.matched_units`)
give pairs of occurrences in two documents; pairs that follow each other along both texts
(the same offset between them, at most ``max_gap`` clauses apart) are chained into runs, and
runs of one pair of documents that continue each other across an inserted or dropped clause
are joined.  Each run is a passage, scored by the similarity of its two texts.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..passages import (
    PASSAGE_COLUMNS, PASSAGE_DTYPES, SHARED_MAX_DOCUMENTS, SHARED_MAX_GAP, SHARED_MIN_CHARS, SHARED_MIN_SIMILARITY, caller_span,
    pairs_in_groups, passage_similarity, trim_span,
)
from .registry import measure

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from ..passages import PassageIndex
    from . import Comparison

logger = logging.getLogger("summarytext")

__all__ = ["MAX_REPEATS_PER_DOCUMENT", "shared_passages", "shared_passages_table", "passage_runs"]

#: occurrences of one unit per document considered for shared passages (more are a refrain)
MAX_REPEATS_PER_DOCUMENT = 8


def _occurrence_pairs(index: "PassageIndex", max_documents: int) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Pairs of occurrences of one unit in two documents: global clause positions (the
    document of ``left`` first in corpus order) and the unit's length in clauses."""
    import numpy as np

    pos, length, key = index.matched_units(max_documents=max_documents)
    doc = index.documents_of(pos)
    order = np.lexsort((pos, doc, key))
    pos, length, key, doc = pos[order], length[order], key[order], doc[order]
    # a unit repeated many times inside one document (a form's field, a refrain) would make
    # every pair of its occurrences a candidate: keep its first few per document
    if len(pos):
        new_run = np.ones(len(pos), dtype=bool)
        new_run[1:] = (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(pos)), 0))
        keep = np.arange(len(pos)) - run_start < MAX_REPEATS_PER_DOCUMENT
        pos, length, key, doc = pos[keep], length[keep], key[keep], doc[keep]
    left, right = pairs_in_groups(key)  # stable sort of sorted keys: positions in these arrays
    other = doc[left] != doc[right]
    left, right = left[other], right[other]
    swap = doc[left] > doc[right]
    a, b = np.where(swap, pos[right], pos[left]), np.where(swap, pos[left], pos[right])
    return a, b, length[left]


def passage_runs(index: "PassageIndex", left: "np.ndarray", right: "np.ndarray", length: "np.ndarray", *, max_gap: int) -> list[tuple[int, int, int, int, int]]:
    """Chain matched units (global clause positions ``left`` and ``right`` in two documents,
    the document of ``left`` first, ``length`` clauses each) into runs: ``(first clause of A,
    last clause of A, first clause of B, last clause of B, clauses matched)`` per run."""
    import numpy as np

    if len(left) == 0:
        return []
    units = index.units_
    # one value per pair of occurrences: int32 where it fits (documents, clauses within one)
    da = units.doc[left]
    db = units.doc[right]
    pa = (left - units.first[da]).astype(np.int32)
    diag = (right - units.first[db]).astype(np.int32)
    diag -= pa
    n = length.astype(np.int32)
    del left, right, length
    # one match per position along a diagonal: the longest unit starting there
    order = np.lexsort((-n, pa, diag, db, da))
    da, db, pa, diag, n = da[order], db[order], pa[order], diag[order], n[order]
    first = np.ones(len(da), dtype=bool)
    first[1:] = (da[1:] != da[:-1]) | (db[1:] != db[:-1]) | (diag[1:] != diag[:-1]) | (pa[1:] != pa[:-1])
    da, db, pa, diag, n = da[first], db[first], pa[first], diag[first], n[first]
    end = pa + n - 1
    line = np.ones(len(da), dtype=bool)  # first match of each (pair of documents, diagonal)
    line[1:] = (da[1:] != da[:-1]) | (db[1:] != db[:-1]) | (diag[1:] != diag[:-1])
    line_id = np.cumsum(line) - 1
    big = np.int64(int(end.max()) + max_gap + 3)
    reach = np.maximum.accumulate(end + line_id * big) - line_id * big  # furthest end so far on the line
    before = np.concatenate(([-big], reach[:-1]))
    new = line | (pa > before + 1 + max_gap)
    run_id = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    lasts = np.concatenate((starts[1:] - 1, [len(da) - 1]))
    # clauses matched: each match adds what it covers beyond what the run already covered
    covered = np.where(new, n, np.maximum(0, end - np.maximum(pa - 1, before)))
    matched = np.bincount(run_id, weights=covered).astype(np.int64)
    r_da, r_db = da[starts], db[starts]
    r_a0, r_a1 = pa[starts], reach[lasts]
    r_b0, r_b1 = r_a0 + diag[starts], r_a1 + diag[starts]
    # join runs of the same pair that follow each other in both documents (a clause inserted
    # or dropped on one side shifts the diagonal)
    order = np.lexsort((r_a0, r_db, r_da))
    merged: list[list[int]] = []
    for i in order.tolist():
        cur = merged[-1] if merged else None
        a0, a1, b0, b1 = int(r_a0[i]), int(r_a1[i]), int(r_b0[i]), int(r_b1[i])
        if (
            cur is not None
            and cur[0] == r_da[i]
            and cur[1] == r_db[i]
            and 0 <= a0 - cur[3] <= 1 + max_gap
            and 0 <= b0 - cur[5] <= 1 + max_gap
        ):
            cur[3] = max(cur[3], a1)
            cur[5] = max(cur[5], b1)
            cur[6] += int(matched[i])
            continue
        if cur is not None and cur[0] == r_da[i] and cur[1] == r_db[i] and cur[2] <= a0 and a1 <= cur[3] and cur[4] <= b0 and b1 <= cur[5]:
            continue  # contained in the current run (a repeated clause)
        merged.append([int(r_da[i]), int(r_db[i]), a0, a1, b0, b1, int(matched[i])])
    first_unit = units.first
    return [
        (int(first_unit[m[0]] + m[2]), int(first_unit[m[0]] + m[3]), int(first_unit[m[1]] + m[4]), int(first_unit[m[1]] + m[5]), m[6])
        for m in merged
    ]


def shared_passages_table(
    index: "PassageIndex",
    *,
    min_chars: int = SHARED_MIN_CHARS,
    min_similarity: float = SHARED_MIN_SIMILARITY,
    max_documents: int = SHARED_MAX_DOCUMENTS,
    max_gap: int = SHARED_MAX_GAP,
) -> "pd.DataFrame":
    """Passages two documents of a fitted index share exactly or nearly, one row per passage
    and pair of documents (see :func:`shared_passages`)."""
    from ..tables import typed_frame

    index.check_fitted()
    units = index.units_
    g = index.unit_group_
    gdocs = index.group_docs_
    common = 0
    for lo in range(0, len(g), 1 << 22):  # a block of clauses at a time
        part = g[lo : lo + (1 << 22)]
        common += int((gdocs[part[part >= 0]] > max_documents).sum())
    if common:
        logger.info("shared passages: %d clause occurrences in more than %d documents matched only in runs of clauses", common, max_documents)
    runs = passage_runs(index, *_occurrence_pairs(index, max_documents), max_gap=max_gap)
    docs = index.documents_
    rows: dict[str, list[Any]] = {c: [] for c in PASSAGE_COLUMNS}
    for a0, a1, b0, b1, n_units in runs:
        da_i = int(units.doc[a0])
        db_i = int(units.doc[b0])
        text_a, text_b = docs[da_i].text, docs[db_i].text
        sa, ea = trim_span(text_a, int(units.start[a0]), int(units.end[a1]))
        sb, eb = trim_span(text_b, int(units.start[b0]), int(units.end[b1]))
        if min(ea - sa, eb - sb) < min_chars:
            continue
        pa, pb = text_a[sa:ea], text_b[sb:eb]
        sim = passage_similarity(pa, pb)
        if sim < min_similarity:
            continue
        groups = g[a0 : a1 + 1]
        shared_by = int(gdocs[groups[groups >= 0]].max()) if (groups >= 0).any() else 0
        sa, ea, pa = caller_span(docs[da_i], sa, ea, pa)
        sb, eb, pb = caller_span(docs[db_i], sb, eb, pb)
        for col, value in zip(PASSAGE_COLUMNS, (docs[da_i].doc_id, sa, ea, pa, docs[db_i].doc_id, sb, eb, pb, round(sim, 4), n_units, shared_by)):
            rows[col].append(value)
    return typed_frame(rows, PASSAGE_DTYPES)


@measure()
def shared_passages(
    comparison: "Comparison",
    *,
    min_chars: int = SHARED_MIN_CHARS,
    min_similarity: float = SHARED_MIN_SIMILARITY,
    max_documents: int = SHARED_MAX_DOCUMENTS,
    max_gap: int = SHARED_MAX_GAP,
) -> "pd.DataFrame":
    """Sentences or runs of clauses that two documents share exactly or nearly.

    One row per passage and pair of documents: ``doc_a``, ``start_a``, ``end_a``,
    ``text_a``, ``doc_b``, ``start_b``, ``end_b``, ``text_b`` (``doc.text[start:end] ==
    text`` on both sides), ``similarity`` (1.0 when identical up to numbers, masks and
    punctuation), ``clauses`` (clauses matched) and ``shared_by`` (documents in the corpus
    using its most widely shared clause).  Edits, masked numbers and changed place names
    are tolerated.  Clauses used by more than ``max_documents`` documents are left to
    :meth:`boilerplate` on their own, but a sentence copied whole is found even when each of
    its clauses is that common: runs of consecutive clauses are matched too (``shared_by``
    then exceeds ``max_documents``).  See :mod:`summarytext.compare.passages`.
    """
    return shared_passages_table(
        comparison.passage_index_, min_chars=min_chars, min_similarity=min_similarity, max_documents=max_documents, max_gap=max_gap
    )
