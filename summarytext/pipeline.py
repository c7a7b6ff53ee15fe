"""The whole pipeline over a corpus of any size, writing results as it goes.

:func:`run_pipeline` streams documents (a folder is read one file at a time), extracts
metrics and tags themes in worker processes (``n_jobs``), and appends each batch of
results to CSV or Parquet files, so memory stays flat however many reports there are and
however large one of them is (a batch holds about a million characters at most; a large
text file is read a part at a time and its parts are spread over the batches).

Files written to ``output`` (a folder): ``documents.<fmt>`` (one row per document),
``metrics.<fmt>``, ``themes.<fmt>``, ``skipped.csv`` (files that could not be read or
analysed, with the reason) and ``_SUCCESS`` (written last: the run completed).  A run that
reads no document from a folder or file, or whose every input is skipped (unreadable, or
failing analysis), raises :class:`~summarytext.errors.ReadError` and leaves ``output`` as it
was: no ``_SUCCESS`` claims a result (an empty iterable gives empty tables).  The run
writes into a staging folder beside ``output`` and swaps it into place when it ends, so
``output`` is always the previous complete result or the new one, never a mixture; an
interrupted run (Ctrl-C, SIGTERM) leaves the previous one as it was and no partial file.
A folder that is not empty is refused unless ``force=True``, and a second run into the
same folder fails at once.  A worker process that dies (killed for lack of memory) costs
only the file it was analysing, recorded in ``skipped.csv``.

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
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .document import Document, as_documents

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .analyzers import Analyzer

logger = logging.getLogger("summarytext")

STAGES = ("metrics", "themes")
FORMATS = ("parquet", "csv")
#: the most a batch of work holds, in characters of text (bytes of a file not yet read)
BATCH_CHARS = 1_000_000
#: results of this many characters of text are turned into tables before a batch goes on
FLUSH_CHARS = 250_000


@dataclass
class PipelineResult:
    """What a run wrote: the files, documents processed, rows per table, files skipped, seconds."""

    paths: dict[str, Path]
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    seconds: float = 0.0


def _process(doc: Document, *, analyzers: tuple["Analyzer", ...]) -> dict[str, Any]:
    """Everything the pipeline needs from one document: each analyzer's rows (runs in a
    worker process)."""
    return {a.name: a.rows(doc) for a in analyzers}


class _Tables:
    """Results of a batch, turned into tables every :data:`FLUSH_CHARS` characters of text (so
    that a batch never holds the rows of much text as Python objects)."""

    def __init__(self, analyzers: tuple["Analyzer", ...]):
        self.analyzers = analyzers
        self.pending: list[dict[str, Any]] = []
        self.chars = 0
        self.frames: dict[str, list] = {a.name: [] for a in analyzers}
        self.count = 0

    def add(self, result: dict[str, Any], chars: int) -> None:
        self.pending.append(result)
        self.count += 1
        self.chars += chars
        if self.chars >= FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        results, self.pending, self.chars = self.pending, [], 0
        if not results:
            return
        for a in self.analyzers:
            self.frames[a.name].append(a.frame([r[a.name] for r in results]))

    def result(self) -> dict[str, Any]:
        import pandas as pd

        self.flush()
        out: dict[str, Any] = {"count": self.count}
        for name, frames in self.frames.items():
            out[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True) if frames else None
        return out


def _process_batch(items: list[Any], *, script: str | None = None, split_compilations: bool = True, **options: Any) -> dict[str, Any]:
    """A batch of files (``(path, doc_id, size)``, read here, in the worker) and documents, processed
    and assembled into tables, so that the main process only has to append them.  A file or
    document that cannot be read or analysed gives a skip record, never the end of the run."""
    tables = _Tables(options["analyzers"])
    skipped: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, Document):
            _analyse(item, item.source or item.doc_id, tables, skipped, options)
        else:
            _process_file(item, tables, skipped, script=script, split_compilations=split_compilations, options=options)
    out = tables.result()
    out["skipped"] = skipped
    return out


def _process_file(item: tuple[Path, str, int], tables: _Tables, skipped: list[tuple[str, str]], *, script: str | None,
                  split_compilations: bool, options: dict[str, Any]) -> None:
    """Read one file in the worker and process its documents one at a time; a bad file gives
    a skip record (a file that fails part-way keeps the parts read)."""
    import warnings

    from .corpus import iter_file_documents

    path, doc_id, _size = item
    unread: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doc in iter_file_documents(path, doc_id=doc_id, script=script, split_compilations=split_compilations,
                                       skipped=unread, errors="ignore"):
            _analyse(doc, str(path), tables, skipped, options)
    skipped.extend((s.path, s.reason) for s in unread)


def _analyse(doc: Document, where: str, tables: _Tables, skipped: list[tuple[str, str]], options: dict[str, Any]) -> None:
    """Process one document into ``tables``; an error in the analysis is recorded as a skip."""
    try:
        result = _process(doc, **options)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not end a night's run
        from .errors import error_message

        label = f" ({doc.doc_id})" if doc.meta.get("part") or "#" in doc.doc_id else ""
        skipped.append((where, f"could not be analysed{label}: {error_message(exc)}"))
        logger.warning("%s%s could not be analysed: %s", where, label, exc)
        return
    tables.add(result, len(doc.text))


def _lost(item: Any) -> dict[str, Any]:
    """What a batch gives for an item whose worker process died while analysing it."""
    reason = "the worker process analysing it died (out of memory?); not analysed"
    if isinstance(item, Document):  # a text given as such, or a part of a large file read here
        return {"count": 0, "skipped": [(str(item.source or item.doc_id), f"{item.doc_id}: {reason}")]}
    return {"count": 0, "skipped": [(str(item[0]), reason)]}


class _Sink:
    """Appends DataFrames to one CSV or Parquet file through one open handle."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.fmt = fmt
        self.rows = 0
        self._handle: Any = None
        self._writer: Any = None
        self._schema = None

    def write(self, frame: "pd.DataFrame") -> None:
        if self.fmt == "csv":
            from .tables import spreadsheet_safe

            first = self._handle is None
            if first:
                self._handle = open(self.path, "w", encoding="utf-8", newline="")
            spreadsheet_safe(frame).to_csv(self._handle, header=first, index=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self.path, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self.rows += len(frame)

    def finish(self, empty: "pd.DataFrame") -> None:
        """Complete the file (an empty table with its columns if nothing was written)."""
        if self._handle is None and self._writer is None:
            self.write(empty)
        self.close()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _weight(item: Any) -> int:
    """About how many characters an item holds (a file's size in bytes, before it is read)."""
    return len(item.text) if isinstance(item, Document) else item[2]


def _batches(items: Iterable[Any], *, size: int, chars: int | None = None) -> Iterator[list[Any]]:
    """Successive lists of at most ``size`` items and, past the first item, ``chars`` characters
    (default :data:`BATCH_CHARS`)."""
    chars = chars or BATCH_CHARS
    batch: list[Any] = []
    weight = 0
    for item in items:
        w = _weight(item)
        if batch and (len(batch) >= size or weight + w > chars):
            yield batch
            batch, weight = [], 0
        batch.append(item)
        weight += w
    if batch:
        yield batch


def _file_items(files: list[tuple[Path, str]], *, script: str | None, split_compilations: bool,
                skipped: list[tuple[str, str]]) -> Iterator[Any]:
    """The work of a folder: each file as ``(path, doc_id, size in bytes)``, to be read by a
    worker; a large text file read here, a part at a time, its parts spread over the batches as
    documents."""
    from .corpus import SkippedFile, iter_file_documents
    from .io import LARGE_FILE_BYTES, TEXT_SUFFIXES

    for path, doc_id in files:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the worker that reads it says what is wrong
        if not (path.suffix.lower() in TEXT_SUFFIXES and size > LARGE_FILE_BYTES):
            yield path, doc_id, size
            continue
        unread: list[SkippedFile] = []
        yield from iter_file_documents(path, doc_id=doc_id, script=script, split_compilations=split_compilations,
                                       skipped=unread, errors="ignore")
        skipped.extend((s.path, s.reason) for s in unread)


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
    force: bool = False,
) -> PipelineResult:
    """Run metrics and themes over ``source`` and write them incrementally to ``output``.

    ``source`` is a folder or a file (read lazily, a file at a time, by the workers), or anything
    :func:`~summarytext.document.as_documents` reads: a text, a
    :class:`~summarytext.corpus.Corpus` or :class:`~summarytext.corpus.LazyCorpus`, or any
    iterable of texts, documents and paths (a generator is consumed once, never held in memory).
    Results are the same, in the same order, whatever ``n_jobs`` and ``chunk_size``.

    ``output`` must be a new or empty folder (``force=True`` replaces what it holds), and
    never one that holds the input; while the run lasts, another run into it fails at once
    (:class:`~summarytext.errors.OutputError`).  See the module docstring for what is written.
    """
    from .corpus import Corpus, LazyCorpus, file_ids, iter_files
    from .io import existing_path
    from .outputs import check_output_folder, output_lock, staged_folder, terminate_cleanly

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
    location = Path(source) if isinstance(source, PathLike) else existing_path(source) if isinstance(source, str) else None
    if location is not None and location.is_dir():
        source = Corpus.from_dir(location, lazy=True, script=script, errors="ignore")
    elif location is not None and not location.is_file():
        location = None  # as_documents says what is wrong with it
    elif isinstance(source, LazyCorpus):
        location = source.path
    options = {"analyzers": _analyzers(stages, level=level, lexicon=lexicon)}
    skipped: list[tuple[str, str]] = []
    read: list = []  # files that as_documents could not read
    if isinstance(source, LazyCorpus) or location is not None:
        # workers read the files themselves: the parent only sends paths (and the parts of
        # large text files) and writes results
        if isinstance(source, LazyCorpus):
            opts = source.options
            listing = iter_files(source.path, source.pattern, recursive=opts.get("recursive", True), exclude=tuple(opts.get("exclude", ())),
                                 follow_links=opts.get("follow_links", False))
            readable = []
            for f, problem in listing:
                if problem is None:
                    readable.append(f)
                else:
                    skipped.append((str(f), problem))
            ids = file_ids(readable, source.path)
            files = [(f, ids[f]) for f in readable]
            script = opts.get("script", script)
            split = opts.get("split_compilations", True)
        else:
            files, split = [(location, location.stem)], True
        work = partial(_process_batch, script=script, split_compilations=split, **options)
        items: Iterable[Any] = _file_items(files, script=script, split_compilations=split, skipped=skipped)
    else:
        work = partial(_process_batch, **options)
        items = source if isinstance(source, Corpus) else as_documents(source, script=script, caller="run_pipeline", skipped=read)
    with terminate_cleanly(), output_lock(out):
        check_output_folder(out, inputs=[location] if location is not None else [], force=force)
        with staged_folder(out) as stage:
            result = _write(stage, items, work, analyzers=options["analyzers"], format=format, n_jobs=n_jobs, chunk_size=chunk_size,
                            skipped=skipped, unread=read, progress=progress)
            if not result.documents and (skipped or location is not None):
                # nothing was read: the staging folder is dropped, no _SUCCESS claims a result
                raise _nothing_read(location, skipped)
    result.paths = {name: out / path.name for name, path in result.paths.items()}
    logger.info("pipeline: %d documents, %s rows, %d skipped, %.1f s", result.documents, result.rows, result.skipped, result.seconds)
    return result


def _nothing_read(location: Path | None, skipped: list[tuple[str, str]]) -> Exception:
    """The error of a run that read no document: the input (a file: its reason; a folder or
    other input: how many were skipped and the first reason)."""
    from .errors import ReadError

    if location is not None and location.is_file() and skipped:
        return ReadError(location, skipped[0][1])
    if not skipped:
        return ReadError(location, "no document to read (no .txt, .md or .docx file); nothing written")
    first = f"{skipped[0][0]}: {skipped[0][1]}"
    return ReadError(location, f"no document could be read ({len(skipped)} skipped; first {first}); nothing written")


def _analyzers(stages: tuple[str, ...], *, level: str, lexicon: Any) -> tuple["Analyzer", ...]:
    """The analyzers of a run: the documents table, then one per stage."""
    from .analyzers import analyzer

    options: dict[str, dict[str, Any]] = {"themes": {"level": level, "lexicon": lexicon}}
    return (analyzer("documents"),) + tuple(analyzer(s, **options.get(s, {})) for s in stages)


def _write(stage: Path, items: Iterable[Any], work: Any, *, analyzers: tuple["Analyzer", ...], format: str, n_jobs: int | None,
           chunk_size: int, skipped: list[tuple[str, str]], unread: list, progress: bool) -> PipelineResult:
    """Run the batches and write their tables into the folder ``stage``."""
    import pandas as pd

    from .parallel import map_batches

    names = [a.name for a in analyzers]
    sinks = {name: _Sink(stage / f"{name}.{format}", format) for name in names}
    started = time.perf_counter()
    count = 0
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="pipeline", unit="doc")
    try:
        # each worker task is one batch: reading, analysis and table building happen there
        for batch in map_batches(work, _batches(items, size=chunk_size), n_jobs=n_jobs, lost=_lost):
            skipped.extend(batch["skipped"])
            if batch["count"]:
                for name in names:
                    sinks[name].write(batch[name])
            count += batch["count"]
            if bar is not None:
                bar.update(batch["count"])
        for a in analyzers:
            sinks[a.name].finish(a.empty())
    finally:
        for sink in sinks.values():
            sink.close()
        if bar is not None:
            bar.close()
    skipped.extend((s.path, s.reason) for s in unread)
    skipped_path = stage / "skipped.csv"
    from .tables import spreadsheet_safe

    spreadsheet_safe(pd.DataFrame(skipped, columns=["path", "reason"]).astype("string")).to_csv(skipped_path, index=False, encoding="utf-8")
    paths = {name: sink.path for name, sink in sinks.items()}
    paths["skipped"] = skipped_path
    return PipelineResult(paths, count, {name: sinks[name].rows for name in names}, len(skipped), time.perf_counter() - started)
