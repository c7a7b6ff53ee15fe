"""Compilations (汇编): one file bundling several documents behind a table of contents.

:func:`read_compilation` finds the 目录, reads its entries (number, title, page),
finds each entry's title line in the body, and cuts the body into documents.
Entries without a body are reported (``present`` False, and a line in
:attr:`Compilation.problems`): a compilation that lacks one of its documents is a
condition of the input, not a mistake, so no Python warning is raised.  A body that
stops mid-sentence is flagged ``meta["truncated"]``.  Nothing is lost: the preamble,
the table of contents, each title line and body, and the trailer are kept in
:attr:`Compilation.pieces`, whose texts join back into the input.

>>> text = "年度汇编\\n目录\\n1.甲县政协2023年工作总结 2\\n2.乙县政协2023年工作总结 9\\n甲县政协2023年工作总结\\n全年立案120件。"
>>> comp = read_compilation(text)
>>> comp.toc[["index", "title", "page", "present"]].values.tolist()
[[1, '甲县政协2023年工作总结', 2, True], [2, '乙县政协2023年工作总结', 9, False]]
>>> comp.documents[0].text, "".join(p.text for p in comp.pieces) == text
('全年立案120件。', True)
>>> comp.problems
["compilation: table-of-contents entry 2 '乙县政协2023年工作总结' is listed but its body is missing"]
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from . import patterns as P
from .corpus import Corpus
from .document import Document, document_meta
from .io import ReadResult, existing_path, looks_like_path, read_file
from .errors import ReadError
from .normalize import is_notice, normalize_text, simplified_view, split_notices
from .structure import is_title_line

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

logger = logging.getLogger("summarytext")

TOC_COLUMNS = ["index", "title", "page", "present", "doc_id", "truncated"]
_SENTENCE_FINAL = tuple("。！？!?…”’」』）)》.")
_KEY_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
_LEADING_NUMBER = regex.compile(
    rf"^\s*(?:[(（]\s*(?:[0-9]{{1,4}}|[{P.CN_DIGITS}]{{1,4}})\s*[)）]|(?:[0-9]{{1,4}}|[{P.CN_DIGITS}]{{1,4}})\s*[.、．)）])\s*"
)


@dataclass(frozen=True)
class Piece:
    """A slice of the compilation's input: ``kind`` is preamble, toc, front, title,
    body or trailer; ``entry`` is the table-of-contents index for title and body pieces."""

    kind: str
    text: str
    start: int
    entry: int | None = None


@dataclass(frozen=True)
class TocEntry:
    index: int
    title: str
    page: int | None
    line: int


class Compilation(Corpus):
    """The documents of a compilation, with its table of contents.

    ``documents`` holds the entries whose body is present, in order; ``toc`` is a
    DataFrame (index, title, page, present, doc_id, truncated); ``title``,
    ``preamble``, ``toc_text`` and ``trailer`` keep the rest of the file; ``pieces``
    join back into the whole input.  ``problems`` lists, one sentence each, what the
    input lacks: entries without a body, a title line with nothing under it, a table of
    contents whose titles never appear.
    """

    def __init__(self, documents, *, toc_entries, present, pieces, source=None, title=None, meta=None, problems=()):
        super().__init__(documents)
        self.problems: list[str] = list(problems)
        self._toc_entries: list[TocEntry] = list(toc_entries)
        self._present: dict[int, str] = dict(present)
        self.pieces: list[Piece] = list(pieces)
        self.source = source
        self.title = title
        self.meta: dict[str, Any] = dict(meta or {})

    @property
    def toc(self) -> "pd.DataFrame":
        """The table of contents: index, title, page, present, doc_id, truncated."""
        import pandas as pd

        rows = []
        for e in self._toc_entries:
            doc_id = self._present.get(e.index)
            doc = self[doc_id] if doc_id is not None else None
            rows.append(
                {
                    "index": e.index,
                    "title": e.title,
                    "page": e.page,
                    "present": doc is not None,
                    "doc_id": doc_id,
                    "truncated": bool(doc.meta.get("truncated")) if doc is not None else None,
                }
            )
        frame = pd.DataFrame(rows, columns=TOC_COLUMNS)
        frame["page"] = frame["page"].astype("Int64")
        frame["index"] = frame["index"].astype("int64")
        frame["present"] = frame["present"].astype(bool)
        frame["truncated"] = frame["truncated"].astype("boolean")
        frame["title"] = frame["title"].astype("string")
        frame["doc_id"] = frame["doc_id"].astype("string")
        return frame

    def _pieces_of(self, kind: str) -> str:
        return "".join(p.text for p in self.pieces if p.kind == kind)

    @property
    def preamble(self) -> str:
        """Text before the table of contents (the compilation's title)."""
        return self._pieces_of("preamble")

    @property
    def toc_text(self) -> str:
        """The table of contents as written."""
        return self._pieces_of("toc")

    @property
    def trailer(self) -> str:
        """Reprint notices and other lines after the last body."""
        return self._pieces_of("trailer")

    @property
    def missing(self) -> list[int]:
        """Table-of-contents indices whose body is not in the file."""
        return [e.index for e in self._toc_entries if e.index not in self._present]

    def __repr__(self) -> str:
        return f"Compilation(title={self.title!r}, toc={len(self._toc_entries)}, documents={len(self)}, missing={self.missing})"


def looks_like_compilation(text: str) -> bool:
    """Whether a text opens with a table of contents listing at least two entries.

    >>> looks_like_compilation("汇编\\n目录\\n1.甲 2\\n2.乙 5\\n甲\\n正文"), looks_like_compilation("正文。")
    (True, False)
    """
    lines = [simplified_view(normalize_text(line).replace("\n", " ")) for line in regex.split(r"\r\n|\r|\n", text[:20000])[:200]]
    found = _find_toc(lines)
    return found is not None and len(found[1]) >= 2


def read_compilation(
    path_or_text: str | PathLike | ReadResult,
    *,
    script: str | None = None,
    doc_id: str | None = None,
) -> Compilation:
    """Split a compilation (a file or its text) into its documents.

    A text without a table of contents, or whose listed titles never appear in the body,
    gives a compilation of one document (with an empty ``toc`` or every entry marked not
    present, and a line in ``problems``).  Documents are named ``doc_id#index`` (``doc_id`` defaults
    to the file stem).  See the module docstring for an example.
    """
    source, text, base_meta = _resolve_input(path_or_text)
    stem = doc_id or (Path(source).stem if source else "compilation")
    label = source or "compilation"
    lines = _lines(text)
    plain = [text[s:e] for s, e, _ in lines]
    normed = [normalize_text(line).replace("\n", " ") for line in plain]
    norm = [simplified_view(line) for line in normed]  # same lengths as normed
    found = _find_toc(norm, normed)
    if found is None:
        doc = Document.from_text(text, doc_id=stem, source=source, meta=base_meta, script=script)
        return Compilation([doc], toc_entries=[], present={}, pieces=[Piece("body", text, 0)], source=source, title=doc.title, meta=base_meta)

    toc_line, entries, toc_problems = found
    problems = [f"{label}: {problem}" for problem in toc_problems]
    for msg in problems:
        logger.info(msg)
    if toc_problems:
        base_meta = dict(base_meta, toc_problems=toc_problems)
    toc_end_line = entries[-1].line + 1
    title_lines = _match_titles(norm, entries, toc_end_line)
    if not title_lines:
        msg = f"{label}: none of the {len(entries)} table-of-contents titles appears in the body; read as one document"
        logger.info(msg)
        meta = dict(base_meta, toc_unmatched=True)
        doc = Document.from_text(text, doc_id=stem, source=source, meta=meta, script=script)
        return Compilation([doc], toc_entries=entries, present={}, pieces=[Piece("body", text, 0)], source=source, title=doc.title,
                           meta=meta, problems=problems + [msg])
    trailer_line = _trailer_start(plain, max([toc_end_line] + [i + 1 for i in title_lines.values()]))

    def offset(line: int) -> int:
        return lines[line][0] if line < len(lines) else len(text)

    comp_title = next((n.strip() for n in norm[:toc_line] if n.strip()), None)
    pieces: list[Piece] = []

    def add(kind: str, a: int, b: int, entry: int | None = None) -> None:
        if b > a:
            pieces.append(Piece(kind, text[a:b], a, entry))

    add("preamble", 0, offset(toc_line))
    add("toc", offset(toc_line), offset(toc_end_line))
    present_order = sorted(title_lines.items(), key=lambda kv: kv[1])
    first_body_line = present_order[0][1]
    add("front", offset(toc_end_line), offset(first_body_line))

    documents: list[Document] = []
    present: dict[int, str] = {}
    by_index = {e.index: e for e in entries}
    empty: set[int] = set()  # entries whose title line has nothing under it
    for k, (index, line) in enumerate(present_order):
        entry = by_index[index]
        end_line = present_order[k + 1][1] if k + 1 < len(present_order) else trailer_line
        add("title", offset(line), offset(line + 1), index)
        body_raw = text[offset(line + 1) : offset(end_line)]
        add("body", offset(line + 1), offset(end_line), index)
        body_text, notices = split_notices(normalize_text(body_raw, script=script))
        if not body_text.strip():
            msg = f"{label}: entry {index} {entry.title!r} has a title line but no body"
            logger.info(msg)
            problems.append(msg)
            empty.add(index)
            continue
        title = normalize_text(plain[line], script=script).strip()
        meta = dict(base_meta)
        meta.update({k2: v for k2, v in document_meta(title, body_text).items() if v is not None})
        for key, value in document_meta(comp_title, "").items():
            meta.setdefault(key, value)
        if notices:
            meta["notices"] = notices
        meta["compilation"] = source or comp_title
        meta["toc_index"] = index
        meta["toc_page"] = entry.page
        meta["truncated"] = not body_text.rstrip().endswith(_SENTENCE_FINAL)
        if script not in (None, "original"):
            meta["script"] = script  # how the text was made from raw (Document.offset_map)
        doc = Document(body_text, doc_id=f"{stem}#{index}", title=title, raw=body_raw, source=source, meta=meta)
        documents.append(doc)
        present[index] = doc.doc_id
    add("trailer", offset(trailer_line), len(text))

    for e in entries:
        if e.index not in present and e.index not in empty:
            msg = f"{label}: table-of-contents entry {e.index} {e.title!r} is listed but its body is missing"
            logger.info(msg)
            problems.append(msg)
    notices = [s.strip() for s in plain[trailer_line:] if s.strip()]
    comp_meta = dict(base_meta)
    if notices:
        comp_meta["notices"] = notices
    return Compilation(documents, toc_entries=entries, present=present, pieces=pieces, source=source, title=comp_title, meta=comp_meta,
                       problems=problems)


def _resolve_input(obj: Any) -> tuple[str | None, str, dict[str, Any]]:
    if isinstance(obj, ReadResult):
        return obj.path, obj.text, {"encoding": obj.encoding, "kind": obj.kind}
    if isinstance(obj, PathLike) or (isinstance(obj, str) and existing_path(obj) is not None):
        result = read_file(obj)
        return result.path, result.text, {"encoding": result.encoding, "kind": result.kind}
    if isinstance(obj, str):
        if looks_like_path(obj):
            raise ReadError(obj, "no such file (give the text itself, or the path of an existing file)")
        return None, obj, {}
    raise TypeError(f"read_compilation expects a path or a text, got {type(obj).__name__}")


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end without line break, end with line break) of every line."""
    out = []
    for m in regex.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", text):
        if m.start() == len(text) and out:
            break
        out.append((m.start(), m.start() + len(m.group(0)) - len(m.group(1)), m.end()))
        if m.end() == len(text):
            break
    return out


def _find_toc(lines: list[str], originals: list[str] | None = None) -> tuple[int, list[TocEntry], list[str]] | None:
    """The table of contents: its heading line, its entries and the problems met reading it
    (lines that could not be read as entries).  Matched on ``lines`` (simplified script),
    titles taken from ``originals`` (the same lines in their own script, same lengths)."""
    limit = min(len(lines), 60)
    for i in range(limit):
        if P.TOC_HEADING.match(lines[i]):
            entries, problems = _toc_entries(lines, i + 1, originals or lines)
            if entries:
                return i, entries, problems
    return None


def _toc_line(s: str) -> tuple[int, int, int] | None:
    """A table-of-contents line with a page number (stripped, any length, any script):
    (start, end) of its title and the page; None when it has no page number.

    The title follows an optional number (1. （一） 三、) and is separated from the page
    (1 to 4 digits at the end) by leader dots or dashes, or by spaces.  Read by scanning
    from both ends, so a line of any length costs time in proportion to it.

    >>> s = "3.乙县政协2023年工作总结……………12"; a, b, page = _toc_line(s); (s[a:b], page)
    ('乙县政协2023年工作总结', 12)
    >>> _toc_line("政协工作报告2023") is None
    True
    """
    n = _LEADING_NUMBER.match(s)
    start = n.end() if n else 0
    end = len(s)
    while end > start and "0" <= s[end - 1] <= "9":
        end -= 1
    digits = len(s) - end
    if not 1 <= digits <= 4:
        return None
    gap_end = end
    while end > start and s[end - 1] in P.TOC_GAP:
        end -= 1
    spaces = gap_end - end
    leaders_end = end
    while end > start and s[end - 1] in P.TOC_LEADERS:
        end -= 1
    if leaders_end - end >= 2:
        while end > start and s[end - 1] in P.TOC_GAP:
            end -= 1
    elif spaces == 0:
        return None
    else:
        end = leaders_end  # one dash is part of the title
    if end <= start or not _HAS_LETTER.search(s, start, end):
        return None
    return start, end, int(s[len(s) - digits :])


def _toc_entries(lines: list[str], start: int, originals: list[str]) -> tuple[list[TocEntry], list[str]]:
    """Entries of a table of contents starting at ``start``: numbered titles with page
    numbers (or, when the first entry has no page number, numbered titles without).
    Blank lines may separate entries; the table ends at the first other line, or (in a
    table without page numbers) at a line that repeats an entry's title.

    A line in the table that cannot be read as an entry (no page number where the others
    have one) is taken as an entry when the numbering or the table goes on after it, and
    reported; lines further on that still read as entries are reported too, so that no
    listed document is merged into another unnoticed."""
    entries: list[TocEntry] = []
    problems: list[str] = []
    keys: set[str] = set()
    with_pages: bool | None = None
    j = start
    for j in range(start, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        lead = len(lines[j]) - len(lines[j].lstrip())
        own = originals[j][lead : lead + len(s)]  # the line in its own script
        paged = _toc_line(s) if with_pages is not False else None
        n = _LEADING_NUMBER.match(s)
        if paged is not None:
            a, b, page = paged
            title = own[a:b].strip()
        elif n and _title_like(s[n.end() :], max_chars=60) and with_pages is not True:
            a, b, page = n.end(), len(s), None
            title = own[a:].strip()
        elif entries and _broken_entry(lines, j, s, n, len(entries), with_pages):
            a, b, page = (n.end() if n else 0), len(s), None
            title = own[a:].strip()
            problems.append(f"table-of-contents line {j + 1} {s!r} could not be read as an entry "
                            f"(no page number); taken as entry {len(entries) + 1}")
        else:
            break
        key = _key(s[a:b])
        if page is None and key in keys:
            break  # a numbered title seen before, without a page number: the body has begun
        keys.add(key)
        if with_pages is None:
            with_pages = page is not None
        entries.append(TocEntry(len(entries) + 1, title, page, j))
    else:
        j = len(lines)
    if with_pages:
        # lines after the end of the table that still read as entries: the documents they list
        # would go into the one before them; say so
        seen = 0
        for k in range(j, len(lines)):
            s = lines[k].strip()
            if not s:
                continue
            seen += 1
            if seen > _TOC_LOOKAHEAD:
                break
            if _toc_line(s) is not None:
                problems.append(f"line {k + 1} {s!r} reads as a table-of-contents entry, but the table ended at "
                                f"line {j + 1}; what it lists may be merged into the document before it")
    return entries, problems


#: lines after the end of a table of contents looked at for stray entries
_TOC_LOOKAHEAD = 20
_HAS_LETTER = regex.compile(r"\p{L}")
_HAS_HAN = regex.compile(r"\p{Han}")


def _title_like(s: str, *, max_chars: int | None = None) -> bool:
    """A line that can be a title, in any script: no sentence punctuation, at least four
    letters (Han characters count as letters), and at most ``max_chars`` characters."""
    s = s.strip()
    if max_chars is not None and len(s) > max_chars:
        return False
    if _HAS_HAN.search(s):
        return is_title_line(s, max_chars=len(s) + 1)
    return P.RUNNING_TEXT_PUNCT.search(s) is None and len(_HAS_LETTER.findall(s)) >= 4


def _broken_entry(lines: list[str], j: int, s: str, n: Any, count: int, with_pages: bool | None) -> bool:
    """Whether line ``j`` of a table of contents, which does not read as an entry, is one
    meant as an entry: it carries the next number, or (title-like) the table goes on after it."""
    if n is not None and _number_of(s[: n.end()]) == count + 1:
        return True
    if not _title_like(s):
        return False
    for k in range(j + 1, len(lines)):
        following = lines[k].strip()
        if following:
            return with_pages is True and _toc_line(following) is not None
    return False


def _number_of(prefix: str) -> int | None:
    """The number of an entry's numbering (``3.``, ``（十二）``), or None."""
    from .numbers import parse_number

    digits = _KEY_DROP.sub("", prefix)
    try:
        value = parse_number(digits)
    except ValueError:
        return None
    return int(value) if value == int(value) else None


def _key(s: str) -> str:
    return _KEY_DROP.sub("", _LEADING_NUMBER.sub("", s.strip()))


#: a body title line may carry this many characters after the listed title (a subtitle, a date)
_TITLE_EXTRA = 12


def _match_titles(lines: list[str], entries: list[TocEntry], start: int) -> dict[int, int]:
    """Entry index -> line of its title in the body, searched in order after the TOC.

    A line holds an entry's title when its key (the line without numbering, punctuation
    and spaces) is the title's key, or, for a title-like line, starts with it and has at most
    :data:`_TITLE_EXTRA` more characters.  The body lines are indexed once, by their key
    and by the keys they may extend: time grows with the number of lines plus entries."""
    import bisect

    exact: dict[str, list[int]] = {}
    extended: dict[int, list[int]] = {}  # hash of a prefix of the key -> lines
    line_keys: dict[int, str] = {}
    for j in range(start, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        k = _key(s)
        if not k:
            continue
        line_keys[j] = k
        exact.setdefault(k, []).append(j)
        if len(k) > 1 and is_title_line(s, max_chars=len(s) + 1):
            for cut in range(max(1, len(k) - _TITLE_EXTRA), len(k)):
                extended.setdefault(hash(k[:cut]), []).append(j)
    found: dict[int, int] = {}
    cursor = start
    for e in entries:
        want = _key(simplified_view(e.title))
        if not want:
            continue
        best = None
        for candidates, check in ((exact.get(want, ()), False), (extended.get(hash(want), ()), True)):
            i = bisect.bisect_left(candidates, cursor)
            while i < len(candidates) and (best is None or candidates[i] < best):
                line = candidates[i]
                if not check or (line_keys[line].startswith(want) and len(line_keys[line]) - len(want) <= _TITLE_EXTRA):
                    best = line
                    break
                i += 1
        if best is not None:
            found[e.index] = best
            cursor = best + 1
    return found


def _trailer_start(lines: list[str], floor: int) -> int:
    """First line of the trailing block of notices and blank lines (not before ``floor``)."""
    end = len(lines)
    while end > floor:
        s = lines[end - 1]
        if not s.strip() or is_notice(s):
            end -= 1
            continue
        break
    return end
