"""Exceptions raised by summarytext.

Every error names the file (when there is one) and the problem, so that a run over
thousands of files can report exactly what went wrong where.

>>> from summarytext.errors import ReadError
>>> str(ReadError("a.txt", "file is empty"))
'a.txt: file is empty'
"""
from __future__ import annotations

from os import PathLike


class SummaryTextError(Exception):
    """Base class of the library's own errors.  They travel between processes as they are (an
    error raised in a worker reaches the caller with its message and fields).

    >>> import pickle
    >>> err = pickle.loads(pickle.dumps(ReadError("a.txt", "file is empty")))
    >>> str(err), err.path, err.reason
    ('a.txt: file is empty', 'a.txt', 'file is empty')
    """

    def __reduce__(self) -> tuple:
        # pickling an exception calls its class with its message alone, which the library's
        # errors do not take: rebuild it from its message and fields instead
        return (_rebuilt, (type(self), str(self), dict(vars(self))))


def _rebuilt(cls: type, message: str, fields: dict) -> "SummaryTextError":
    err = cls.__new__(cls, message)
    if issubclass(cls, ImportError):
        ImportError.__init__(err, message, name=fields.get("package"))
    else:
        BaseException.__init__(err, message)
    err.__dict__.update(fields)
    return err


class _PathError(SummaryTextError):
    """An error about a path and a reason: its message is ``"path: reason"`` (the reason alone
    when there is no path)."""

    def __init__(self, path: str | PathLike | None, reason: str):
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class ReadError(_PathError, ValueError):
    """A file could not be read as text: names the file and the reason.

    >>> err = ReadError("x.docx", "not a valid .docx (zip) file")
    >>> err.path, err.reason
    ('x.docx', 'not a valid .docx (zip) file')
    """


class LexiconError(SummaryTextError, ValueError):
    """A lexicon or theme file has a mistake: names the file, the line and the reason.

    >>> str(LexiconError("my.toml", "bad regex '('", line=12))
    "my.toml:12: bad regex '('"
    """

    def __init__(self, path: str | PathLike | None, reason: str, *, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = reason
        where = self.path or "<lexicon>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class MetadataError(SummaryTextError, ValueError):
    """A table or value of metadata given to override what was read has a mistake: names the
    file (or keyword argument), the row and the problem.

    >>> str(MetadataError("meta.csv, row 3", "level 'town' is not one of national, provincial, city, county"))
    "meta.csv, row 3: level 'town' is not one of national, provincial, city, county"
    """

    def __init__(self, where: str, reason: str):
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class PatternTimeout(LexiconError):
    """A theme pattern of the user's lexicon did not finish within its time limit on a text
    (it backtracks catastrophically there): names the lexicon file, the theme and the pattern.

    >>> str(PatternTimeout("my.toml", "(a+)+$", "t", 2.0, 5001)).split(": ")[0]
    'my.toml'
    """

    def __init__(self, path: str | PathLike | None, pattern: str, theme: str, seconds: float, chars: int):
        self.pattern = pattern
        self.theme = theme
        super().__init__(path, f"theme {theme!r}: pattern {pattern!r} did not finish within {seconds:.0f} s on a text of "
                               f"{chars:,} characters (catastrophic backtracking); rewrite it with bounded repetitions "
                               "such as {0,12} and no quantifier inside a repeated group")


class MissingExtra(SummaryTextError, ImportError):
    """An optional part of the library is not installed: names what needs it and the extra to install.

    >>> str(MissingExtra("Parquet output", "parquet", "pyarrow"))
    "Parquet output needs pyarrow, which is not installed: pip install 'summarytext[parquet]'"
    """

    def __init__(self, what: str, extra: str, package: str, *, alternative: str | None = None):
        self.what = what
        self.extra = extra
        self.package = package
        message = f"{what} needs {package}, which is not installed: pip install 'summarytext[{extra}]'"
        if alternative:
            message += f" ({alternative})"
        super().__init__(message, name=package)


def require(module: str, *, what: str, extra: str, package: str | None = None, alternative: str | None = None):
    """Import an optional dependency, or raise :class:`MissingExtra` naming the extra to install.

    >>> require("json", what="JSON", extra="none").__name__
    'json'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(what, extra, package or module.split(".")[0], alternative=alternative) from exc


class OutputError(_PathError, OSError):
    """An output cannot be written as asked (it would overwrite something, or another run
    holds it): names the path and the reason.

    >>> str(OutputError("results", "the folder is not empty (3 entries); add --force to replace what it holds"))
    'results: the folder is not empty (3 entries); add --force to replace what it holds'
    >>> isinstance(OutputError(None, "x"), OSError), OutputError(None, "held by another run").reason
    (True, 'held by another run')
    """


def warn_user(message: str) -> None:
    """A ``UserWarning`` shown at the line of the user's code that called into the library
    (the first frame outside the package), not at a line inside it.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_user("skipped r.doc: an old Word file")
    >>> str(caught[0].message), caught[0].filename.endswith("errors.py")
    ('skipped r.doc: an old Word file', False)
    """
    import os
    import sys
    import warnings

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


def error_message(exc: BaseException) -> str:
    """One line for an error: the library's own errors as they are, file errors with the
    file name, anything else with its type and a pointer to ``--debug``.

    >>> error_message(FileNotFoundError(2, "No such file or directory", "x.txt"))
    'x.txt: No such file or directory'
    """
    if isinstance(exc, SummaryTextError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    if isinstance(exc, MemoryError):
        return "out of memory; try fewer files at a time, or the pipeline command"
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return (f"unexpected error ({type(exc).__name__}{': ' + detail if detail else ''}); "
            "run the command again with --debug to see where it happened, and report it")
