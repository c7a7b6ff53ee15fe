"""Normalising report text without losing any of it.

What :func:`normalize_text` does, in order:

* line ends unified to ``\\n``; zero-width characters, byte-order marks and stray
  control characters removed; lone surrogate code points (not text: they cannot be
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
import threading
from functools import lru_cache
from typing import Any

import regex

from .patterns import compile_fast
from .resources import data_lines

# classes of characters that normalisation replaces (each used in its own pattern and, together,
# in one scan that tells whether a text needs any of them)
_LINE_END_CHARS = r"\r\u2028\u2029\x85\x0b\x0c"
_INVISIBLE_CHARS = r"\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f"
_ODD_SPACE_CHARS = r"\u00a0\u2002\u2003\u2009\u202f"
_SURROGATE_CHARS = r"\ud800-\udfff"
_FULL_WIDTH_CHARS = r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05"

_LINE_ENDS = regex.compile(rf"\r\n|[{_LINE_END_CHARS}]")
_INVISIBLE = compile_fast(f"[{_INVISIBLE_CHARS}]")
_BLOCK_TAG = regex.compile(r"<\s*(?:br|p|/p|div|/div|li|/li|tr|/tr|h[1-6]|/h[1-6])(?:\s[^<>\n]{0,500})?\s*/?\s*>", regex.I)
_ANY_TAG = regex.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]{0,20}(?:\s[^<>\n]{0,500})?/?>|<!--[^\n]{0,2000}?-->")
_ENTITY = regex.compile(r"&(?:[a-zA-Z]{2,10}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_LOST_ELLIPSIS = regex.compile(r"(?<![?？A-Za-z0-9])\?\?(?![?？])")
_PINYIN_GLOSS = regex.compile(
    r"(?<=\p{Han})(?:\((?=[a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\))+"
)
_BLANK_RUN = regex.compile(r"\n[ \t\u3000\u00a0]*(?:\n[ \t\u3000\u00a0]*)+")
_TRAILING_SPACE = regex.compile(r"[ \t\u3000\u00a0]+(?=\n|$)")
_NBSP = compile_fast(f"[{_ODD_SPACE_CHARS}]")
_SURROGATE = compile_fast(f"[{_SURROGATE_CHARS}]")
#: any character that _LINE_ENDS, _INVISIBLE, _NBSP or _SURROGATE replace
_ODD_CHARS = compile_fast(f"[{_LINE_END_CHARS}{_INVISIBLE_CHARS}{_ODD_SPACE_CHARS}{_SURROGATE_CHARS}]")

# full-width digits, Latin letters and the percent sign -> half-width (1:1, offsets kept)
_HALF_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_HALF_WIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_HALF_WIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_HALF_WIDTH[0xFF05] = ord("%")
_FULL_WIDTH = compile_fast(f"[{_FULL_WIDTH_CHARS}]")
#: _ODD_CHARS or _FULL_WIDTH: one scan passes over a text (most are) that has neither
_RARE_CHARS = compile_fast(f"[{_LINE_END_CHARS}{_INVISIBLE_CHARS}{_ODD_SPACE_CHARS}{_SURROGATE_CHARS}{_FULL_WIDTH_CHARS}]")
_DECIMAL_POINT = regex.compile(r"(?<=[0-9])．(?=[0-9])")  # 。 between digits ends a sentence

SCRIPTS = ("original", "simplified", "traditional")


def normalize_text(text: str, *, script: str | None = None) -> str:
    """Normalise report text (see the module docstring); idempotent.

    ``script`` is ``None``/``"original"`` (keep), ``"simplified"`` or ``"traditional"``.

    >>> normalize_text("政協提案辦理&nbsp;<br>ｘｘ件", script="simplified")
    '政协提案办理\\nxx件'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize_text expects str, got {type(text).__name__}")
    rare = _RARE_CHARS.search(text) is not None  # most texts have nothing to replace
    odd = rare and _ODD_CHARS.search(text) is not None
    if odd:
        text = _LINE_ENDS.sub("\n", text)
    if "<" in text or "&" in text:
        text = _strip_html(text)
        rare = _RARE_CHARS.search(text) is not None  # entities give &nbsp; and the like
        odd = rare and _ODD_CHARS.search(text) is not None
    if odd:
        text = _INVISIBLE.sub("", text)
        text = _NBSP.sub(" ", text)
        text = _SURROGATE.sub("\ufffd", text)
    if rare and _FULL_WIDTH.search(text):
        text = text.translate(_HALF_WIDTH)
    text = _DECIMAL_POINT.sub(".", text)
    if "??" in text:
        text = _LOST_ELLIPSIS.sub("……", text)
    if "(" in text:
        text = _PINYIN_GLOSS.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = text.rstrip().lstrip("\n")
    if script not in (None, "original"):
        text = convert_script(text, script)
    return text


def has_lone_surrogates(text: str) -> bool:
    """Whether ``text`` holds surrogate code points (``"\\ud800"``): not text, they cannot be
    written in UTF-8; :func:`normalize_text` replaces each with U+FFFD.

    >>> has_lone_surrogates("政协\\ud800"), has_lone_surrogates("政协𠀀")
    (True, False)
    """
    return _SURROGATE.search(text) is not None


def _strip_html(text: str) -> str:
    previous = None
    # entities can be nested (&amp;nbsp;); decode until nothing changes, so the result is idempotent
    while previous != text:
        previous = text
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    # block tags open and close paragraphs: one line break between paragraphs is enough
    return _BLANK_RUN.sub("\n", text)


_OPENCC_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def convert_script(text: str, script: str) -> str:
    """Convert between traditional and simplified characters with OpenCC.

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
    """Whether a text is written in traditional characters (OpenCC changes >3% of its Han characters).

    >>> looks_traditional("政協委員提案辦理"), looks_traditional("政协委员提案办理")
    (True, False)
    """
    head = text[:sample]
    han = len(regex.findall(r"\p{Han}", head))
    if not han:
        return False
    converted = convert_script(head, "simplified")
    if len(converted) != len(head):
        return True
    changed = sum(a != b for a, b in zip(head, converted))
    return changed / han > 0.03


_T2S_LOCK = threading.Lock()
_T2S_TABLES: list[Any] = []  # [lookup, known, differs]: per BMP code point, its simplified
# code point (in the BMP too); whether it was looked up; whether it changes


def _t2s_tables() -> tuple[Any, Any, Any]:
    import numpy as np

    if not _T2S_TABLES:
        with _T2S_LOCK:
            if not _T2S_TABLES:
                known = np.zeros(0x10000, dtype=bool)
                known[:0x2E80] = True  # below the CJK radicals nothing changes
                known[0xD800:0xE000] = True  # surrogates: code points above the BMP never change
                known[0xFFFF] = True
                _T2S_TABLES.extend([np.arange(0x10000, dtype=np.uint16), known, np.zeros(0x10000, dtype=bool)])
    return _T2S_TABLES[0], _T2S_TABLES[1], _T2S_TABLES[2]


def simplified_view(text: str) -> str:
    """``text`` with traditional characters mapped one to one to simplified ones (length kept).

    The mapping is per character (OpenCC ``t2s`` of each character, looked up once and kept
    in a table), so texts and keywords are converted alike and every offset into the result
    is an offset into ``text``.

    >>> simplified_view("政協委員提案辦理")
    '政协委员提案办理'
    """
    import numpy as np

    if not text or text.isascii():
        return text
    lookup, known, differs = _t2s_tables()
    # UTF-16 code units: every BMP character, and surrogate halves (never mapped) for the rest
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    seen = known[units]
    if not seen.all():
        new = np.unique(units[~seen]).tolist()
        chars = [chr(c) for c in new]
        converted = convert_script("\n".join(chars), "simplified").split("\n")
        if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
            converted = [convert_script(c, "simplified") for c in chars]
        with _T2S_LOCK:
            for c, simple in zip(new, converted):
                if len(simple) == 1 and ord(simple) < 0x10000:
                    lookup[c] = ord(simple)
                    differs[c] = ord(simple) != c
                known[c] = True
    if not differs[units].any():
        return text  # nothing traditional: the common case, no copy
    # every mapping stays in the BMP and surrogate halves map to themselves: one unit for one
    out = lookup[units].astype("<u2").tobytes().decode("utf-16-le", "surrogatepass")
    if len(out) == len(text):
        return out
    # two lone surrogates side by side in the text ("\ud83d\ude00") came back as one character:
    # map code points instead
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    mapped = np.where(cp < 0x10000, lookup[np.minimum(cp, 0xFFFF)], cp)
    return mapped.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


