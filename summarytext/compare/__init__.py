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

How it is organised: each document is read once (:mod:`.features`: term counts and clauses,
in worker processes, into compact arrays); each measure lives in a module of its own
(:mod:`.similarity`, :mod:`.distinctive`, :mod:`.passages`, :mod:`.boilerplate`,
:mod:`.side_by_side`) and is declared in one registry (:mod:`.registry`);
:class:`Comparison` holds the fitted state, caches results and dispatches to the measures.
A corpus of 100,000 reports fits on one machine (nearest neighbours are approximate above
:data:`~summarytext.compare.neighbours.EXACT_UP_TO` documents); :mod:`summarytext.dask`
computes the same comparison on a cluster.

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

import inspect
import logging
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .distinctive import Z_SIGNIFICANT
from .neighbours import EXACT_UP_TO, METHODS
from .registry import Measure, measures
from .side_by_side import META_COLUMNS
from .similarity import FULL_MATRIX_WARN, SIMILAR_COLUMNS, TOP_K_COLUMNS, similarity_blocks, top_k_similar
from .terms import TermConfig, can_be_distinctive, document_terms

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy.sparse import csr_matrix

    from ..corpus import Corpus
    from ..document import Document
    from ..passages import PassageIndex
    from ..segment import Segmenter
    from .features import Features

logger = logging.getLogger("summarytext")

__all__ = [
    "compare", "Comparison", "TermConfig", "top_k_similar", "similarity_blocks", "document_terms", "can_be_distinctive",
    "TOP_K_COLUMNS", "SIMILAR_COLUMNS", "META_COLUMNS", "FULL_MATRIX_WARN", "Z_SIGNIFICANT", "EXACT_UP_TO",
]


def _as_corpus(obj: Any) -> "Corpus":
    from ..corpus import Corpus
    from ..document import as_documents

    if isinstance(obj, Corpus):
        return obj
    return Corpus(as_documents(obj, caller="compare"))


class Comparison:
    """A corpus under comparison: similarity, distinctive terms, shared passages, tables.

    Build one with :func:`compare`.  Nothing is computed until asked for; results are cached.
    Options: ``segmenter`` (a :class:`~summarytext.Segmenter`; default the library's, jieba
    with the domain lexicon — ``Segmenter(backend="rjieba", hmm=False)`` is about 5x faster
    for large corpora), ``stopwords`` (True: the genre list; False; or your own collection),
    ``min_term_chars`` (shorter tokens are not terms; 2 drops single characters),
    ``sublinear_tf`` (1 + log tf in TF-IDF), ``fold_script`` (count and match documents in
    traditional script in simplified characters, so that script does not set them apart),
    ``n_jobs`` (processes for reading the documents, threads for approximate neighbours),
    ``neighbours`` (``"auto"``, ``"exact"`` or ``"approximate"``: how :meth:`top_k` finds
    nearest documents, see :mod:`summarytext.compare.neighbours`), ``passage_options`` (for
    :class:`~summarytext.passages.PassageIndex`: ``threshold``, ``shingle``, ``max_run`` …).

    Fitted state (computed lazily, in one pass over the documents): ``vectorizer_`` (a fitted
    scikit-learn ``DictVectorizer``), ``counts_`` (documents x terms counts, sparse),
    ``terms_``, ``tfidf_transformer_`` and ``tfidf_`` (L2-normalised TF-IDF, sparse),
    ``passage_index_``.

    Its methods are the measures of :mod:`summarytext.compare.registry` (each documented where
    it is defined): :attr:`similarity`, :meth:`top_k`, :meth:`most_similar`,
    :meth:`similar_pairs`, :meth:`distinctive_terms`, :meth:`shared_passages`,
    :meth:`boilerplate`, :meth:`boilerplate_spans`, :meth:`without_boilerplate`,
    :meth:`metrics_table`, :meth:`themes_table`.
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
        neighbours: str = "auto",
        passage_options: Mapping[str, Any] | None = None,
    ):
        if neighbours not in METHODS:
            raise ValueError(f"neighbours must be one of {METHODS}, got {neighbours!r}")
        self.corpus = _as_corpus(corpus)
        self.fold_script = fold_script
        self.segmenter = segmenter
        self.stopwords = stopwords
        self.min_term_chars = min_term_chars
        self.sublinear_tf = sublinear_tf
        self.n_jobs = n_jobs
        self.neighbours = neighbours
        self.passage_options = dict(passage_options or {})
        self._cache: dict[Any, Any] = {}

    @classmethod
    def from_features(cls, corpus: Any, features: "Features", **options: Any) -> "Comparison":
        """A comparison whose documents' features were gathered elsewhere (by
        :func:`summarytext.dask.compare` on a cluster): ``corpus`` gives the ids and, when a
        measure needs them, the texts; ``options`` as for :func:`compare`."""
        comparison = cls(corpus, **options)
        comparison.__dict__["features_"] = features  # the cached value of features_
        return comparison

    # --- basics --------------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """Document ids, in corpus order (the order of every table's rows)."""
        return self.corpus.ids

    def __len__(self) -> int:
        return len(self.corpus)

    def __repr__(self) -> str:
        return f"Comparison(documents={len(self.corpus)})"

    def index_of(self, doc_id: str) -> int:
        """The position of a document in corpus order (KeyError naming it when absent)."""
        try:
            return self.positions[doc_id]
        except KeyError:
            raise KeyError(f"no document with doc_id {doc_id!r}") from None

    @cached_property
    def positions(self) -> dict[str, int]:
        """doc_id -> position in corpus order."""
        return {d: i for i, d in enumerate(self.corpus.ids)}

    def fit(self) -> "Comparison":
        """Compute the term counts, TF-IDF and passage index now (otherwise done on first use)."""
        _ = self.tfidf_
        _ = self.passage_index_
        return self

    # --- fitted state ----------------------------------------------------------------------------
    @cached_property
    def term_config(self) -> TermConfig:
        """What counts as a term here (segmenter, stopwords, minimum length, script folding)."""
        from ..segment import load_stopwords

        if self.stopwords is True:
            stop = load_stopwords()
        elif self.stopwords is False or self.stopwords is None:
            stop = frozenset()
        else:
            stop = frozenset(self.stopwords)
        return TermConfig.for_segmenter(self.segmenter, stopwords=stop, min_chars=self.min_term_chars, fold_script=self.fold_script)

    def terms(self, doc_id: str) -> list[str]:
        """The terms of one document as the comparison counts them (in text order).

        >>> from summarytext import Corpus
        >>> compare(Corpus.from_texts(["坚持以人民为中心，开展协商议政活动120场次。"])).terms("doc0")
        ['人民', '中心', '协商议政', '活动', '场次']
        """
        return document_terms(self.corpus[doc_id].text, self.term_config)

    def passage_settings(self) -> dict[str, Any]:
        """The options of the passage index: the comparison's ``n_jobs`` and ``fold_script``, then ``passage_options``."""
        options: dict[str, Any] = {"n_jobs": self.n_jobs, "fold_script": self.fold_script}
        options.update(self.passage_options)
        return options

    @cached_property
    def features_(self) -> "Features":
        """Term counts and clauses of every document, from one pass over the corpus."""
        from .features import fit_features

        features = fit_features(
            self.corpus.documents, terms=self.term_config, clauses=True,
            fold_script=self.passage_settings()["fold_script"], n_jobs=self.n_jobs,
        )
        logger.info("comparison: %d documents, %d terms, %d term counts", features.counts.shape[0], features.counts.shape[1], features.counts.nnz)
        return features

    @cached_property
    def vectorizer_(self) -> Any:
        """A scikit-learn ``DictVectorizer`` fitted to the vocabulary (term counts per document)."""
        from .terms import fitted_vectorizer

        return fitted_vectorizer(self.terms_)

    @cached_property
    def counts_(self) -> "csr_matrix":
        """Documents x terms counts (sparse CSR, float32, int32 indices)."""
        return self.features_.counts

    @cached_property
    def terms_(self) -> "np.ndarray":
        """The vocabulary, in column order."""
        import numpy as np

        return np.asarray(self.features_.terms, dtype=object)

    @cached_property
    def tfidf_transformer_(self) -> Any:
        """The fitted scikit-learn ``TfidfTransformer`` (smooth idf, L2 norm)."""
        from sklearn.feature_extraction.text import TfidfTransformer

        return TfidfTransformer(sublinear_tf=self.sublinear_tf).fit(self.counts_)

    @cached_property
    def tfidf_(self) -> "csr_matrix":
        """Documents x terms TF-IDF, rows L2-normalised (sparse CSR, float32; shares the
        index arrays of :attr:`counts_`)."""
        import numpy as np
        from scipy import sparse

        from .features import tfidf_of

        counts = self.counts_
        if counts.shape[0] == 0 or counts.shape[1] == 0:  # no documents, or no terms at all
            return sparse.csr_matrix(counts.shape, dtype=np.float32)
        return tfidf_of(counts, self.tfidf_transformer_.idf_, sublinear_tf=self.sublinear_tf)

    @cached_property
    def passage_index_(self) -> "PassageIndex":
        """The fitted :class:`~summarytext.passages.PassageIndex` of the corpus."""
        from ..passages import PassageIndex

        features = self.features_
        return PassageIndex(**self.passage_settings()).fit_clauses(
            self.corpus.documents, features.store, features.units, signatures=features.signatures, candidates=features.candidates
        )

    # --- dispatch ------------------------------------------------------------------------------
    def measure(self, name: str, *args: Any, **options: Any) -> Any:
        """The result of the measure ``name`` (see :func:`~summarytext.compare.registry.measures`),
        computed once per options and cached.

        >>> from summarytext import Corpus
        >>> compare(Corpus.from_texts(["提案办理。", "提案督办。"])).measure("top_k", 1)["other"].tolist()
        ['doc1', 'doc0']
        """
        found = _MEASURES.get(name)
        if found is None:
            raise KeyError(f"no measure {name!r}; measures are {sorted(_MEASURES)}")
        return self._result(found, args, options)

    def _result(self, m: Measure, args: tuple, options: dict[str, Any]) -> Any:
        if not m.cache:
            return m.function(self, *args, **options)
        bound = _signature(m).bind(self, *args, **options)
        bound.apply_defaults()
        key: Any = (m.name,) + tuple(bound.arguments.items())[1:]
        try:
            hash(key)
        except TypeError:
            return m.function(self, *args, **options)  # options that cannot be a key (a function, a dict)
        if key not in self._cache:
            self._cache[key] = m.function(self, *args, **options)
        value = self._cache[key]
        return value.copy() if hasattr(value, "copy") else value

    # --- notebook ------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        from html import escape

        n = len(self.corpus)
        parts = [f"<div class='summarytext-comparison'><p><strong>Comparison</strong> of {n} documents"]
        computed = n <= 2000 or "features_" in self.__dict__
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


_MEASURES = measures()
_SIGNATURES: dict[str, inspect.Signature] = {}


def _signature(m: Measure) -> inspect.Signature:
    sig = _SIGNATURES.get(m.name)
    if sig is None:
        sig = _SIGNATURES[m.name] = inspect.signature(m.function)
    return sig


def _method(m: Measure) -> Any:
    """The comparison's method (or property) for a measure: its signature without the
    comparison, its docstring, and the cache in between."""
    func = m.function
    if m.is_property:
        def get(self: Comparison) -> Any:
            return self._result(m, (), {})

        return property(get, doc=func.__doc__)

    @wraps(func)
    def method(self: Comparison, *args: Any, **options: Any) -> Any:
        return self._result(m, args, options)

    params = list(inspect.signature(func).parameters.values())
    method.__signature__ = inspect.Signature([params[0].replace(name="self")] + params[1:])  # type: ignore[attr-defined]
    method.__name__ = method.__qualname__ = m.name
    return method


for _m in _MEASURES.values():
    setattr(Comparison, _m.name, _method(_m))
del _m


def compare(
    corpus: "Corpus | Iterable[Document | str]",
    *,
    segmenter: "Segmenter | None" = None,
    stopwords: bool | Iterable[str] = True,
    min_term_chars: int = 2,
    sublinear_tf: bool = True,
    fold_script: bool = True,
    n_jobs: int | None = 1,
    neighbours: str = "auto",
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
        neighbours=neighbours,
        passage_options=passage_options,
    )
