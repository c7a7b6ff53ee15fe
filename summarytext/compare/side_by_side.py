"""Side-by-side tables of the compared documents: their metrics summary and their themes.

One row per document, indexed by ``doc_id`` in corpus order, so that the two line up with
each other and with the similarity tables (``pd.concat([...], axis=1)``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .registry import measure

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from . import Comparison

__all__ = ["META_COLUMNS", "metrics_table", "themes_table"]

#: metadata columns that :meth:`Comparison.metrics_table` puts first
META_COLUMNS = ["title", "year", "level", "place", "chars"]


@measure()
def metrics_table(comparison: "Comparison", *, how: str = "max", n_jobs: int | None = None) -> "pd.DataFrame":
    """The metrics summary of every document, with its metadata: one row per document.

    Index ``doc_id`` (corpus order); columns ``title``, ``year``, ``level``, ``place``,
    ``chars``, then those of :func:`~summarytext.metrics_summary` (``metrics``,
    ``masked``, the counts per measure, the rates).  Documents without metrics have 0
    metrics and NaN measures.  Ready to plot: ``table.plot.barh(y="proposals_registered")``.
    """
    from ..metrics import extract_metrics, metrics_summary

    corpus = comparison.corpus
    metrics = extract_metrics(corpus, n_jobs=comparison.n_jobs if n_jobs is None else n_jobs)
    summary = metrics_summary(metrics, how=how, doc_ids=corpus.ids).set_index("doc_id")
    meta = corpus.to_frame().set_index("doc_id")[META_COLUMNS]
    table = meta.join(summary, how="left")
    table.index.name = "doc_id"
    return table


@measure()
def themes_table(comparison: "Comparison", *, normalize: str = "per_1000_chars") -> "pd.DataFrame":
    """The theme matrix of the documents: index ``doc_id`` (corpus order), one column per theme.

    ``normalize`` as in :func:`~summarytext.theme_matrix` (``"count"``,
    ``"per_1000_chars"``, ``"presence"``, ``"paragraphs"``).  Same index as
    :meth:`metrics_table`, so ``pd.concat([c.metrics_table(), c.themes_table()], axis=1)``
    lines them up; for a heat map ``c.themes_table().style.background_gradient()``.
    """
    from ..themes import theme_matrix

    matrix = theme_matrix(comparison.corpus, normalize=normalize)
    matrix = matrix.reindex(comparison.ids, fill_value=0)
    matrix.index.name = "doc_id"
    return matrix
