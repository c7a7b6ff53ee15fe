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
    """Base class of the library's own errors."""


class ReadError(SummaryTextError, ValueError):
    """A file could not be read as text: names the file and the reason.

    >>> err = ReadError("x.docx", "not a valid .docx (zip) file")
    >>> err.path, err.reason
    ('x.docx', 'not a valid .docx (zip) file')
    """

    def __init__(self, path: str | PathLike | None, reason: str):
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


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
