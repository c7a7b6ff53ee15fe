"""Scanning: where a text states a quantity, and what the quantity is.

One scan with the standard library's ``re`` finds runs of number characters (digits,
masks, Chinese numerals) that a unit, qualifier, multiplier or range can follow; each
run is read into a :class:`~summarytext.metrics.record.Metric` with its value, bounds,
qualifier and unit, or passed over.  Whether a quantity is a metric at all is
:mod:`summarytext.metrics.exclude`'s question.

>>> from summarytext.metric_lexicon import metric_lexicon
>>> [(m.value, m.unit, m.qualifier) for m in find_quantities("开展调研90余次，立案率99.8%。", metric_lexicon())]
[(90.0, '次', 'over'), (99.8, '%', None)]
"""
from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

from ..metric_lexicon import MetricLexicon, metric_lexicon
from .. import patterns as P
from ..numbers import parse_number
from .exclude import excluded
from .record import Metric

logger = logging.getLogger("summarytext")

CN = P.NUMERAL_CN
MASK = P.MASK_CHARS
MULTIPLIER = "万亿"
PERCENT_WORD = "百分之"
#: the characters of a run that may hold a number: digits, separators, masks, numerals, 点
RUN = "0123456789.," + MASK + CN + "点"
_RUN_CHARS = frozenset(RUN)


@lru_cache(maxsize=1)
def candidate_patterns() -> "tuple[re.Pattern[str], re.Pattern[str]]":
    """Runs of number characters, from their first digit or numeral, that a unit,
    qualifier, multiplier or range can follow, and such runs after 百分之: two C-speed
    scans find them, most numerals in running text (一批, 统一, 2023年) are never looked
    at in Python.  Both patterns start with a character class or a literal, which the
    scanner skips to.  Linear: a run is read possessively, never from a numeral right after
    another, and for at most 256 characters (a longer run holds no number of 40 or fewer,
    after 百分之 too)."""
    follow = "".join(sorted(re.escape(ch) for ch in follow_chars()))
    run = re.escape(RUN)
    numeral = "0-9" + re.escape(MASK + CN)  # a number starts with one: 联络点19个, 件,29件
    # narrative "one" (一批, 一个, 一份) is never a metric (see exclude): a lone 一 is no candidate
    # unless 万/亿 or a range goes on from it (checked after the first character, so that the
    # scanner still skips to a character of the first class); 百分之一 is found by ``percent``
    lone_one = rf"(?<=一)(?![{run}])(?![\x00-\U0010ffff]?[{MULTIPLIER}])(?!{P.RANGE_SEP.pattern})"
    counted = rf"[{numeral}](?<![{numeral}][{numeral}])(?!{lone_one})[{run}]{{0,255}}+(?=[{follow}])(?![{run}])"
    percent = rf"{PERCENT_WORD}(?=[.,点]*+([{numeral}][{run}]{{0,255}}+)(?![{run}]))"
    return P.compile_fast(counted), P.compile_fast(percent)


def follow_chars() -> set[str]:
    """The characters a candidate run must be followed by: the first of a unit, a qualifier
    after the number, 万/亿, a range separator, a space or a comma."""
    lex = metric_lexicon()
    firsts = {u[0] for u in lex.units} | set(lex.after_qualifier) | {w[0] for w, _ in lex.end_qualifiers}
    return firsts | set(MULTIPLIER) | set("至到—–-~～－ \u3000,")


def candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of each candidate run, in text order, from its first digit or numeral
    (a numeral after ".", "," or 点 that follow more of the run is inside it, not a start).

    >>> candidates("立案26件，办复率99.8%")
    [(2, 4), (9, 13)]
    """
    counted, percent = candidate_patterns()
    spans = []
    for m in counted.finditer(text):
        a = i = m.start()
        while i > 0 and text[i - 1] in ".,点":
            i -= 1
        if i == a or i == 0 or text[i - 1] not in _RUN_CHARS:
            spans.append((a, m.end()))
    if PERCENT_WORD in text:
        spans = sorted(set(spans).union(m.span(1) for m in percent.finditer(text)))
    return spans


def find_quantities(text: str, lex: MetricLexicon) -> list[Metric]:
    """The quantities of ``text`` that may be metrics, in text order, none overlapping."""
    found: list[Metric] = []
    urls = "http" in text or "www." in text
    for a, run_end in candidates(text):
        m = P.NUMBER_RUN.match(text, a, run_end)
        if m is None:
            continue
        if text[a] in MASK and a > 0 and text[a - 1].isascii() and text[a - 1].isalpha():
            continue  # an x inside a Latin word
        if found and a < found[-1].end:
            continue
        metric = read_quantity(text, a, m.end(), lex)
        if metric is None:
            continue
        if found and metric.start < found[-1].end:
            continue
        if excluded(text, metric, lex, urls=urls):
            continue
        found.append(metric)
    return found


def read_quantity(text: str, a: int, b: int, lex: MetricLexicon) -> Metric | None:
    """A quantity whose number is ``text[a:b]``, or None when no unit follows it.

    >>> m = read_quantity("约2万人次参加", 1, 2, metric_lexicon())
    >>> m.value, m.unit, m.qualifier, (m.start, m.end)
    (20000.0, '人次', 'about', (0, 5))
    """
    num = text[a:b]
    n = len(text)
    if len(num) > 40:
        return None
    percent_word = text.endswith(PERCENT_WORD, 0, a)
    if num[0] in CN and not percent_word:
        if num in ("万", "亿") or num.startswith(("万", "亿")):
            return None
    pos = b
    num2 = None
    rng = P.RANGE_SEP.match(text, pos)
    if rng and not percent_word:
        m2 = P.NUMBER_RUN.match(text, rng.end())
        if m2 and _same_kind(num, m2.group(0)):
            num2 = m2.group(0)
            pos = m2.end()
    mult = ""
    while pos < n and text[pos] in MULTIPLIER and len(mult) < 2:
        mult += text[pos]
        pos += 1
    qualifier = None
    q_after = text[pos] if pos < n else ""
    if q_after in lex.after_qualifier:
        qualifier = lex.after_qualifier[q_after]
        pos += 1
        while pos < n and text[pos] in MULTIPLIER and len(mult) < 2:
            mult += text[pos]
            pos += 1
    if percent_word:
        unit = "%"
        unit_end = pos
        start = a - len(PERCENT_WORD)
    else:
        space = pos < n and text[pos] in " \u3000" and num[0] in "0123456789"
        upos = pos + 1 if space else pos
        written = lex.unit_at(text, upos) if upos < n else None
        if written is None:
            return None
        unit = lex.unit_alias.get(written, written)
        if lex.units[unit].kind == "score" and (num[0] in CN or num[0] in MASK):
            return None  # 十分 is "very"; points are written in digits
        unit_end = upos + len(written)
        start = a
    end = unit_end
    if end < n and text[end] in lex.end_qualifier_firsts:
        for word, q in lex.end_qualifiers:
            if text.startswith(word, end):
                qualifier = qualifier or q
                end += len(word)
                break
    before_q, q_start = _before_qualifier(text, start, lex)
    if before_q and not qualifier:
        qualifier = before_q
        start = q_start
    elif before_q:
        start = q_start

    masked = num[0] in MASK
    try:
        if masked:
            value = math.nan
            digits, low, high = mask_bounds(num, mult)
        else:
            digits = None
            value = _parse(num, mult, unit, percent_word)
            low = high = value
    except ValueError:
        logger.debug("not a number: %r", text[a:pos])
        return None
    if num2 is not None:
        try:
            if num2[0] in MASK:
                _, _, high = mask_bounds(num2, mult)
            else:
                high = _parse(num2, mult, unit, False)
        except ValueError:
            return None
        if not (high >= low):
            return None  # a descending pair (1–0%) is not a range
        qualifier = "about"
    elif qualifier == "over":
        high = math.nan
    elif qualifier == "under":
        low = math.nan
    cn_small = num[0] in CN and not masked and not percent_word and value < 10 and num2 is None
    return Metric(start, end, unit_end, value, masked, digits, low, high, qualifier, unit, cn_small)


def _same_kind(a: str, b: str) -> bool:
    return (a[0] in CN) == (b[0] in CN) and (a[0] in MASK) == (b[0] in MASK)


def _before_qualifier(text: str, start: int, lex: MetricLexicon) -> tuple[str | None, int]:
    if start == 0 or (text[start - 1] not in lex.before_qualifier_lasts and text[start - 1] != "了"):
        return None, start
    head = text[max(0, start - 5) : start]
    if head.endswith("了"):
        head = head[:-1]
        shift = 1
    else:
        shift = 0
    for word, q in lex.before_qualifiers:
        if head.endswith(word):
            prev = head[-len(word) - 1 : -len(word)] if len(head) > len(word) else ""
            if word == "近" and prev in ("最", "附", "临", "就", "接", "亲", "贴", "邻", "靠", "将"):
                continue
            if word == "超" and prev in ("高",):
                continue
            return q, start - shift - len(word)
    return None, start


_SCALE = {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12, "亿万": 1e12, "万万": 1e8}


def _parse(num: str, mult: str, unit: str, percent_word: bool) -> float:
    if percent_word:
        return _parse_cached(PERCENT_WORD + num)
    if num.isascii() and mult in _SCALE:
        # plain digits (the common case): no need for the general reader
        try:
            return float(num.replace(",", "")) * _SCALE[mult]
        except ValueError:
            pass
    return _parse_cached(num + mult)


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> float:
    return parse_number(text)


def mask_bounds(num: str, mult: str) -> tuple[int, float, float]:
    """Digits before the point, and the lowest and highest value a masked number can have.

    >>> mask_bounds("xxx", ""), mask_bounds("x.x", "万")
    ((3, 100.0, 999.0), (1, 0.0, 99000.0))
    """
    whole, _, frac = num.replace(",", "").partition(".")
    d = len(whole)
    scale = 1.0
    for ch in mult:
        scale *= 1e4 if ch == "万" else 1e8
    low = 10.0 ** (d - 1) if d > 1 else (0.0 if frac else 1.0)
    high = 10.0 ** d - (10.0 ** -len(frac) if frac else 1.0)
    return d, low * scale, high * scale
