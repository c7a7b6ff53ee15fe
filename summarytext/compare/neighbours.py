"""The k nearest documents of every document: exact in chunks, or approximate in near-linear time.

Both take the rows of an L2-normalised sparse matrix (TF-IDF) and return, for each row, the
``k`` other rows of highest cosine similarity, best first, ties broken by row order, with
their exact cosine similarities.

* :func:`exact_neighbours` multiplies the rows in chunks (:func:`similarity_blocks`): the
  cost grows with the square of the documents, which is the fastest way up to some ten
  thousand documents and far too slow beyond.
* :func:`approximate_neighbours` projects the rows on their leading singular vectors
  (scikit-learn's randomized ``TruncatedSVD``, fitted on a sample of rows), finds candidate
  neighbours in that space with an HNSW graph (``hnswlib``, built by one thread, so that the
  same corpus always gives the same graph), and ranks the candidates by their exact cosine
  similarity in the original space.  Its cost grows as n log n.  Recall of the exact top
  10 is measured by ``benchmarks/bench_compare.py`` (see ``docs/benchmarks.md``);
  ``benchmarks/bench_neighbours.py`` sets it against other approximate methods.

:func:`nearest_neighbours` chooses: exact up to :data:`EXACT_UP_TO` documents, approximate
above (or as asked).

>>> import numpy as np
>>> from scipy.sparse import csr_matrix
>>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]]))
>>> idx, sim = nearest_neighbours(X, 1)
>>> idx.ravel().tolist(), [round(float(s), 2) for s in sim.ravel()]
([1, 0, 1], [0.8, 0.8, 0.36])
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy.sparse import csr_matrix

logger = logging.getLogger("summarytext")

__all__ = [
    "EXACT_UP_TO", "METHODS", "ApproximateOptions", "nearest_neighbours", "exact_neighbours", "approximate_neighbours",
    "similarity_blocks", "pair_similarities", "svd_projection",
]

#: up to this many documents :func:`nearest_neighbours` is exact (``method="auto"``)
EXACT_UP_TO = 20_000
#: the methods :func:`nearest_neighbours` knows
METHODS = ("auto", "exact", "approximate")


@dataclass(frozen=True)
class ApproximateOptions:
    """Settings of the approximate search: ``dims`` singular vectors, fitted on at most
    ``svd_sample`` rows with ``svd_iterations`` power iterations; the HNSW graph's ``links``
    per node (``M``), ``build_search`` and ``query_search`` (``ef`` when building and when
    querying); ``candidates`` per row ranked exactly (at least ``3 * k``); ``seed``.

    The defaults are measured in ``benchmarks/bench_compare.py``: recall of the exact top 10
    depends most on the graph (32 links, ``ef`` 200 when building); a wider search or more
    candidates cost time for a recall that no longer grows."""

    dims: int = 384
    svd_sample: int = 10_000
    svd_iterations: int = 3
    links: int = 32
    build_search: int = 200
    query_search: int = 100
    candidates: int = 40
    seed: int = 0


def similarity_blocks(
    X: "csr_matrix",
    *,
    chunk_size: int = 1024,
    dense_bytes: int = 64 * 2**20,
) -> Iterator[tuple[int, int, "np.ndarray"]]:
    """Cosine similarities of the rows of an L2-normalised matrix, ``chunk_size`` rows at a time.

    Yields ``(lo, hi, S)`` with ``S`` the (hi - lo) x rows block (float32).  Terms used by
    many documents (the head of the vocabulary, as many as fit in ``dense_bytes``) are
    multiplied as dense float32 blocks (BLAS), the others as sparse matrices; terms of a
    single document are skipped, except on the diagonal, which is exact.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]]))
    >>> [(lo, hi, [[round(float(x), 2) for x in row] for row in S]) for lo, hi, S in similarity_blocks(X, chunk_size=2)][1]
    (2, 3, [[0.0, 0.36, 1.0]])
    """
    import numpy as np
    from scipy import sparse

    X = sparse.csr_matrix(X, dtype=np.float32)
    n, v = X.shape
    df = np.bincount(X.indices, minlength=v)
    useful = np.flatnonzero(df >= 2)
    useful = useful[np.argsort(-df[useful], kind="stable")]
    n_head = int(min(len(useful), dense_bytes // max(4 * n, 1)))
    head, tail = np.sort(useful[:n_head]), np.sort(useful[n_head:])
    Xh = X[:, head].toarray() if n_head else None
    Xt = X[:, tail].tocsr() if len(tail) else None
    XtT = Xt.T.tocsr() if Xt is not None else None
    diag = np.asarray(X.multiply(X).sum(axis=1)).ravel().astype(np.float32)
    logger.debug("similarity: %d documents, %d dense terms, %d sparse terms", n, n_head, len(tail))
    for lo in range(0, n, chunk_size):
        hi = min(n, lo + chunk_size)
        S = Xh[lo:hi] @ Xh.T if Xh is not None else np.zeros((hi - lo, n), dtype=np.float32)
        if Xt is not None:
            S += (Xt[lo:hi] @ XtT).toarray()
        rows = np.arange(hi - lo)
        S[rows, lo + rows] = diag[lo:hi]
        yield lo, hi, S


def _best_k(S: "np.ndarray", columns: "np.ndarray", k: int) -> tuple["np.ndarray", "np.ndarray"]:
    """The ``k`` best columns of each row of scores ``S`` (column ids ``columns``, one row of
    ids per row or shared), best first, ties by lower id."""
    import numpy as np

    m, c = S.shape
    ids = np.broadcast_to(columns, S.shape) if columns.ndim == 1 else columns
    if k >= c:
        order = np.lexsort((ids, -S), axis=1)[:, :k]
        return np.take_along_axis(ids, order, axis=1), np.take_along_axis(S, order, axis=1)
    part = np.argpartition(-S, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(S, part, axis=1)
    # argpartition picks any member of a tie at the k-th value: where more values tie than
    # fit, choose among all of them by id (the documented order)
    kth = vals.min(axis=1)
    tied = np.nonzero((S >= kth[:, None]).sum(axis=1) > k)[0]
    for r in tied.tolist():
        candidates = np.nonzero(S[r] >= kth[r])[0]
        best = candidates[np.lexsort((ids[r, candidates], -S[r, candidates]))][:k]
        part[r] = best
        vals[r] = S[r, best]
    picked = np.take_along_axis(ids, part, axis=1)
    order = np.lexsort((picked, -vals), axis=1)
    return np.take_along_axis(picked, order, axis=1), np.take_along_axis(vals, order, axis=1)


def exact_neighbours(
    X: "csr_matrix",
    k: int,
    *,
    chunk_size: int = 1024,
    dense_bytes: int = 64 * 2**20,
) -> tuple["np.ndarray", "np.ndarray"]:
    """For each row of an L2-normalised matrix, the ``k`` other rows of highest cosine similarity.

    Returns ``(indices, similarities)``, both rows x k, best first (ties: lower index first).
    Rows are processed ``chunk_size`` at a time (see :func:`similarity_blocks`), so memory
    stays at ``chunk_size`` x rows floats instead of rows x rows.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]]))
    >>> idx, sim = exact_neighbours(X, 1)
    >>> idx.ravel().tolist(), [round(float(s), 2) for s in sim.ravel()]
    ([1, 0, 1], [0.8, 0.8, 0.36])
    """
    import numpy as np

    n = X.shape[0]
    k = max(0, min(k, n - 1))
    idx_out = np.zeros((n, k), dtype=np.int64)
    sim_out = np.zeros((n, k), dtype=np.float32)
    if k == 0:
        return idx_out, sim_out
    columns = np.arange(n, dtype=np.int64)
    for lo, hi, S in similarity_blocks(X, chunk_size=chunk_size, dense_bytes=dense_bytes):
        rows = np.arange(hi - lo)
        S[rows, lo + rows] = -np.inf
        idx_out[lo:hi], sim_out[lo:hi] = _best_k(S, columns, k)
    return idx_out, np.clip(sim_out, 0.0, 1.0)


def pair_similarities(X: "csr_matrix", rows: "np.ndarray", *, block_bytes: int = 32 * 2**20, block_values: int = 1 << 22) -> "np.ndarray":
    """Exact dot products of each row ``i`` of ``X`` with the rows ``rows[i]`` (an n x c array
    of row ids): an n x c float32 array.  A block of rows is made dense at a time and the
    candidates' stored values are gathered against it, so the cost is that of the candidates'
    nonzeros, never of a rows x rows product.  A block holds at most ``block_bytes`` of dense
    rows and gathers about ``block_values`` stored values at a time.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]], dtype=np.float32))
    >>> pair_similarities(X, np.array([[1, 2], [0, 2], [0, 1]])).astype(float).round(2).tolist()
    [[0.8, 0.0], [0.8, 0.36], [0.0, 0.36]]
    """
    import numpy as np

    n, c = rows.shape
    out = np.zeros((n, c), dtype=np.float32)
    if n == 0 or c == 0:
        return out
    v = max(X.shape[1], 1)
    per_row = max(1.0, c * X.nnz / max(X.shape[0], 1))
    step = max(1, min(block_bytes // (4 * v), int(block_values / per_row)))
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        dense = X[lo:hi].toarray().ravel()
        candidates = X[rows[lo:hi].ravel()]  # the candidates' rows, one per pair
        lengths = np.diff(candidates.indptr)
        # each stored value of a candidate, read against the dense row it is paired with
        at = np.repeat((np.arange((hi - lo) * c, dtype=np.int64) // c) * v, lengths)
        at += candidates.indices
        values = dense[at]
        values *= candidates.data
        sums = np.add.reduceat(np.append(values, np.float32(0.0)), candidates.indptr[:-1])  # a last, empty pair may start at the end
        sums[lengths == 0] = 0.0
        out[lo:hi] = sums.reshape(hi - lo, c)
    return out


def svd_projection(X: "csr_matrix", *, dims: int, sample: int, seed: int, iterations: int) -> "np.ndarray":
    """The rows of ``X`` projected on their ``dims`` leading singular vectors (randomized
    TruncatedSVD with ``iterations`` power iterations, fitted on at most ``sample`` rows),
    L2-normalised, float32.

    >>> import numpy as np
    >>> from scipy.sparse import random as sparse_random
    >>> Z = svd_projection(sparse_random(50, 40, density=0.2, format="csr", random_state=1), dims=8, sample=30, seed=0, iterations=3)
    >>> Z.shape, bool(np.allclose(np.linalg.norm(Z, axis=1), 1.0, atol=1e-5))
    ((50, 8), True)
    """
    import numpy as np
    from sklearn.decomposition import TruncatedSVD

    n, v = X.shape
    dims = max(1, min(dims, v - 1, n - 1)) if min(n, v) > 1 else 1
    rng = np.random.default_rng(seed)
    fit_rows = np.sort(rng.choice(n, sample, replace=False)) if n > sample else np.arange(n)
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=iterations, random_state=seed).fit(X[fit_rows])
    Z = np.empty((n, dims), dtype=np.float32)
    step = 8192
    for lo in range(0, n, step):
        Z[lo : lo + step] = svd.transform(X[lo : lo + step])
    norms = np.linalg.norm(Z, axis=1)
    Z /= np.where(norms > 0, norms, 1.0)[:, None]
    return Z


def approximate_neighbours(
    X: "csr_matrix",
    k: int,
    *,
    options: ApproximateOptions = ApproximateOptions(),
    n_jobs: int | None = 1,
) -> tuple["np.ndarray", "np.ndarray"]:
    """Approximately the ``k`` nearest rows of every row (see the module docstring): the
    same shape and order as :func:`exact_neighbours`, with exact similarities of the
    neighbours found.  ``n_jobs`` threads answer the queries (the graph is built by one, so
    results do not depend on ``n_jobs``).

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]], dtype=np.float32))
    >>> approximate_neighbours(X, 1)[0].ravel().tolist()
    [1, 0, 1]
    """
    import numpy as np

    import hnswlib

    from ..parallel import effective_jobs

    n = X.shape[0]
    k = max(0, min(k, n - 1))
    if k == 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    Z = svd_projection(X, dims=options.dims, sample=options.svd_sample, seed=options.seed, iterations=options.svd_iterations)
    c = min(n - 1, max(options.candidates, 3 * k))
    index = hnswlib.Index(space="ip", dim=Z.shape[1])
    index.init_index(max_elements=n, ef_construction=max(options.build_search, c), M=options.links, random_seed=options.seed)
    index.add_items(Z, np.arange(n), num_threads=1)
    index.set_ef(max(options.query_search, c + 1))
    labels, _ = index.knn_query(Z, k=c + 1, num_threads=effective_jobs(n_jobs))
    del index, Z
    labels = labels.astype(np.int64)
    sims = pair_similarities(X, labels)
    sims[labels == np.arange(n)[:, None]] = -np.inf  # a document is not its own neighbour
    idx, sim = _best_k(sims, labels, k)
    return idx, np.clip(sim, 0.0, 1.0)


def nearest_neighbours(
    X: "csr_matrix",
    k: int,
    *,
    method: str = "auto",
    options: ApproximateOptions = ApproximateOptions(),
    n_jobs: int | None = 1,
    chunk_size: int = 1024,
) -> tuple["np.ndarray", "np.ndarray"]:
    """The ``k`` nearest rows of every row: exact up to :data:`EXACT_UP_TO` rows (or with
    ``method="exact"``), approximate above (or with ``method="approximate"``)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    n = X.shape[0]
    if method == "exact" or (method == "auto" and n <= EXACT_UP_TO):
        return exact_neighbours(X, k, chunk_size=chunk_size)
    logger.info("nearest neighbours of %d documents: approximate (SVD %d, HNSW)", n, options.dims)
    return approximate_neighbours(X, k, options=options, n_jobs=n_jobs)
