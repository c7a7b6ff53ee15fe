"""Per-document analyzers: one interface for everything that reads documents one at a time.

An analyzer turns one document into rows of a table whose columns and dtypes it declares:

* ``name`` — the table (``"documents"``, ``"metrics"``, ``"themes"``, ``"brands"``,
  ``"terms"``, ``"clauses"``);
* ``dtypes`` — the table's columns, in order, with their pandas dtypes (``columns`` lists them);
* ``rows(doc)`` — the document's rows, as columns (a dict of equal-length lists or arrays);
* ``frame(parts)`` — the rows of many documents as one typed DataFrame (``empty()`` for none).

Analyzers are small picklable values (options only; lexicons and segmenters are loaded on
first use in each process), so the same analyzer runs in this process, in worker processes
(:meth:`Corpus.analyze <summarytext.corpus.Corpus.analyze>`, :func:`~summarytext.pipeline.run_pipeline`)
and on Dask workers (:func:`summarytext.dask.analyzer_frame`), and the tables agree.

:func:`analyzer` builds one by name; :data:`ANALYZERS` lists where each is defined.  A new
analyzer subclasses :class:`Analyzer` in its own module and adds a line to :data:`ANALYZERS`.

>>> from summarytext import Document
>>> metrics = analyzer("metrics")
>>> rows = metrics.rows(Document.from_text("立案120件。", doc_id="a"))
>>> metrics.frame([rows])[["doc_id", "text", "value"]].values.tolist()
[['a', '120件', 120.0]]
>>> analyzer("themes").columns[:3]
['doc_id', 'level', 'unit']
"""
from __future__ import annotations

import importlib
from os import PathLike
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .document import Document

__all__ = ["Analyzer", "ANALYZERS", "analyzer", "analyze", "DocumentsAnalyzer", "MetricsAnalyzer", "ThemesAnalyzer", "BrandsAnalyzer"]

#: analyzer name -> "module:class" that defines it
ANALYZERS = {
    "documents": "summarytext.analyzers:DocumentsAnalyzer",
    "metrics": "summarytext.analyzers:MetricsAnalyzer",
    "themes": "summarytext.analyzers:ThemesAnalyzer",
    "brands": "summarytext.analyzers:BrandsAnalyzer",
    "terms": "summarytext.compare.terms:TermsAnalyzer",
    "clauses": "summarytext.passages:ClausesAnalyzer",
}

Rows = Mapping[str, Any]


class Analyzer:
    """The interface of a per-document analyzer (see the module docstring).

    Subclasses set :attr:`name`, implement :meth:`rows` and :attr:`dtypes`; :meth:`frame`
    joins the rows of many documents and gives them their declared types.
    """

    name: ClassVar[str] = ""

    @property
    def dtypes(self) -> dict[str, Any]:
        """Column name -> pandas dtype, in column order."""
        raise NotImplementedError

    @property
    def columns(self) -> list[str]:
        """The table's columns, in order."""
        return list(self.dtypes)

    def rows(self, doc: "Document") -> Rows:
        """The rows of one document, as columns (every column of :attr:`dtypes`, equal lengths)."""
        raise NotImplementedError

    def frame(self, parts: Iterable[Rows]) -> "pd.DataFrame":
        """The rows of many documents (each from :meth:`rows`) as one typed DataFrame."""
        from .tables import typed_frame

        return typed_frame(join_rows(parts, self.columns), self.dtypes)

    def empty(self) -> "pd.DataFrame":
        """The table with no rows (its columns and dtypes)."""
        return self.frame([])

    def __repr__(self) -> str:
        options = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({options})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and _public(vars(other)) == _public(vars(self))

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted((k, repr(v)) for k, v in _public(vars(self)).items()))))


def _public(state: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if not k.startswith("_")}


def join_rows(parts: Iterable[Rows], columns: list[str]) -> dict[str, Any]:
    """Columns of many documents' rows joined end to end (lists or numpy arrays).

    >>> join_rows([{"a": [1], "b": ["x"]}, {"a": [2, 3], "b": ["y", "z"]}], ["a", "b"])
    {'a': [1, 2, 3], 'b': ['x', 'y', 'z']}
    """
    import numpy as np

    parts = [p for p in parts if p is not None]
    out: dict[str, Any] = {}
    for c in columns:
        values = [p[c] for p in parts]
        if values and all(isinstance(v, np.ndarray) for v in values):
            out[c] = np.concatenate(values)
        else:
            joined: list[Any] = []
            for v in values:
                joined.extend(v.tolist() if isinstance(v, np.ndarray) else v)
            out[c] = joined
    return out


# --------------------------------------------------------------------------------------------
# the analyzers of the library's per-document functions


class DocumentsAnalyzer(Analyzer):
    """One row per document: id, title, source, metadata and sizes (:meth:`Document.to_dict`;
    the table of :meth:`Corpus.to_frame <summarytext.corpus.Corpus.to_frame>`)."""

    name = "documents"

    @property
    def dtypes(self) -> dict[str, Any]:
        from .corpus import DOCUMENT_DTYPES

        return dict(DOCUMENT_DTYPES)

    def rows(self, doc: "Document") -> Rows:
        return {k: [v] for k, v in doc.to_dict().items()}


class MetricsAnalyzer(Analyzer):
    """Every metric of a document (:func:`~summarytext.metrics.metrics_columns`; the table of
    :func:`~summarytext.extract_metrics`).  ``disable`` leaves out rules by name."""

    name = "metrics"

    def __init__(self, *, disable: Iterable[str] = ()):
        self.disable = tuple(disable)

    @property
    def dtypes(self) -> dict[str, Any]:
        from .metrics import DTYPES

        return dict(DTYPES)

    def rows(self, doc: "Document") -> Rows:
        from .metrics import metrics_columns

        return metrics_columns(doc, disable=self.disable)


class ThemesAnalyzer(Analyzer):
    """The themes of a document's units (:func:`~summarytext.themes.document_themes`; the
    table of :func:`~summarytext.tag_themes`): ``level``, ``lexicon`` (a lexicon or the path of
    one; read once per process), ``min_score``."""

    name = "themes"

    def __init__(self, *, level: str = "paragraph", lexicon: Any = None, min_score: float | None = None):
        from .theme_lexicon import check_level

        check_level(level)
        self.level = level
        self.lexicon = lexicon
        self.min_score = min_score
        self._resolved: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # a lexicon given as a path travels as the path; each process reads it once
        return {k: v for k, v in vars(self).items() if k != "_resolved" or not isinstance(self.lexicon, (str, PathLike))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_resolved", None)

    @property
    def dtypes(self) -> dict[str, Any]:
        from .themes import DTYPES

        return dict(DTYPES)

    def rows(self, doc: "Document") -> Rows:
        from .themes import COLUMNS, document_themes, resolve_lexicon

        if self._resolved is None:
            self._resolved = resolve_lexicon(self.lexicon)
        cols = document_themes(doc, level=self.level, lexicon=self._resolved, min_score=self.min_score)
        return cols if cols is not None else {c: [] for c in COLUMNS}


class BrandsAnalyzer(Analyzer):
    """The candidate brands of a document (:func:`~summarytext.brands.brand_mentions`), which
    :func:`~summarytext.discover_brands` ranks over a corpus: ``lexicon``, ``cues``, ``known``."""

    name = "brands"

    def __init__(self, *, lexicon: Any = None, cues: Any = None, known: bool = True):
        self.lexicon = lexicon
        self.cues = cues
        self.known = known

    @property
    def dtypes(self) -> dict[str, Any]:
        from .brands import MENTION_DTYPES

        return dict(MENTION_DTYPES)

    def rows(self, doc: "Document") -> Rows:
        from .brands import brand_mentions

        return brand_mentions(doc, lexicon=self.lexicon, cues=self.cues, known=self.known)


# --------------------------------------------------------------------------------------------
# building and running


def analyzer(name: "str | Analyzer", **options: Any) -> Analyzer:
    """The analyzer called ``name`` with ``options`` (an :class:`Analyzer` is returned as it is).

    >>> analyzer("themes", level="sentence").level
    'sentence'
    """
    if isinstance(name, Analyzer):
        if options:
            raise TypeError("options go with an analyzer's name, not with an analyzer")
        return name
    where = ANALYZERS.get(name)
    if where is None:
        raise ValueError(f"unknown analyzer {name!r}; analyzers are {sorted(ANALYZERS)}")
    module, cls = where.split(":")
    return getattr(importlib.import_module(module), cls)(**options)


def _analyze_document(doc: "Document", analyzers: tuple[Analyzer, ...]) -> tuple[Rows, ...]:
    # module-level so that worker processes can run it
    return tuple(a.rows(doc) for a in analyzers)


def analyze(
    documents: Iterable["Document"],
    analyzers: "Iterable[str | Analyzer]",
    *,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
) -> dict[str, "pd.DataFrame"]:
    """Run analyzers over documents in one pass (worker processes with ``n_jobs``): one
    typed table per analyzer, by name, rows in document order whatever ``n_jobs``.

    >>> from summarytext import Document
    >>> tables = analyze([Document.from_text("立案120件。", doc_id="a")], ["documents", "metrics"])
    >>> sorted(tables), tables["documents"]["chars"].tolist()
    (['documents', 'metrics'], [7])
    """
    from functools import partial

    from .parallel import map_documents

    chosen = tuple(analyzer(a) for a in analyzers)
    names = [a.name for a in chosen]
    if len(set(names)) != len(names):
        raise ValueError(f"each analyzer once: {names}")
    parts: list[list[Rows]] = [[] for _ in chosen]
    for rows in map_documents(partial(_analyze_document, analyzers=chosen), documents, n_jobs=n_jobs, chunk_size=chunk_size):
        for i, r in enumerate(rows):
            parts[i].append(r)
    return {a.name: a.frame(p) for a, p in zip(chosen, parts)}
