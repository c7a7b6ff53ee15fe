"""Running per-document work on every core, in order, a chunk at a time.

:func:`map_documents` applies a picklable function to documents in worker processes
(``n_jobs``), keeping the input order, so results never depend on how a corpus is
split across processes.  Each worker loads what it needs (the jieba dictionary, the
lexicons) once, on first use, and keeps it for the chunks it receives.

>>> from summarytext import Document
>>> from summarytext.metrics import metrics_rows
>>> docs = [Document.from_text("立案120件。", doc_id="a"), Document.from_text("视察5次。", doc_id="b")]
>>> [len(rows) for rows in map_documents(metrics_rows, docs, n_jobs=1)]
[1, 1]
"""
from __future__ import annotations

import io
import itertools
import logging
import os
import pickle
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .document import Document

logger = logging.getLogger("summarytext")

T = TypeVar("T")


def effective_jobs(n_jobs: int | None) -> int:
    """Number of worker processes for ``n_jobs`` (None/1 → 1, -1 → all CPUs, -2 → all but one).

    >>> effective_jobs(1), effective_jobs(None)
    (1, 1)
    """
    if n_jobs is None or n_jobs == 0:
        return 1
    cpus = os.cpu_count() or 1
    if n_jobs < 0:
        return max(1, cpus + 1 + n_jobs)
    return n_jobs


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Successive lists of ``size`` items (the last one shorter).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _apply_chunk(func: Callable[[Document], Any], docs: list[Document]) -> list[Any]:
    return [func(doc) for doc in docs]


def packed(items: Any) -> bytes:
    """``items`` pickled for a worker process without growing the caller's strings.

    The C pickler writes a string through its cached UTF-8 form, which it creates inside the
    string and which lives as long as the string: a corpus of Chinese text sent to workers
    would keep a UTF-8 copy of every document (1.5 times the text's own memory) in the
    calling process.  The pure-Python pickler encodes a temporary copy instead.

    >>> import sys
    >>> text = "政协委员" * 100
    >>> before = sys.getsizeof(text)
    >>> pickle.loads(packed([text])) == [text], sys.getsizeof(text) == before
    (True, True)
    """
    buffer = io.BytesIO()
    pickle._Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(items)
    return buffer.getvalue()


def _submit(pool: ProcessPoolExecutor, func: Callable[[Any], T], items: Any) -> "Future[T]":
    """``func(items)`` in a worker of ``pool``, the items sent :func:`packed`."""
    return pool.submit(_unpacked, func, packed(items))


def _unpacked(func: Callable[[Any], T], payload: bytes) -> T:
    return func(pickle.loads(payload))


def map_documents(
    func: Callable[[Document], T],
    documents: Iterable[Document],
    *,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
) -> Iterator[T]:
    """``func(doc)`` for every document, in input order, using ``n_jobs`` processes.

    Documents are read from ``documents`` lazily, at most ``2 * n_jobs`` chunks ahead,
    so a streaming source keeps memory flat.  ``func`` must be a module-level function
    (it is sent to the workers by pickling).  The documents travel as :func:`packed` chunks,
    so that sending them leaves no copy of their text behind.
    """
    jobs = effective_jobs(n_jobs)
    if jobs == 1:
        for doc in documents:
            yield func(doc)
        return
    chunks = chunked(documents, chunk_size)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list = []
        for chunk in chunks:
            pending.append(_submit(pool, partial(_apply_chunk, func), chunk))
            if len(pending) >= 2 * jobs:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def map_batches(
    func: Callable[[list[Any]], T],
    batches: Iterable[list[Any]],
    *,
    n_jobs: int | None = 1,
    lost: Callable[[Any], T],
) -> Iterator[T]:
    """``func(batch)`` for every batch, in order, using ``n_jobs`` processes; a worker that
    dies (killed for lack of memory, a crash in a library) costs only its own item.

    When the pool breaks, the batches it held are run again one item at a time, in a
    fresh one-worker pool: the item whose run breaks that pool too gives ``lost(item)``
    instead of its result, and the run goes on.  Results come in input order; after a
    break, one per item of the batches run again.  At most ``2 * n_jobs`` batches are in
    flight; an interruption ends the workers at once.  Batches travel :func:`packed`, as
    documents do in :func:`map_documents`.
    """
    jobs = effective_jobs(n_jobs)
    if jobs == 1:
        for batch in batches:
            yield func(batch)
        return
    batches = iter(batches)
    pool = ProcessPoolExecutor(max_workers=jobs)
    queue: deque = deque()
    finished = False
    try:
        while True:
            while len(queue) < 2 * jobs:
                batch = next(batches, None)
                if batch is None:
                    break
                try:
                    future = _submit(pool, func, batch)
                except BrokenProcessPool as exc:
                    # the pool broke since the last result was read: this batch is run again
                    # with the ones the pool held, when the break is met below
                    future = Future()
                    future.set_exception(exc)
                queue.append((batch, future))
            if not queue:
                finished = True
                return
            batch, future = queue.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                again = [batch] + [b for b, _ in queue]
                queue.clear()
                _end(pool)
                logger.warning("a worker process died; running its %d batch(es) again one item at a time", len(again))
                yield from _one_at_a_time(func, [item for b in again for item in b], lost)
                pool = ProcessPoolExecutor(max_workers=jobs)
                continue
            yield result
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _end(pool)


def _one_at_a_time(func: Callable[[list[Any]], T], items: list[Any], lost: Callable[[Any], T]) -> Iterator[T]:
    """Each item alone in a one-worker pool (a new one after each break): a break names its item."""
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        for item in items:
            try:
                result = _submit(pool, func, [item]).result()
            except BrokenProcessPool:
                _end(pool)
                pool = ProcessPoolExecutor(max_workers=1)
                result = lost(item)
            yield result
    finally:
        _end(pool)


def _end(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: queued work is cancelled and its worker processes are ended."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # the executor's own record of them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)
