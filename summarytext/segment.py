"""Word segmentation with jieba and the domain lexicon.

The library uses its own ``jieba.Tokenizer`` instance (jieba's global default one is
never touched), built lazily on first use, once per process, with the domain lexicon
``data/lexicon.txt``.  Quantities stay whole (``x.x%``, ``26699``, ``1.2万``,
``99.84%``).  Users add their own terms with a :class:`Segmenter` of their own.

jieba's dictionary is in simplified characters: traditional or mixed text is cut through its
simplified view (:func:`~summarytext.normalize.simplified_view`, one character for one) and the
tokens are returned in the text's own characters, so 政協委員履職能力 is cut as 政协委员履职能力 is.
Terms (the domain lexicon's and a user's) are added in simplified form and so hold in both scripts.

>>> segment("收集社情民意信息xxxx条，办复率99.84%")
['收集', '社情民意信息', 'xxxx', '条', '，', '办复率', '99.84%']
>>> tokens("收集社情民意信息xxxx条，办复率99.84%", numbers=False)
['收集', '社情民意信息', '条', '办复率']
>>> segment("港澳委員積極參與提升履職能力")
['港澳', '委員', '積極參與', '提升', '履職能力']
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from . import patterns as P
from .errors import LexiconError
from .normalize import simplified_view, term_views
from .resources import data_lines, data_path

logger = logging.getLogger("summarytext")

BACKENDS = ("jieba", "rjieba")


def cache_dir() -> Path | None:
    """Folder for the jieba dictionary cache: ``$SUMMARYTEXT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/summarytext`` or ``~/.cache/summarytext``; created private (mode 700).

    None, with a notice in the log, when the folder cannot be created or written, or cannot be
    trusted: owned by another user, or writable by the group or by everyone (as ssh and pip
    refuse such folders: whoever can write there could plant a cache that changes every
    segmentation).  The dictionary is then read without a lasting cache.  Never the package
    folder or a shared /tmp file.
    """
    env = os.environ.get("SUMMARYTEXT_CACHE_DIR")
    if env:
        folder = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "summarytext"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        return _no_cache(folder, f"it cannot be created ({exc.strerror or exc})")
    problem = untrusted(folder)
    if problem is None and not os.access(folder, os.W_OK):
        problem = "it cannot be written"
    return _no_cache(folder, problem) if problem else folder


def untrusted(path: str | PathLike) -> str | None:
    """Why a cache folder or file cannot be trusted (owned by another user; writable by the
    group or by everyone), or None.

    >>> import tempfile
    >>> untrusted(tempfile.mkdtemp()) is None
    True
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"it cannot be examined ({exc.strerror or exc})"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"it is writable by {'everyone' if info.st_mode & 0o002 else 'the group'} (mode {info.st_mode & 0o7777:o})"
    return None


_NOTICES: set[str] = set()


def _no_cache(folder: Path, problem: str) -> None:
    """No cache folder: say why, once per folder and reason."""
    notice = f"the segmentation cache folder {folder} is not used: {problem}; the dictionary is read without a cache (about a second each time)"
    if notice not in _NOTICES:
        _NOTICES.add(notice)
        logger.warning(notice)
    return None


def _cache_name(tk) -> str:
    """The cache file of a tokenizer's dictionary: named by a hash of the dictionary's bytes, of
    jieba's version and of this library's, so that no other dictionary's cache is ever read."""
    from importlib.metadata import PackageNotFoundError, version

    import jieba

    digest = _dictionary_hash(tk.dictionary)
    try:
        ours = version("summarytext")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without metadata
        ours = "source"
    digest.update(f"\0jieba {jieba.__version__}\0summarytext {ours}".encode())
    return f"jieba-{digest.hexdigest()[:24]}.cache"


def _file_state(path: str | None) -> tuple[int, int] | None:
    """Size and modification time of a dictionary file (None for jieba's own, which ships with it)."""
    if path is None:
        return None
    state = os.stat(path)
    return state.st_size, state.st_mtime_ns


def _dictionary_hash(path: str | None) -> Any:
    """SHA-256 over a dictionary's bytes (jieba's own for None), a copy the caller may update."""
    return _read_dictionary_hash(path, _file_state(path)).copy()  # the cached one stays as it is


@lru_cache(maxsize=16)
def _read_dictionary_hash(path: str | None, state: tuple[int, int] | None) -> Any:
    """SHA-256 over a dictionary's bytes, read once per process for each path and file state
    (``state`` is part of the key: a changed file is read again)."""
    import hashlib

    import jieba

    digest = hashlib.sha256()
    with jieba.Tokenizer(path).get_dict_file() as handle:  # a Tokenizer reads nothing until it is initialised
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest


def _initialize(tk) -> None:
    """Load a tokenizer's dictionary, from the cache when there is a trusted one (see
    :func:`cache_dir`), else from the dictionary itself (in a private folder thrown away after)."""
    import shutil

    folder = cache_dir()
    name = _cache_name(tk)
    if folder is not None and (folder / name).exists():
        problem = untrusted(folder / name)
        if problem:
            folder = _no_cache(folder / name, problem)
    scratch = None
    if folder is None:
        scratch = tempfile.mkdtemp(prefix="summarytext-dictionary-")
        folder = Path(scratch)
    tk.tmp_dir = str(folder)
    tk.cache_file = name
    try:
        with _quiet_jieba():
            tk.initialize()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _quiet_jieba():
    """Silence jieba's dictionary-loading chatter for the duration, then restore its level."""
    jlog = logging.getLogger("jieba")
    level = jlog.level
    jlog.setLevel(logging.WARNING)
    try:
        yield
    finally:
        jlog.setLevel(level)


def _read_user_terms(path: str | PathLike) -> list[tuple[str, int | None, str | None]]:
    from .resources import read_user_file

    return _parse_terms(read_user_file(path, "user lexicon").splitlines(), where=str(path))


def _parse_terms(lines: Iterable[str], *, where: str) -> list[tuple[str, int | None, str | None]]:
    terms = []
    for lineno, line in enumerate(lines, start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        parts = s.split()
        word = parts[0]
        freq: int | None = None
        tag: str | None = None
        if len(parts) > 3:
            raise LexiconError(where, f"expected 'word [freq] [pos]', got {len(parts)} fields", line=lineno)
        for extra in parts[1:]:
            if extra.isdigit():
                freq = int(extra)
            elif tag is None:
                tag = extra
            else:
                raise LexiconError(where, f"bad frequency {extra!r} (must be a whole number)", line=lineno)
        terms.append((word, freq, tag))
    return terms


class Segmenter:
    """A jieba tokenizer loaded with the domain lexicon and optional user terms.

    ``user_words`` is a list of words, or the table :func:`~summarytext.discover_brands`
    returns (its ``brand`` column: every brand found stays whole; :meth:`with_words` adds
    them to a segmenter); ``user_dict`` a file in jieba's format (``word [freq] [pos]`` per
    line); either script: a term holds in both.  ``hmm`` turns jieba's HMM for unknown words on
    or off.  ``backend="rjieba"`` uses the Rust port of jieba (optional extra, faster;
    give ``hmm=False`` for output identical to the jieba backend).

    >>> seg = Segmenter(user_words=["绵言细语"])
    >>> "绵言细语" in seg.cut("擦亮绵言细语协商品牌")
    True
    """

    def __init__(
        self,
        *,
        user_words: Iterable[str] | None = None,
        user_dict: str | PathLike | None = None,
        hmm: bool = True,
        backend: str = "jieba",
        domain_lexicon: bool = True,
    ):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        if backend == "rjieba":
            _require_rjieba()  # a missing extra is reported now, not at the first cut
        self.hmm = hmm
        self.backend = backend
        self.domain_lexicon = domain_lexicon
        extra: list[tuple[str, int | None, str | None]] = []
        if user_dict is not None:
            extra.extend(_read_user_terms(user_dict))
        if user_words is not None:
            extra.extend((w, None, None) for w in _words(user_words))
        self.user_terms = extra
        self._tk = None
        self._lock = threading.Lock()

    def _terms(self) -> list[tuple[str, int | None, str | None]]:
        terms = domain_terms() if self.domain_lexicon else []
        return terms + self.user_terms

    def _load(self):
        with self._lock:
            if self._tk is not None:
                return self._tk
            terms = self._terms()
            # text is cut through its simplified view: terms go in in simplified characters, once
            # each (a later term, a user's, wins over an earlier one of the same form)
            merged = {view: (freq, tag) for word, freq, tag in terms for view in term_views(word)}
            terms = [(word, freq, tag) for word, (freq, tag) in merged.items()]
            if self.backend == "rjieba":
                tk = _load_rjieba(terms)
            else:
                import jieba

                tk = jieba.Tokenizer()
                _initialize(tk)
                for word, freq, tag in terms:
                    tk.add_word(word, freq if freq is not None else _default_freq(word), tag)
            logger.debug("segmenter ready (%s, %d domain/user terms)", self.backend, len(terms))
            self._tk = tk
            return tk

    def with_words(self, words: "Iterable[str] | pd.DataFrame") -> "Segmenter":
        """A new segmenter like this one that also keeps ``words`` whole: a list of words, or
        the table of :func:`~summarytext.discover_brands` (its ``brand`` column).

        >>> import summarytext as st
        >>> brands = st.discover_brands("白鹭市政协打造“白鹭同心荟”协商品牌。白鹭同心荟每月举办一次。")
        >>> seg = Segmenter().with_words(brands)
        >>> st.segment("擦亮白鹭同心荟品牌", segmenter=seg)
        ['擦亮', '白鹭同心荟', '品牌']
        """
        new = Segmenter(hmm=self.hmm, backend=self.backend, domain_lexicon=self.domain_lexicon)
        new.user_terms = self.user_terms + [(w, None, None) for w in _words(words)]
        return new

    def knows(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary (jieba's own, the domain lexicon or the user's
        terms), rather than a word jieba's HMM put together from single characters.

        >>> seg = default_segmenter()
        >>> seg.knows("政协"), seg.knows("地说")
        (True, False)
        """
        key = simplified_view(word)  # the dictionary holds simplified forms
        if self.backend == "jieba":
            tk = self._tk or self._load()
            return tk.FREQ.get(key, 0) > 0
        return any(key == simplified_view(term) for term, _, _ in self.user_terms) or default_segmenter().knows(key)

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` in order; they join back into ``text``.

        Traditional characters are cut as their simplified forms and returned as written.

        >>> Segmenter().cut("共计1.2万人次参加")
        ['共计', '1.2万', '人次', '参加']
        """
        expect_text(text, "Segmenter.cut")
        view = simplified_view(text)
        out = self._cut_view(view)
        if view is text:
            return out
        # the view has the text's length, character for character: the same cuts in the text
        pos = 0
        written = []
        for tok in out:
            end = pos + len(tok)
            written.append(text[pos:end])
            pos = end
        return written

    def _cut_view(self, text: str) -> list[str]:
        tk = self._tk or self._load()
        out: list[str] = []
        pos = 0
        if self.backend == "rjieba":
            def cut_piece(piece: str) -> list[str]:
                return tk.cut(piece, self.hmm)
        else:
            hmm = self.hmm

            def cut_piece(piece: str) -> list[str]:
                return list(tk.cut(piece, HMM=hmm))
        for m in P.QUANTITY_TOKEN.finditer(text):
            if m.start() > pos:
                out.extend(cut_piece(text[pos : m.start()]))
            out.append(m.group(0))
            pos = m.end()
        if pos < len(text):
            out.extend(cut_piece(text[pos:]))
        return out


def _words(words: "Iterable[str] | pd.DataFrame") -> list[str]:
    """The words of a list, or of a table's ``brand`` column (what discover_brands returns)."""
    if isinstance(words, str):
        raise TypeError("give a list of words, not one string")
    columns = getattr(words, "columns", None)
    if columns is not None:
        if "brand" not in columns:
            raise ValueError("a table of words needs a 'brand' column (the table discover_brands returns)")
        words = words["brand"]
    out = []
    for w in words:
        if not isinstance(w, str):
            raise TypeError(f"words must be strings, got {type(w).__name__}")
        if w.strip():
            out.append(w.strip())
    return out


def _require_rjieba():
    from .errors import require

    return require("rjieba", what="the segmentation backend 'rjieba'", extra="fast", alternative="or use backend='jieba'")


def _load_rjieba(terms):
    tk = _require_rjieba().Jieba()
    for word, freq, tag in terms:
        tk.add_word(word, freq if freq is not None else _default_freq(word), tag)
    return tk


def _default_freq(word: str) -> int:
    # high enough that jieba keeps a user term whole in ordinary context
    return 50000 + 20000 * len(word)


def domain_terms() -> list[tuple[str, int | None, str | None]]:
    """The shipped domain lexicon as (word, frequency, part of speech) rows.

    >>> ("有事来协商" in {w for w, _, _ in domain_terms()})
    True
    """
    return _parse_terms(data_lines("lexicon.txt"), where=str(data_path("lexicon.txt")))


_DEFAULT: Segmenter | None = None
_DEFAULT_LOCK = threading.Lock()


def default_segmenter() -> Segmenter:
    """The shared segmenter (domain lexicon, HMM on), created on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Segmenter()
    return _DEFAULT


def expect_text(text: Any, caller: str) -> None:
    """A ``TypeError`` naming ``caller`` unless ``text`` is a ``str``.

    >>> expect_text(["a"], "tokens")
    Traceback (most recent call last):
    TypeError: tokens expects a str (one text), got list
    """
    if not isinstance(text, str):
        raise TypeError(f"{caller} expects a str (one text), got {type(text).__name__}")


def segment(text: str, *, segmenter: Segmenter | None = None) -> list[str]:
    """Split text into tokens with the domain lexicon; tokens join back into ``text``.

    Pass your own :class:`Segmenter` to add terms or change the backend.

    >>> segment("开展小微协商xx场次")
    ['开展', '小微协商', 'xx', '场次']
    """
    expect_text(text, "segment")
    return (segmenter or default_segmenter()).cut(text)


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The genre's stopword list (``data/stopwords.txt``), including boilerplate words.

    >>> "的" in load_stopwords()
    True
    """
    return frozenset(data_lines("stopwords.txt"))


def is_quantity(token: str) -> bool:
    """Whether a token is a number kept whole by the segmenter.

    >>> is_quantity("99.84%"), is_quantity("xx"), is_quantity("提案")
    (True, True, False)
    """
    m = P.QUANTITY_TOKEN.fullmatch(token)
    return m is not None


def tokens(
    text: str,
    *,
    stopwords: bool | Iterable[str] = False,
    numbers: bool = True,
    segmenter: Segmenter | None = None,
) -> list[str]:
    """Tokens for analysis: punctuation and whitespace dropped, optionally stopwords and numbers.

    ``stopwords=True`` drops the shipped list; pass a collection to use your own.

    >>> tokens("坚持以人民为中心，开展协商议政活动120场次", stopwords=True, numbers=False)
    ['人民', '中心', '协商议政', '活动', '场次']
    """
    expect_text(text, "tokens")
    if stopwords is True:
        stop: frozenset[str] | set[str] = load_stopwords()
    elif stopwords is False or stopwords is None:
        stop = frozenset()
    else:
        stop = set(stopwords)
    out = []
    for tok in segment(text, segmenter=segmenter):
        if not tok.strip() or P.PUNCT_TOKEN.match(tok):
            continue
        if not numbers and is_quantity(tok):
            continue
        if tok in stop:
            continue
        out.append(tok)
    return out

