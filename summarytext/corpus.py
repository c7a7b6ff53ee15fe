"""The :class:`Corpus`: an ordered collection of documents.

>>> from summarytext import Document
>>> c = Corpus([Document.from_text("立案120件。", doc_id="a"), Document.from_text("办复率100%。", doc_id="b")])
>>> len(c), c["b"].text, list(c.to_frame()["doc_id"])
(2, '办复率100%。', ['a', 'b'])
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Container, Iterable, Iterator

from .document import Document
from .errors import ReadError, warn_user
from .io import read_file, unsupported_reason

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .analyzers import Analyzer

    from .io import ReadResult

logger = logging.getLogger("summarytext")

#: columns of :meth:`Corpus.to_frame` (one row per document) and their dtypes
DOCUMENT_DTYPES = {
    "doc_id": "string", "title": "string", "source": "string", "year": "Int64", "level": "string", "place": "string",
    "year_published": "Int64", "report_kind": "string", "encoding": "string", "chars": "int64", "paragraphs": "int64",
    "sentences": "int64", "truncated": bool,
}


@dataclass(frozen=True)
class SkippedFile:
    """A file a folder reader did not turn into documents, and why."""

    path: str
    reason: str


class Corpus:
    """An ordered collection of :class:`Document` objects, looked up by position or id.

    ``skipped`` records every file a folder reader could not use and why.
    """

    def __init__(self, documents: Iterable[Document] = (), *, skipped: Iterable[SkippedFile] = ()):
        self.documents: list[Document] = []
        self._by_id: dict[str, int] = {}
        self.skipped: list[SkippedFile] = list(skipped)
        for doc in documents:
            self.add(doc)

    # --- building ---------------------------------------------------------------------
    def add(self, doc: Document) -> None:
        """Append a document; its ``doc_id`` must be unique in the corpus."""
        if not isinstance(doc, Document):
            raise TypeError(f"Corpus holds Document objects, got {type(doc).__name__}")
        if doc.doc_id in self._by_id:
            raise ValueError(f"duplicate doc_id {doc.doc_id!r} in corpus")
        self._by_id[doc.doc_id] = len(self.documents)
        self.documents.append(doc)

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, ids: Iterable[str] | None = None, script: str | None = None) -> "Corpus":
        """A corpus from strings (ids default to ``doc0``, ``doc1`` …).

        >>> Corpus.from_texts(["立案120件。", "办复率100%。"]).ids
        ['doc0', 'doc1']
        """
        texts = list(texts)
        id_list = list(ids) if ids is not None else [f"doc{i}" for i in range(len(texts))]
        if len(id_list) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(id_list)} ids")
        return cls(Document.from_text(t, doc_id=i, script=script) for t, i in zip(texts, id_list))

    @classmethod
    def from_dir(
        cls,
        path: str | PathLike,
        pattern: str = "*",
        *,
        recursive: bool = True,
        script: str | None = None,
        split_compilations: bool = True,
        errors: str = "warn",
        exclude: Iterable[str] = (),
        lazy: bool = False,
        follow_links: bool = False,
    ) -> "Corpus | LazyCorpus":
        """Read every .txt/.md/.docx file of a folder (sorted by path).

        Files that match ``pattern`` but cannot be read (an empty file: ``file is empty``) are
        recorded in :attr:`skipped` with the reason (and a warning at the caller's line), or raise
        with ``errors="raise"``; files of other types (.doc, .pdf, .json …) are recorded in
        :attr:`skipped` with the reason, without a warning.  A compilation (a file with a 目录 listing several
        documents) is split into its documents (ids ``stem#1``, ``stem#2`` …) unless
        ``split_compilations=False``.  Files whose name matches a glob of ``exclude``
        are left out.  Links that loop are not followed twice, and links to files or
        folders outside ``path`` are recorded as skipped unless ``follow_links=True``.  With ``lazy=True`` a
        :class:`LazyCorpus` is returned: files are read one at a time while iterating,
        so memory stays flat however large the folder.

        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("立案120件。", encoding="utf-8")
        >>> _ = (d / "b.txt").write_bytes(b"")
        >>> c = Corpus.from_dir(d, errors="ignore")
        >>> c.ids, [s.reason for s in c.skipped]
        (['a'], ['file is empty'])
        """
        if lazy:
            return LazyCorpus(path, pattern, recursive=recursive, script=script, split_compilations=split_compilations,
                              errors=errors, exclude=exclude, follow_links=follow_links)
        corpus = cls()
        for doc in iter_documents(path, pattern, recursive=recursive, script=script, split_compilations=split_compilations,
                                  errors=errors, exclude=exclude, skipped=corpus.skipped, follow_links=follow_links):
            doc.doc_id = unique_id(doc.doc_id, corpus._by_id)
            corpus.add(doc)
        logger.info("read %d documents from %s (%d files skipped)", len(corpus), path, len(corpus.skipped))
        return corpus

    # --- access ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            try:
                return self.documents[self._by_id[key]]
            except KeyError:
                raise KeyError(f"no document with doc_id {key!r}") from None
        return self.documents[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Document):
            return key.doc_id in self._by_id and self[key.doc_id] is key
        return key in self._by_id

    @property
    def ids(self) -> list[str]:
        """Document ids in order."""
        return [d.doc_id for d in self.documents]

    def to_frame(self) -> "pd.DataFrame":
        """One row per document: doc_id, title, source, year, level, place, encoding, sizes."""
        return self.analyze("documents")

    def skipped_frame(self) -> "pd.DataFrame":
        """The files that were skipped, with the reason: columns path, reason."""
        import pandas as pd

        return pd.DataFrame([(s.path, s.reason) for s in self.skipped], columns=["path", "reason"]).astype("string")

    def metrics(self, *, disable: Iterable[str] = (), n_jobs: int | None = 1, chunk_size: int = 32) -> "pd.DataFrame":
        """All metrics of the corpus (the table of :func:`summarytext.extract_metrics`)."""
        from .analyzers import analyzer

        return self.analyze(analyzer("metrics", disable=disable), n_jobs=n_jobs, chunk_size=chunk_size)

    def analyze(self, *analyzers: "str | Analyzer", n_jobs: int | None = 1, chunk_size: int = 32) -> "pd.DataFrame | dict[str, pd.DataFrame]":
        """Run per-document analyzers (see :mod:`summarytext.analyzers`) over the corpus in one
        pass, in worker processes with ``n_jobs``: the table of one analyzer, or a dict of
        tables by name for several.

        >>> c = Corpus.from_texts(["县政协召开专题协商会，立案120件。"], ids=["a"])
        >>> tables = c.analyze("metrics", "themes")
        >>> tables["metrics"]["text"].tolist(), tables["themes"]["theme"].tolist()
        (['120件'], ['专题协商', '提案工作'])
        """
        from .analyzers import analyze

        if not analyzers:
            raise TypeError("analyze() needs at least one analyzer (a name or an Analyzer)")
        tables = analyze(self.documents, analyzers, n_jobs=n_jobs, chunk_size=chunk_size)
        return next(iter(tables.values())) if len(analyzers) == 1 else tables

    def __repr__(self) -> str:
        extra = f", skipped={len(self.skipped)}" if self.skipped else ""
        return f"{type(self).__name__}(documents={len(self)}{extra})"

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        head = f"<p><strong>{type(self).__name__}</strong>: {len(self)} documents"
        if self.skipped:
            head += f", {len(self.skipped)} files skipped"
        return head + "</p>" + frame.to_html(index=False, max_rows=30)


def documents_frame(rows: list[dict[str, Any]]) -> "pd.DataFrame":
    """One row per document (from :meth:`Document.to_dict`), with stable column types:
    year Int64, sizes int64, truncated bool, text the ``string`` dtype.

    >>> documents_frame([]).dtypes["year"]
    Int64Dtype()
    """
    from .tables import typed_frame

    return typed_frame({c: [r[c] for r in rows] for c in DOCUMENT_DTYPES}, DOCUMENT_DTYPES)


def iter_documents(
    path: str | PathLike,
    pattern: str = "*",
    *,
    recursive: bool = True,
    script: str | None = None,
    split_compilations: bool = True,
    errors: str = "warn",
    exclude: Iterable[str] = (),
    skipped: list[SkippedFile] | None = None,
    follow_links: bool = False,
) -> Iterator[Document]:
    """Documents of a folder, read one file at a time (see :meth:`Corpus.from_dir`).

    Files that cannot be read are appended to ``skipped`` (with a warning for
    ``errors="warn"``), or raise with ``errors="raise"``.  Ids are file stems, or paths
    relative to the folder when two files share a stem (``2023/report``, ``2024/report``).
    """
    if errors not in ("warn", "raise", "ignore"):
        raise ValueError("errors must be 'warn', 'raise' or 'ignore'")
    root = Path(path)
    if not root.exists():
        raise ReadError(root, "no such folder")
    if not root.is_dir():
        raise ReadError(root, "is a file, not a folder (use read_text or read_compilation)")
    record = skipped if skipped is not None else []
    listing = list(iter_files(root, pattern, recursive=recursive, exclude=tuple(exclude), follow_links=follow_links))
    ids = file_ids([f for f, problem in listing if problem is None], root)
    for file, problem in listing:
        if problem is not None:
            # a file of another type is listed, never warned about or raised: folders hold such files
            _record(record, file, problem, "ignore" if unsupported_reason(file) else errors)
            continue
        yield from iter_file_documents(file, doc_id=ids[file], script=script, split_compilations=split_compilations,
                                       skipped=record, errors=errors)


def iter_file_documents(
    file: str | PathLike,
    *,
    doc_id: str | None = None,
    script: str | None = None,
    split_compilations: bool = True,
    skipped: list[SkippedFile] | None = None,
    errors: str = "warn",
) -> Iterator[Document]:
    """The documents of one file, or a record in ``skipped`` of why there are none.

    A compilation gives its documents (``id#1``, ``id#2`` …), a text file over
    :data:`summarytext.io.LARGE_FILE_BYTES` its parts (``id#p1`` …, read one at a time),
    a file whose text is longer than :data:`summarytext.io.PART_CHARS` its parts too, any
    other file one document.  ``doc_id`` defaults to the file stem.  A file that
    fails part-way (a large file damaged after its first parts) keeps the parts read and
    records the problem.
    """
    path = Path(file)
    record = skipped if skipped is not None else []
    try:
        for doc in _read_documents(path, script=script, split_compilations=split_compilations, doc_id=doc_id or path.stem):
            yield doc
    except ReadError as exc:
        if errors == "raise":
            raise
        _record(record, path, exc.reason, errors)


def _record(record: list[SkippedFile], file: Path, problem: str, errors: str) -> None:
    if errors == "raise":
        raise ReadError(file, problem)
    record.append(SkippedFile(str(file), problem))
    if errors == "warn":
        warn_user(f"skipped {file}: {problem}")
    logger.info("skipped %s: %s", file, problem)


def file_ids(files: Iterable[Path], root: Path) -> dict[Path, str]:
    """A document id for each file: its stem, or its path relative to ``root`` without the
    suffix when several files share the stem.

    >>> file_ids([Path("a/x.txt"), Path("b/x.txt"), Path("b/y.md")], Path("."))
    {PosixPath('a/x.txt'): 'a/x', PosixPath('b/x.txt'): 'b/x', PosixPath('b/y.md'): 'y'}
    """
    files = list(files)
    counts: dict[str, int] = {}
    for f in files:
        counts[f.stem] = counts.get(f.stem, 0) + 1
    out = {}
    for f in files:
        if counts[f.stem] == 1:
            out[f] = f.stem
        else:
            try:
                out[f] = f.relative_to(root).with_suffix("").as_posix()
            except ValueError:
                out[f] = f.with_suffix("").as_posix()
    return out


def unique_id(doc_id: str, taken: Container[str]) -> str:
    """``doc_id``, or ``doc_id~2``, ``doc_id~3`` … when it is already taken.

    >>> unique_id("a", {"a", "a~2"})
    'a~3'
    """
    candidate, n = doc_id, 2
    while candidate in taken:
        candidate = f"{doc_id}~{n}"
        n += 1
    return candidate


class LazyCorpus:
    """A folder read one file at a time: iterate it as often as needed; nothing is kept.

    ``skipped`` lists the files the last iteration could not read.  Every function that
    takes a corpus accepts a LazyCorpus; :meth:`load` reads it all into a :class:`Corpus`.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("立案120件。", encoding="utf-8")
    >>> lazy = Corpus.from_dir(d, lazy=True)
    >>> [doc.doc_id for doc in lazy]
    ['a']
    """

    def __init__(self, path: str | PathLike, pattern: str = "*", **options: Any):
        self.path = Path(path)
        self.pattern = pattern
        self.options = options
        self.skipped: list[SkippedFile] = []
        if not self.path.is_dir():
            raise ReadError(self.path, "no such folder" if not self.path.exists() else "is a file, not a folder")

    def __iter__(self) -> Iterator[Document]:
        self.skipped = []
        yield from iter_documents(self.path, self.pattern, skipped=self.skipped, **self.options)

    def files(self) -> list[Path]:
        """The candidate files, in reading order."""
        exclude = tuple(self.options.get("exclude", ()))
        listing = iter_files(self.path, self.pattern, recursive=self.options.get("recursive", True), exclude=exclude,
                             follow_links=self.options.get("follow_links", False))
        return [f for f, problem in listing if problem is None]

    def load(self) -> Corpus:
        """Read every document into memory."""
        corpus = Corpus(self)
        corpus.skipped = list(self.skipped)
        return corpus

    def to_frame(self) -> "pd.DataFrame":
        """One row per document, as :meth:`Corpus.to_frame` (documents read one at a time)."""
        return documents_frame([d.to_dict() for d in self])

    def __repr__(self) -> str:
        return f"LazyCorpus(path={str(self.path)!r}, pattern={self.pattern!r})"


def iter_files(root: Path, pattern: str = "*", *, recursive: bool = True, exclude: tuple[str, ...] = (),
               follow_links: bool = False) -> Iterator[tuple[Path, str | None]]:
    """Files under ``root`` matching ``pattern``, sorted, each with a problem or None.

    Files of a type that is not read (.doc, .pdf, .json …) come with the reason (see
    :func:`~summarytext.io.unsupported_reason`), as do broken links, links to files or
    folders outside ``root`` (unless ``follow_links``: a link to /etc/passwd is no report),
    unreadable folders and folders reached twice through links.  Hidden files (``.name``)
    and Word's lock files (``~$name``) are passed over.
    """
    import fnmatch

    seen_dirs: set[tuple[int, int]] = set()
    inside = root.resolve()

    def walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
        try:
            st = folder.stat()
        except OSError as exc:
            yield folder, f"folder cannot be read ({exc.strerror or exc})"
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            yield folder, "folder link loops back to a folder already read"
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield folder, f"folder cannot be listed ({exc.strerror or exc})"
            return
        for entry in entries:
            p = Path(entry.path)
            if entry.name.startswith((".", "~$")):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if entry.is_symlink() and not follow_links and p.exists():
                target = p.resolve()
                if target != inside and inside not in target.parents:
                    if is_dir or (fnmatch.fnmatch(entry.name, pattern) and unsupported_reason(p) is None):
                        kind = "folder" if is_dir else "file"
                        yield p, f"link to a {kind} outside the folder read ({target}); not followed (follow_links=True, or --follow-links, reads it)"
                    continue
            if is_dir:
                if recursive:
                    yield from walk(p)
                continue
            if not fnmatch.fnmatch(entry.name, pattern) or any(fnmatch.fnmatch(entry.name, x) for x in exclude):
                continue
            reason = unsupported_reason(p)
            if reason is not None:
                yield p, reason
                continue
            if entry.is_symlink() and not p.exists():
                yield p, "broken link"
                continue
            yield p, None

    yield from walk(root)


def _read_documents(file: Path, *, script: str | None, split_compilations: bool, doc_id: str | None = None) -> Iterable[Document]:
    """The documents of one file (see :func:`iter_file_documents`); raises ReadError."""
    from .io import LARGE_FILE_BYTES, PART_CHARS, TEXT_SUFFIXES, split_parts

    base = doc_id or file.stem
    if file.suffix.lower() in TEXT_SUFFIXES and file.stat().st_size > LARGE_FILE_BYTES:
        return _PartDocuments(file, script=script, doc_id=base)
    result = read_file(file)
    if split_compilations:
        from .compilation import looks_like_compilation, read_compilation

        if looks_like_compilation(result.text):
            comp = read_compilation(result, script=script, doc_id=base)
            missing = [f"{row.index}. {row.title}" for row in comp.toc.itertuples() if not row.present]
            for doc in comp.documents:
                if missing:
                    doc.meta["missing_entries"] = missing
                if comp.problems:
                    doc.meta["compilation_problems"] = list(comp.problems)
            return list(comp.documents)
    if len(result.text) > PART_CHARS:
        return _part_documents(split_parts(result), script=script, doc_id=base)
    return [Document.from_read(result, script=script, doc_id=base)]


def _part_documents(parts: Iterable["ReadResult"], *, script: str | None, doc_id: str) -> Iterator[Document]:
    """Parts of a long text as documents ``doc_id#p1``, ``doc_id#p2`` …, made one at a time."""
    for k, result in enumerate(parts, start=1):
        doc = Document.from_read(result, script=script, doc_id=f"{doc_id}#p{k}")
        doc.meta["part"] = k
        yield doc


class _PartDocuments:
    """The parts of a very large text file as documents, read one at a time on iteration."""

    def __init__(self, file: Path, *, script: str | None, doc_id: str):
        self.file = file
        self.script = script
        self.doc_id = doc_id

    def __iter__(self) -> Iterator[Document]:
        from .io import iter_parts

        return _part_documents(iter_parts(self.file), script=self.script, doc_id=self.doc_id)
