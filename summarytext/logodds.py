"""Distinctive terms: weighted log-odds ratios with an informative Dirichlet prior.

The method of Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection
and Evaluation for Identifying the Content of Political Conflict", *Political Analysis*
16(4): 372–403, doi:10.1093/pan/mpn018 — the standard in political text analysis for the
words that set one speaker, party or document apart from another.

For a term ``w`` counted ``y_i`` times in group *i* (``n_i`` tokens in all) and ``y_j`` times
in group *j* (``n_j`` tokens), with prior pseudo-counts ``a_w`` summing to ``a_0``::

    delta = log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    var  ~= 1 / (y_i + a_w) + 1 / (y_j + a_w)
    z     = delta / sqrt(var)

The *informative* prior takes the term's share of the whole corpus, scaled to ``a_0``:
``a_w = a_0 * y_w / n`` (``y_w`` the corpus count, ``n`` all tokens).  It shrinks the
log-odds of rare terms towards zero, so that a word used once does not top the list, and
``z`` weighs each difference by its evidence.  Positive ``z`` means over-represented in *i*.

>>> import numpy as np
>>> y_i, y_j = np.array([30.0, 5.0, 100.0]), np.array([4.0, 28.0, 110.0])
>>> delta, var, z = log_odds(y_i, y_j, dirichlet_prior(y_i + y_j, alpha0=100))
>>> [round(float(v), 2) for v in z]
[3.81, -3.22, -1.02]
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from scipy.sparse import spmatrix

__all__ = ["log_odds", "dirichlet_prior", "distinctive", "COLUMNS", "DEFAULT_ALPHA0"]

#: columns of :func:`distinctive` (the first is named after ``label``: doc_id or group)
COLUMNS = ["term", "rank", "z", "delta", "count", "count_rest", "rate", "rate_rest"]
#: default prior strength ``a_0`` (pseudo-tokens)
DEFAULT_ALPHA0 = 1000.0


def dirichlet_prior(counts: "np.ndarray", *, alpha0: float = DEFAULT_ALPHA0) -> "np.ndarray":
    """Informative Dirichlet prior: each term's share of ``counts``, scaled to sum to ``alpha0``.

    >>> dirichlet_prior([1, 3], alpha0=8).tolist()
    [2.0, 6.0]
    """
    import numpy as np

    c = np.asarray(counts, dtype=np.float64)
    total = c.sum()
    if total <= 0:
        raise ValueError("the prior needs at least one counted token")
    if alpha0 <= 0:
        raise ValueError("alpha0 must be positive")
    return c * (alpha0 / total)


def log_odds(
    y_i: "np.ndarray",
    y_j: "np.ndarray",
    prior: "np.ndarray",
    *,
    n_i: float | None = None,
    n_j: float | None = None,
    alpha0: float | None = None,
) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """``(delta, var, z)`` per term for group *i* against group *j* (Monroe et al. 2008, eq. 16–22).

    ``y_i``, ``y_j`` and ``prior`` are aligned arrays over terms.  ``n_i``, ``n_j`` and
    ``alpha0`` default to their sums; pass the totals over the whole vocabulary when the
    arrays hold only some terms.

    >>> import numpy as np
    >>> d, v, z = log_odds(np.array([5.0]), np.array([1.0]), np.array([1.0]), n_i=100, n_j=100, alpha0=10)
    >>> round(float(d[0]), 4), round(float(v[0]), 4), round(float(z[0]), 4)
    (1.1364, 0.6667, 1.3917)
    """
    import numpy as np

    yi = np.asarray(y_i, dtype=np.float64)
    yj = np.asarray(y_j, dtype=np.float64)
    a = np.asarray(prior, dtype=np.float64)
    ni = float(yi.sum()) if n_i is None else float(n_i)
    nj = float(yj.sum()) if n_j is None else float(n_j)
    a0 = float(a.sum()) if alpha0 is None else float(alpha0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
        var = 1.0 / (yi + a) + 1.0 / (yj + a)
        z = delta / np.sqrt(var)
    return delta, var, z


def distinctive(
    counts: "spmatrix | np.ndarray",
    terms: Sequence[str],
    labels: Sequence[Any],
    *,
    n: int | None = 20,
    alpha0: float = DEFAULT_ALPHA0,
    prior: "np.ndarray | None" = None,
    min_count: int = 1,
    label: str = "group",
) -> "pd.DataFrame":
    """The ``n`` most distinctive terms of each row of ``counts`` against all other rows.

    ``counts`` is a rows x terms count matrix (sparse or dense), one row per document or
    group named by ``labels``.  The prior is the whole matrix's term shares scaled to
    ``alpha0`` unless ``prior`` (pseudo-counts per term) is given.  A row's candidates are
    the terms it uses at least ``min_count`` times (only those can be over-represented);
    ``n=None`` keeps them all.

    Columns: ``label`` (the row's name), ``term``, ``rank`` (1 = most distinctive), ``z``,
    ``delta`` (log-odds ratio), ``count`` and ``count_rest`` (the term's count in the row and
    in all other rows), ``rate`` and ``rate_rest`` (per 1,000 tokens).

    >>> import numpy as np
    >>> m = np.array([[30, 5, 100], [4, 28, 110]])
    >>> distinctive(m, ["书香", "协商", "委员"], ["A", "B"], n=1, alpha0=100)[["group", "term", "rank"]].values.tolist()
    [['A', '书香', 1], ['B', '协商', 1]]
    """
    import numpy as np
    import pandas as pd
    from scipy import sparse

    mat = sparse.csr_matrix(counts, dtype=np.float64)
    if mat.shape[0] != len(labels):
        raise ValueError(f"{mat.shape[0]} rows but {len(labels)} labels")
    if mat.shape[1] != len(terms):
        raise ValueError(f"{mat.shape[1]} columns but {len(terms)} terms")
    total = np.asarray(mat.sum(axis=0)).ravel()
    grand = float(total.sum())
    columns = [label] + COLUMNS
    if grand <= 0:  # nothing counted: nothing is distinctive
        return _empty(columns)
    a = dirichlet_prior(total, alpha0=alpha0) if prior is None else np.asarray(prior, dtype=np.float64)
    if a.shape != total.shape:
        raise ValueError("prior must have one value per term")
    a0 = float(a.sum())
    term_arr = np.asarray(terms, dtype=object)
    frames = []
    for r in range(mat.shape[0]):
        lo, hi = mat.indptr[r], mat.indptr[r + 1]
        cols = mat.indices[lo:hi]
        y_i = mat.data[lo:hi]
        keep = y_i >= min_count
        cols, y_i = cols[keep], y_i[keep]
        n_i = float(mat.data[lo:hi].sum())
        n_j = grand - n_i
        if len(cols) == 0 or n_j <= 0:
            continue
        y_j = total[cols] - y_i
        delta, _, z = log_odds(y_i, y_j, a[cols], n_i=n_i, n_j=n_j, alpha0=a0)
        k = len(cols) if n is None else min(n, len(cols))
        # highest z first; ties by count, then by term, so the order never depends on storage
        order = np.lexsort((term_arr[cols], -y_i, -z))[:k]
        frames.append(
            pd.DataFrame(
                {
                    label: [labels[r]] * k,
                    "term": term_arr[cols[order]],
                    "rank": np.arange(1, k + 1, dtype=np.int64),
                    "z": z[order],
                    "delta": delta[order],
                    "count": y_i[order].astype(np.int64),
                    "count_rest": y_j[order].astype(np.int64),
                    "rate": y_i[order] * 1000.0 / n_i,
                    "rate_rest": y_j[order] * 1000.0 / n_j,
                }
            )
        )
    if not frames:
        return _empty(columns)
    frame = pd.concat(frames, ignore_index=True)[columns]
    frame["term"] = frame["term"].astype("string")
    return frame


def _empty(columns: list[str]) -> "pd.DataFrame":
    import pandas as pd

    def dtype(c: str) -> str:
        if c in ("z", "delta", "rate", "rate_rest"):
            return "float64"
        return "int64" if c in ("rank", "count", "count_rest") else "string"

    return pd.DataFrame({c: pd.Series(dtype=dtype(c)) for c in columns})
