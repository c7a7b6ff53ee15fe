"""What a comparison reads from each document, gathered in one streaming pass.

Each document is read once, in worker processes (``n_jobs``): its simplified view is built
there, then its term counts (:mod:`summarytext.compare.terms`) and its clauses
(:func:`summarytext.passages.clause_features`).  The main process appends them to compact
arrays as they arrive (:class:`~summarytext.compare.terms.TermMatrixBuilder`,
:class:`~summarytext.passages.ClauseStoreBuilder`): nothing is kept per document but a row of
the count matrix and its clauses' ids and spans.

>>> from summarytext import Document
>>> from summarytext.compare.terms import TermConfig
>>> f = fit_features([Document.from_text("委员提案，提案办复率。")], terms=TermConfig(), clauses=True)
>>> f.terms, f.counts.toarray().tolist(), list(f.store)
(['办复率', '委员提案', '提案'], [[1.0, 1.0, 1.0]], ['委员提案', '提案办复率'])
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Sequence

from .terms import TermConfig, TermCounts, TermMatrixBuilder, term_counts

if TYPE_CHECKING:  # pragma: no cover
    from scipy.sparse import csr_matrix

    from ..document import Document
    from ..passages import ClauseFeatures, ClauseStore, ClauseUnits

__all__ = ["Features", "document_features", "fit_features"]


@dataclass
class Features:
    """The fitted features of a corpus: the sorted vocabulary ``terms`` and the documents x
    terms ``counts`` (None when terms were not asked for), the distinct clause texts
    ``store`` and the clause arrays ``units`` (None when clauses were not asked for), and,
    when they were computed elsewhere (on a cluster), the MinHash ``signatures`` of the
    matchable texts and the LSH ``candidates`` among them (see
    :meth:`~summarytext.passages.PassageIndex.fit_clauses`)."""

    terms: list[str] | None
    counts: "csr_matrix | None"
    store: "ClauseStore | None"
    units: "ClauseUnits | None"
    signatures: Any = None
    candidates: Any = None


def document_features(text: str, *, terms: TermConfig | None, clauses: bool, fold_script: bool = True) -> tuple[TermCounts | None, "ClauseFeatures | None"]:
    """The term counts and the clauses of one text (either may be left out); the simplified
    view is built once for both.

    >>> counts, clauses = document_features("政協委員提案。", terms=TermConfig(), clauses=True)
    >>> counts.terms, clauses.texts
    (['政协', '委员提案'], ['政协委员提案'])
    """
    from ..normalize import simplified_view
    from ..passages import clause_features

    view = simplified_view(text) if fold_script or (terms is not None and terms.fold_script) else text
    counts = term_counts(text, terms, view=view if terms is not None and terms.fold_script else None) if terms is not None else None
    found = clause_features(view if fold_script else text, fold_script=False) if clauses else None
    return counts, found


def fit_features(
    documents: Sequence["Document"],
    *,
    terms: TermConfig | None,
    clauses: bool,
    fold_script: bool = True,
    n_jobs: int | None = 1,
    chunk_size: int = 64,
) -> Features:
    """Term counts and clauses of every document, in one pass (worker processes with
    ``n_jobs``; the same result whatever ``n_jobs``)."""
    from ..parallel import map_documents
    from ..passages import ClauseStoreBuilder

    matrix = TermMatrixBuilder() if terms is not None else None
    store = ClauseStoreBuilder() if clauses else None
    work = partial(document_features, terms=terms, clauses=clauses, fold_script=fold_script)
    texts = (d.text for d in documents)
    for counts, found in map_documents(work, texts, n_jobs=n_jobs, chunk_size=chunk_size):  # type: ignore[arg-type]
        if matrix is not None:
            matrix.add(counts)
        if store is not None:
            store.add(found)
    vocabulary, count_matrix = matrix.finish() if matrix is not None else (None, None)
    clause_store, units = store.finish() if store is not None else (None, None)
    return Features(vocabulary, count_matrix, clause_store, units)


def tfidf_of(counts: "csr_matrix", idf: Any, *, sublinear_tf: bool) -> "csr_matrix":
    """TF-IDF rows, L2-normalised, float32, sharing the count matrix's index arrays (as
    scikit-learn's ``TfidfTransformer`` computes them, without copying the structure).

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = tfidf_of(csr_matrix(np.array([[1.0, 3.0], [0.0, 2.0]], dtype=np.float32)), np.array([2.0, 1.0]), sublinear_tf=False)
    >>> X.toarray().astype(float).round(3).tolist()
    [[0.555, 0.832], [0.0, 1.0]]
    """
    import numpy as np
    from scipy import sparse

    data = counts.data.astype(np.float32)
    if sublinear_tf:
        np.log(data, out=data)
        data += np.float32(1.0)
    data *= np.asarray(idf, dtype=np.float32)[counts.indices]
    lengths = np.diff(counts.indptr)
    norms = np.zeros(counts.shape[0], dtype=np.float64)
    if len(data) and len(lengths):
        # a last, empty row may start at the end: reduce over one trailing zero
        squares = np.add.reduceat(np.append(data.astype(np.float64) ** 2, 0.0), counts.indptr[:-1])
        norms[lengths > 0] = np.sqrt(squares[lengths > 0])
    data /= np.repeat(np.where(norms > 0, norms, 1.0), lengths).astype(np.float32)
    return sparse.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape, copy=False)
