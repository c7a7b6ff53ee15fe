"""Reading report files: .txt, .md and .docx in whatever encoding they come in.

:func:`read_document` reads a file into a :class:`~summarytext.document.Document` (what
every analysis function takes); :func:`decode_file` returns only the decoded text, with the
encoding that was used, as a :class:`ReadResult`.  ``read_text`` and ``read_file`` are the
older names of the two, kept as aliases.
A file that cannot be read (empty, binary, corrupt .docx, unknown encoding) raises
:class:`~summarytext.errors.ReadError` naming the file and the problem.

>>> from pathlib import Path
>>> import tempfile
>>> p = Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_bytes("政协提案工作".encode("gb18030"))
>>> read_document(p).meta["encoding"], decode_file(p).encoding
('gb18030', 'gb18030')
"""
from __future__ import annotations

import codecs
import re
import zipfile
from zlib import error as zlib_error
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import ReadError

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document

#: file suffixes read as text
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
#: file suffixes read as Word documents
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES

# what to do with the files a folder of reports often holds besides them
_UNSUPPORTED_ADVICE = {
    ".doc": "an old Word file (.doc); save it as .docx or .txt to read it",
    ".wps": "a WPS file; save it as .docx or .txt to read it",
    ".rtf": "a rich-text file (.rtf); save it as .docx or .txt to read it",
    ".pdf": "a PDF file; convert it to .txt or .docx to read it",
}


def unsupported_reason(path: str | PathLike) -> str | None:
    """Why a file is not read as a report (None when its type is read).

    >>> unsupported_reason("a.doc"), unsupported_reason("a.txt")
    ('an old Word file (.doc); save it as .docx or .txt to read it', None)
    >>> unsupported_reason("data.json")
    'unsupported file type .json (reports are read from .txt, .md and .docx files)'
    """
    suffix = Path(path).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    return _UNSUPPORTED_ADVICE.get(suffix) or f"unsupported file type {suffix or '(none)'} (reports are read from .txt, .md and .docx files)"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc/.xls); save it as .docx or .txt"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
)

# candidate legacy encodings for this genre, tried when the bytes are not UTF-8
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class ReadResult:
    """Text decoded from a file, and how.

    ``encoding`` is the codec used (``utf-8``, ``utf-8-sig``, ``gb18030``, ``utf-16``,
    ``utf-16-le`` …, or ``docx`` for Word files); ``warnings`` lists anything the
    reader had to work around (a truncated last character, an HTML file saved as .docx).
    """

    path: str
    text: str
    encoding: str
    kind: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


def decode_file(path: str | PathLike) -> ReadResult:
    """The text of one .txt/.md/.docx file and the encoding it was in (no Document is built:
    see :func:`read_document` for that).

    Raises :class:`ReadError` (naming the file) for a missing, empty, binary or
    corrupt file, or one whose encoding cannot be determined.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "b.txt"
    >>> _ = p.write_text("立案268件", encoding="utf-16")
    >>> r = decode_file(p); (r.text, r.encoding)
    ('立案268件', 'utf-16')
    """
    p = Path(path)
    if not p.exists():
        raise ReadError(p, "no such file")
    if p.is_dir():
        raise ReadError(p, "is a folder, not a file")
    suffix = p.suffix.lower()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(p, f"cannot be opened ({exc.strerror or exc})") from exc
    if suffix in DOCX_SUFFIXES:
        return _read_docx(p, data)
    text, encoding, warnings = decode_bytes(data, path=p)
    return ReadResult(str(p), text, encoding, "md" if suffix in {".md", ".markdown"} else "txt", tuple(warnings))


def existing_path(text: str) -> Path | None:
    """The path a string names when it is one line naming an existing file or folder, else None.

    >>> import tempfile
    >>> existing_path(tempfile.gettempdir()) is not None, existing_path("全年立案120件。"), existing_path(".")
    (True, None, None)
    """
    t = text.strip()
    if not t or "\n" in t or len(t) > 4096 or not any(ch.isalnum() for ch in t):
        return None  # punctuation alone (".", "/", "~") is text, never the whole of a folder
    try:
        p = Path(t).expanduser()
        return p if p.exists() else None
    except (OSError, ValueError, RuntimeError):  # too long, a NUL in it, or ~ with no home folder
        return None


def looks_like_path(text: str) -> bool:
    """Whether a one-line string reads as the name of a report file or folder rather than as a
    text: it ends in .txt, .md or .docx, or with a slash, or starts as a path does (``/``,
    ``./``, ``../``, ``~/``, ``C:\\``) and holds no space.

    >>> looks_like_path("huibian-2024.txt"), looks_like_path("reports/"), looks_like_path("/data/reports")
    (True, True, True)
    >>> looks_like_path("全年立案120件。"), looks_like_path("办复率100%/满意率98%")
    (False, False)
    """
    t = text.strip()
    if not t or "\n" in t or len(t) >= 4096 or not any(ch.isalnum() for ch in t):
        return False  # punctuation alone ("/", "./") is text
    if Path(t).suffix.lower() in SUPPORTED_SUFFIXES or t.endswith(("/", "\\")):
        return True
    return not any(ch.isspace() for ch in t) and bool(_PATH_START.match(t))


_PATH_START = re.compile(r"(?:/|\.{1,2}[/\\]|~[/\\]|[A-Za-z]:[/\\])")


#: text files larger than this are read in parts by folder readers, a block at a time (bounded
#: memory; such a file is never split as a compilation)
LARGE_FILE_BYTES = 16 * 1024 * 1024
#: the size of one part of a large file, in characters; a text read whole that is longer (and
#: not a compilation) is cut into parts too, so that no analysis holds more at once
PART_CHARS = 500_000


def iter_parts(path: str | PathLike, *, part_chars: int | None = None, block_bytes: int | None = None) -> Iterator[ReadResult]:
    """Read a (large) text file as successive parts of at most ``part_chars`` characters
    (default :data:`PART_CHARS`),
    cut at line ends, decoding as it goes, ``block_bytes`` at a time (default: four bytes per
    character of a part): memory stays bounded whatever the file size.

    The encoding is detected on the first block.  Each part is a :class:`ReadResult`
    whose text joins with the others into the whole file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "big.txt"
    >>> _ = p.write_text("立案120件。\\n" * 10, encoding="gb18030")
    >>> parts = list(iter_parts(p, part_chars=30))
    >>> len(parts), parts[0].encoding, "".join(r.text for r in parts) == "立案120件。\\n" * 10
    (4, 'gb18030', True)
    """
    p = Path(path)
    part_chars = part_chars or PART_CHARS
    block_bytes = block_bytes or 4 * part_chars
    if p.suffix.lower() in DOCX_SUFFIXES:
        yield read_file(p)
        return
    try:
        handle = p.open("rb")
    except OSError as exc:
        raise ReadError(p, f"cannot be opened ({exc.strerror or exc})") from exc
    with handle:
        head = handle.read(block_bytes)
        if not head:
            raise ReadError(p, "file is empty")
        _, encoding, _ = decode_bytes(head, path=p, partial=True)
        codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "utf-32": "utf-32"}.get(encoding, encoding)
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        warnings: list[str] = []
        buffer = ""
        block = head
        while True:
            final = not block
            chunk = decoder.decode(block, final=final)
            if "\ufffd" in chunk and not warnings:
                warnings.append(f"undecodable bytes in the file were replaced by U+FFFD (encoding {encoding})")
            buffer += chunk
            parts, buffer = _cut_parts(buffer, part_chars, final=final)
            for text in parts:
                yield ReadResult(str(p), text, encoding, "txt", tuple(warnings))
            if final:
                return
            block = handle.read(block_bytes)


def split_parts(result: ReadResult, *, part_chars: int | None = None) -> list[ReadResult]:
    """A text read whole, as parts of at most ``part_chars`` characters (default
    :data:`PART_CHARS`) cut at line ends, as :func:`iter_parts` reads a large file.

    >>> r = ReadResult("a.txt", "立案120件。\\n" * 10, "utf-8", "txt")
    >>> [len(part.text) for part in split_parts(r, part_chars=30)]
    [24, 24, 24, 8]
    """
    parts, _ = _cut_parts(result.text, part_chars or PART_CHARS, final=True)
    return [ReadResult(result.path, text, result.encoding, result.kind, result.warnings) for text in parts]


def _cut_parts(buffer: str, part_chars: int, *, final: bool) -> tuple[list[str], str]:
    """Whole parts of ``buffer`` (at most ``part_chars`` characters, cut after a line end where
    there is one) and what is left for the next block (nothing when ``final``)."""
    parts = []
    start = 0
    while len(buffer) - start >= part_chars or (final and start < len(buffer)):
        if len(buffer) - start >= part_chars:
            cut = buffer.rfind("\n", start, start + part_chars) + 1
            if cut <= start:
                cut = start + part_chars
        else:
            cut = len(buffer)
        parts.append(buffer[start:cut])
        start = cut
    return parts, buffer[start:]


def read_document(path: str | PathLike, *, script: str | None = None, doc_id: str | None = None) -> "Document":
    """Read a file into a :class:`~summarytext.document.Document` (a compilation as one
    document: :func:`~summarytext.compilation.read_compilation` splits it).

    The encoding used is in ``doc.meta["encoding"]``; the text as decoded is
    ``doc.raw`` and the normalised text ``doc.text``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "云岭县政协2024年工作总结.txt"
    >>> _ = p.write_bytes("云岭县政协2024年工作总结\\n全年立案１２０件。".encode("gb18030"))
    >>> doc = read_document(p)
    >>> doc.meta["encoding"], doc.meta["year"], doc.text.splitlines()[1]
    ('gb18030', 2024, '全年立案120件。')
    """
    from .document import Document

    result = decode_file(path)
    return Document.from_read(result, script=script, doc_id=doc_id)


#: the older names of :func:`decode_file` and :func:`read_document`
read_file = decode_file
read_text = read_document


def decode_bytes(data: bytes, *, path: str | PathLike | None = None, partial: bool = False) -> tuple[str, str, list[str]]:
    """Decode raw bytes of a text file: returns (text, encoding, warnings).

    Order: byte-order mark, strict UTF-8 (a character cut off at the very end is
    tolerated and reported), then the legacy encodings of Chinese text (GB18030,
    Big5, UTF-16 without BOM) judged by how plausible the decoded text is, then
    charset-normalizer.  Binary data raises :class:`ReadError`.  With ``partial=True``
    the bytes are the first block of a longer file: a character cut off at the end
    of the block is left out instead of counting against an encoding.

    >>> decode_bytes("协商".encode("utf-8"))[:2]
    ('协商', 'utf-8')
    """
    if not data.strip(b" \t\r\n\x00"):
        raise ReadError(path, "file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = _decode_partial(data, codec) if partial else data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"has a {codec} byte-order mark but is not valid {codec} ({exc.reason} at byte {exc.start})") from exc
            if not text.strip():
                raise ReadError(path, "file is empty")
            return text, codec, []
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(path, f"is a binary file ({what}), not text")
    if data.startswith(b"PK\x03\x04"):
        raise ReadError(path, "is a zip archive (a .docx or .xlsx saved under a text extension?), not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data", "invalid continuation byte"):
            head = data[: exc.start].decode("utf-8", errors="strict") if _valid_utf8(data[: exc.start]) else None
            if head is not None and exc.start > 0:
                return head + "\ufffd", "utf-8", [f"truncated UTF-8: the last character (bytes {exc.start}-{len(data)}) was cut off and is shown as U+FFFD"]
    if partial:
        try:
            return _decode_partial(data, "utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged
    best = _best_candidate(data, partial=partial)
    if best is not None:
        return best[0], best[1], []
    detected = _charset_normalizer_guess(data)
    if detected is not None:
        return detected[0], detected[1], []
    if b"\x00" in data:
        raise ReadError(path, "is a binary file (contains NUL bytes and is not UTF-16 text)")
    raise ReadError(path, "cannot determine the text encoding (tried UTF-8, GB18030, Big5, UTF-16); the file may be binary or damaged")


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def plausibility(text: str) -> float:
    """Share of characters that are ordinary in Chinese report text (0..1).

    Used to tell a right decoding from a wrong one: CJK ideographs, ASCII
    printable characters, whitespace and CJK/full-width punctuation count as ordinary.

    >>> plausibility("政协提案268件。") == 1.0
    True
    """
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        o = ord(ch)
        if (
            0x4E00 <= o <= 0x9FFF
            or 0x20 <= o < 0x7F
            or ch in "\n\r\t"
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2010 <= o <= 0x2027
            or o in (0xB7, 0xD7, 0xA0)
        ):
            ok += 1
    return ok / len(text)


def _mostly_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few damaged bytes (a lost or flipped byte in a scraped file): decoded
    with the damage shown as U+FFFD, rather than the whole file lost.  Text in another
    encoding read as UTF-8 gives replacement characters everywhere and is refused here."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if 0 < bad <= max(3, len(text) // 1000):
        return text, "utf-8", [f"{bad} undecodable byte sequence(s) in UTF-8 text, shown as U+FFFD"]
    return None


def _decode_partial(data: bytes, codec: str) -> str:
    """Decode a block that may end inside a character (the incomplete tail is left out)."""
    return codecs.getincrementaldecoder(codec)(errors="strict").decode(data, final=False)


def _best_candidate(data: bytes, *, partial: bool = False) -> tuple[str, str] | None:
    scored = []
    for codec in _CANDIDATES:
        if codec.startswith("utf-16") and len(data) % 2 and not partial:
            continue
        try:
            text = _decode_partial(data, codec) if partial else data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if "\x00" in text:
            score -= 0.5
        scored.append((score, -_CANDIDATES.index(codec), text, codec))
    if not scored:
        return None
    score, _, text, codec = max(scored)
    if score < 0.9:
        return None
    return text, codec


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None
    text = str(match)
    if plausibility(text) < 0.8:
        return None
    return text, match.encoding


#: limits on a .docx (a zip archive) checked before it is parsed, as Apache POI's ZipSecureFile
#: does: no member may expand more than 1/DOCX_MIN_INFLATE_RATIO times (members over
#: DOCX_GRACE_BYTES), no XML member (parsed into a tree) may exceed DOCX_MAX_XML_BYTES and
#: all members together (held in memory while reading) DOCX_MAX_TOTAL_BYTES, uncompressed
DOCX_MIN_INFLATE_RATIO = 0.01
DOCX_GRACE_BYTES = 100 * 1024
DOCX_MAX_XML_BYTES = 32 * 1024 * 1024
DOCX_MAX_TOTAL_BYTES = 256 * 1024 * 1024


def check_zip_limits(path: str | PathLike | None, archive: zipfile.ZipFile) -> None:
    """Raise :class:`ReadError` when a member of ``archive`` (a .docx) is larger, or expands
    more, than the limits above allow: a zip bomb is refused before anything is inflated.

    The stated sizes could be false: every member is then inflated a block at a time and
    checked (the zip reader stops at the stated size, where the checksum of a member that
    is larger fails), so what the reader later holds in memory is what was checked here.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", "<w:t>政协</w:t>" * 200_000)
    >>> check_zip_limits("bomb.docx", zipfile.ZipFile(buf))
    Traceback (most recent call last):
    ...
    summarytext.errors.ReadError: bomb.docx: refused as a zip bomb: word/document.xml expands 410 times (3.2 MB from 8.1 KB; the limit is 100 times)
    """
    total = 0
    for info in archive.infolist():
        size, packed = info.file_size, info.compress_size
        total += size
        if size > DOCX_GRACE_BYTES and packed < size * DOCX_MIN_INFLATE_RATIO:
            raise ReadError(path, f"refused as a zip bomb: {info.filename} expands {size // max(packed, 1)} times "
                                  f"({_size(size)} from {_size(packed)}; the limit is {round(1 / DOCX_MIN_INFLATE_RATIO)} times)")
        if info.filename.lower().endswith((".xml", ".rels")) and size > DOCX_MAX_XML_BYTES:
            raise ReadError(path, f"too large to read: {info.filename} is {_size(size)} uncompressed "
                                  f"(the limit is {_size(DOCX_MAX_XML_BYTES)}); save the document as .txt")
        if total > DOCX_MAX_TOTAL_BYTES:
            raise ReadError(path, f"too large to read: its parts come to more than {_size(DOCX_MAX_TOTAL_BYTES)} uncompressed")
    for info in archive.infolist():
        try:
            with archive.open(info) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, EOFError, OSError, zlib_error) as exc:
            raise ReadError(path, f"corrupt .docx file ({info.filename}: {exc}; its stated size may be false)") from exc
        except (NotImplementedError, RuntimeError) as exc:  # an unknown compression method, encryption
            raise ReadError(path, f"cannot read .docx file ({info.filename}: {exc})") from exc


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _read_docx(p: Path, data: bytes) -> ReadResult:
    if not data.strip():
        raise ReadError(p, "file is empty")
    head = data[:512].lstrip().lower()
    if not data.startswith(b"PK"):
        if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<meta", b"mime-version")) or b"<html" in head:
            text, encoding, warnings = decode_bytes(data, path=p)
            warnings.append("not a real .docx: the file is HTML saved with a .docx name; read as HTML text")
            return ReadResult(str(p), text, f"html/{encoding}", "html", tuple(warnings))
        raise ReadError(p, "not a valid .docx file (it is not a zip archive); if it is an old .doc, save it as .docx")
    from io import BytesIO

    try:
        check_zip_limits(p, zipfile.ZipFile(BytesIO(data)))
        import docx  # python-docx

        document = docx.Document(BytesIO(data))
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(p, f"corrupt .docx file ({exc})") from exc
    except Exception as exc:  # python-docx raises several library-specific errors on damaged packages
        raise ReadError(p, f"corrupt .docx file ({type(exc).__name__}: {exc})") from exc
    lines = _docx_lines(document)
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError(p, "the .docx file contains no text")
    return ReadResult(str(p), text, "docx", "docx", ())


def _docx_lines(document) -> list[str]:
    """Paragraph and table text of a python-docx Document, in body order (content
    controls included: Word keeps automatic tables of contents and template text there)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    seen: list = []  # the cell elements themselves, kept alive so that `is` is reliable
                    for cell in row.cells:
                        if any(cell._tc is tc for tc in seen):
                            continue  # a merged cell appears once per grid column it spans
                        seen.append(cell._tc)
                        cells.append(cell.text.strip())
                    lines.append("\t".join(cells))
            elif tag in ("sdt", "sdtContent", "customXml", "smartTag"):
                walk(child)

    walk(document.element.body)
    return lines


def atomic_write(path: str | PathLike, write: "Callable[[str], object]") -> Path:
    """Write a file atomically: ``write(tmp_path)`` fills a temporary file in the same
    folder, which then replaces ``path``; an interrupted run leaves ``path`` untouched
    and no partial file behind.  The new file gets the usual permissions (umask).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = atomic_write(p, lambda tmp: pathlib.Path(tmp).write_text("ok", encoding="utf-8"))
    >>> p.read_text(encoding="utf-8")
    'ok'
    """
    import os
    import tempfile

    from .outputs import check_terminated, uninterrupted, usual_mode

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # the temporary name keeps the target's suffix, in lower case: writers that check it
    # (pandas' Excel writer refuses .XLSX) accept it, whatever the case the user wrote
    tmp = None
    try:
        with uninterrupted():  # a signal comes once the temporary file is known to the cleanup below
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=f".part{target.suffix.lower()}")
            os.close(fd)
        write(tmp)
        os.chmod(tmp, usual_mode(0o666))
        check_terminated()  # a terminated run leaves the old file, even if a library swallowed the signal
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
    return target
