"""Access to the data files that ship inside the package (lexicons, units, themes).

All lexicons are plain UTF-8 text in ``summarytext/data``; each kind has one loader,
cached after its first call.  Nothing is read at import time.

>>> from summarytext.resources import data_lines
>>> "社情民意信息" in {line.split()[0] for line in data_lines("lexicon.txt")}
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError

_PACKAGE = "summarytext"


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``summarytext/data``.

    >>> data_path("lexicon.txt").name
    'lexicon.txt'
    """
    return Path(str(resources.files(_PACKAGE).joinpath("data", name)))


def read_data_text(name: str) -> str:
    """The whole text of a shipped data file (UTF-8)."""
    return data_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines (``#`` starts a comment line) of a data file.

    >>> data_lines("stopwords.txt")[:1]  # doctest: +SKIP
    ('的',)
    """
    return tuple(_clean_lines(read_data_text(name)))


def _clean_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def read_table(name: str, *, columns: int, path: str | Path | None = None) -> list[tuple[str, ...]]:
    """Rows of a tab-separated data file with exactly ``columns`` fields per row.

    Raises :class:`LexiconError` naming the file and line of a malformed row.
    """
    text = Path(path).read_text(encoding="utf-8") if path is not None else read_data_text(name)
    where = str(path) if path is not None else f"summarytext/data/{name}"
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.rstrip("\n").split("\t"))
        if len(fields) != columns:
            raise LexiconError(where, f"expected {columns} tab-separated fields, found {len(fields)}", line=lineno)
        rows.append(fields)
    return rows


def read_user_file(path: str | Path, what: str) -> str:
    """The text of a user's lexicon file (UTF-8, with or without BOM); a file that cannot
    be read or is not UTF-8 raises :class:`LexiconError` naming it.

    ``what`` names the kind of file in the message ("theme lexicon", "user lexicon" …).
    """
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LexiconError(p, f"cannot read {what} ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(p, f"{what} is not UTF-8 text") from exc


def load_toml(text: str, path: str | Path | None) -> dict:
    """Parse TOML; a mistake raises :class:`LexiconError` with the file, the line and the reason.

    >>> load_toml('a = 1', None)
    {'a': 1}
    """
    import re

    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        line = int(m.group(1)) if m else (len(text.splitlines()) if "end of document" in str(exc) else None)
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        raise LexiconError(path, f"bad TOML: {reason}", line=line) from exc
