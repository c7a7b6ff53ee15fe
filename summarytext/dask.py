"""The pipeline on a Dask cluster, for corpora that outgrow one machine (extra ``dask``).

* :func:`read_bag` — a ``dask.bag`` of :class:`~summarytext.document.Document` read
  from files or folders by the workers themselves (the client never holds the texts);
* :func:`metrics_frame` / :func:`themes_frame` — Dask DataFrames of metrics and
  themes from such a bag, or from a Dask DataFrame with a text column.

Results are the same rows, in the same order, as the in-process functions
(:func:`summarytext.extract_metrics`, :func:`summarytext.tag_themes`).

>>> import summarytext.dask as sd                              # doctest: +SKIP
>>> bag = sd.read_bag("reports/", npartitions=8)               # doctest: +SKIP
>>> sd.metrics_frame(bag).to_parquet("metrics/")               # doctest: +SKIP
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from .document import Document


def _require_dask():
    from .errors import require

    require("dask.bag", what="summarytext.dask", extra="dask", package="dask")
    require("dask.dataframe", what="summarytext.dask", extra="dask", package="dask")


def _files(paths: str | PathLike | Iterable[str | PathLike], pattern: str, exclude: tuple[str, ...] = ()) -> list[str]:
    from .corpus import iter_files
    from .io import SUPPORTED_SUFFIXES

    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(str(f) for f, problem in iter_files(p, pattern, exclude=exclude) if problem is None)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            out.append(str(p))
        else:
            raise FileNotFoundError(f"{p}: not a folder or a .txt/.md/.docx file")
    return out


def _read_partition(items: list[tuple[str, str]], script: str | None) -> list["Document"]:
    import warnings

    from .corpus import iter_file_documents

    docs: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path, doc_id in items:
            # a bad file never stops a partition; skipped_files() lists them
            docs.extend(iter_file_documents(path, doc_id=doc_id, script=script, errors="ignore"))
    return docs


def read_bag(
    paths: str | PathLike | Iterable[str | PathLike],
    *,
    pattern: str = "*",
    exclude: Iterable[str] = (),
    script: str | None = None,
    npartitions: int | None = None,
) -> "db.Bag":
    """A bag of documents read by the workers from files and folders (compilations split).

    Unreadable files are left out of the bag; :func:`skipped_files` lists them.
    """
    _require_dask()
    import dask.bag as db

    from .corpus import file_ids

    files = _files(paths, pattern, tuple(exclude))
    if not files:
        raise FileNotFoundError(f"no .txt/.md/.docx files in {paths}")
    root = Path(paths) if isinstance(paths, (str, PathLike)) and Path(paths).is_dir() else Path("/")
    ids = file_ids([Path(f) for f in files], root)
    items = [(f, ids[Path(f)]) for f in files]
    n = npartitions or min(len(items), 64)
    return db.from_sequence(items, npartitions=n).map_partitions(_read_partition, script)


def skipped_files(paths: str | PathLike | Iterable[str | PathLike], *, pattern: str = "*", exclude: Iterable[str] = ()) -> "pd.DataFrame":
    """Files under ``paths`` that cannot be read, with the reason (columns path, reason)."""
    import pandas as pd

    from .errors import ReadError
    from .io import read_file

    rows = []
    for f in _files(paths, pattern, tuple(exclude)):
        try:
            read_file(f)
        except ReadError as exc:
            rows.append((f, exc.reason))
    return pd.DataFrame(rows, columns=["path", "reason"])


def _metrics_partition(docs: list["Document"]) -> "pd.DataFrame":
    from .metrics import metrics_frame as frame, metrics_rows

    rows: list[dict[str, Any]] = []
    for doc in docs:
        rows.extend(metrics_rows(doc))
    return frame(rows)


def _themes_partition(docs: list["Document"], level: str, lexicon: Any) -> "pd.DataFrame":
    from .themes import tag_themes

    return tag_themes(list(docs), level=level, lexicon=lexicon)


def _texts_to_docs(part: "pd.DataFrame", text_column: str, id_column: str | None, script: str | None) -> list["Document"]:
    from .document import Document

    ids = part[id_column].astype(str).tolist() if id_column and id_column in part.columns else [str(i) for i in part.index]
    return [Document.from_text(t, doc_id=i, script=script) for t, i in zip(part[text_column].tolist(), ids)]


def _from_bag(bag: "db.Bag", func, meta: "pd.DataFrame") -> "dd.DataFrame":
    import dask.dataframe as dd
    from dask import delayed

    parts = [delayed(func)(part) for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def metrics_frame(
    source: "db.Bag | dd.DataFrame",
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
) -> "dd.DataFrame":
    """A Dask DataFrame of metrics (the columns of :func:`summarytext.extract_metrics`).

    ``source`` is a bag of documents (:func:`read_bag`) or a Dask DataFrame with a
    text column (and an id column, else the index is the document id).
    """
    _require_dask()
    from .metrics import metrics_frame as empty

    meta = empty([])
    if hasattr(source, "map_partitions") and hasattr(source, "columns"):
        return source.map_partitions(
            lambda part: _metrics_partition(_texts_to_docs(part, text_column, id_column, script)), meta=meta
        )
    return _from_bag(source, _metrics_partition, meta)


def themes_frame(
    source: "db.Bag | dd.DataFrame",
    *,
    level: str = "paragraph",
    lexicon: Any = None,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
) -> "dd.DataFrame":
    """A Dask DataFrame of themes (the columns of :func:`summarytext.tag_themes`)."""
    _require_dask()
    from .themes import tag_themes

    meta = tag_themes([], level=level, lexicon=lexicon)
    if hasattr(source, "map_partitions") and hasattr(source, "columns"):
        return source.map_partitions(
            lambda part: _themes_partition(_texts_to_docs(part, text_column, id_column, script), level, lexicon), meta=meta
        )
    return _from_bag(source, lambda docs: _themes_partition(docs, level, lexicon), meta)
