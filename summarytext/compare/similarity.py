"""Similarity of documents: cosine of TF-IDF vectors, and each document's nearest ones.

Measures of a :class:`~summarytext.compare.Comparison`: :attr:`similarity` (the full
documents x documents matrix, for a few thousand documents), :meth:`top_k` (every
document's k nearest, exact or approximate, see :mod:`summarytext.compare.neighbours`),
:meth:`most_similar` (one document's, exact) and :meth:`similar_pairs`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..tables import with_string_columns
from .neighbours import exact_neighbours, similarity_blocks
from .registry import measure

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix

    from . import Comparison

logger = logging.getLogger("summarytext")

__all__ = ["TOP_K_COLUMNS", "SIMILAR_COLUMNS", "PAIR_COLUMNS", "FULL_MATRIX_WARN", "top_k_similar", "similarity_blocks"]

#: columns of :meth:`Comparison.top_k`
TOP_K_COLUMNS = ["doc_id", "rank", "other", "similarity"]
#: columns of :meth:`Comparison.most_similar`
SIMILAR_COLUMNS = ["doc_id", "similarity", "rank"]
#: columns of :meth:`Comparison.similar_pairs`
PAIR_COLUMNS = ["doc_a", "doc_b", "similarity"]
#: above this many documents :attr:`Comparison.similarity` warns (use top_k / most_similar)
FULL_MATRIX_WARN = 5000


def top_k_similar(
    X: "csr_matrix",
    k: int,
    *,
    chunk_size: int = 1024,
    dense_bytes: int = 64 * 2**20,
) -> tuple["np.ndarray", "np.ndarray"]:
    """For each row of an L2-normalised matrix, the ``k`` other rows of highest cosine
    similarity, exactly (see :func:`~summarytext.compare.neighbours.exact_neighbours`).

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]]))
    >>> top_k_similar(X, 1)[0].ravel().tolist()
    [1, 0, 1]
    """
    return exact_neighbours(X, k, chunk_size=chunk_size, dense_bytes=dense_bytes)


@measure(is_property=True)
def similarity(comparison: "Comparison") -> "pd.DataFrame":
    """Documents x documents cosine similarity of TF-IDF vectors (1.0 on the diagonal).

    Rows and columns are doc_ids in corpus order.  The full matrix has ``n * n`` cells:
    fine for a few thousand documents; for more use :meth:`top_k` or
    :meth:`most_similar`, which work in chunks.
    """
    import numpy as np
    import pandas as pd

    n = len(comparison.ids)
    if n > FULL_MATRIX_WARN:
        logger.warning("similarity: a full %d x %d matrix (%.0f MB); top_k() works in chunks", n, n, n * n * 4 / 2**20)
    S = np.empty((n, n), dtype=np.float64)
    for lo, hi, block in similarity_blocks(comparison.tfidf_):
        S[lo:hi] = block
    S = np.clip((S + S.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(S, 1.0)
    index = pd.Index(comparison.ids, name="doc_id", dtype=object)
    return pd.DataFrame(S, index=index, columns=pd.Index(comparison.ids, name="other", dtype=object))


@measure()
def top_k(comparison: "Comparison", k: int = 5, *, method: str | None = None, chunk_size: int = 1024) -> "pd.DataFrame":
    """The ``k`` most similar other documents of every document (any corpus size).

    Columns :data:`TOP_K_COLUMNS`: ``doc_id``, ``rank`` (1 = most similar), ``other``,
    ``similarity``; ``k`` rows per document, in corpus order.  ``method``: ``"exact"``
    (chunks of the documents x documents product), ``"approximate"`` (near-linear: SVD, an
    HNSW graph and exact ranking of the candidates; see
    :mod:`summarytext.compare.neighbours`) or ``"auto"`` (exact up to
    :data:`~summarytext.compare.neighbours.EXACT_UP_TO` documents); default: the
    comparison's ``neighbours`` option.
    """
    import numpy as np
    import pandas as pd

    from .neighbours import nearest_neighbours

    idx, sim = nearest_neighbours(
        comparison.tfidf_, k, method=method or comparison.neighbours, n_jobs=comparison.n_jobs, chunk_size=chunk_size
    )
    ids = np.asarray(comparison.ids, dtype=object)
    kk = idx.shape[1]
    frame = pd.DataFrame(
        {
            "doc_id": np.repeat(ids, kk),
            "rank": np.tile(np.arange(1, kk + 1, dtype=np.int64), len(ids)),
            "other": ids[idx.ravel()] if kk else np.array([], dtype=object),
            "similarity": sim.ravel().astype(np.float64),
        },
        columns=TOP_K_COLUMNS,
    )
    return with_string_columns(frame)


@measure(cache=False)
def most_similar(comparison: "Comparison", doc_id: str, k: int = 5) -> "pd.DataFrame":
    """The ``k`` documents most similar to ``doc_id``, most similar first.

    Columns :data:`SIMILAR_COLUMNS` (``doc_id`` of the other document, ``similarity``,
    ``rank``); ties are broken by corpus order.  Works on any corpus size (one row of
    the similarity matrix, exact).
    """
    import numpy as np
    import pandas as pd

    i = comparison.index_of(doc_id)
    X = comparison.tfidf_
    row = np.asarray((X[i] @ X.T).toarray()).ravel().astype(np.float64)
    row[i] = -np.inf
    n_other = len(row) - 1
    k = max(0, min(k, n_other))
    order = np.lexsort((np.arange(len(row)), -row))[:k]
    ids = np.asarray(comparison.ids, dtype=object)
    return with_string_columns(pd.DataFrame(
        {"doc_id": ids[order], "similarity": np.clip(row[order], 0.0, 1.0), "rank": np.arange(1, k + 1, dtype=np.int64)},
        columns=SIMILAR_COLUMNS,
    ))


@measure()
def similar_pairs(comparison: "Comparison", n: int = 10, *, k: int = 3) -> "pd.DataFrame":
    """The ``n`` most similar pairs of documents (from each document's ``k`` nearest).

    Columns :data:`PAIR_COLUMNS`: ``doc_a``, ``doc_b`` (in corpus order), ``similarity``.
    """
    import pandas as pd

    top = comparison.top_k(k)
    pos = comparison.positions
    seen: dict[tuple[str, str], float] = {}
    for a, b, s in zip(top["doc_id"], top["other"], top["similarity"]):
        pair = (a, b) if pos[a] < pos[b] else (b, a)
        seen[pair] = max(seen.get(pair, 0.0), float(s))
    rows = sorted(seen.items(), key=lambda item: (-item[1], pos[item[0][0]], pos[item[0][1]]))[:n]
    return with_string_columns(pd.DataFrame([(a, b, s) for (a, b), s in rows], columns=PAIR_COLUMNS))
