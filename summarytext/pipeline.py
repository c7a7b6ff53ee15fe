"""The whole pipeline over a corpus of any size, writing results as it goes.

:func:`run_pipeline` streams documents (a folder is read one file at a time), extracts
metrics and tags themes in worker processes (``n_jobs``), and appends each chunk of
results to CSV or Parquet files, so memory stays flat however many reports there are.

Files written to ``output`` (a folder): ``documents.<fmt>`` (one row per document),
``metrics.<fmt>``, ``themes.<fmt>`` and ``skipped.csv`` (files that could not be read).
Every file is written under a temporary name and moved into place when the run ends,
so an interrupted run leaves the results of the previous one intact.

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


def _process_file(item: tuple[Path, str], *, script: str | None, split_compilations: bool, **options: Any) -> list[dict[str, Any]]:
    """Read one file in the worker and process its documents one at a time (so the parts of
    a very large file never need to be in memory together); a bad file gives a skip record."""
    import warnings

    from .corpus import iter_file_documents

    path, doc_id = item
    skipped: list = []
    out: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doc in iter_file_documents(path, doc_id=doc_id, script=script, split_compilations=split_compilations,
                                       skipped=skipped, errors="ignore"):
            out.append(_process(doc, **options))
    out.extend({"skipped": (s.path, s.reason)} for s in skipped)
    return out


class _Sink:
    """Appends DataFrames to one CSV or Parquet file, written under a temporary name and
    renamed into place only when the whole run has succeeded."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.part")
        self.fmt = fmt
        self.rows = 0
        self._writer = None
        self._schema = None
        self._started = False

    def write(self, frame: "pd.DataFrame") -> None:
        if self.fmt == "csv":
            frame.to_csv(self.tmp, mode="a" if self._started else "w", header=not self._started, index=False, encoding="utf-8")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self.tmp, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self._started = True
        self.rows += len(frame)

    def finish(self, empty: "pd.DataFrame") -> None:
        """Complete the file (an empty table with its columns if nothing was written) and
        move it into place."""
        import os

        if not self._started:
            self.write(empty)
        self._close()
        os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        """Drop the partial file: an interrupted run leaves the previous results intact."""
        self._close()
        self.tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


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

    ``source`` is a folder (read lazily, by the workers), or anything
    :func:`~summarytext.document.as_documents` reads: a file, a text, a
    :class:`~summarytext.corpus.Corpus` or :class:`~summarytext.corpus.LazyCorpus`, or any
    iterable of texts, documents and paths (a generator is consumed once, never held in memory).  Results are the same, in the
    same order, whatever ``n_jobs`` and ``chunk_size``.
    """
    import pandas as pd

    from .corpus import Corpus, LazyCorpus, documents_frame
    from .io import atomic_write, existing_path
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
        from .errors import require

        require("pyarrow", what="Parquet output", extra="parquet", alternative="or use format='csv'")
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    location = Path(source) if isinstance(source, PathLike) else existing_path(source) if isinstance(source, str) else None
    if location is not None and location.is_dir():
        source = Corpus.from_dir(location, lazy=True, script=script, errors="ignore")
    names = ["documents"] + list(stages)
    sinks = {name: _Sink(out / f"{name}.{format}", format) for name in names}
    options = {"stages": stages, "level": level, "lexicon": lexicon}
    skipped: list[tuple[str, str]] = []
    read: list = []  # files that as_documents could not read
    if isinstance(source, LazyCorpus):
        # workers read the files themselves: the parent only sends paths and writes results
        from .corpus import file_ids, iter_files

        opts = source.options
        listing = iter_files(source.path, source.pattern, recursive=opts.get("recursive", True), exclude=tuple(opts.get("exclude", ())))
        readable = []
        for f, problem in listing:
            if problem is None:
                readable.append(f)
            else:
                skipped.append((str(f), problem))
        ids = file_ids(readable, source.path)
        files = [(f, ids[f]) for f in readable]
        work = partial(_process_batch, files=True, script=opts.get("script", script), split_compilations=opts.get("split_compilations", True), **options)
        items: Iterable[Any] = files
    else:
        work = partial(_process_batch, files=False, **options)
        items = source if isinstance(source, Corpus) else as_documents(source, script=script, caller="run_pipeline", skipped=read)
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
    except BaseException:
        for sink in sinks.values():
            sink.abandon()
        raise
    finally:
        if bar is not None:
            bar.close()
    sinks["documents"].finish(documents_frame([]))
    if "metrics" in stages:
        sinks["metrics"].finish(metrics_frame([]))
    if "themes" in stages:
        sinks["themes"].finish(themes_frame({c: [] for c in THEME_COLUMNS}))
    skipped.extend((s.path, s.reason) for s in read)
    skipped_path = out / "skipped.csv"
    table = pd.DataFrame(skipped, columns=["path", "reason"]).astype("string")
    atomic_write(skipped_path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8"))
    paths = {name: sink.path for name, sink in sinks.items()}
    paths["skipped"] = skipped_path
    result = PipelineResult(paths, count, {name: sinks[name].rows for name in names}, len(skipped), time.perf_counter() - started)
    logger.info("pipeline: %d documents, %s rows, %d skipped, %.1f s", count, result.rows, len(skipped), result.seconds)
    return result
