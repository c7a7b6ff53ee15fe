"""Terms of a document and the documents x terms count matrix, built in one streaming pass.

Terms are the library's tokens (:class:`~summarytext.segment.Segmenter`) without stopwords,
numbers, counted fragments (``12次``) and tokens shorter than ``min_chars``.  The counts of
each document are added to the matrix as they arrive: the vocabulary grows with a streaming
count (one dictionary of term -> column), no document's token list is kept, and the matrix is
sparse with the smallest types that hold it (int32 column indices, float32 counts).

Everything here runs in worker processes too: the configuration is a small picklable value,
and each process builds its segmenter once.

>>> config = TermConfig(stopwords=frozenset({"开展"}))
>>> document_terms("县政协开展协商议政活动120场次。", config)
['县政协', '协商议政', '活动', '场次']
"""
from __future__ import annotations

import logging
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from ..analyzers import Analyzer

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy.sparse import csr_matrix

    from ..document import Document
    from ..segment import Segmenter

logger = logging.getLogger("summarytext")

__all__ = [
    "TermConfig", "TermCounts", "TermMatrixBuilder", "TermsAnalyzer", "document_terms", "term_counts", "can_be_distinctive",
    "segmenter_for", "fitted_vectorizer",
]


@dataclass(frozen=True)
class TermConfig:
    """What counts as a term: the segmenter (``backend``, ``hmm``, ``domain_lexicon``,
    ``user_terms``), ``stopwords``, ``min_chars`` and ``fold_script`` (count traditional
    script in simplified characters).  Picklable, so that worker processes can use it.

    >>> TermConfig(backend="rjieba", hmm=False).segmenter_key
    ('rjieba', False, True, ())
    """

    backend: str = "jieba"
    hmm: bool = True
    domain_lexicon: bool = True
    user_terms: tuple = ()
    stopwords: frozenset = field(default_factory=frozenset)
    min_chars: int = 2
    fold_script: bool = True

    @classmethod
    def default(cls) -> "TermConfig":
        """The comparison's default: the library's segmenter and the genre's stopwords.

        >>> "的" in TermConfig.default().stopwords
        True
        """
        from ..segment import load_stopwords

        return cls(stopwords=frozenset(load_stopwords()))

    @property
    def segmenter_key(self) -> tuple:
        """What identifies the segmenter: backend, HMM, domain lexicon, user terms."""
        return (self.backend, self.hmm, self.domain_lexicon, self.user_terms)

    @classmethod
    def for_segmenter(cls, segmenter: "Segmenter | None", *, stopwords: frozenset, min_chars: int, fold_script: bool) -> "TermConfig":
        """The configuration of ``segmenter`` (None: the library's default), which this
        process then uses itself for it.

        >>> from summarytext import Segmenter
        >>> TermConfig.for_segmenter(Segmenter(hmm=False), stopwords=frozenset(), min_chars=2, fold_script=True).hmm
        False
        """
        if segmenter is None:
            return cls(stopwords=stopwords, min_chars=min_chars, fold_script=fold_script)
        config = cls(
            backend=segmenter.backend,
            hmm=segmenter.hmm,
            domain_lexicon=segmenter.domain_lexicon,
            user_terms=tuple(tuple(t) for t in segmenter.user_terms),
            stopwords=stopwords,
            min_chars=min_chars,
            fold_script=fold_script,
        )
        _SEGMENTERS[config.segmenter_key] = segmenter  # this process uses the instance itself
        return config


_SEGMENTERS: dict[tuple, "Segmenter"] = {}
_KEEP: dict[TermConfig, dict[str, bool]] = {}


def segmenter_for(config: TermConfig) -> "Segmenter":
    """The segmenter of a configuration, built once per process.

    >>> segmenter_for(TermConfig()) is segmenter_for(TermConfig())
    True
    """
    seg = _SEGMENTERS.get(config.segmenter_key)
    if seg is None:
        from ..segment import Segmenter, default_segmenter

        if config.segmenter_key == ("jieba", True, True, ()):
            seg = default_segmenter()
        else:
            seg = Segmenter(hmm=config.hmm, backend=config.backend, domain_lexicon=config.domain_lexicon)
            seg.user_terms = list(config.user_terms)
        _SEGMENTERS[config.segmenter_key] = seg
    return seg


def _keep_token(tok: str, config: TermConfig) -> bool:
    from .. import patterns as P
    from ..segment import is_quantity

    if len(tok) < config.min_chars or not tok.strip() or P.PUNCT_TOKEN.match(tok):
        return False
    if is_quantity(tok) or tok in config.stopwords or P.COUNTED_TOKEN.match(tok):
        return False
    return any(ch.isalpha() for ch in tok)


def _tokens(text: str, config: TermConfig, view: str | None) -> tuple[list[str], dict[str, bool]]:
    """The tokens of a text (its simplified view with ``fold_script``) and the decision, per
    distinct token, whether it is a term (cached per configuration)."""
    seg = segmenter_for(config)
    if config.fold_script:
        if view is None:
            from ..normalize import simplified_view

            view = simplified_view(text)
        text = view
    keep = _KEEP.get(config)
    if keep is None:
        keep = _KEEP[config] = {}
    tokens = seg.cut(text)
    for tok in set(tokens).difference(keep):  # each distinct token decided once
        keep[tok] = _keep_token(tok, config)
    return tokens, keep


def document_terms(text: str, config: TermConfig, *, view: str | None = None) -> list[str]:
    """The terms of one text under a configuration, in text order (decisions cached per
    distinct token).  ``view`` is the text's simplified view when the caller has it already.

    >>> document_terms("坚持以人民为中心，开展协商议政活动120场次。", TermConfig(stopwords=frozenset({"坚持", "开展"})))
    ['人民', '中心', '协商议政', '活动', '场次']
    """
    tokens, keep = _tokens(text, config, view)
    return [t for t in tokens if keep[t]]


@dataclass
class TermCounts:
    """The terms of one document and how often each occurs (first occurrence order)."""

    terms: list[str]
    counts: list[int]


def term_counts(text: str, config: TermConfig, *, view: str | None = None) -> TermCounts:
    """How often each term occurs in a text.

    >>> term_counts("全年收到提案，提案办复率高。", TermConfig())
    TermCounts(terms=['全年', '收到', '提案', '办复率'], counts=[1, 1, 2, 1])
    """
    tokens, keep = _tokens(text, config, view)
    counted = Counter(tokens)
    terms = [t for t in counted if keep[t]]
    return TermCounts(terms, [counted[t] for t in terms])


class TermMatrixBuilder:
    """The documents x terms count matrix, one document at a time.

    :meth:`add` takes a document's :class:`TermCounts`; :meth:`finish` returns the vocabulary
    (sorted) and the CSR matrix (int32 indices, float32 counts).  The vocabulary grows as
    documents arrive (a streaming count); only compact arrays are kept.

    >>> b = TermMatrixBuilder()
    >>> b.add(TermCounts(["提案", "委员"], [2, 1])); b.add(TermCounts(["委员"], [3]))
    >>> terms, m = b.finish()
    >>> terms, m.toarray().tolist()
    (['委员', '提案'], [[1.0, 2.0], [3.0, 0.0]])
    """

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.indices = array("i")
        self.data = array("f")
        self.indptr = array("q", [0])

    def add(self, counts: TermCounts) -> None:
        """Append one document's row."""
        vocab = self.vocabulary
        setdefault = vocab.setdefault
        self.indices.extend([setdefault(t, len(vocab)) for t in counts.terms])
        self.data.extend(counts.counts)
        self.indptr.append(len(self.indices))

    def finish(self) -> tuple[list[str], "csr_matrix"]:
        """The sorted vocabulary and the count matrix (the builder's arrays are released)."""
        import numpy as np
        from scipy import sparse

        terms = list(self.vocabulary)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        new_col = np.empty(len(terms), dtype=np.int32)
        new_col[np.asarray(order, dtype=np.int64)] = np.arange(len(terms), dtype=np.int32)
        # the matrix takes the builder's buffers as they are (no copy); columns are renumbered
        # in place, a block at a time, into the sorted vocabulary's order
        cols = np.frombuffer(self.indices, dtype=np.int32) if len(self.indices) else np.zeros(0, dtype=np.int32)
        data = np.frombuffer(self.data, dtype=np.float32) if len(self.data) else np.zeros(0, dtype=np.float32)
        step = 1 << 22
        for lo in range(0, len(cols), step):
            cols[lo : lo + step] = new_col[cols[lo : lo + step]]
        indptr = np.frombuffer(self.indptr, dtype=np.int64)
        self.indices, self.data = array("i"), array("f")
        n_rows = len(indptr) - 1
        indptr = indptr.astype(np.int32) if len(cols) < 2**31 else indptr.copy()
        matrix = sparse.csr_matrix((data, cols, indptr), shape=(n_rows, len(terms)))
        matrix.sort_indices()
        sorted_terms = [terms[i] for i in order]
        self.vocabulary = {}
        return sorted_terms, matrix


def can_be_distinctive(terms: Sequence[str], config: TermConfig) -> "np.ndarray":
    """Which terms may be reported as distinctive: not a unit or counting word (场次, 人次,
    个百分点 from ``units.tsv``), and not a fragment that jieba's HMM put together from a
    function word and its neighbour (地说, 的是: a word the dictionary does not know that
    begins or ends with a one-character stopword).

    >>> can_be_distinctive(["场次", "地说", "茶农", "地方"], TermConfig(stopwords=frozenset("的地得"))).tolist()
    [False, False, True, True]
    """
    import numpy as np

    from ..metric_lexicon import metric_lexicon

    units = metric_lexicon().units
    seg = segmenter_for(config)
    particles = {w for w in config.stopwords if len(w) == 1}

    def ok(term: str) -> bool:
        if term in units:
            return False
        if (term[0] in particles or term[-1] in particles) and not seg.knows(term):
            return False
        return True

    return np.fromiter((ok(str(t)) for t in terms), dtype=bool, count=len(terms))


def fitted_vectorizer(terms: Sequence[str]) -> Any:
    """A scikit-learn ``DictVectorizer`` fitted to a sorted vocabulary (float32), for users who
    want to transform new documents' term counts into the comparison's columns.

    >>> fitted_vectorizer(["委员", "提案"]).transform([{"提案": 2}]).toarray().tolist()
    [[0.0, 2.0]]
    """
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(dtype=np.float32, sort=True)
    return vec.fit([dict.fromkeys(terms, 1)] if len(terms) else [{}])


class TermsAnalyzer(Analyzer):
    """The term counts of a document as rows (``doc_id``, ``term``, ``count``; first
    occurrence order): the per-document analyzer ``analyzer("terms")`` of comparisons.
    ``config``: a :class:`TermConfig` (default :meth:`TermConfig.default`).

    >>> from summarytext import Document
    >>> a = TermsAnalyzer()
    >>> a.frame([a.rows(Document.from_text("提案办复率，提案。", doc_id="d"))]).values.tolist()
    [['d', '提案', 2], ['d', '办复率', 1]]
    """

    name = "terms"

    def __init__(self, *, config: TermConfig | None = None):
        self.config = config if config is not None else TermConfig.default()

    @property
    def dtypes(self) -> dict[str, Any]:
        return {"doc_id": "string", "term": "string", "count": "int64"}

    def rows(self, doc: "Document") -> dict[str, Any]:
        counts = term_counts(doc.text, self.config, view=doc.simplified if self.config.fold_script else None)
        return {"doc_id": [doc.doc_id] * len(counts.terms), "term": counts.terms, "count": counts.counts}
