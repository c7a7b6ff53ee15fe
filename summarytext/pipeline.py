"""The whole pipeline over a corpus of any size, writing results as it goes.

:func:`run_pipeline` streams documents (a folder is read one file at a time), extracts
metrics and tags themes in worker processes (``n_jobs``), and appends each chunk of
results to CSV or Parquet files, so memory stays flat however many reports there are.

Files written to ``output`` (a folder): ``documents.<fmt>`` (one row per document),
``metrics.<fmt>``, ``themes.<fmt>`` and ``skipped.csv`` (files that could not be read).

>>> import tempfile
>>> result = run_pipeline(["全年立案120件，办复率100%。", "召开专题协商会6次。"], tempfile.mkdtemp(), format="csv")
>>> result.documents, result.rows["metrics"], sorted(p.name for p in result.paths.values())
(2, 3, ['documents.csv', 'metrics.csv', 'skipped.csv', 'themes.csv'])
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import partial
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .document import Document, as_documents

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

logger = logging.getLogger("summarytext")

STAGES = ("metrics", "themes")
FORMATS = ("parquet", "csv")


@dataclass
class PipelineResult:
    """What a run wrote: the files, documents processed, rows per table, files skipped, seconds."""

    paths: dict[str, Path]
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    seconds: float = 0.0


def _process(doc: Document, *, stages: tuple[str, ...], level: str, lexicon: Any) -> dict[str, Any]:
    """Everything the pipeline needs from one document (runs in a worker process)."""
    out: dict[str, Any] = {"document": doc.to_dict()}
    if "metrics" in stages:
        from .metrics import metrics_rows

        out["metrics"] = metrics_rows(doc)
    if "themes" in stages:
        from .themes import _resolve, _tag_document

        lex = _resolve(lexicon)
        out["themes"] = _tag_document(doc, level, lex, lex.threshold(level))
    return out


def _process_batch(items: list[Any], *, files: bool, script: str | None = None, split_compilations: bool = True, **options: Any) -> dict[str, Any]:
    """A batch of files (read here, in the worker) or documents, processed and assembled
    into tables, so that the main process only has to append them."""
    import numpy as np

    from .corpus import documents_frame
    from .metrics import metrics_frame
    from .themes import COLUMNS as THEME_COLUMNS, _frame as themes_frame

    results: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    for item in items:
        if files:
            for r in _process_file(item, script=script, split_compilations=split_compilations, **options):
                if "skipped" in r:
                    skipped.append(r["skipped"])
                else:
                    results.append(r)
        else:
            results.append(_process(item, **options))
    out: dict[str, Any] = {"count": len(results), "skipped": skipped, "documents": documents_frame([r["document"] for r in results])}
    if "metrics" in options["stages"]:
        out["metrics"] = metrics_frame([row for r in results for row in r["metrics"]])
    if "themes" in options["stages"]:
        tables = [r["themes"] for r in results if r["themes"] is not None]
        out["themes"] = themes_frame({c: np.concatenate([t[c] for t in tables]) if tables else [] for c in THEME_COLUMNS})
    return out


def _process_file(path: Path, *, script: str | None, split_compilations: bool, **options: Any) -> list[dict[str, Any]]:
    """Read one file in the worker and process its documents; a bad file gives a skip record."""
    import warnings

    from .corpus import _read_documents
    from .errors import ReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            docs = list(_read_documents(Path(path), script=script, split_compilations=split_compilations))
    except ReadError as exc:
        return [{"skipped": (str(path), exc.reason)}]
    return [_process(doc, **options) for doc in docs]


class _Sink:
    """Appends DataFrames to one CSV or Parquet file."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.fmt = fmt
        self.rows = 0
        self._writer = None
        self._schema = None
        self._started = False

    def write(self, frame: "pd.DataFrame") -> None:
        if self.fmt == "csv":
            frame.to_csv(self.path, mode="a" if self._started else "w", header=not self._started, index=False, encoding="utf-8")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self.path, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self._started = True
        self.rows += len(frame)

    def close(self, empty: "pd.DataFrame") -> None:
        if not self._started:
            self.write(empty)  # an empty table with its columns, so every file exists
        if self._writer is not None:
            self._writer.close()


def run_pipeline(
    source: Any,
    output: str | PathLike,
    *,
    stages: Iterable[str] = STAGES,
    format: str = "parquet",
    n_jobs: int | None = 1,
    chunk_size: int = 64,
    level: str = "paragraph",
    lexicon: Any = None,
    script: str | None = None,
    progress: bool = False,
) -> PipelineResult:
    """Run metrics and themes over ``source`` and write them incrementally to ``output``.

    ``source`` is a folder (read lazily), a :class:`~summarytext.corpus.Corpus` or
    :class:`~summarytext.corpus.LazyCorpus`, or any iterable of texts and documents
    (a generator is consumed once, never held in memory).  Results are the same, in the
    same order, whatever ``n_jobs`` and ``chunk_size``.
    """
    import pandas as pd

    from .corpus import Corpus, LazyCorpus, documents_frame
    from .metrics import metrics_frame
    from .parallel import chunked, map_documents
    from .themes import COLUMNS as THEME_COLUMNS, _frame as themes_frame

    stages = tuple(stages)
    for s in stages:
        if s not in STAGES:
            raise ValueError(f"unknown stage {s!r}; stages are {STAGES}")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    if format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise ImportError("Parquet output needs pyarrow: pip install 'summarytext[parquet]', or use format='csv'") from exc
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(source, (str, PathLike)) and Path(source).is_dir():
        source = Corpus.from_dir(source, lazy=True, script=script, errors="ignore")
    names = ["documents"] + list(stages)
    sinks = {name: _Sink(out / f"{name}.{format}", format) for name in names}
    options = {"stages": stages, "level": level, "lexicon": lexicon}
    skipped: list[tuple[str, str]] = []
    if isinstance(source, LazyCorpus):
        # workers read the files themselves: the parent only sends paths and writes results
        from .corpus import iter_files

        opts = source.options
        listing = iter_files(source.path, source.pattern, recursive=opts.get("recursive", True), exclude=tuple(opts.get("exclude", ())))
        files = []
        for f, problem in listing:
            if problem is None:
                files.append(f)
            else:
                skipped.append((str(f), problem))
        work = partial(_process_batch, files=True, script=opts.get("script", script), split_compilations=opts.get("split_compilations", True), **options)
        items: Iterable[Any] = files
    else:
        work = partial(_process_batch, files=False, **options)
        items = source if isinstance(source, Corpus) else as_documents(source, script=script, caller="run_pipeline")
    started = time.perf_counter()
    count = 0
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="pipeline", unit="doc")
    try:
        # each worker task is one batch: reading, analysis and table building happen there
        for batch in map_documents(work, chunked(items, chunk_size), n_jobs=n_jobs, chunk_size=1):
            skipped.extend(batch["skipped"])
            if batch["count"]:
                for name in names:
                    sinks[name].write(batch[name])
            count += batch["count"]
            if bar is not None:
                bar.update(batch["count"])
    finally:
        if bar is not None:
            bar.close()
        sinks["documents"].close(documents_frame([]))
        if "metrics" in stages:
            sinks["metrics"].close(metrics_frame([]))
        if "themes" in stages:
            sinks["themes"].close(themes_frame({c: [] for c in THEME_COLUMNS}))
    skipped_path = out / "skipped.csv"
    pd.DataFrame(skipped, columns=["path", "reason"]).to_csv(skipped_path, index=False, encoding="utf-8")
    paths = {name: sink.path for name, sink in sinks.items()}
    paths["skipped"] = skipped_path
    result = PipelineResult(paths, count, {name: sinks[name].rows for name in names}, len(skipped), time.perf_counter() - started)
    logger.info("pipeline: %d documents, %s rows, %d skipped, %.1f s", count, result.rows, len(skipped), result.seconds)
    return result
