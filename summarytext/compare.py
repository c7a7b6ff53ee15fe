"""Comparing documents: similarity, distinctive terms, shared and templated passages, side-by-side tables.

Reports from different places and years are written from the same templates.
:func:`compare` wraps a corpus in a :class:`Comparison` that shows what is common, what is
copied and what is distinctive, and lines up the documents' numbers:

* :attr:`Comparison.similarity` — documents x documents cosine similarity of TF-IDF vectors
  (terms from the library's segmenter and stopwords); :meth:`~Comparison.most_similar` and
  :meth:`~Comparison.top_k` work in chunks for large corpora;
* :meth:`~Comparison.distinctive_terms` — weighted log-odds with an informative Dirichlet
  prior (Monroe, Colaresi & Quinn 2008, see :mod:`summarytext.logodds`), per document or per
  group of documents (e.g. ``by="year"``);
* :meth:`~Comparison.shared_passages` and :meth:`~Comparison.boilerplate` — near-duplicate
  clauses found by MinHash (see :mod:`summarytext.passages`);
* :meth:`~Comparison.metrics_table` and :meth:`~Comparison.themes_table` — the metrics summary
  and the theme matrix, one row per document, same index, ready to plot.

Everything is computed on first use and cached.  Importing this module is cheap: pandas,
numpy, scikit-learn and jieba load when a result is first asked for.

>>> from summarytext import Corpus
>>> c = compare(Corpus.from_texts([
...     "县政协擦亮书香政协品牌，书香政协读书活动覆盖全体委员，委员建言。",
...     "县政协围绕港口物流开展专题调研，港口岸线整合，港口物流提速，委员建言。",
...     "市政协围绕港口物流开展视察，组织企业座谈，委员建言。",
... ], ids=["read", "port", "port2"]))
>>> c.most_similar("port", k=1)["doc_id"].tolist()
['port2']
>>> c.distinctive_terms(n=1, alpha0=10)[["doc_id", "term", "count"]].values.tolist()
[['read', '书香政协', 2], ['port', '港口', 3], ['port2', '企业', 1]]
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence


if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix

    from .corpus import Corpus
    from .document import Document
    from .passages import PassageIndex
    from .segment import Segmenter

from .tables import with_string_columns

logger = logging.getLogger("summarytext")

__all__ = ["compare", "Comparison", "top_k_similar", "similarity_blocks", "TOP_K_COLUMNS", "SIMILAR_COLUMNS"]

#: columns of :meth:`Comparison.top_k`
TOP_K_COLUMNS = ["doc_id", "rank", "other", "similarity"]
#: columns of :meth:`Comparison.most_similar`
SIMILAR_COLUMNS = ["doc_id", "similarity", "rank"]
#: metadata columns that :meth:`Comparison.metrics_table` puts first
META_COLUMNS = ["title", "year", "level", "place", "chars"]
#: above this many documents :attr:`Comparison.similarity` warns (use top_k / most_similar)
FULL_MATRIX_WARN = 5000


# --------------------------------------------------------------------------------------------
# terms (run in worker processes too: module-level, picklable configuration)


@dataclass(frozen=True)
class _TermConfig:
    backend: str = "jieba"
    hmm: bool = True
    domain_lexicon: bool = True
    user_terms: tuple = ()
    stopwords: frozenset = field(default_factory=frozenset)
    min_chars: int = 2
    fold_script: bool = True

    @property
    def segmenter_key(self) -> tuple:
        return (self.backend, self.hmm, self.domain_lexicon, self.user_terms)


_SEGMENTERS: dict[tuple, "Segmenter"] = {}
_KEEP: dict["_TermConfig", dict[str, bool]] = {}


def _segmenter_for(config: _TermConfig) -> "Segmenter":
    seg = _SEGMENTERS.get(config.segmenter_key)
    if seg is None:
        from .segment import Segmenter, default_segmenter

        if config.segmenter_key == ("jieba", True, True, ()):
            seg = default_segmenter()
        else:
            seg = Segmenter(hmm=config.hmm, backend=config.backend, domain_lexicon=config.domain_lexicon)
            seg.user_terms = list(config.user_terms)
        _SEGMENTERS[config.segmenter_key] = seg
    return seg


def _keep_token(tok: str, config: _TermConfig) -> bool:
    from . import patterns as P
    from .segment import is_quantity

    if len(tok) < config.min_chars or not tok.strip() or P.PUNCT_TOKEN.match(tok):
        return False
    if is_quantity(tok) or tok in config.stopwords or P.COUNTED_TOKEN.match(tok):
        return False
    return any(ch.isalpha() for ch in tok)




def can_be_distinctive(terms: Sequence[str], config: _TermConfig) -> "np.ndarray":
    """Which terms may be reported as distinctive: not a unit or counting word (场次, 人次,
    个百分点 from ``units.tsv``), and not a fragment that jieba's HMM put together from a
    function word and its neighbour (地说, 的是: a word the dictionary does not know that
    begins or ends with a one-character stopword).

    >>> can_be_distinctive(["场次", "地说", "茶农", "地方"], _TermConfig(stopwords=frozenset("的地得"))).tolist()
    [False, False, True, True]
    """
    import numpy as np

    from .metric_lexicon import metric_lexicon

    units = metric_lexicon().units
    seg = _segmenter_for(config)
    particles = {w for w in config.stopwords if len(w) == 1}

    def ok(term: str) -> bool:
        if term in units:
            return False
        if (term[0] in particles or term[-1] in particles) and not seg.knows(term):
            return False
        return True

    return np.fromiter((ok(str(t)) for t in terms), dtype=bool, count=len(terms))


#: below this z a term is not distinctive at the 5% level (two-sided)
Z_SIGNIFICANT = 1.96


def document_terms(text: str, config: _TermConfig) -> list[str]:
    """The terms of one text under a configuration (cached decisions per distinct token)."""
    seg = _segmenter_for(config)
    text = _view(text, config)
    keep = _KEEP.get(config)
    if keep is None:
        keep = _KEEP[config] = {}
    out = []
    for tok in seg.cut(text):
        k = keep.get(tok)
        if k is None:
            k = keep[tok] = _keep_token(tok, config)
        if k:
            out.append(tok)
    return out


def _text_term_counts(text: str, config: _TermConfig) -> dict[str, int]:
    # module-level so that worker processes can run it; texts travel, not Document objects
    return dict(Counter(document_terms(text, config)))


def _view(text: str, config: _TermConfig) -> str:
    if config.fold_script:
        from .normalize import simplified_view

        return simplified_view(text)
    return text


def _count_matrix(rows: Iterable[dict[str, int]], n_rows: int) -> tuple[Any, "csr_matrix"]:
    """A fitted ``DictVectorizer`` (sorted vocabulary) and the documents x terms count matrix.

    Same result as ``DictVectorizer(sort=True).fit_transform(rows)``, built in one pass with
    compact arrays (the vectorizer's own loop is several times slower on large corpora).
    """
    from array import array

    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer

    vocab: dict[str, int] = {}
    setdefault = vocab.setdefault
    indices = array("i")
    data = array("f")
    indptr = array("q", [0])
    for counts in rows:
        keys = list(counts)
        indices.extend([setdefault(t, len(vocab)) for t in keys])
        data.extend(counts.values())
        indptr.append(len(indices))
    if len(indptr) - 1 != n_rows:  # pragma: no cover - one dict per document
        raise RuntimeError("term counts lost documents")
    terms = list(vocab)
    vec = DictVectorizer(dtype=np.float32, sort=True).fit([dict.fromkeys(terms, 1)] if terms else [{}])
    new_col = np.empty(len(terms), dtype=np.int32)
    for t, j in vocab.items():
        new_col[j] = vec.vocabulary_[t]
    idx = np.frombuffer(indices, dtype=np.int32)
    matrix = sparse.csr_matrix(
        (np.frombuffer(data, dtype=np.float32).copy(), new_col[idx] if len(idx) else idx.copy(), np.frombuffer(indptr, dtype=np.int64).copy()),
        shape=(n_rows, len(terms)),
    )
    matrix.sort_indices()
    return vec, matrix


# --------------------------------------------------------------------------------------------
# similarity in chunks


def similarity_blocks(
    X: "csr_matrix",
    *,
    chunk_size: int = 1024,
    dense_bytes: int = 256 * 2**20,
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


def top_k_similar(
    X: "csr_matrix",
    k: int,
    *,
    chunk_size: int = 1024,
    dense_bytes: int = 256 * 2**20,
) -> tuple["np.ndarray", "np.ndarray"]:
    """For each row of an L2-normalised matrix, the ``k`` other rows of highest cosine similarity.

    Returns ``(indices, similarities)``, both rows x k, best first (ties: lower index first).
    Rows are processed ``chunk_size`` at a time (see :func:`similarity_blocks`), so memory
    stays at ``chunk_size`` x rows floats instead of rows x rows.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> X = csr_matrix(np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0.6, 0.8]]))
    >>> idx, sim = top_k_similar(X, 1)
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
    for lo, hi, S in similarity_blocks(X, chunk_size=chunk_size, dense_bytes=dense_bytes):
        rows = np.arange(hi - lo)
        S[rows, lo + rows] = -np.inf
        part = np.argpartition(-S, k - 1, axis=1)[:, :k] if k < n - 1 else np.argsort(-S, axis=1, kind="stable")[:, :k]
        vals = np.take_along_axis(S, part, axis=1)
        # argpartition picks any member of a tie at the k-th value: where more values tie
        # than fit, choose among all of them by index (the documented order)
        kth = vals.min(axis=1)
        tied = np.nonzero((S >= kth[:, None]).sum(axis=1) > k)[0]
        for r in tied:
            candidates = np.nonzero(S[r] >= kth[r])[0]
            best = candidates[np.lexsort((candidates, -S[r, candidates]))][:k]
            part[r] = best
            vals[r] = S[r, best]
        order = np.lexsort((part, -vals), axis=1)
        idx_out[lo:hi] = np.take_along_axis(part, order, axis=1)
        sim_out[lo:hi] = np.take_along_axis(vals, order, axis=1)
    return idx_out, np.clip(sim_out, 0.0, 1.0)


# --------------------------------------------------------------------------------------------
# the comparison


def _as_corpus(obj: Any) -> "Corpus":
    from .corpus import Corpus
    from .document import as_documents

    if isinstance(obj, Corpus):
        return obj
    return Corpus(as_documents(obj, caller="compare"))


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
    warnings.warn(message, stacklevel=3)


class Comparison:
    """A corpus under comparison: similarity, distinctive terms, shared passages, tables.

    Build one with :func:`compare`.  Nothing is computed until asked for; results are cached.
    Options: ``segmenter`` (a :class:`~summarytext.Segmenter`; default the library's, jieba
    with the domain lexicon — ``Segmenter(backend="rjieba", hmm=False)`` is about 5x faster
    for large corpora), ``stopwords`` (True: the genre list; False; or your own collection),
    ``min_term_chars`` (shorter tokens are not terms; 2 drops single characters),
    ``sublinear_tf`` (1 + log tf in TF-IDF), ``fold_script`` (count and match documents in
    traditional script in simplified characters, so that script does not set them apart),
    ``n_jobs`` (processes for segmentation and clauses), ``passage_options`` (for :class:`~summarytext.passages.PassageIndex`:
    ``threshold``, ``shingle`` …).

    Fitted state (computed lazily): ``vectorizer_`` (a fitted scikit-learn
    ``DictVectorizer``), ``counts_`` (documents x terms counts, sparse), ``terms_``,
    ``tfidf_transformer_`` and ``tfidf_`` (L2-normalised TF-IDF, sparse), ``passage_index_``.
    """

    def __init__(
        self,
        corpus: "Corpus | Iterable[Document | str]",
        *,
        segmenter: "Segmenter | None" = None,
        stopwords: bool | Iterable[str] = True,
        min_term_chars: int = 2,
        sublinear_tf: bool = True,
        fold_script: bool = True,
        n_jobs: int | None = 1,
        passage_options: Mapping[str, Any] | None = None,
    ):
        self.corpus = _as_corpus(corpus)
        self.fold_script = fold_script
        self.segmenter = segmenter
        self.stopwords = stopwords
        self.min_term_chars = min_term_chars
        self.sublinear_tf = sublinear_tf
        self.n_jobs = n_jobs
        self.passage_options = dict(passage_options or {})
        self._cache: dict[tuple, Any] = {}

    # --- basics --------------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """Document ids, in corpus order (the order of every table's rows)."""
        return self.corpus.ids

    def __len__(self) -> int:
        return len(self.corpus)

    def __repr__(self) -> str:
        return f"Comparison(documents={len(self.corpus)})"

    def _index_of(self, doc_id: str) -> int:
        try:
            return self._positions[doc_id]
        except KeyError:
            raise KeyError(f"no document with doc_id {doc_id!r}") from None

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {d: i for i, d in enumerate(self.corpus.ids)}

    def fit(self) -> "Comparison":
        """Compute the term counts, TF-IDF and passage index now (otherwise done on first use)."""
        _ = self.tfidf_
        _ = self.passage_index_
        return self

    # --- terms ---------------------------------------------------------------------------------
    @cached_property
    def _term_config(self) -> _TermConfig:
        from .segment import load_stopwords

        seg = self.segmenter
        if self.stopwords is True:
            stop = load_stopwords()
        elif self.stopwords is False or self.stopwords is None:
            stop = frozenset()
        else:
            stop = frozenset(self.stopwords)
        if seg is None:
            config = _TermConfig(stopwords=stop, min_chars=self.min_term_chars, fold_script=self.fold_script)
        else:
            config = _TermConfig(
                backend=seg.backend,
                hmm=seg.hmm,
                domain_lexicon=seg.domain_lexicon,
                user_terms=tuple(tuple(t) for t in seg.user_terms),
                stopwords=stop,
                min_chars=self.min_term_chars,
                fold_script=self.fold_script,
            )
            _SEGMENTERS[config.segmenter_key] = seg  # this process uses the instance itself
        return config

    def terms(self, doc_id: str) -> list[str]:
        """The terms of one document as the comparison counts them (in text order).

        >>> from summarytext import Corpus
        >>> compare(Corpus.from_texts(["坚持以人民为中心，开展协商议政活动120场次。"])).terms("doc0")
        ['人民', '中心', '协商议政', '活动', '场次']
        """
        return document_terms(self.corpus[doc_id].text, self._term_config)

    @cached_property
    def vectorizer_(self) -> Any:
        """The fitted scikit-learn ``DictVectorizer`` (term counts per document)."""
        self._fit_counts()
        return self._cache["vectorizer"]

    @cached_property
    def counts_(self) -> "csr_matrix":
        """Documents x terms counts (sparse CSR, float32)."""
        self._fit_counts()
        return self._cache["counts"]

    @cached_property
    def terms_(self) -> "np.ndarray":
        """The vocabulary, in column order."""
        import numpy as np

        return np.asarray(self.vectorizer_.feature_names_, dtype=object)

    def _fit_counts(self) -> None:
        if "counts" in self._cache:
            return
        from .parallel import map_documents

        config = self._term_config
        texts = (d.text for d in self.corpus.documents)
        rows = map_documents(partial(_text_term_counts, config=config), texts, n_jobs=self.n_jobs, chunk_size=64)  # type: ignore[arg-type]
        vec, counts = _count_matrix(rows, len(self.corpus))
        self._cache["vectorizer"] = vec
        self._cache["counts"] = counts
        logger.info("comparison: %d documents, %d terms, %d term counts", counts.shape[0], counts.shape[1], counts.nnz)

    @cached_property
    def tfidf_transformer_(self) -> Any:
        """The fitted scikit-learn ``TfidfTransformer`` (smooth idf, L2 norm)."""
        from sklearn.feature_extraction.text import TfidfTransformer

        return TfidfTransformer(sublinear_tf=self.sublinear_tf).fit(self.counts_)

    @cached_property
    def tfidf_(self) -> "csr_matrix":
        """Documents x terms TF-IDF, rows L2-normalised (sparse CSR, float32)."""
        import numpy as np
        from scipy import sparse

        counts = self.counts_
        if counts.shape[0] == 0 or counts.shape[1] == 0:  # no documents, or no terms at all
            return sparse.csr_matrix(counts.shape, dtype=np.float32)
        return self.tfidf_transformer_.transform(counts).astype(np.float32).tocsr()

    # --- similarity ----------------------------------------------------------------------------
    @property
    def similarity(self) -> "pd.DataFrame":
        """Documents x documents cosine similarity of TF-IDF vectors (1.0 on the diagonal).

        Rows and columns are doc_ids in corpus order.  The full matrix has ``n * n`` cells:
        fine for a few thousand documents; for more use :meth:`top_k` or
        :meth:`most_similar`, which work in chunks.
        """
        import numpy as np
        import pandas as pd

        if "similarity" not in self._cache:
            n = len(self.corpus)
            if n > FULL_MATRIX_WARN:
                logger.warning("similarity: a full %d x %d matrix (%.0f MB); top_k() works in chunks", n, n, n * n * 4 / 2**20)
            S = np.empty((n, n), dtype=np.float64)
            for lo, hi, block in similarity_blocks(self.tfidf_):
                S[lo:hi] = block
            S = np.clip((S + S.T) / 2.0, 0.0, 1.0)
            np.fill_diagonal(S, 1.0)
            index = pd.Index(self.ids, name="doc_id", dtype=object)
            self._cache["similarity"] = pd.DataFrame(S, index=index, columns=pd.Index(self.ids, name="other", dtype=object))
        return self._cache["similarity"].copy()

    def top_k(self, k: int = 5, *, chunk_size: int = 1024) -> "pd.DataFrame":
        """The ``k`` most similar other documents of every document, in chunks (any corpus size).

        Columns :data:`TOP_K_COLUMNS`: ``doc_id``, ``rank`` (1 = most similar), ``other``,
        ``similarity``; ``k`` rows per document, in corpus order.
        """
        import numpy as np
        import pandas as pd

        key = ("top_k", k)
        if key not in self._cache:
            idx, sim = top_k_similar(self.tfidf_, k, chunk_size=chunk_size)
            ids = np.asarray(self.ids, dtype=object)
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
            self._cache[key] = frame
        return with_string_columns(self._cache[key].copy())

    def most_similar(self, doc_id: str, k: int = 5) -> "pd.DataFrame":
        """The ``k`` documents most similar to ``doc_id``, most similar first.

        Columns :data:`SIMILAR_COLUMNS` (``doc_id`` of the other document, ``similarity``,
        ``rank``); ties are broken by corpus order.  Works on any corpus size (one row of
        the similarity matrix).
        """
        import numpy as np
        import pandas as pd

        i = self._index_of(doc_id)
        X = self.tfidf_
        row = np.asarray((X[i] @ X.T).toarray()).ravel().astype(np.float64)
        row[i] = -np.inf
        n_other = len(row) - 1
        k = max(0, min(k, n_other))
        order = np.lexsort((np.arange(len(row)), -row))[:k]
        ids = np.asarray(self.ids, dtype=object)
        return with_string_columns(pd.DataFrame(
            {"doc_id": ids[order], "similarity": np.clip(row[order], 0.0, 1.0), "rank": np.arange(1, k + 1, dtype=np.int64)},
            columns=SIMILAR_COLUMNS,
        ))

    def similar_pairs(self, n: int = 10, *, k: int = 3) -> "pd.DataFrame":
        """The ``n`` most similar pairs of documents (from each document's ``k`` nearest).

        Columns: ``doc_a``, ``doc_b`` (in corpus order), ``similarity``.
        """
        import pandas as pd

        top = self.top_k(k)
        pos = self._positions
        seen: dict[tuple[str, str], float] = {}
        for a, b, s in zip(top["doc_id"], top["other"], top["similarity"]):
            pair = (a, b) if pos[a] < pos[b] else (b, a)
            seen[pair] = max(seen.get(pair, 0.0), float(s))
        rows = sorted(seen.items(), key=lambda item: (-item[1], pos[item[0][0]], pos[item[0][1]]))[:n]
        return with_string_columns(pd.DataFrame([(a, b, s) for (a, b), s in rows], columns=["doc_a", "doc_b", "similarity"]))

    # --- distinctive terms -----------------------------------------------------------------------
    def distinctive_terms(
        self,
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
        candidates (see :func:`can_be_distinctive`).  When no term of a document (or group)
        reaches z = 1.96 (the 5% level), a warning says that the corpus is too small for the
        test to tell them apart.
        """
        import numpy as np
        from scipy import sparse

        from .logodds import DEFAULT_ALPHA0, distinctive

        a0 = DEFAULT_ALPHA0 if alpha0 is None else float(alpha0)
        keep = can_be_distinctive(self.terms_, self._term_config)
        counts = self.counts_[:, keep]
        terms = self.terms_[keep]
        if by is None:
            if groups is not None:
                raise ValueError("groups needs by= (what the groups are)")
            table = distinctive(counts, terms, self.ids, n=n, alpha0=a0, min_count=min_count, label="doc_id")
            _warn_if_too_small(table, "doc_id", self.ids, "document")
            return with_string_columns(table)
        labels = self._labels(by)
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

    def _labels(self, by: Any) -> list[Any]:
        import math

        docs = self.corpus.documents
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

    # --- passages ------------------------------------------------------------------------------
    @cached_property
    def passage_index_(self) -> "PassageIndex":
        """The fitted :class:`~summarytext.passages.PassageIndex` of the corpus."""
        from .passages import PassageIndex

        options: dict[str, Any] = {"n_jobs": self.n_jobs, "fold_script": self.fold_script}
        options.update(self.passage_options)
        return PassageIndex(**options).fit(self.corpus)

    def shared_passages(
        self,
        *,
        min_chars: int = 15,
        min_similarity: float = 0.75,
        max_documents: int = 20,
        max_gap: int = 1,
    ) -> "pd.DataFrame":
        """Sentences or runs of clauses that two documents share exactly or nearly.

        One row per passage and pair of documents: ``doc_a``, ``start_a``, ``end_a``,
        ``text_a``, ``doc_b``, ``start_b``, ``end_b``, ``text_b`` (``doc.text[start:end] ==
        text`` on both sides), ``similarity`` (1.0 when identical up to numbers, masks and
        punctuation), ``clauses`` (clauses matched) and ``shared_by`` (documents in the corpus
        using its most widely shared clause).  Edits, masked numbers and changed place names
        are tolerated; clauses used by more than ``max_documents`` documents are left to
        :meth:`boilerplate`.  See :mod:`summarytext.passages` for how it works.
        """
        key = ("shared", min_chars, min_similarity, max_documents, max_gap)
        if key not in self._cache:
            self._cache[key] = self.passage_index_.shared_passages(
                min_chars=min_chars, min_similarity=min_similarity, max_documents=max_documents, max_gap=max_gap
            )
        return self._cache[key].copy()

    def boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> "pd.DataFrame":
        """Template passages shared by many documents (the standard opening, fixed formulas).

        ``min_documents``: a count, or a share of the corpus when a float below 1 (default
        5% of the documents, at least 3, all of them in a corpus of two or three).  Columns:
        ``passage_id``, ``passage`` (its most common wording), ``documents``, ``share``,
        ``occurrences``, ``variants``, ``doc_ids`` and an example span (``doc_id``,
        ``start``, ``end``).  :meth:`without_boilerplate` drops them from the corpus.
        """
        key = ("boilerplate", min_documents, min_chars)
        if key not in self._cache:
            self._cache[key] = self.passage_index_.boilerplate(min_documents=min_documents, min_chars=min_chars)
        return self._cache[key].copy()

    def boilerplate_spans(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> "pd.DataFrame":
        """Every stretch of boilerplate in every document: doc_id, start, end, text, passage_ids."""
        return self.passage_index_.boilerplate_spans(min_documents=min_documents, min_chars=min_chars)

    def without_boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> "Corpus":
        """A new corpus with the boilerplate cut out of every document (for further analysis)."""
        return self.passage_index_.without_boilerplate(min_documents=min_documents, min_chars=min_chars)

    # --- tables --------------------------------------------------------------------------------
    def metrics_table(self, *, how: str = "max", n_jobs: int | None = None) -> "pd.DataFrame":
        """The metrics summary of every document, with its metadata: one row per document.

        Index ``doc_id`` (corpus order); columns ``title``, ``year``, ``level``, ``place``,
        ``chars``, then those of :func:`~summarytext.metrics_summary` (``metrics``,
        ``masked``, the counts per measure, the rates).  Documents without metrics have 0
        metrics and NaN measures.  Ready to plot: ``table.plot.barh(y="proposals_registered")``.
        """
        key = ("metrics", how)
        if key not in self._cache:
            from .metrics import extract_metrics, metrics_summary

            metrics = extract_metrics(self.corpus, n_jobs=self.n_jobs if n_jobs is None else n_jobs)
            summary = metrics_summary(metrics, how=how, doc_ids=self.corpus.ids).set_index("doc_id")
            meta = self.corpus.to_frame().set_index("doc_id")[META_COLUMNS]
            table = meta.join(summary, how="left")
            table.index.name = "doc_id"
            self._cache[key] = table
        return self._cache[key].copy()

    def themes_table(self, *, normalize: str = "per_1000_chars") -> "pd.DataFrame":
        """The theme matrix of the documents: index ``doc_id`` (corpus order), one column per theme.

        ``normalize`` as in :func:`~summarytext.theme_matrix` (``"count"``,
        ``"per_1000_chars"``, ``"presence"``, ``"paragraphs"``).  Same index as
        :meth:`metrics_table`, so ``pd.concat([c.metrics_table(), c.themes_table()], axis=1)``
        lines them up; for a heat map ``c.themes_table().style.background_gradient()``.
        """
        key = ("themes", normalize)
        if key not in self._cache:
            from .themes import theme_matrix

            matrix = theme_matrix(self.corpus, normalize=normalize)
            matrix = matrix.reindex(self.ids, fill_value=0)
            matrix.index.name = "doc_id"
            self._cache[key] = matrix
        return self._cache[key].copy()

    # --- notebook ------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        from html import escape

        n = len(self.corpus)
        parts = [f"<div class='summarytext-comparison'><p><strong>Comparison</strong> of {n} documents"]
        computed = n <= 2000 or "counts" in self._cache
        if not computed:
            parts.append("</p><p>(large corpus: call <code>fit()</code> or a method to compute the results)</p></div>")
            return "".join(parts)
        if n == 0:
            return "".join(parts) + "</p></div>"
        parts.append(f", {self.counts_.shape[1]} terms.</p>")
        if n >= 2:
            pairs = self.similar_pairs(5)
            parts.append("<p><strong>Most similar pairs</strong></p><table><tr><th>document</th><th>document</th><th>cosine</th></tr>")
            for a, b, s in pairs.itertuples(index=False):
                parts.append(f"<tr><td>{escape(str(a))}</td><td>{escape(str(b))}</td><td>{s:.3f}</td></tr>")
            parts.append("</table>")
            terms = self.distinctive_terms(5)
            shown = self.ids[:10]
            parts.append("<p><strong>Distinctive terms</strong></p><table><tr><th>document</th><th>terms (by z)</th></tr>")
            for doc_id in shown:
                words = terms.loc[terms["doc_id"] == doc_id, "term"].tolist()
                parts.append(f"<tr><td>{escape(str(doc_id))}</td><td>{escape('、'.join(map(str, words)))}</td></tr>")
            if n > len(shown):
                parts.append(f"<tr><td colspan='2'>… and {n - len(shown)} more documents</td></tr>")
            parts.append("</table>")
            shared = self.shared_passages()
            plate = self.boilerplate()
            n_pairs = len(set(zip(shared["doc_a"], shared["doc_b"])))
            parts.append(
                f"<p><strong>Shared passages</strong>: {len(shared)} between {n_pairs} pairs of documents; "
                f"<strong>boilerplate</strong>: {len(plate)} template passages</p>"
            )
            if len(plate):
                parts.append("<ul>")
                for text, docs in zip(plate["passage"].head(3), plate["documents"].head(3)):
                    parts.append(f"<li>{escape(text[:60])}{'…' if len(text) > 60 else ''} ({docs} documents)</li>")
                parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)


def compare(
    corpus: "Corpus | Iterable[Document | str]",
    *,
    segmenter: "Segmenter | None" = None,
    stopwords: bool | Iterable[str] = True,
    min_term_chars: int = 2,
    sublinear_tf: bool = True,
    fold_script: bool = True,
    n_jobs: int | None = 1,
    passage_options: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare the documents of a corpus (or a list of documents or strings).

    Returns a :class:`Comparison`; its results are computed on first use.  For large corpora
    ``segmenter=Segmenter(backend="rjieba", hmm=False)`` and ``n_jobs=-1`` make it faster.

    >>> from summarytext import Corpus
    >>> c = compare(Corpus.from_texts(["书香政协建设，委员读书活动。", "提案办理协商，提案办复率。"], ids=["read", "prop"]))
    >>> c.similarity.loc["read", "read"], c.most_similar("read", k=1)["doc_id"].tolist()
    (np.float64(1.0), ['prop'])
    """
    return Comparison(
        corpus,
        segmenter=segmenter,
        stopwords=stopwords,
        min_term_chars=min_term_chars,
        sublinear_tf=sublinear_tf,
        fold_script=fold_script,
        n_jobs=n_jobs,
        passage_options=passage_options,
    )
