"""Distinctive terms: what sets a document, or a group of documents, apart from the rest.

Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008;
see :mod:`summarytext.logodds`) over the comparison's term counts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..tables import with_string_columns
from .registry import measure
from .terms import can_be_distinctive

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..document import Document
    from . import Comparison

__all__ = ["Z_SIGNIFICANT", "distinctive_terms", "labels_of"]

#: below this z a term is not distinctive at the 5% level (two-sided)
Z_SIGNIFICANT = 1.96


@measure(cache=False)
def distinctive_terms(
    comparison: "Comparison",
    n: int | None = 20,
    *,
    by: "str | Mapping[str, Any] | Callable[[Document], Any] | None" = None,
    groups: Sequence[Any] | None = None,
    alpha0: float | None = None,
    min_count: int = 1,
) -> "pd.DataFrame":
    """The terms that set each document (or group of documents) apart from the rest.

    Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
    2008; see :mod:`summarytext.logodds`): the prior is the corpus's term shares scaled
    to ``alpha0`` pseudo-tokens (default :data:`~summarytext.logodds.DEFAULT_ALPHA0`),
    and terms are ranked by ``z``.

    * ``by=None``: each document against all the others; first column ``doc_id``.
    * ``by="year"`` (any column of ``corpus.to_frame()`` or key of ``doc.meta``), a
      mapping doc_id -> label, or a function of the document: each group against the
      other groups; first column ``group``.  Documents without a label are left out;
      ``groups`` keeps only the listed labels (e.g. ``groups=[2023, 2024]`` compares 2023
      with 2024 only).

    Other columns: ``term``, ``rank``, ``z``, ``delta``, ``count``, ``count_rest``,
    ``rate`` and ``rate_rest`` (per 1,000 terms).  Only terms used at least
    ``min_count`` times by the document or group are candidates; ``n=None`` lists them all.
    Rare words (a place named once) need more evidence than frequent ones: a term used
    once ranks below the terms the document uses several times and the others do not.
    Units and counting words (场次) and fragments of function words (地说) are never
    candidates (see :func:`~summarytext.compare.terms.can_be_distinctive`).  When no term of a document (or group)
    reaches z = 1.96 (the 5% level), a warning says that the corpus is too small for the
    test to tell them apart.
    """
    import numpy as np
    from scipy import sparse

    from ..logodds import DEFAULT_ALPHA0, distinctive

    a0 = DEFAULT_ALPHA0 if alpha0 is None else float(alpha0)
    keep = can_be_distinctive(comparison.terms_, comparison.term_config)
    counts = comparison.counts_[:, keep]
    terms = comparison.terms_[keep]
    if by is None:
        if groups is not None:
            raise ValueError("groups needs by= (what the groups are)")
        table = distinctive(counts, terms, comparison.ids, n=n, alpha0=a0, min_count=min_count, label="doc_id")
        _warn_if_too_small(table, "doc_id", comparison.ids, "document")
        return with_string_columns(table)
    labels = labels_of(comparison, by)
    if groups is not None:
        wanted = list(groups)
        labels = [lab if lab in wanted else None for lab in labels]
        order = [g for g in wanted if g in set(x for x in labels if x is not None)]
    else:
        present = [lab for lab in labels if lab is not None]
        try:
            order = sorted(set(present))
        except TypeError:
            order = list(dict.fromkeys(present))
    if len(order) < 2:
        raise ValueError(f"need at least two groups to compare, found {order!r}")
    pos = {g: i for i, g in enumerate(order)}
    rows = [i for i, lab in enumerate(labels) if lab is not None]
    member = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), ([pos[labels[i]] for i in rows], rows)), shape=(len(order), len(labels))
    )
    grouped = member @ counts.astype(np.float64)
    table = distinctive(grouped, terms, order, n=n, alpha0=a0, min_count=min_count, label="group")
    _warn_if_too_small(table, "group", order, "group")
    return with_string_columns(table)


def labels_of(comparison: "Comparison", by: Any) -> list[Any]:
    """The label of each document (corpus order) under ``by`` (see :func:`distinctive_terms`);
    None where a document has none."""
    import math

    docs = comparison.corpus.documents
    if callable(by) and not isinstance(by, str):
        values = [by(d) for d in docs]
    elif isinstance(by, Mapping):
        values = [by.get(d.doc_id) for d in docs]
    elif hasattr(by, "to_dict") and not isinstance(by, str):  # a pandas Series indexed by doc_id
        mapping = by.to_dict()
        values = [mapping.get(d.doc_id) for d in docs]
    elif isinstance(by, str):
        # metadata first (year, level, place …), then the other columns of corpus.to_frame()
        if by in ("doc_id", "title", "source"):
            values = [getattr(d, by) for d in docs]
        elif any(by in d.meta for d in docs) or by not in (docs[0].to_dict() if docs else {}):
            values = [d.meta.get(by) for d in docs]
        else:
            values = [d.to_dict().get(by) for d in docs]
    else:
        raise TypeError("by must be a column name, a mapping doc_id -> label or a function of the document")
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        else:
            out.append(v)
    return out


def _warn_if_too_small(table: "pd.DataFrame", label: str, units: Sequence[Any], kind: str) -> None:
    """Warn when documents (or groups) have no term at the 5% level: too little text to compare."""
    import warnings

    best = table.groupby(label, sort=False)["z"].max() if len(table) else None
    weak = [u for u in units if best is None or u not in best.index or not best[u] >= Z_SIGNIFICANT]
    if not weak:
        return
    many = len(units)
    if len(weak) == many:
        message = (f"distinctive terms: no term of any of the {many} {kind}s reaches z = {Z_SIGNIFICANT} (the 5% level): "
                   f"{many} {kind}s are too little text for the test to tell them apart; compare more or longer "
                   "documents, or groups of documents (by=...)")
    else:
        names = ", ".join(map(str, weak[:3])) + (" …" if len(weak) > 3 else "")
        message = (f"distinctive terms: no term of {len(weak)} of the {many} {kind}s ({names}) reaches z = {Z_SIGNIFICANT} "
                   "(the 5% level): too little text, or too like the rest, for the test to set anything apart")
    warnings.warn(message, stacklevel=5)  # the caller of the Comparison method
