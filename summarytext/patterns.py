"""Regular expressions used across the library, in one place.

Every pattern here is linear-time on any input: bounded repetitions, no nested
quantifiers over overlapping classes.  Word lists (units, stage verbs, themes) are
not here but in the data files of ``summarytext/data``.

>>> bool(HEADING_CN.match("一、坚持政治引领"))
True
>>> QUANTITY_TOKEN.findall("立案26699件，办复率99.84%，共1.2万人次，xx余次，x.x%")
['26699', '99.84%', '1.2万', 'xx', 'x.x%']
"""
from __future__ import annotations

import re
import warnings

import regex


#: whitespace as the ``regex`` module reads ``\s`` (Unicode White_Space); the standard library's
#: ``re`` also counts the separators \x1c-\x1f, so patterns meant for both spell it out
SPACE = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

# escapes whose meaning depends on the engine's Unicode tables (\s \w \d \b …), inline flags
_ENGINE_DEPENDENT = re.compile(r"\\[wWdDsSbBpPNXR]|\(\?[aiLmsux]")


def compile_fast(pattern: str, flags: int = 0) -> "re.Pattern[str] | regex.Pattern":
    """``pattern`` compiled with the standard library's ``re`` when both engines read it
    alike (literals, classes of characters, groups, look-arounds: a search of a short
    string costs about a third of the ``regex`` module's), else with ``regex`` (``\\s``,
    ``\\w``, ``\\d``, ``\\b``, whose Unicode tables differ; ``\\p{..}``; flags; variable-width
    look-behind; possessive quantifiers before Python 3.11).  Both objects have the same
    ``search``/``match``/``finditer``/``sub`` methods.

    >>> compile_fast("被|获得?").search("x篇被省政协采用").group(0)
    '被'
    >>> [type(compile_fast(p)).__module__ for p in (r"\\p{Han}+", r"第\\s*$", rf"第[{SPACE}]*$")]
    ['_regex', '_regex', 're']
    """
    if flags or not engine_neutral(pattern):
        return regex.compile(pattern, flags)
    try:
        return re.compile(pattern)
    except re.error:
        return regex.compile(pattern)


def engine_neutral(pattern: str) -> bool:
    """Whether ``re`` and ``regex`` would read ``pattern`` alike, as far as it can tell: no
    escape that stands for a Unicode table (``\\s`` ``\\w`` ``\\d`` ``\\b`` ``\\p``) and no
    inline flag; nested sets, which ``re`` reads otherwise, make it warn (and count as not).

    >>> engine_neutral(r"(?P<n>委员)[^，。]{0,6}建议"), engine_neutral(r"委员\\w")
    (True, False)
    """
    if _ENGINE_DEPENDENT.search(pattern):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        try:
            re.compile(pattern)
        except FutureWarning:
            return False
        except re.error:
            pass  # not read by re at all: compile_fast takes regex
    return True


def overlapping(words: "list[str] | set[str]") -> "re.Pattern[str]":
    """A pattern whose ``finditer`` reports, at every position where one of ``words``
    starts, the longest of them there (what ``regex``'s ``overlapped=True`` gives for
    the alternation, longest word first), as group 1.  Positions are skipped at C speed
    unless they hold the first character of a word.

    >>> [m.group(1) for m in overlapping(["立案", "案件"]).finditer("立案件")]
    ['立案', '案件']
    """
    words = sorted(words, key=len, reverse=True)
    firsts = "".join(sorted({w[0] for w in words}))
    return re.compile(f"(?=[{re.escape(firsts)}])(?=({'|'.join(map(re.escape, words))}))")

#: bidirectional control characters, as a character class body: they reorder how a line is shown
#: ("exe.txt" can read as "txt.exe") and say nothing of the text (normalisation removes them,
#: tables strip them from cells)
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

#: Chinese numeral characters used in section numbers
CN_DIGITS = "一二三四五六七八九十百零〇○两"

# --- structure ---------------------------------------------------------------
#: 一、 二、 … (level 1)
HEADING_CN = compile_fast(rf"^[{CN_DIGITS}]{{1,4}}[{SPACE}]*[、．.]")
#: (一) （二） (level 2)
HEADING_CN_PAREN = compile_fast(rf"^[(（][{SPACE}]*[{CN_DIGITS}]{{1,4}}[{SPACE}]*[)）]")
#: 1. 2、 3． (level 3) — not a decimal number such as 1.5万
HEADING_DIGIT = compile_fast(rf"^[0-9]{{1,2}}[{SPACE}]*(?:[、．]|\.(?![0-9]))")
#: (1) （2） ① (level 4)
HEADING_DIGIT_PAREN = compile_fast(rf"^(?:[(（][{SPACE}]*[0-9]{{1,2}}[{SPACE}]*[)）]|[①-⑳])")
#: x、 xx、 (a masked section number, level 1)
HEADING_MASKED = compile_fast(rf"^[xX×]{{1,2}}[{SPACE}]*、")
#: Markdown headings
HEADING_MARKDOWN = compile_fast(rf"^(#{{1,6}})[{SPACE}]+[^{SPACE}]")
#: any of the heading patterns above, to pass over running text with one match
HEADING_START = compile_fast(
    "|".join(f"(?:{p.pattern})" for p in (HEADING_CN, HEADING_CN_PAREN, HEADING_DIGIT, HEADING_DIGIT_PAREN, HEADING_MASKED, HEADING_MARKDOWN))
)
#: the characters a line that HEADING_START matches can begin with (structure passes over long
#: lines that begin otherwise without matching; a test holds the two together)
HEADING_FIRST_CHARS = frozenset(CN_DIGITS + "(（0123456789xX×#" + "".join(chr(c) for c in range(ord("①"), ord("⑳") + 1)))
#: what ``str.strip()`` strips (``str.isspace``): SPACE and the separators \x1c-\x1f
STRIP_SPACE = SPACE + "\\x1c-\\x1f"
#: a paragraph: a line's text from its first to its last non-space character, the bounds of ``line.strip()``
PARAGRAPH = compile_fast(rf"[^{STRIP_SPACE}](?:[^\n]*[^{STRIP_SPACE}])?")

#: what ends a sentence: a run of these marks, a run of "…", or three dots or more, each with
#: the closing quotes and brackets right after it ("好！”", "xx余次……"); see structure.sentence_bounds
SENTENCE_MARKS = "。！？!?；;"
SENTENCE_ELLIPSIS = "…"
SENTENCE_CLOSERS = "”’」』》)）\"'"
#: punctuation that marks a line as running text rather than a title
RUNNING_TEXT_PUNCT = compile_fast(r"[。！？!?；;，,：:]")
#: a table-of-contents heading line
TOC_HEADING = regex.compile(r"^\s*(?:目\s*录|目\s*次|contents)\s*[:：]?\s*$", regex.I)
#: what stands between a table-of-contents title and its page number: a run of leaders (two at
#: least) with spaces around it, or spaces alone (see compilation._toc_line)
TOC_LEADERS = ".…·．-—_"
TOC_GAP = " \t\u3000"

# --- numbers ----------------------------------------------------------------------
#: Chinese numeral characters of counts (lower and upper case)
NUMERAL_CN = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
#: placeholders that mask digits in scraped copies
MASK_CHARS = "xX×＊*"
#: a run of digits (1,205 / 99.84), masked digits (xxx / x,xxx / x.x) or Chinese numerals;
#: each run starts where the previous class ends and is never backtracked
NUMBER_RUN = compile_fast(
    rf"(?<![0-9.])(?<![0-9],)[0-9]++(?:,[0-9]{{3}}+)*+(?:\.[0-9]++)?+"
    rf"|(?<![{MASK_CHARS}A-Za-z])[{MASK_CHARS}]++(?:,[{MASK_CHARS}]{{3}}+)*+(?:\.[{MASK_CHARS}0-9]++)?+(?![A-Za-z])"
    rf"|(?<![{NUMERAL_CN}])[{NUMERAL_CN}]++(?:[点][{NUMERAL_CN}]++)?+"
)
#: what joins the two ends of a range (3至5个, 10—15家, 3-5万元)
RANGE_SEP = compile_fast(rf"[{SPACE}]?(?:至|到|—{{1,2}}|–|-|~|～|－)[{SPACE}]?")
#: a count or ordinal cut out of its context as a token (一次, 五个, 多人次, 第九届): not a term
COUNTED_TOKEN = regex.compile(r"^[零〇一二两三四五六七八九十百千万亿几多余第每首]+[个次件条篇场项期份名人位家届轮年月天级大批类种道点层户些]*$")

# --- segmentation --------------------------------------------------------------
#: a quantity kept as one token: digits (or masked digits), decimal part, 万/亿, percent
QUANTITY_TOKEN = regex.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|(?<![A-Za-z])[xX×＊*]+(?![A-Za-z]))"
    r"(?:\.(?:[0-9]+|[xX×＊*]+(?![A-Za-z])))?"
    r"[万亿]?%?"
)
#: a token made only of punctuation, symbols or whitespace
PUNCT_TOKEN = regex.compile(r"^[\p{P}\p{S}\s]+$")

# --- document metadata ------------------------------------------------------------
#: a four-digit year written with 年 (2023年) or masked (xxxx年)
YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
#: a committee named by its level only: 市政协, 县政協
LEVEL_ONLY = regex.compile(r"(全国|自治区|省|市|州|盟|县|区|旗)(?:委员会)?(?:政协|政協)")
#: a bare 19xx/20xx in a title or file name that is not a count (2000余件)
BARE_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9]|\s*[余多件条篇次个项名人家位场期份元万亿%])")
#: lines that stand above a title: document numbers (〔2025〕2号), dates, breadcrumbs (首页 > 正文)
ABOVE_TITLE = regex.compile(
    r"[〔\[【(（](?:19|20)[0-9]{2}[〕\]】)）][^\n]{0,6}号$|^(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日$"
    r"|\s[>›»]{1,2}\s|^[^>›»]{1,12}[>›»]{1,2}[^>›»]{1,12}[>›»]"
)
