"""Normalising report text without losing any of it.

What :func:`normalize_text` does, in order:

* line ends unified to ``\\n``; zero-width characters, byte-order marks, bidirectional
  controls (U+202E …) and stray control characters removed; lone surrogate code points (not text: they cannot be
  written in UTF-8) replaced by ``\\ufffd``;
* HTML: ``<br>``/``<p>``/``<div>`` become line breaks, other tags are removed and
  entities (``&nbsp;``, ``&amp;``, ``&#8220;``) are decoded;
* full-width digits, Latin letters and ``％`` become half-width (``１２３`` -> ``123``);
* a lone ``??`` (a lost ellipsis or dash in scraped copies) becomes ``……``;
* pinyin glosses left by bad conversions (``政協(xié)``) are removed;
* trailing spaces are stripped from every line, and trailing blank lines from the text;
* traditional characters are converted to simplified on request (``script="simplified"``,
  with OpenCC).

Masked digits (``x``, ``xx``, ``x.x``, ``×``, ``＊``, ``*``) are kept exactly as they are.
Reprint and source notices at the end of a text are split off by :func:`split_notices`
(a :class:`~summarytext.document.Document` keeps them in ``meta["notices"]``).

>>> normalize_text("开展活动１２场次??\\r\\n办复率９９．８４％  ")
'开展活动12场次……\\n办复率99.84%'
"""
from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .offsets import Edit, OffsetMap
from .patterns import BIDI_CONTROLS, compile_fast
from .resources import data_lines, read_table

# classes of characters that normalisation replaces (each used in its own pattern and, together,
# in one scan that tells whether a text needs any of them)
_LINE_END_CHARS = r"\r\u2028\u2029\x85\x0b\x0c"
_INVISIBLE_CHARS = r"\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f"
_ODD_SPACE_CHARS = r"\u00a0\u2002\u2003\u2009\u202f"
_SURROGATE_CHARS = r"\ud800-\udfff"
_BIDI_CHARS = BIDI_CONTROLS
_FULL_WIDTH_CHARS = r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05"

_LINE_ENDS = regex.compile(rf"\r\n|[{_LINE_END_CHARS}]")
_INVISIBLE = compile_fast(f"[{_INVISIBLE_CHARS}]")
_BLOCK_TAG = regex.compile(r"<\s*(?:br|p|/p|div|/div|li|/li|tr|/tr|h[1-6]|/h[1-6])(?:\s[^<>\n]{0,500})?\s*/?\s*>", regex.I)
_ANY_TAG = regex.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]{0,20}(?:\s[^<>\n]{0,500})?/?>|<!--[^\n]{0,2000}?-->")
_ENTITY = regex.compile(r"&(?:[a-zA-Z]{2,10}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_LOST_ELLIPSIS = regex.compile(r"(?<![?？A-Za-z0-9])\?\?(?![?？])")
#: a run of parenthesised letters right after a Han character: pinyin glosses when the
#: letters are a syllable (checked against the table by is_pinyin_gloss)
_GLOSS_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
_GLOSS_CANDIDATE = regex.compile(rf"(?<=\p{{Han}})(?:[(（][ \t\u3000]*[{_GLOSS_LETTERS}]{{1,7}}[ \t\u3000]*[)）])+")
_GLOSS_PIECE = regex.compile(rf"[(（]([ \t\u3000]*[{_GLOSS_LETTERS}]{{1,7}}[ \t\u3000]*)[)）]")
#: the spaces that blank lines and line ends are cleared of
_TRAILING_SPACE_CHARS = " \t\u3000\u00a0"
_BLANK_RUN = regex.compile(rf"\n[{_TRAILING_SPACE_CHARS}]*(?:\n[{_TRAILING_SPACE_CHARS}]*)+")
#: from the start of a run only: a long run of spaces inside a line is then tried once, not once per space
_TRAILING_SPACE = regex.compile(rf"(?<![{_TRAILING_SPACE_CHARS}])[{_TRAILING_SPACE_CHARS}]+(?=\n|$)")
#: a space right before a line end, one pattern per space: a search for a literal skips through
#: the text several times faster than one for a class (most texts have none, and are not rewritten)
_SPACE_BEFORE_LINE_END = tuple(re.compile(re.escape(ch + "\n")) for ch in _TRAILING_SPACE_CHARS)
_NBSP = compile_fast(f"[{_ODD_SPACE_CHARS}]")
_SURROGATE = compile_fast(f"[{_SURROGATE_CHARS}]")
_BIDI = compile_fast(f"[{_BIDI_CHARS}]")
#: any character that _LINE_ENDS, _INVISIBLE, _BIDI, _NBSP or _SURROGATE replace
_ODD_CHARS = compile_fast(f"[{_LINE_END_CHARS}{_INVISIBLE_CHARS}{_BIDI_CHARS}{_ODD_SPACE_CHARS}{_SURROGATE_CHARS}]")

# full-width digits, Latin letters and the percent sign -> half-width (1:1, offsets kept)
_HALF_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_HALF_WIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_HALF_WIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_HALF_WIDTH[0xFF05] = ord("%")
_FULL_WIDTH = compile_fast(f"[{_FULL_WIDTH_CHARS}]")
_FULL_WIDTH_RUN = compile_fast(f"[{_FULL_WIDTH_CHARS}]+")
#: _ODD_CHARS or _FULL_WIDTH: one scan passes over a text (most are) that has neither
_RARE_CHARS = compile_fast(f"[{_LINE_END_CHARS}{_INVISIBLE_CHARS}{_BIDI_CHARS}{_ODD_SPACE_CHARS}{_SURROGATE_CHARS}{_FULL_WIDTH_CHARS}]")
_DECIMAL_POINT = regex.compile(r"(?<=[0-9])．(?=[0-9])")  # 。 between digits ends a sentence

SCRIPTS = ("original", "simplified", "traditional")


def normalize_text(text: str, *, script: str | None = None) -> str:
    """Normalise report text (see the module docstring); idempotent.

    ``script`` is ``None``/``"original"`` (keep), ``"simplified"`` or ``"traditional"``.

    >>> normalize_text("政協提案辦理&nbsp;<br>ｘｘ件", script="simplified")
    '政协提案办理\\nxx件'
    """
    return _normalize(text, script, None)


@dataclass(frozen=True)
class Repair:
    """One repair normalisation made: ``kind``, the span ``[start, end)`` of the text as given
    and what stood there (``raw``), and what it became (``text``).

    Kinds: ``line_end``, ``html_tag``, ``html_entity``, ``blank_lines``, ``invisible``,
    ``bidi_control`` (a bidirectional control, which reorders how a line is shown),
    ``space``, ``surrogate``, ``full_width``, ``decimal_point``, ``ellipsis``, ``gloss``,
    ``trailing_space``, ``edge_lines`` (blank lines at the start and end of the text).
    """

    kind: str
    start: int
    end: int
    raw: str
    text: str


class Normalized:
    """A text as normalised (``text``), with every repair (``repairs``) and the map of its
    offsets into the input (``offset_map``); both worked out on first use, from the edits the
    one normalising pass recorded (what :func:`normalize_with_repairs` returns)."""

    __slots__ = ("text", "source", "_steps", "_repairs", "_map")

    def __init__(self, text: str, source: str, steps: list[tuple[str, list[Edit]]]):
        self.text = text
        self.source = source
        self._steps = steps
        self._repairs: list[Repair] | None = None
        self._map: OffsetMap | None = None

    @property
    def repairs(self) -> list[Repair]:
        if self._repairs is None:
            self._build()
        return self._repairs  # type: ignore[return-value]

    @property
    def offset_map(self) -> OffsetMap:
        if self._map is None:
            self._build()
        return self._map  # type: ignore[return-value]

    def _build(self) -> None:
        source = self.source
        offset_map = OffsetMap.identity(len(source))
        repairs: list[Repair] = []
        for kind, edits in self._steps:
            if kind != "script":
                for a, b, r in edits:
                    s, e = offset_map.span(a, b)
                    repairs.append(Repair(kind, s, e, source[s:e], r))
            offset_map = offset_map.then(edits)
        repairs.sort(key=lambda r: r.start)  # stable: at one place, in the order they were made
        self._repairs, self._map = repairs, offset_map


def normalize_with_repairs(text: str, *, script: str | None = None) -> Normalized:
    """:func:`normalize_text`, with the record of what was repaired and where.

    Every repair's ``start``/``end`` index ``text`` as given; ``offset_map`` takes spans of the
    result back into it (a script conversion changes characters, not offsets: it is not a repair).
    Repairs are recorded pass by pass, so one may lie inside another (a gloss written in
    full-width letters is a ``full_width`` repair and a ``gloss`` repair of the same characters):
    count repairs of one kind at a time, not characters over all kinds.

    >>> n = normalize_with_repairs("收到提(ti)案\\r\\n立案２６件")
    >>> n.text
    '收到提案\\n立案26件'
    >>> [(r.kind, r.start, r.end, r.raw) for r in n.repairs]
    [('gloss', 3, 7, '(ti)'), ('line_end', 8, 10, '\\r\\n'), ('full_width', 12, 14, '２６')]
    >>> n.offset_map.span(7, 10)   # '26件' in the input
    (12, 15)
    """
    steps: list[tuple[str, list[Edit]]] = []
    out = _normalize(text, script, steps)
    return Normalized(out, text, steps)


class _Pass:
    """The text being normalised, changed pass by pass; with ``steps`` a list, each pass's
    edits are recorded there as (kind, [(start, end, replacement) …]) in that pass's input."""

    __slots__ = ("text", "steps")

    def __init__(self, text: str, steps: list | None):
        self.text = text
        self.steps = steps

    def sub(self, pattern: Any, repl: Any, kind: str, *, keep_tail: bool = False) -> None:
        """``pattern.sub(repl)``; with ``keep_tail``, what a replacement keeps of the end of its
        match (``(APP)`` of ``(xie)(APP)``) is recorded as kept, not as replaced."""
        if self.steps is None:
            self.text = pattern.sub(repl, self.text)
            return
        edits: list[Edit] = []

        def record(m: Any) -> str:
            new = repl(m) if callable(repl) else m.expand(repl) if "\\" in repl else repl
            if new != m.group(0):
                end = m.end() - len(new) if keep_tail and m.group(0).endswith(new) else m.end()
                edits.append((m.start(), end, new if end == m.end() else ""))
            return new

        self.text = pattern.sub(record, self.text)
        if edits:
            self.steps.append((kind, edits))

    def translate(self, pattern: Any, table: dict[int, int], kind: str) -> None:
        """Characters replaced one for one (``pattern`` finds runs of them, for the record)."""
        if self.steps is not None:
            edits = [(m.start(), m.end(), m.group(0).translate(table)) for m in pattern.finditer(self.text)]
            if edits:
                self.steps.append((kind, edits))
        self.text = self.text.translate(table)

    def strip(self) -> None:
        """Trailing white space of the text and leading line ends removed."""
        text = self.text
        end = len(text.rstrip())
        start = len(text[:end]) - len(text[:end].lstrip("\n"))
        if self.steps is not None and (start or end < len(text)):
            edits = [(0, start, "")] if start else []
            if end < len(text):
                edits.append((end, len(text), ""))
            self.steps.append(("edge_lines", edits))
        self.text = text[start:end]


def _normalize(text: str, script: str | None, steps: list | None) -> str:
    if not isinstance(text, str):
        raise TypeError(f"normalize_text expects str, got {type(text).__name__}")
    t = _Pass(text, steps)
    rare = _RARE_CHARS.search(text) is not None  # most texts have nothing to replace
    odd = rare and _ODD_CHARS.search(text) is not None
    if odd:
        t.sub(_LINE_ENDS, "\n", "line_end")
        _odd_characters(t)  # before markup, so that <A\ufeff> is read as the tag it will look like
    markup = "<" in t.text or "&" in t.text
    if markup:
        _strip_html(t)
        rare = _RARE_CHARS.search(t.text) is not None  # entities give &nbsp; and the like
        if rare and _ODD_CHARS.search(t.text) is not None:
            _odd_characters(t)
        # block tags open and close paragraphs: one line break between paragraphs is enough
        # (after invisible characters are gone, so that a second pass finds nothing to join)
        t.sub(_BLANK_RUN, "\n", "blank_lines")
    if rare and _FULL_WIDTH.search(t.text):
        t.translate(_FULL_WIDTH_RUN, _HALF_WIDTH, "full_width")
    if "．" in t.text:
        t.sub(_DECIMAL_POINT, ".", "decimal_point")
    if "??" in t.text:
        t.sub(_LOST_ELLIPSIS, "……", "ellipsis")
    if _may_hold_gloss(t.text):
        t.sub(_GLOSS_CANDIDATE, _gloss_repl, "gloss", keep_tail=True)
    if _may_end_lines_with_space(t.text):
        t.sub(_TRAILING_SPACE, "", "trailing_space")
    t.strip()
    if script not in (None, "original"):
        converted = convert_script(t.text, script)
        if steps is not None and converted != t.text:
            steps.append(("script", _script_edits(t.text, converted, script)))
        t.text = converted
    return t.text


def _may_end_lines_with_space(text: str) -> bool:
    """Whether a line of ``text`` may end with a space (else removing trailing spaces changes nothing)."""
    return text.endswith(tuple(_TRAILING_SPACE_CHARS)) or any(p.search(text) for p in _SPACE_BEFORE_LINE_END)


def _odd_characters(t: "_Pass") -> None:
    t.sub(_INVISIBLE, "", "invisible")
    t.sub(_BIDI, "", "bidi_control")
    t.sub(_NBSP, " ", "space")
    t.sub(_SURROGATE, "\ufffd", "surrogate")


def _script_edits(text: str, converted: str, script: str) -> list[Edit]:
    """Edits that turn ``text`` into its script conversion ``converted``: none when each
    character became one character (the usual case), else line by line, aligned."""
    if len(converted) == len(text):
        return []
    import difflib

    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        new = convert_script(line, script)
        if len(new) != len(line):
            matcher = difflib.SequenceMatcher(None, line, new, autojunk=False)
            for op, a1, a2, b1, b2 in matcher.get_opcodes():
                if op != "equal":
                    edits.append((pos + a1, pos + a2, new[b1:b2]))
        pos += len(line) + 1
    return edits


def has_lone_surrogates(text: str) -> bool:
    """Whether ``text`` holds surrogate code points (``"\\ud800"``): not text, they cannot be
    written in UTF-8; :func:`normalize_text` replaces each with U+FFFD.

    >>> has_lone_surrogates("政协\\ud800"), has_lone_surrogates("政协𠀀")
    (True, False)
    """
    return _SURROGATE.search(text) is not None


def replace_lone_surrogates(text: str) -> str:
    """``text`` with each surrogate code point replaced by U+FFFD (same length, so offsets hold).

    >>> replace_lone_surrogates("政协\\ud800委员")
    '政协\ufffd委员'
    """
    return _SURROGATE.sub("\ufffd", text)


def _strip_html(t: _Pass) -> None:
    previous = None
    # entities can be nested (&amp;nbsp;); decode until nothing changes, so the result is idempotent
    while previous != t.text:
        previous = t.text
        t.sub(_BLOCK_TAG, "\n", "html_tag")
        t.sub(_ANY_TAG, "", "html_tag")
        t.sub(_ENTITY, _unescape, "html_entity")


def _unescape(m: Any) -> str:
    return html.unescape(m.group(0))


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """The syllables of Mandarin in pinyin without tone marks (``data/pinyin_syllables.txt``;
    ü written ``ü``).

    >>> "xie" in pinyin_syllables(), "lüe" in pinyin_syllables(), "app" in pinyin_syllables()
    (True, True, False)
    """
    return frozenset(data_lines("pinyin_syllables.txt"))


#: tone-marked vowels (and ``v`` for ``ü``) -> the plain letter
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿv", "aaaaeeeeiiiioooouuuuüüüünnnmü")
_TONE_MARKS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


def is_pinyin_gloss(inside: str) -> bool:
    """Whether the inside of a parenthesis after a Han character is a pinyin gloss: one
    syllable of the table, lower case, with at most one tone mark, spaces around allowed.
    A toneless single vowel (``a``, ``e``, ``o``) is not taken for one: it is as often a
    list marker.  An abbreviation that is also a syllable (时长(min)) is taken for a gloss, as
    人民(min) would be; the repair record keeps what was removed.

    >>> [is_pinyin_gloss(s) for s in ("xié", "xie", " shang ", "lv", "A类", "APP", "app", "a", "ǎ")]
    [True, True, True, True, False, False, False, False, True]
    """
    word = inside.strip(" \t\u3000")
    if not word or not word.islower() or not word.isalpha():
        return False
    marks = sum(ch in _TONE_MARKS for ch in word)
    if marks > 1 or (marks == 0 and len(word) == 1):
        return False
    return word.translate(_TONELESS) in pinyin_syllables()


_GLOSS_OPENS = frozenset(_GLOSS_LETTERS.replace("a-z", "abcdefghijklmnopqrstuvwxyz").replace("A-Z", "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + " \t\u3000")


def _may_hold_gloss(text: str) -> bool:
    """Whether a parenthesis in ``text`` opens on a letter or a space (else no gloss can be
    there): a look at each parenthesis, faster than a scan for them."""
    for opener in "(（":
        at = text.find(opener)
        while at >= 0:
            if text[at + 1 : at + 2] in _GLOSS_OPENS:
                return True
            at = text.find(opener, at + 1)
    return False


def _gloss_repl(m: Any) -> str:
    """A run of parenthesised glosses after a Han character: the glosses go, anything from the
    first parenthesis that is not one stays."""
    run = m.group(0)
    pos = 0
    for g in _GLOSS_PIECE.finditer(run):
        if not is_pinyin_gloss(g.group(1)):
            break
        pos = g.end()
    return run[pos:]


_OPENCC_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _converter(config: str):
    from .errors import require

    opencc = require("opencc", what="converting between scripts (script='simplified' or 'traditional')", extra="script")
    return opencc.OpenCC(config)


def convert_script(text: str, script: str) -> str:
    """Convert between traditional and simplified characters with OpenCC (the ``script`` extra;
    the simplified view that analysis reads through needs no OpenCC).

    >>> convert_script("政協委員提案辦理", "simplified")
    '政协委员提案办理'
    """
    if script == "simplified":
        config = "t2s"
    elif script == "traditional":
        config = "s2t"
    elif script in (None, "original"):
        return text
    else:
        raise ValueError(f"script must be one of {SCRIPTS}, got {script!r}")
    with _OPENCC_LOCK:
        converter = _converter(config)
    return converter.convert(text)


@lru_cache(maxsize=1)
def _notice_patterns() -> tuple:
    return tuple(regex.compile(p) for p in data_lines("notices.txt"))


def is_notice(line: str) -> bool:
    """Whether a line is a reprint/source/site notice (patterns in ``data/notices.txt``).

    >>> is_notice("如若转载,请注明出处:https://example.com/1.html")
    True
    >>> is_notice("全年收集社情民意信息356条。")
    False
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 300:
        return False
    view = simplified_view(stripped)  # 來源 and 責任編輯 too
    return any(p.search(view) for p in _notice_patterns())


def split_notices(text: str) -> tuple[str, list[str]]:
    """Split trailing notice lines (reprint notices, sources, editors) off a text.

    Returns ``(body, notices)``; ``body + "\\n" + "\\n".join(notices)`` holds every
    non-blank character of the input.

    >>> split_notices("正文。\\n来源:青川日报\\n责任编辑:李明")
    ('正文。', ['来源:青川日报', '责任编辑:李明'])
    """
    lines = text.split("\n")
    notices: list[str] = []
    end = len(lines)
    while end > 0:
        line = lines[end - 1]
        if not line.strip():
            end -= 1
            continue
        if is_notice(line):
            notices.append(line.strip())
            end -= 1
            continue
        break
    if not notices:
        return text, []
    notices.reverse()
    return "\n".join(lines[:end]).rstrip(), notices


def looks_traditional(text: str, *, sample: int = 4000) -> bool:
    """Whether a text is written in traditional characters (the simplified view changes >3% of
    its Han characters).

    >>> looks_traditional("政協委員提案辦理"), looks_traditional("政协委员提案办理")
    (True, False)
    """
    import numpy as np

    head = text[:sample]
    han = len(regex.findall(r"\p{Han}", head))
    if not han:
        return False
    _, differs = _t2s_tables()
    changed = int(differs[np.frombuffer(head.encode("utf-16-le", "surrogatepass"), dtype="<u2")].sum())
    return changed / han > 0.03


@lru_cache(maxsize=1)
def _t2s_tables() -> tuple[Any, Any]:
    """Per BMP code point, its simplified code point and whether it changes
    (``data/t2s_characters.tsv``)."""
    import numpy as np

    lookup = np.arange(0x10000, dtype=np.uint16)
    for trad, simple in read_table("t2s_characters.tsv", columns=2):
        lookup[ord(trad)] = ord(simple)
    return lookup, lookup != np.arange(0x10000, dtype=np.uint16)


def simplified_view(text: str) -> str:
    """``text`` with traditional characters mapped one to one to simplified ones (length kept).

    The mapping is per character (a table, ``data/t2s_characters.tsv``, made from OpenCC's
    ``t2s`` of each character alone; OpenCC itself is not needed), so texts and keywords are
    converted alike and every offset into the result
    is an offset into ``text``; in a text with traditional characters, the few words whose
    simplified form is not that of their characters (答覆 -> 答复, 瞭解 -> 了解;
    ``data/script_phrases.tsv``) are mapped as words.

    >>> simplified_view("政協委員提案辦理")
    '政协委员提案办理'
    >>> simplified_view("答覆委員")
    '答复委员'
    """
    if not text or text.isascii():
        return text
    view = _character_view(text)
    return text if view is text else _map_phrases(text, view)


def term_views(word: str) -> tuple[str, ...]:
    """The forms a word (a lexicon term, a theme keyword) takes in simplified views of texts:
    its own view, and, when it holds one of the words of ``data/script_phrases.tsv``, the form
    that word takes in a text with traditional characters (答覆件数 in 委員答覆件数 reads 答复件数).

    >>> term_views("提案办理"), term_views("答覆件数")
    (('提案办理',), ('答覆件数', '答复件数'))
    """
    view = _character_view(word)
    mapped = _map_phrases(word, view)
    own = word if view is word else mapped  # simplified_view(word), from the same character view
    return (own,) if mapped == own else (own, mapped)


def code_points(text: str) -> Any:
    """The code points of ``text`` as a uint32 array, one per character (lone surrogates
    included, as they stand).

    >>> code_points("政协a😀").tolist()
    [25919, 21327, 97, 128512]
    """
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _character_view(text: str) -> str:
    """:func:`simplified_view` character by character (``text`` itself when nothing changes)."""
    import numpy as np

    lookup, differs = _t2s_tables()
    # UTF-16 code units: every BMP character, and surrogate halves (never mapped) for the rest
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    if not np.take(differs, units).any():
        return text  # nothing traditional: the common case, no copy
    # every mapping stays in the BMP and surrogate halves map to themselves: one unit for one
    out = np.take(lookup, units).astype("<u2").tobytes().decode("utf-16-le", "surrogatepass")
    if len(out) != len(text):
        # two lone surrogates side by side in the text ("\ud83d\ude00") came back as one
        # character: map code points instead
        cp = code_points(text)
        mapped = np.where(cp < 0x10000, lookup[np.minimum(cp, 0xFFFF)], cp)
        out = mapped.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return out


@lru_cache(maxsize=1)
def _script_phrases() -> tuple[Any, dict[str, list[tuple[int, str, str]]]]:
    """The phrases of ``data/script_phrases.tsv``: a pattern finding the characters they are
    needed for, and for each such character the phrases holding it (offset, phrase, simplified)."""
    by_char: dict[str, list[tuple[int, str, str]]] = {}
    for trad, simple in read_table("script_phrases.tsv", columns=2):
        if len(trad) != len(simple):
            continue  # the view keeps offsets: only phrases of the same length
        for i, (a, b) in enumerate(zip(trad, simple)):
            if _character_view(a) != b:
                by_char.setdefault(a, []).append((i, trad, simple))
                break
    for entries in by_char.values():
        entries.sort(key=lambda e: -len(e[1]))  # the longest phrase first
    pattern = compile_fast("[" + "".join(sorted(by_char)) + "]") if by_char else None
    return pattern, by_char


def _map_phrases(text: str, view: str) -> str:
    """``view`` (character by character) with the words of ``data/script_phrases.tsv`` found in
    ``text`` mapped as words (``view`` itself when there are none)."""
    pattern, by_char = _script_phrases()
    if pattern is None or pattern.search(text) is None:
        return view
    chars = None
    for m in pattern.finditer(text):
        pos = m.start()
        for i, trad, simple in by_char[m.group(0)]:
            start = pos - i
            if start >= 0 and text.startswith(trad, start):
                if chars is None:
                    chars = list(view)
                chars[start : start + len(simple)] = simple
                break
    return "".join(chars) if chars is not None else view


