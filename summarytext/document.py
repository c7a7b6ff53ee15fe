"""The :class:`Document`: one report, its normalised text and its structure.

>>> doc = Document.from_text("青川市政协2023年工作总结\\n一、主要工作\\n全年立案268件。办复率100%。")
>>> doc.title, doc.meta["year"], doc.meta["level"], doc.meta["place"]
('青川市政协2023年工作总结', 2023, 'city', '青川市')
>>> [s.text for s in doc.sentences]
['青川市政协2023年工作总结', '一、主要工作', '全年立案268件。', '办复率100%。']
>>> [sec.title for sec in doc.sections]
['青川市政协2023年工作总结', '一、主要工作']
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import patterns as P
from .normalize import has_lone_surrogates, normalize_text, split_notices
from .offsets import OffsetMap
from .structure import (
    Section,
    Span,
    is_title_line,
    paragraph_bounds,
    paragraph_sections,
    section_spans,
    sentence_array,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .io import ReadResult
    from .normalize import Repair

__all__ = ["Document", "Span", "Section", "document_meta", "as_documents", "caller_document", "caller_spans"]


@dataclass(eq=False)
class Document:
    """One report.

    Attributes: ``doc_id``; ``title``; ``text`` (normalised; every span the library
    reports for a document indexes it); ``raw`` (as read); ``source`` (path or None);
    ``meta`` (place, level, year covered, year published, kind of report and region when they
    can be read, see :mod:`summarytext.metadata`; encoding; notices split off the end).
    Computed on first use: the structure (``paragraphs``, ``sentences``, ``sections``), the
    simplified-script view (``simplified``), what normalisation repaired (``repairs``) and
    the map of offsets into ``raw`` (``offset_map``, ``raw_span``).
    """

    text: str
    doc_id: str = ""
    title: str | None = None
    raw: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document text must be str, got {type(self.text).__name__}")
        if self.raw is None:
            self.raw = self.text
        if not self.doc_id:
            self.doc_id = "doc-" + hashlib.blake2b(self.text.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()

    # --- construction -------------------------------------------------------------
    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        doc_id: str | None = None,
        title: str | None = None,
        source: str | None = None,
        meta: dict[str, Any] | None = None,
        script: str | None = None,
        normalize: bool = True,
    ) -> "Document":
        """A document from a string; never splits it, keeps every non-empty line as a paragraph.

        Trailing reprint/source notices go to ``meta["notices"]``.  ``script="simplified"``
        converts traditional characters.  The title is taken from the first line when it
        looks like one (short, no sentence punctuation).

        >>> d = Document.from_text("正文第一段。\\n如若转载,请注明出处:http://x.cn/1.html")
        >>> d.text, d.meta["notices"]
        ('正文第一段。', ['如若转载,请注明出处:http://x.cn/1.html'])
        """
        if not isinstance(text, str):
            raise TypeError(f"Document.from_text expects str, got {type(text).__name__}")
        body = normalize_text(text, script=script) if normalize else text
        if not normalize and has_lone_surrogates(body):
            raise ValueError("Document.from_text: the text holds lone surrogate code points, which are not text "
                             "(no table or file can store them); normalize=True replaces each with U+FFFD")
        return cls._assemble(text, body, doc_id=doc_id, title=title, source=source, meta=meta, script=script)

    @classmethod
    def _assemble(cls, text: str, body: str, *, doc_id: str | None = None, title: str | None = None,
                  source: str | None = None, meta: dict[str, Any] | None = None, script: str | None = None) -> "Document":
        """The document of ``text`` whose normalised form is ``body``: notices, title, metadata."""
        body, notices = split_notices(body)
        info = dict(meta or {})
        if notices:
            info.setdefault("notices", notices)
        if title is None:
            title = guess_title(body)
        for key, value in document_meta(title, body).items():
            info.setdefault(key, value)
        if script not in (None, "original"):
            info.setdefault("script", script)
        return cls(body, doc_id=doc_id or "", title=title, raw=text, source=source, meta=info)

    @classmethod
    def from_read(cls, result: "ReadResult", *, script: str | None = None, doc_id: str | None = None) -> "Document":
        """A document from a :class:`~summarytext.io.ReadResult` (file name as id)."""
        from pathlib import Path

        path = Path(result.path)
        meta: dict[str, Any] = {"encoding": result.encoding, "kind": result.kind}
        if result.warnings:
            meta["warnings"] = list(result.warnings)
        doc = cls.from_text(result.text, doc_id=doc_id or path.stem, source=str(path), meta=meta, script=script)
        if doc.meta.get("year") is None:
            year = _year(path.stem, bare=True)
            if year is not None:
                doc.meta["year"] = year
        return doc

    # --- structure --------------------------------------------------------------------
    @cached_property
    def paragraphs(self) -> list[Span]:
        """Every non-empty line, numbered from 0, with offsets into :attr:`text`."""
        return [Span(i, s, e, self.text[s:e], i) for i, (s, e) in enumerate(self.paragraph_offsets)]

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences (split on 。！？；… and line ends), with their paragraph index."""
        return [Span(i, s, e, self.text[s:e], p) for i, (s, e, p) in enumerate(self.sentence_offsets)]

    @cached_property
    def sections(self) -> list[Section]:
        """Headings (一、 (一) 1. x、 and short title lines), each with its paragraphs."""
        return section_spans(self.text, self.paragraph_offsets)

    @cached_property
    def paragraph_section(self) -> list[int]:
        """Section index of each paragraph."""
        return paragraph_sections(self.sections, len(self.paragraph_offsets))

    def locate(self, offset: int) -> tuple[int, int, int]:
        """(sentence, paragraph, section) indices holding a character offset (-1 if none).

        >>> Document.from_text("甲。乙。\\n丙。").locate(5)
        (2, 1, 0)
        """
        sentence, paragraph, section = self.locate_all([offset])
        return int(sentence[0]), int(paragraph[0]), int(section[0])

    def locate_all(self, offsets: "Iterable[int]") -> "tuple[np.ndarray, np.ndarray, np.ndarray]":
        """:meth:`locate` for many offsets at once: int64 arrays of sentence, paragraph and
        section indices (-1 where none).

        >>> [a.tolist() for a in Document.from_text("甲。乙。\\n丙。").locate_all([0, 5, 4])]
        [[0, 2, -1], [0, 1, -1], [0, 0, -1]]
        """
        import numpy as np

        off = np.fromiter(offsets, dtype=np.int64)
        sentences = self.sentence_array
        sentence, para = _holding(sentences, off), _holding(self.paragraph_array, off)
        para = np.where(sentence >= 0, sentences[np.maximum(sentence, 0), 2] if len(sentences) else -1, para)
        return sentence, para, self._section_of_paragraph[para]

    @cached_property
    def paragraph_array(self) -> "np.ndarray":
        """:attr:`paragraph_offsets` as an int64 array of shape (paragraphs, 2): start, end.

        >>> Document.from_text("甲。乙。\\n丙。").paragraph_array[:, 0].tolist()
        [0, 5]
        """
        import numpy as np

        return np.array(self.paragraph_offsets, dtype=np.int64).reshape(-1, 2)

    @cached_property
    def _section_of_paragraph(self) -> "np.ndarray":
        """:attr:`paragraph_section` as an int64 array, with -1 after the last paragraph (where
        :meth:`locate_all` puts an offset in no paragraph)."""
        import numpy as np

        return np.array(self.paragraph_section + [-1], dtype=np.int64)

    @cached_property
    def paragraph_offsets(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph: :attr:`paragraphs` without span objects (faster).

        >>> Document.from_text("甲。乙。\\n丙。").paragraph_offsets
        [(0, 4), (5, 7)]
        """
        return paragraph_bounds(self.text)

    @cached_property
    def sentence_offsets(self) -> list[tuple[int, int, int]]:
        """(start, end, paragraph index) of each sentence: :attr:`sentences` without span objects.

        >>> Document.from_text("甲。乙。\\n丙。").sentence_offsets
        [(0, 2, 0), (2, 4, 0), (5, 7, 1)]
        """
        return [tuple(row) for row in self.sentence_array.tolist()]

    @cached_property
    def sentence_array(self) -> "np.ndarray":
        """:attr:`sentence_offsets` as an int64 array of shape (sentences, 3): start, end,
        paragraph (what :meth:`locate_all` and the themes of sentences read).

        >>> Document.from_text("甲。乙。\\n丙。").sentence_array[:, 0].tolist()
        [0, 2, 5]
        """
        return sentence_array(self.text, self.paragraph_offsets)

    # --- the text as given -------------------------------------------------------------------
    @cached_property
    def simplified(self) -> str:
        """:attr:`text` with traditional characters mapped to simplified ones, same offsets
        (:func:`~summarytext.normalize.simplified_view`): what metrics, themes, passages and
        segmentation read, built once per document.

        >>> Document.from_text("政協委員提案").simplified
        '政协委员提案'
        """
        from .normalize import simplified_view

        return simplified_view(self.text)

    @cached_property
    def _normalized(self) -> Any:
        from .normalize import normalize_with_repairs

        if self.raw is self.text:
            return None
        return normalize_with_repairs(self.raw, script=self.meta.get("script"))

    @cached_property
    def repairs(self) -> list["Repair"]:
        """What normalisation repaired, in order: each :class:`~summarytext.normalize.Repair`
        has a ``kind`` (``gloss``, ``line_end``, ``html_entity`` …), its span in :attr:`raw`,
        what stood there and what it became.

        >>> [(r.kind, r.raw) for r in Document.from_text("收到提(ti)案\\r\\n立案26件").repairs]
        [('gloss', '(ti)'), ('line_end', '\\r\\n')]
        """
        n = self._normalized
        return list(n.repairs) if n is not None else []

    @cached_property
    def offset_map(self) -> OffsetMap:
        """The map of offsets into :attr:`text` to offsets into :attr:`raw` (built once, on
        first use; identity when normalisation changed nothing before the text's end).

        Raises ``ValueError`` when :attr:`text` is not the normalised form of :attr:`raw`
        (a document whose text was edited afterwards).
        """
        raw, text = self.raw or "", self.text
        if raw is text or raw.startswith(text):
            return OffsetMap.identity(len(raw))
        n = self._normalized
        if n is None or not n.text.startswith(text):
            raise ValueError(f"{self.doc_id}: the text is not the normalised form of doc.raw "
                             "(edited after reading?); offsets into doc.raw are not known")
        return n.offset_map

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of :attr:`raw` (the text as read or given) that ``text[start:end]`` came from.

        Every span the library reports for a document indexes :attr:`text`; this gives its
        place in the file's text as read.  Removed characters next to the span (a gloss after
        it) are left out, those inside it are kept.

        >>> doc = Document.from_text("政協(xié)委員提交提案２６件。")
        >>> doc.text
        '政協委員提交提案26件。'
        >>> doc.raw_span(8, 11), doc.raw[13:16]
        ((13, 16), '２６件')
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is not inside the text (length {len(self.text)})")
        return self.offset_map.span(start, end)

    # --- views ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        title = (self.title or "")[:30]
        return f"Document(doc_id={self.doc_id!r}, title={title!r}, chars={len(self.text)})"

    def to_dict(self) -> dict[str, Any]:
        """One row of :meth:`Corpus.to_frame`: id, title, source, metadata and sizes."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "year": self.meta.get("year"),
            "level": self.meta.get("level"),
            "place": self.meta.get("place"),
            "year_published": self.meta.get("year_published"),
            "report_kind": self.meta.get("report_kind"),
            "encoding": self.meta.get("encoding"),
            "chars": len(self.text),
            "paragraphs": len(self.paragraphs),
            "sentences": len(self.sentences),
            "truncated": bool(self.meta.get("truncated", False)),
        }

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>"
            for k, v in self.to_dict().items()
        )
        preview = escape(self.text[:300]) + ("…" if len(self.text) > 300 else "")
        return (
            f"<div><strong>Document</strong> {escape(self.doc_id)}<table>{rows}</table>"
            f"<pre style='white-space:pre-wrap'>{preview}</pre></div>"
        )


def guess_title(text: str) -> str | None:
    """The first of the opening lines that looks like a title, else None.

    A document number (梓政协发〔2025〕2号) or a date standing above the title is passed over.

    >>> guess_title("云岭县政协2024年工作总结\\n正文。"), guess_title("全年立案120件。")
    ('云岭县政协2024年工作总结', None)
    >>> guess_title("梓政协发〔2025〕2号\\n梓溪县政协2025年工作要点\\n正文。")
    '梓溪县政协2025年工作要点'
    >>> guess_title("青川新闻网 > 政协之窗 > 正文\\n枫林县政协开展协商活动\\n正文。")
    '枫林县政协开展协商活动'
    """
    seen = 0
    for line in text.split("\n", 20)[:20]:
        s = line.strip().lstrip("#").strip()
        if not s:
            continue
        if P.ABOVE_TITLE.search(s) and seen < 3:
            seen += 1
            continue
        return s if is_title_line(s, max_chars=60) else None
    return None




def _year(text: str | None, *, bare: bool = False) -> int | None:
    """A year written with 年 (2023年); with ``bare=True`` also a plain 19xx/20xx that is
    not a count (for titles and file names: ``report-2023``, not ``2000余件``)."""
    if not text:
        return None
    m = P.YEAR.search(text) or (P.BARE_YEAR.search(text) if bare else None)
    return int(m.group(1)) if m else None


def document_meta(title: str | None, text: str) -> dict[str, Any]:
    """Place, level, year covered, year published, kind of report and region, read from a title
    and the opening of a text (:func:`summarytext.metadata.read_metadata`); ``None`` where the
    text does not tell.

    >>> document_meta("澜江省政协2022年提案工作情况的报告", "")["place"]
    '澜江省'
    >>> m = document_meta("政协青川市第九届委员会常务委员会工作报告", "——2023年1月10日在政协青川市第九届委员会第二次会议上")
    >>> m["place"], m["level"], m["year"], m["year_published"]
    ('青川市', 'city', 2022, 2023)
    >>> document_meta("烏蘭縣政協2019年工作總結", "")["place"]
    '烏蘭縣'
    """
    from .metadata import read_metadata

    return read_metadata(title, text)


def as_documents(
    obj: Any,
    *,
    script: str | None = None,
    caller: str = "this function",
    errors: str = "warn",
    skipped: list | None = None,
    follow_links: bool = False,
) -> Iterator[Document]:
    """The documents of any input an analysis function takes, in order: the one way in.

    * a ``str`` is a text (ids ``doc0``, ``doc1`` … by position in a list) — unless it is one
      line naming an existing file or folder, which is then read as that path.  A ``str``
      that reads as a file name (``report.txt``, ``reports/``) but names nothing is a
      :class:`~summarytext.errors.ReadError` ("no such file or folder") when it is the whole
      input, and a text (with a warning) inside a list;
    * a :class:`Document` is used as it is;
    * a :class:`~summarytext.corpus.Corpus`, :class:`~summarytext.corpus.LazyCorpus` or
      :class:`~summarytext.compilation.Compilation` gives its documents;
    * a :class:`pathlib.Path` is read: a file gives its document (a compilation its
      documents, ids ``stem#1`` …), a folder every report in it (see ``Corpus.from_dir``);
    * a :class:`~summarytext.io.ReadResult` (what :func:`~summarytext.io.decode_file`
      returns) becomes its document;
    * a list (or any iterable, a pandas Series of texts too) of these gives their documents
      one after another; a DataFrame is refused (``TypeError``: pass its column of texts,
      ``frame["text"]``), as iterating it would give its column names.

    A file that cannot be read raises :class:`~summarytext.errors.ReadError`; with
    ``errors="ignore"`` it is appended to ``skipped`` instead.  In a folder, files that
    cannot be read are handled as ``Corpus.from_dir(errors=...)`` does, and links out of a folder
    are followed only with ``follow_links=True``.  Ids given to
    documents read here are made unique (``~2``, ``~3`` …); anything else raises
    ``TypeError`` naming the function.  A document made here from a ``str`` remembers it:
    the spans reported for it index that string (:func:`caller_spans`).

    >>> [(d.doc_id, d.text) for d in as_documents(["立案120件。", "视察5次。"])]
    [('doc0', '立案120件。'), ('doc1', '视察5次。')]
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = p.write_text("全年立案268件。", encoding="utf-8")
    >>> [(d.doc_id, d.text) for d in as_documents([p, str(p)])]
    [('r', '全年立案268件。'), ('r~2', '全年立案268件。')]
    """
    from os import PathLike

    from .io import ReadResult, existing_path, looks_like_path

    if errors not in ("warn", "raise", "ignore"):
        raise ValueError("errors must be 'warn', 'raise' or 'ignore'")
    record = skipped if skipped is not None else []
    taken: set[str] = set()

    def read_path(path: Any) -> Iterator[Document]:
        from pathlib import Path

        from .corpus import iter_documents, iter_file_documents, unique_id
        from .errors import ReadError

        location = Path(path)
        if location.is_dir():
            docs = iter_documents(location, script=script, errors=errors, skipped=record, follow_links=follow_links)
            if skipped is None and errors == "warn":
                docs = _warning_other_files(docs, record, caller)
        elif location.exists():
            docs = iter_file_documents(location, script=script, errors="ignore" if errors == "ignore" else "raise", skipped=record)
        elif errors == "ignore":
            from .corpus import SkippedFile

            record.append(SkippedFile(str(location), "no such file or folder"))
            return
        else:
            raise ReadError(location, "no such file or folder")
        for doc in docs:
            doc.doc_id = unique_id(doc.doc_id, taken)
            taken.add(doc.doc_id)
            yield doc

    def from_text(text: str, position: int, top: bool) -> Iterator[Document]:
        location = existing_path(text)
        if location is not None:
            yield from read_path(location)
            return
        if looks_like_path(text):
            if top:
                from .errors import ReadError

                raise ReadError(text.strip(), "no such file or folder (give the text itself, or the path of an existing file)")
            import warnings

            warnings.warn(f"{caller}: {text.strip()!r} names no file, so it is analysed as text", stacklevel=4)
        from .corpus import unique_id

        doc_id = unique_id(f"doc{position}", taken)
        taken.add(doc_id)
        yield caller_document(text, doc_id, script)

    def one(item: Any, position: int, top: bool) -> Iterator[Document]:
        if isinstance(item, str):
            yield from from_text(item, position, top)
        elif isinstance(item, Document):
            taken.add(item.doc_id)
            yield item
        elif isinstance(item, PathLike):
            yield from read_path(item)
        elif isinstance(item, ReadResult):
            doc = Document.from_read(item, script=script)
            taken.add(doc.doc_id)
            yield doc
        elif _is_table(item):
            # iterating a table gives its column names: refused rather than analysed as text
            raise TypeError(f"{caller} got a {type(item).__name__} (a table); pass its column of texts, e.g. "
                            f"{caller}(frame['text']), or Corpus.from_texts(frame['text'], ids=frame['doc_id'])")
        elif top and isinstance(item, Iterable) and not isinstance(item, (bytes, bytearray, dict)):
            for i, inner in enumerate(item):
                yield from one(inner, i, False)
        else:
            where = "" if top else " in a list"
            raise TypeError(f"{caller} expects a str, Document, Corpus, pathlib.Path or a list of them{where}, "
                            f"got {type(item).__name__}")

    yield from one(obj, 0, True)


def _warning_other_files(docs: Iterator[Document], record: list, caller: str) -> Iterator[Document]:
    """The documents of a folder; then one warning naming the files of other types it holds
    (.doc, .pdf …), which a folder reader records without a warning (a caller without a
    record of skipped files would not know of them; unreadable files warn as they come)."""
    from .errors import warn_user
    from .io import unsupported_reason

    first = len(record)
    yield from docs
    other = [s for s in record[first:] if unsupported_reason(s.path)]
    if other:
        listed = "; ".join(f"{s.path}: {s.reason}" for s in other[:5]) + (" …" if len(other) > 5 else "")
        warn_user(f"{caller}: {len(other)} file{'s' if len(other) > 1 else ''} of the folder skipped ({listed}); "
                  "Corpus.from_dir(folder).skipped lists every file skipped")


def _is_table(item: Any) -> bool:
    """A DataFrame (pandas, Polars, Dask …): an object with columns whose iteration gives
    column names, not texts (a Series of texts is read as a list)."""
    return hasattr(item, "columns") and hasattr(item, "dtypes") and not hasattr(item, "dtype")


def caller_document(text: str, doc_id: str, script: str | None = None) -> Document:
    """The document of a string a caller passed as text: the spans reported for it index that
    string (``doc.raw``), not the normalised text.

    >>> doc = caller_document("提案\\r\\n立案26件", "d1")
    >>> from summarytext import extract_metrics
    >>> row = extract_metrics(doc).iloc[0]
    >>> doc.raw[row.start:row.end]
    '26件'
    """
    from .normalize import normalize_with_repairs

    if not isinstance(text, str):
        raise TypeError(f"Document.from_text expects str, got {type(text).__name__}")
    normalized = normalize_with_repairs(text, script=script)  # one pass, its edits kept for the map
    doc = Document._assemble(text, normalized.text, doc_id=doc_id, script=script)
    doc.__dict__["_normalized"] = normalized  # what Document._normalized would work out again
    doc._caller_str = True
    return doc


def caller_spans(doc: Document, starts: Any, ends: Any) -> tuple[Any, Any, str]:
    """Spans of ``doc.text`` as the caller reads them: ``(starts, ends, text)`` such that
    ``text[start:end]`` is each span.

    For a document the caller passed, that is ``doc.text`` itself; for one that
    :func:`as_documents` made from the caller's ``str``, the string as given (spans mapped back
    through normalisation with :attr:`Document.offset_map`).

    >>> doc = next(as_documents("提案\\r\\n立案26件"))
    >>> s, e, text = caller_spans(doc, [5], [8])
    >>> s.tolist(), e.tolist(), text[s[0]:e[0]]
    ([6], [9], '26件')
    """
    import numpy as np

    if not getattr(doc, "_caller_str", False) or (doc.raw or "").startswith(doc.text):
        # a document, or a string that normalisation left as it was up to the end of the text
        return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64), doc.text
    s, e = doc.offset_map.spans(starts, ends)  # the identity when only characters were replaced
    return s, e, doc.raw or ""


def _holding(spans: "np.ndarray", offsets: "np.ndarray") -> "np.ndarray":
    """For each offset, the index of the span (rows of start, end, … sorted by start, not
    overlapping) that holds it, or -1."""
    import numpy as np

    if not len(spans):
        return np.full(len(offsets), -1, dtype=np.int64)
    i = np.searchsorted(spans[:, 0], offsets, side="right") - 1
    inside = (i >= 0) & (offsets < spans[np.maximum(i, 0), 1])
    return np.where(inside, i, -1)


def caller_texts(doc: Document, starts: Any, ends: Any, texts: Any) -> tuple[Any, Any, Any]:
    """:func:`caller_spans` for rows that carry their text: ``(starts, ends, texts)`` with each
    text the caller's own slice; only the texts of spans that hold a repair are sliced again
    (the others read the same in both).

    >>> doc = next(as_documents("立案２６件，收到提(ti)案3件"))
    >>> s, e, t = caller_texts(doc, [2, 8, 10], [5, 10, 12], ["26件", "提案", "3件"])
    >>> s.tolist(), e.tolist(), list(t)
    ([2, 8, 14], [5, 14, 16], ['２６件', '提(ti)案', '3件'])
    """
    import numpy as np

    s, e, given = caller_spans(doc, starts, ends)
    if given is doc.text:
        return s, e, texts
    if doc.meta.get("script") not in (None, "original"):  # converted: every character may differ
        return s, e, np.array([given[a:b] for a, b in zip(s.tolist(), e.tolist())], dtype=object)
    repairs = doc.repairs
    out = np.array(texts, dtype=object)
    if repairs:
        r_start = np.sort(np.fromiter((r.start for r in repairs), dtype=np.int64, count=len(repairs)))
        r_end = np.sort(np.fromiter((r.end for r in repairs), dtype=np.int64, count=len(repairs)))
        # repairs that begin before a span ends and end after it begins
        touched = np.searchsorted(r_start, e, side="left") - np.searchsorted(r_end, s, side="right") > 0
        for i in np.flatnonzero(touched).tolist():
            out[i] = given[s[i] : e[i]]
    return s, e, out

