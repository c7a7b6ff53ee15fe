"""A supervised theme tagger for users with labelled paragraphs: :class:`ThemeClassifier`.

A scikit-learn estimator: TF-IDF over the library's tokens (:func:`summarytext.segment.tokens`,
stopwords and numbers dropped) and one logistic regression per theme (one-vs-rest, so a
paragraph can have several themes).  It can be combined with a :class:`~summarytext.themes.ThemeLexicon`:

* ``combine="features"`` (default): the lexicon's score for every theme is added as a feature,
  so a small training set still knows the lexicon's words;
* ``combine="union"``: a theme is predicted when the classifier predicts it *or* the lexicon
  tags the paragraph with it (at its paragraph threshold);
* ``combine="none"``: text features only.

>>> X = ["全年立案提案120件，办复率100%。", "组织委员读书活动，建设书香政协。",
...      "提案办理协商会推动提案落实。", "委员读书群开展线上读书分享。"]
>>> y = [["提案工作"], ["书香政协"], ["提案工作"], ["书香政协"]]
>>> clf = ThemeClassifier().fit(X, y)
>>> clf.predict_labels(["县政协交办重点提案。"])
[['提案工作']]
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

logger = logging.getLogger("summarytext")

__all__ = ["ThemeClassifier", "lexicon_scores"]

COMBINE = ("features", "union", "none")


def _analyze(text: str) -> list[str]:
    """The analyzer of the TF-IDF step: the library's tokens without stopwords and numbers."""
    from .segment import tokens

    return tokens(text, stopwords=True, numbers=False)


class _Analyzer:
    """Word n-grams of :func:`_analyze` (a class, so that fitted models pickle)."""

    def __init__(self, ngram_range: tuple[int, int]):
        self.ngram_range = ngram_range

    def __call__(self, text: str) -> list[str]:
        words = _analyze(text)
        lo, hi = self.ngram_range
        out = list(words) if lo <= 1 else []
        for n in range(max(lo, 2), hi + 1):
            out.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        return out


def lexicon_scores(texts: Sequence[str], *, lexicon: Any = None) -> np.ndarray:
    """The lexicon's score for every (text, theme): an array of shape (len(texts), len(lexicon)).

    A score is the sum of the weights of the distinct words of the theme found in the text,
    as in :func:`summarytext.themes.tag_themes`.  The texts are matched in one pass.

    >>> from summarytext.themes import ThemeLexicon
    >>> s = lexicon_scores(["推进书香政协建设", "县城公交线路"])
    >>> ids = ThemeLexicon.default().ids
    >>> float(s[0, ids.index("书香政协")]), float(s[1, ids.index("民生")])
    (2.0, 1.0)
    """
    from .normalize import simplified_view as _simplified
    from .themes import resolve_lexicon

    lex = resolve_lexicon(lexicon)
    texts = [t.replace("\n", " ") if isinstance(t, str) else _not_text(t) for t in texts]
    out = np.zeros((len(texts), len(lex)), dtype=np.float64)
    if not texts:
        return out
    joined = "\n".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    h = lex.matcher().hits(_simplified(joined))
    if not len(h):
        return out
    row = np.searchsorted(starts, h.start, side="right") - 1
    # distinct words per (text, theme): the heaviest occurrence of each counts once
    key = (row * len(lex) + h.theme) * (int(h.word.max()) + 1) + h.word
    order = np.lexsort((-h.weight, key))
    first = order[np.r_[True, key[order][1:] != key[order][:-1]]]
    np.add.at(out, (row[first], h.theme[first]), h.weight[first])
    return out


def _not_text(value: Any) -> str:
    raise TypeError(f"ThemeClassifier expects paragraphs as str, got {type(value).__name__}")


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label theme classifier for paragraphs (scikit-learn estimator).

    Parameters (set in ``__init__``, changed with ``set_params``):

    * ``lexicon``: a :class:`~summarytext.themes.ThemeLexicon` or lexicon path; None for the
      shipped one;
    * ``combine``: how to use the lexicon, ``"features"``, ``"union"`` or ``"none"`` (see the
      module docs);
    * ``lexicon_weight``: scale of the lexicon features (``combine="features"``);
    * ``C``, ``class_weight``: of each logistic regression;
    * ``ngram_range``: word n-grams of the TF-IDF step; ``min_df``: its minimum document count;
    * ``threshold``: probability from which a theme is predicted;
    * ``classes``: the theme names of the columns when ``y`` is given as a 0/1 matrix.

    Learned attributes: ``classes_`` (theme names, the columns of :meth:`predict`),
    ``vectorizer_``, ``estimator_``, ``binarizer_``, ``lexicon_`` and ``n_features_in_``.
    """

    def __init__(
        self,
        *,
        lexicon: Any = None,
        combine: str = "features",
        lexicon_weight: float = 1.0,
        C: float = 4.0,
        class_weight: Any = "balanced",
        ngram_range: tuple[int, int] = (1, 1),
        min_df: int = 1,
        threshold: float = 0.5,
        classes: Sequence[str] | None = None,
    ):
        self.lexicon = lexicon
        self.combine = combine
        self.lexicon_weight = lexicon_weight
        self.C = C
        self.class_weight = class_weight
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.threshold = threshold
        self.classes = classes

    # --- fitting ---------------------------------------------------------------------------------
    def fit(self, X: Iterable[str], y: Any) -> "ThemeClassifier":
        """Learn from paragraphs ``X`` and their themes ``y``.

        ``y`` is a list of label lists (``[["提案工作"], ["民生", "乡村振兴"], []]``), a list of
        single labels, or a 0/1 matrix of shape (n_paragraphs, n_themes) whose column names are
        the ``classes`` parameter (0, 1, … when it is None).
        """
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        from .themes import resolve_lexicon

        if self.combine not in COMBINE:
            raise ValueError(f"combine must be one of {COMBINE}, got {self.combine!r}")
        texts = _texts(X)
        Y, binarizer = self._binarize(y, len(texts))
        self.binarizer_: MultiLabelBinarizer = binarizer
        self.classes_ = np.asarray(binarizer.classes_, dtype=object)
        self.lexicon_ = resolve_lexicon(self.lexicon) if self.combine != "none" else None
        self.vectorizer_ = TfidfVectorizer(analyzer=_Analyzer(tuple(self.ngram_range)), min_df=self.min_df, sublinear_tf=True)
        features = self._features(texts, fit=True)
        self.n_features_in_ = features.shape[1]
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        self.estimator_ = OneVsRestClassifier(model).fit(features, Y)
        logger.debug("ThemeClassifier fitted on %d paragraphs, %d themes, %d features", len(texts), len(self.classes_), self.n_features_in_)
        return self

    def _binarize(self, y: Any, n: int):
        from sklearn.preprocessing import MultiLabelBinarizer

        if hasattr(y, "shape") and len(getattr(y, "shape", ())) == 2:
            matrix = np.asarray(y)
            names = list(self.classes) if self.classes is not None else list(range(matrix.shape[1]))
            if len(names) != matrix.shape[1]:
                raise ValueError(f"y has {matrix.shape[1]} columns but classes names {len(names)}")
            binarizer = MultiLabelBinarizer(classes=names).fit([names])
            labels = matrix.astype(bool)
        else:
            lists = [[item] if isinstance(item, str) else list(item) for item in y]
            binarizer = MultiLabelBinarizer(classes=list(self.classes) if self.classes is not None else None).fit(lists)
            labels = binarizer.transform(lists).astype(bool)
        if labels.shape[0] != n:
            raise ValueError(f"X has {n} paragraphs but y has {labels.shape[0]} rows")
        return labels.astype(np.int64), binarizer

    def _features(self, texts: list[str], *, fit: bool = False):
        from scipy.sparse import csr_matrix, hstack

        words = self.vectorizer_.fit_transform(texts) if fit else self.vectorizer_.transform(texts)
        if self.combine != "features":
            return words
        scores = np.log1p(lexicon_scores(texts, lexicon=self.lexicon_)) * self.lexicon_weight
        return hstack([words, csr_matrix(scores)], format="csr")

    # --- prediction ------------------------------------------------------------------------------
    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """One score per (paragraph, theme) from the logistic regressions."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "estimator_")
        return np.asarray(self.estimator_.decision_function(self._features(_texts(X))))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probability of every theme for every paragraph, shape (n, len(classes_)).

        With ``combine="union"`` a theme the lexicon tags gets probability 1.
        """
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "estimator_")
        texts = _texts(X)
        proba = np.asarray(self.estimator_.predict_proba(self._features(texts)), dtype=np.float64)
        if proba.ndim == 1:  # pragma: no cover - a single class
            proba = proba[:, None]
        if self.combine == "union":
            proba = np.maximum(proba, self._lexicon_tags(texts))
        return proba

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """0/1 matrix of the predicted themes, one column per entry of ``classes_``."""
        return (self.predict_proba(X) >= self.threshold).astype(np.int64)

    def predict_labels(self, X: Iterable[str]) -> list[list[str]]:
        """The predicted themes of every paragraph as lists of names."""
        return [list(self.classes_[row.astype(bool)]) for row in self.predict(X)]

    def score(self, X: Iterable[str], y: Any, sample_weight: Any = None) -> float:
        """Micro-averaged F1 of the predictions against ``y`` (given like in :meth:`fit`)."""
        from sklearn.metrics import f1_score

        if hasattr(y, "shape"):
            Y = np.asarray(y)
        else:
            Y = self.binarizer_.transform([[i] if isinstance(i, str) else list(i) for i in y])
        return float(f1_score(Y, self.predict(X), average="micro", sample_weight=sample_weight, zero_division=0))

    def _lexicon_tags(self, texts: list[str]) -> np.ndarray:
        lex = self.lexicon_
        scores = lexicon_scores(texts, lexicon=lex)
        tagged = scores >= lex.threshold("paragraph") - 1e-9
        out = np.zeros((len(texts), len(self.classes_)), dtype=np.float64)
        for j, name in enumerate(self.classes_):
            if name in lex:
                out[:, j] = tagged[:, lex.ids.index(name)]
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.classifier_tags.multi_label = True
        return tags


def _texts(X: Iterable[str]) -> list[str]:
    if isinstance(X, str):
        raise TypeError("X must be a list of paragraphs, not one string")
    texts = list(X)
    for t in texts:
        if not isinstance(t, str):
            _not_text(t)
    return texts
