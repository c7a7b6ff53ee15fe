"""Exclusion: quantities that are not metrics.

Ordinals and term numbers (第, 届 before), rules (每…), classifications (分为…),
narrative small Chinese numerals before a noun (两条公交线路, 四个“先行一步”), short
quotations (“五个一”), parenthesised counts in titles, and digits inside web addresses.
Counts of a system's existing units (全市x个县(市、区)政协) are dropped later, by the
rule ``structural_units``, once their subject is known.

>>> from summarytext.metrics import extract_metrics
>>> extract_metrics("第五次会议选出两名代表，四个“先行一步”。").empty
True
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex

from .. import patterns as P
from .record import CLAUSE_END

if TYPE_CHECKING:  # pragma: no cover
    from ..metric_lexicon import MetricLexicon
    from .record import Metric

OPEN_QUOTES = "“\"「『‘"
CLOSE_QUOTES = "”\"」』’"
_HAN_RUN = regex.compile(r"\p{Han}{3,}")  # more than a short word: a real parenthetical sentence
_QUOTES = re.escape(OPEN_QUOTES + CLOSE_QUOTES)
_LAST_QUOTE = P.compile_fast(f"([{_QUOTES}])[^{_QUOTES}]*$")
_CLOSE_QUOTE = P.compile_fast("[" + re.escape(CLOSE_QUOTES) + "]")


def excluded(text: str, m: "Metric", lex: "MetricLexicon", *, urls: bool = True) -> bool:
    """Whether a quantity is not a metric; ``urls=False`` when the text has no web address."""
    left = text[max(0, m.start - 12) : m.start]
    if lex.cues["not_metric"].search(left):
        return True
    after = text[m.unit_end : m.unit_end + 2]
    if m.cn_small:
        if m.value <= 1:
            return True
        if after and after[0] not in CLAUSE_END + "、和及与)）" and not after.startswith(("以上", "左右")):
            # a small count before a noun is narrative (两条公交线路), unless a verb reports it as a
            # result (查处三起问题, 带动两个合作社); never a name or slogan (实现四个“先行一步”)
            if after[0] in OPEN_QUOTES + "《" or not _after_result_verb(text, m.start, lex):
                return True
    # a count in a short parenthesis: "(4篇)" in a title, "(共印120份)" in a masthead
    if m.end < len(text) and text[m.end] in ")）":
        opening = max(text.rfind("(", max(0, m.start - 6), m.start), text.rfind("（", max(0, m.start - 6), m.start))
        if opening >= 0 and not _HAN_RUN.search(text, opening + 1, m.start):
            return True
    # inside a short quotation: a slogan or numbered programme (“五个一”, “1+N”)
    if in_short_quote(text, m.start, m.end):
        return True
    # digits inside a URL or a file name
    if urls and in_url(text, m.start):
        return True
    # part of a code or document number (…004C/2026-18574, ISBN 978-7-…)
    if m.start > 0 and text[m.start] in "0123456789" and _in_code(text, m.start):
        return True
    # a threshold that describes a group (1万元以上的12人, 积分低于60分的委员, 缺席2次以上的)
    if text.startswith("的", m.end) and lex.units[m.unit].kind != "rate" and (lex.cues["thresholds"].search(text, m.start - 4, m.end)):
        return True
    return False


def _after_result_verb(text: str, start: int, lex: "MetricLexicon") -> bool:
    """Whether a verb that reports a result (a stage word or one of ``result_verbs``) ends
    right before ``start`` (了, 共, 出 between them allowed)."""
    head = text[max(0, start - 8) : start].rstrip("了共出到")
    if not head:
        return False
    for pattern in (lex.cues["result_verbs"], lex.stage_words):
        for vm in pattern.finditer(head):
            if vm.end() == len(head):
                word = vm.group(0)
                return pattern is lex.cues["result_verbs"] or lex.stage_of.get(word) not in (None, "planned")
    return False


def _in_code(text: str, start: int) -> bool:
    """Whether the digits at ``start`` continue a code: after "/", "_" or "\\", after a letter
    that follows a letter or digit (004C), or after "-" that follows a digit."""
    before = text[start - 1]
    if before in "/\\_":
        return True
    prior = text[start - 2] if start > 1 else ""
    if before == "-":
        return prior.isdigit()
    return before.isascii() and before.isalpha() and prior.isascii() and prior.isalnum()


def in_short_quote(text: str, start: int, end: int, limit: int = 10) -> bool:
    """Whether ``text[start:end]`` stands inside a quotation of at most ``limit`` characters.

    >>> in_short_quote("开展“五个一”活动", 3, 5), in_short_quote("开展5场“活动”", 2, 4)
    (True, False)
    """
    lo = max(0, start - limit)
    opened = _LAST_QUOTE.search(text, lo, start)  # the last quotation mark before the number
    if opened is None or opened.group(1) not in OPEN_QUOTES:
        return False  # none, or one that closes a quotation
    closed = _CLOSE_QUOTE.search(text, end, end + limit)
    if closed is None:
        return False
    return (start - opened.end(1)) + (end - start) + (closed.start() - end) <= limit


def in_url(text: str, start: int) -> bool:
    """Whether position ``start`` is inside a web address.

    >>> in_url("见http://a.cn/2023/5.html", 13), in_url("立案5件", 2)
    (True, False)
    """
    if start == 0:
        return False
    before = text[start - 1]
    if before.isspace() or ord(before) > 0x2E80:
        return False  # what stands right before the number would end any address (the common case)
    lo = max(0, start - 120)
    chunk = text[lo:start]
    k = chunk.rfind("http")
    if k < 0:
        k = chunk.rfind("www.")
    if k < 0:
        return False
    return not any(ch.isspace() or ord(ch) > 0x2E80 for ch in chunk[k:])
