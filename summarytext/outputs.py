"""Writing results without damage: nothing overwritten unasked, one run per output at a time,
a whole folder or nothing.

* :func:`check_output_folder` and :func:`check_output_file` refuse (:class:`OutputError`)
  a folder that is not empty, a file that exists (unless ``force``) and, always, an output
  that would replace an input;
* :func:`output_lock` holds a lock beside the output for the run: a second run that wants
  the same output fails at once, naming the process that holds it;
* :func:`staged_folder` gives a fresh staging folder beside the output; when the work
  succeeds, a marker (:data:`SUCCESS_MARKER`) is written into it and it is swapped into
  place in one step, so the output is always the old folder or the whole new one; when
  the work fails, the staging folder is removed;
* :func:`terminate_cleanly` turns SIGTERM and SIGHUP into :class:`SystemExit` while it is
  active, so that the cleanup that Ctrl-C gets (no partial file left) runs for them too.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with output_lock(out), staged_folder(out) as stage:
...     _ = (stage / "table.csv").write_text("a\\n1\\n", encoding="utf-8")
>>> sorted(p.name for p in out.iterdir())
['_SUCCESS', 'table.csv']
>>> check_output_folder(out)
Traceback (most recent call last):
...
summarytext.errors.OutputError: .../results: the folder is not empty (2 entries); add --force to replace what it holds
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from os import PathLike
from pathlib import Path
from typing import Iterable, Iterator

from .errors import OutputError

logger = logging.getLogger("summarytext")

#: the file a completed output folder holds (written last, before the folder is swapped in)
SUCCESS_MARKER = "_SUCCESS"


def usual_mode(base: int) -> int:
    """The permissions a new file (``base`` 0o666) or folder (0o777) gets: ``base`` less the
    process's umask (temporary files are made private; the output they become is not).

    >>> usual_mode(0o666) & ~0o666
    0
    """
    umask = os.umask(0)
    os.umask(umask)
    return base & ~umask


def _resolved(paths: Iterable[str | PathLike]) -> list[Path]:
    return [Path(p).resolve() for p in paths if p is not None]


def check_output_folder(folder: str | PathLike, *, inputs: Iterable[str | PathLike] = (), force: bool = False) -> None:
    """Refuse to write the folder ``folder``: when it is a file, when it holds or is an input
    (its contents are replaced, so inputs would go), or, unless ``force``, when it is not empty.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_output_folder(d / "new"), check_output_folder(d)
    (None, None)
    >>> check_output_folder(d, inputs=[d / "a.txt"], force=True)
    Traceback (most recent call last):
    ...
    summarytext.errors.OutputError: ...: the output folder holds an input (.../a.txt); choose another folder
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OutputError(target, "is a file; the output is a folder")
    where = target.resolve()
    for source in _resolved(inputs):
        if source.is_relative_to(where):
            raise OutputError(target, f"the output folder holds an input ({source}); choose another folder")
    if not force and target.is_dir():
        entries = sum(1 for _ in os.scandir(target))
        if entries:
            raise OutputError(target, f"the folder is not empty ({entries} {'entry' if entries == 1 else 'entries'}); "
                                      "add --force to replace what it holds")


def check_output_file(path: str | PathLike, *, inputs: Iterable[str | PathLike] = (), force: bool = False) -> None:
    """Refuse to write the file ``path``: when it is a folder, when it is an input, or, unless
    ``force``, when it exists.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = p.write_text("old", encoding="utf-8")
    >>> check_output_file(p, force=True)
    >>> check_output_file(p)
    Traceback (most recent call last):
    ...
    summarytext.errors.OutputError: .../m.csv: the file exists; add --force to replace it
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, "is a folder; give the name of the file to write")
    where = target.resolve()
    if any(source == where for source in _resolved(inputs)):
        raise OutputError(target, "is an input; the output would replace it: choose another name")
    if not force and target.exists():
        raise OutputError(target, "the file exists; add --force to replace it")


@contextlib.contextmanager
def output_lock(target: str | PathLike) -> Iterator[Path]:
    """Hold the lock of the output ``target`` (a file ``.NAME.lock`` beside it) for the duration.

    A second run that asks for the same lock fails at once with :class:`OutputError`, naming
    the process that holds it.  The lock is the operating system's (``flock``): it goes with
    the process that held it, however that process ended.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    fd = None
    try:
        with uninterrupted():  # a signal comes once the lock is known to the cleanup below
            fd = _acquire(lock_path, target)
        yield lock_path
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                lock_path.unlink()
            os.close(fd)


def _acquire(lock_path: Path, target: Path) -> int:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a file created exclusively
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise OutputError(target, f"another run is writing it (or one was interrupted: remove {lock_path})") from None
        os.write(fd, str(os.getpid()).encode())
        return fd
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputError(target, f"another run (process {holder}) is writing it; wait until it ends or choose another output") from None
        try:
            current = os.stat(lock_path)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(fd), current):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd
        os.close(fd)  # the run that held it removed the file as it ended: lock the one there now


@contextlib.contextmanager
def staged_folder(target: str | PathLike) -> Iterator[Path]:
    """A new, empty staging folder beside ``target``, swapped into its place when the block
    succeeds (with :data:`SUCCESS_MARKER` written last) and removed when it fails.

    Hold :func:`output_lock` around it.  Leftovers of a run that was killed outright (a
    staging folder; the previous output moved aside during a swap) are cleared first, the
    previous output put back where it belongs.
    """
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    stage: Path | None = None
    swapped = False
    try:
        with uninterrupted():  # a signal now comes after these steps, inside this block
            _clear_leftovers(target)
            stage = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.staging-"))
        yield stage
        files = sorted(p.name for p in stage.iterdir())
        marker = {"completed": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "files": files}
        (stage / SUCCESS_MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.chmod(stage, usual_mode(0o777))
        check_terminated()
        with uninterrupted():
            _swap_in(stage, target)
            swapped = True
    except BaseException:
        if stage is not None and not swapped:
            shutil.rmtree(stage, ignore_errors=True)
        raise


def _clear_leftovers(target: Path) -> None:
    for old in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            os.rename(old, target)  # killed between the two renames of a swap: the old output returns
            logger.info("restored %s from an interrupted run", target)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stage in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stage, ignore_errors=True)


def _swap_in(stage: Path, target: Path) -> None:
    """Put ``stage`` where ``target`` is: in one step where the system can exchange two
    folders (Linux), else by moving the old one aside first; the old one is then removed."""
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)  # now holds the old output
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (``renameat2`` with RENAME_EXCHANGE); False where the system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0
    if not done:
        logger.debug("renameat2 exchange failed (errno %d): moving the old output aside instead", ctypes.get_errno())
    return done


class _Signals:
    """What :func:`terminate_cleanly` and :func:`uninterrupted` share: how deep in steps that must
    not be cut in two the program is, and a signal that came meanwhile."""

    held = 0
    pending: int | None = None
    received: int | None = None  # the last signal that came while active, acted on or not
    active = False  # terminate_cleanly is in force


def _raise_for(signum: int) -> None:
    if signum == getattr(signal, "SIGINT", None):
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _handler(signum: int, frame: object) -> None:
    _Signals.received = signum
    if _Signals.held:
        _Signals.pending = signum  # handled when the step ends
        return
    _raise_for(signum)


def check_terminated() -> None:
    """Act on a signal that came while :func:`terminate_cleanly` was active but whose exception
    library code swallowed (a module that catches an import failing under it, say): called
    before a step that makes an output final, so that a terminated run never completes one.

    >>> check_terminated()  # no signal came: nothing happens
    """
    if _Signals.received is not None and not _Signals.held:
        _raise_for(_Signals.received)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold back SIGTERM, SIGHUP and Ctrl-C (while :func:`terminate_cleanly` is active) for a step
    that must not be cut in two: creating a file or folder that the cleanup must know of, swapping
    two folders.  A signal that came meanwhile takes effect when the step is done, so the step
    belongs inside the ``try`` whose cleanup it needs.  (Python runs signal handlers in the main
    thread, whichever thread the system gave the signal to, so this holds with worker threads.)"""
    _Signals.held += 1
    try:
        yield
    finally:
        _Signals.held -= 1
        if not _Signals.held and _Signals.pending is not None:
            signum, _Signals.pending = _Signals.pending, None
            _raise_for(signum)


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While active (in the main thread), SIGTERM and SIGHUP raise ``SystemExit(128 + signal)``
    instead of ending the process at once, and Ctrl-C raises ``KeyboardInterrupt`` as usual, but
    none of them inside a step marked :func:`uninterrupted`: cleanup code runs and no partial
    file stays.  Nested uses are the outer one (a signal is acted on once, by the outermost)."""
    if threading.current_thread() is not threading.main_thread() or _Signals.active:
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        sig = getattr(signal, name, None)
        if sig is not None and (name != "SIGINT" or signal.getsignal(sig) is signal.default_int_handler):
            previous[sig] = signal.signal(sig, _handler)
    _Signals.received = None
    _Signals.active = True
    try:
        yield
        check_terminated()  # a signal whose exception was swallowed still ends the run
    finally:
        _Signals.received = None
        _Signals.active = False
        for sig, old in previous.items():
            signal.signal(sig, old)
