"""Metric extraction: every count, amount and rate a report gives.

:func:`extract_metrics` finds each number followed by a unit or counting word
(``开展协商议政活动xxx场次``, ``立案26699件``, ``办复率99.84%``, ``百分之九十八以上``,
``2.83万余人次``, ``30至35个``), and reads

* ``value`` (float; 万/亿 folded in; NaN when the digits are masked), ``masked``,
  ``digits`` (how many placeholders before the point), ``low``/``high`` bounds
  (from masks, qualifiers and ranges), ``qualifier`` (over, under, about), ``unit``;
* ``subject`` (what is counted, before or after the number or earlier in a list),
  ``category`` (activity, proposal, information, report, people, problem, media,
  money, rate, other), ``stage`` (held, submitted, registered, handled, adopted,
  endorsed, reported, planned, or None) and ``by`` (who adopted or endorsed it);
* ``start``/``end`` offsets into the document text, and the sentence, paragraph and
  section holding it, with the clause as ``context``.

Numbers that are not metrics are left out: dates, durations, ordinals (第五次), term
and meeting numbers (十二届五次会议), numbers in slogans and names (四个“先行一步”,
“五个一”, 二十大), narrative "one" (一场协商会), rules (每个小组由2名…组成).

No word segmentation is needed: the scan is a single regular expression over the
text plus lookups in the word lists of ``summarytext/data``.

>>> df = extract_metrics("全年收集社情民意信息356条，被省政协采用23篇；提案办复率99.84%。")
>>> df[["text", "value", "unit", "category", "stage", "by"]].values.tolist()
[['356条', 356.0, '条', 'information', 'submitted', <NA>], ['23篇', 23.0, '篇', 'information', 'adopted', '省政协'], ['99.84%', 99.84, '%', 'rate', 'handled', <NA>]]
"""
from __future__ import annotations

import bisect
import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

import regex

from .document import Document, as_documents
from .metric_lexicon import MetricLexicon, metric_lexicon
from . import patterns as P
from .normalize import simplified_view
from .numbers import parse_number

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

COLUMNS = [
    "doc_id", "text", "value", "masked", "digits", "low", "high", "qualifier", "unit",
    "category", "stage", "subject", "by", "start", "end", "sentence", "paragraph", "section", "context",
]

_CN = P.NUMERAL_CN
_MASK = P.MASK_CHARS
NUMBER_RUN = P.NUMBER_RUN
_RANGE_SEP = P.RANGE_SEP
_MULTIPLIER = "万亿"
_CLAUSE_END = "，,；;。！？!?：: \u3000\n"
_SENTENCE_END = "；;。！？!?\n"
_LIST_JOIN = ("、", "和", "及", "以及", "与")
_PERCENT_WORD = "百分之"
_OPEN_QUOTES = "“\"「『‘"
_CLOSE_QUOTES = "”\"」』’"
#: titles or quoted examples before 等 ("《…》等", "“…”“…”等") and everything before them
_EXAMPLES = P.compile_fast(r"^.*[》”]等")
_HAN = regex.compile(r"\p{Han}")
_PHRASE_SPLIT = P.compile_fast(r"[，,、：:（(]")
_PAREN_TAIL = P.compile_fast(r"[（(].*$|[，,：:]")
_PARENS = P.compile_fast(r"[(（][^)）]*[)）]")
_HAN_RUN = regex.compile(r"\p{Han}{3,}")  # more than a short word: a real parenthetical sentence


@dataclass(slots=True)
class _Metric:
    start: int
    end: int
    unit_end: int
    value: float
    masked: bool
    digits: int | None
    low: float
    high: float
    qualifier: str | None
    unit: str
    cn_small: bool = False
    subject: str | None = None
    category: str | None = None
    stage: str | None = None
    stage_source: str | None = None  # "own", "none" (blocked), None
    by: str | None = None
    left: str = ""
    right: str = ""
    clause: tuple[int, int] = (0, 0)
    sentence_span: tuple[int, int] = (0, 0)
    previous_clause: tuple[int, int] = (0, 0)
    left_stages: list[tuple[str | None, str, int, int]] | None = None
    verb_subject: str | None = None  # the verb phrase a metric counts acts of (带队到现场督办18次)
    subject_is_verb: bool = False
    subject_inherited: bool = False  # taken from the metric before it
    stage_side: str | None = None  # where the stage verb stands: "passive", "right" (or "left")
    modifier: bool = False  # the stage verb only qualifies the noun (提交的集体提案186件)


# --------------------------------------------------------------------------------------------
# public API


def extract_metrics(
    obj: "str | Document | Corpus | Iterable[str | Document]",
    *,
    script: str | None = None,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
) -> "pd.DataFrame":
    """Every metric of a text, document, corpus or list of them, as a DataFrame.

    One row per metric, in text order, with the columns of :data:`COLUMNS`
    (see ``docs/schema.md``).  For a ``str`` the offsets index
    ``Document.from_text(s).text`` (the normalised text, equal to the input when it
    needs no repair).  ``n_jobs`` > 1 spreads the documents of a corpus over worker
    processes (results are the same, in the same order).

    >>> extract_metrics("开展专题调研12次，参与委员300余人次。")[["text", "low", "high", "qualifier", "category", "stage"]].values.tolist()
    [['12次', 12.0, 12.0, <NA>, 'activity', 'held'], ['300余人次', 300.0, nan, 'over', 'people', 'held']]
    """
    from .parallel import map_documents

    rows: list[dict[str, Any]] = []
    for doc_rows in map_documents(metrics_rows, as_documents(obj, script=script, caller="extract_metrics"), n_jobs=n_jobs, chunk_size=chunk_size):
        rows.extend(doc_rows)
    return metrics_frame(rows)


def metrics_frame(rows: list[dict[str, Any]]) -> "pd.DataFrame":
    """Rows from :func:`metrics_rows` as a typed DataFrame with the columns of :data:`COLUMNS`.

    Numbers are float64 (value, low, high; NaN when unknown), int64 (offsets and
    indices), nullable Int64 (digits) and bool (masked); text columns are pandas'
    ``string`` dtype, with missing values as ``pd.NA``.
    """
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for col in COLUMNS:
        values = [r[col] for r in rows]
        if col in _FLOAT_COLUMNS:
            data[col] = np.array(values, dtype="float64")
        elif col in _INT_COLUMNS:
            data[col] = np.array(values, dtype="int64")
        elif col == "masked":
            data[col] = np.array(values, dtype=bool)
        elif col == "digits":
            data[col] = pd.array(values, dtype="Int64")
        else:
            data[col] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=COLUMNS)


_FLOAT_COLUMNS = frozenset({"value", "low", "high"})
_INT_COLUMNS = frozenset({"start", "end", "sentence", "paragraph", "section"})


def metrics_rows(doc: Document) -> list[dict[str, Any]]:
    """The metrics of one document as a list of row dicts (the columns of :data:`COLUMNS`)."""
    text = doc.text
    if not text:
        return []
    lex = metric_lexicon()
    scan = simplified_view(text)
    found = _find(scan, lex)
    if not found:
        return []
    _annotate(scan, found, lex, doc)
    rows = []
    for m in found:
        sentence, paragraph, section = doc.locate(m.start)
        cs, ce = m.clause
        rows.append(
            {
                "doc_id": doc.doc_id,
                "text": text[m.start : m.end],
                "value": m.value,
                "masked": m.masked,
                "digits": m.digits,
                "low": m.low,
                "high": m.high,
                "qualifier": m.qualifier,
                "unit": m.unit,
                "category": m.category,
                "stage": m.stage,
                "subject": m.subject,
                "by": m.by,
                "start": m.start,
                "end": m.end,
                "sentence": sentence,
                "paragraph": paragraph,
                "section": section,
                "context": text[cs:ce],
            }
        )
    return rows


# --------------------------------------------------------------------------------------------
# scanning


#: the characters of a run that may hold a number: digits, separators, masks, numerals, 点
_RUN = "0123456789.," + _MASK + _CN + "点"


@lru_cache(maxsize=1)
def _candidate_patterns() -> "tuple[re.Pattern[str], re.Pattern[str]]":
    """Runs of number characters, from their first digit or numeral, that a unit,
    qualifier, multiplier or range can follow, and such runs after 百分之: two C-speed
    scans find them, most numerals in running text (一批, 统一, 2023年) are never looked
    at in Python.  Both patterns start with a character class or a literal, which the
    scanner skips to.  Linear: a run is read possessively, never from a numeral right after
    another, and for at most 256 characters (a longer run holds no number of 40 or fewer)."""
    lex = metric_lexicon()
    firsts = {u[0] for u in lex.units} | set(lex.after_qualifier) | {w[0] for w, _ in lex.end_qualifiers}
    firsts |= set(_MULTIPLIER) | set("至到—–-~～－ \u3000,")
    follow = "".join(sorted(re.escape(ch) for ch in firsts))
    run = re.escape(_RUN)
    numeral = "0-9" + re.escape(_MASK + _CN)  # a number starts with one: 联络点19个, 件,29件
    counted = rf"[{numeral}](?<![{numeral}][{numeral}])[{run}]{{0,255}}+(?=[{follow}])(?![{run}])"
    return P.compile_fast(counted), P.compile_fast(rf"{_PERCENT_WORD}(?=[.,点]*+([{numeral}][{run}]*+))")


_RUN_CHARS = frozenset(_RUN)


def _candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of each candidate run, in text order, from its first digit or numeral
    (a numeral after ".", "," or 点 that follow more of the run is inside it, not a start)."""
    counted, percent = _candidate_patterns()
    spans = []
    for m in counted.finditer(text):
        a = i = m.start()
        while i > 0 and text[i - 1] in ".,点":
            i -= 1
        if i == a or i == 0 or text[i - 1] not in _RUN_CHARS:
            spans.append((a, m.end()))
    if _PERCENT_WORD in text:
        spans = sorted(set(spans).union(m.span(1) for m in percent.finditer(text)))
    return spans


def _find(text: str, lex: MetricLexicon) -> list[_Metric]:
    found: list[_Metric] = []
    urls = "http" in text or "www." in text
    for a, run_end in _candidates(text):
        if run_end - a == 1 and text[a] == "一" and not _scaled_or_range(text, run_end) and not text.endswith(_PERCENT_WORD, 0, a):
            continue  # narrative "one" (一批, 一个, 一份): never a metric (see _excluded), not read
        m = NUMBER_RUN.match(text, a, run_end)
        if m is None:
            continue
        if text[a] in _MASK and a > 0 and text[a - 1].isascii() and text[a - 1].isalpha():
            continue  # an x inside a Latin word
        if found and a < found[-1].end:
            continue
        metric = _read_quantity(text, a, m.end(), lex)
        if metric is None:
            continue
        if found and metric.start < found[-1].end:
            continue
        if _excluded(text, metric, lex, urls=urls):
            continue
        found.append(metric)
    return found


def _scaled_or_range(text: str, b: int) -> bool:
    """Whether the number ending at ``b`` goes on with 万/亿 (after a qualifier too) or a range."""
    return any(ch in _MULTIPLIER for ch in text[b : b + 2]) or _RANGE_SEP.match(text, b) is not None


def _read_quantity(text: str, a: int, b: int, lex: MetricLexicon) -> _Metric | None:
    """A metric whose number is ``text[a:b]``, or None when no unit follows it."""
    num = text[a:b]
    n = len(text)
    if len(num) > 40:
        return None
    percent_word = text.endswith(_PERCENT_WORD, 0, a)
    if num[0] in _CN and not percent_word:
        if num in ("万", "亿") or num.startswith(("万", "亿")):
            return None
    pos = b
    num2 = None
    rng = _RANGE_SEP.match(text, pos)
    if rng and not percent_word:
        m2 = NUMBER_RUN.match(text, rng.end())
        if m2 and _same_kind(num, m2.group(0)):
            num2 = m2.group(0)
            pos = m2.end()
    mult = ""
    while pos < n and text[pos] in _MULTIPLIER and len(mult) < 2:
        mult += text[pos]
        pos += 1
    qualifier = None
    q_after = text[pos] if pos < n else ""
    if q_after in lex.after_qualifier:
        qualifier = lex.after_qualifier[q_after]
        pos += 1
        while pos < n and text[pos] in _MULTIPLIER and len(mult) < 2:
            mult += text[pos]
            pos += 1
    if percent_word:
        unit = "%"
        unit_end = pos
        start = a - len(_PERCENT_WORD)
    else:
        space = pos < n and text[pos] in " \u3000" and num[0] in "0123456789"
        upos = pos + 1 if space else pos
        unit = lex.unit_at(text, upos) if upos < n else None
        if unit is None:
            return None
        if lex.units[unit].kind == "score" and (num[0] in _CN or num[0] in _MASK):
            return None  # 十分 is "very"; points are written in digits
        unit_end = upos + len(unit)
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

    masked = num[0] in _MASK
    try:
        if masked:
            value = math.nan
            digits, low, high = _mask_bounds(num, mult)
        else:
            digits = None
            value = _parse(num, mult, unit, percent_word)
            low = high = value
    except ValueError:
        logger.debug("not a number: %r", text[a:pos])
        return None
    if num2 is not None:
        try:
            if num2[0] in _MASK:
                _, _, high = _mask_bounds(num2, mult)
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
    cn_small = num[0] in _CN and not masked and not percent_word and value < 10 and num2 is None
    return _Metric(start, end, unit_end, value, masked, digits, low, high, qualifier, unit, cn_small)


def _same_kind(a: str, b: str) -> bool:
    return (a[0] in _CN) == (b[0] in _CN) and (a[0] in _MASK) == (b[0] in _MASK)


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
        return _parse_cached(_PERCENT_WORD + num)
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


def _mask_bounds(num: str, mult: str) -> tuple[int, float, float]:
    whole, _, frac = num.replace(",", "").partition(".")
    d = len(whole)
    scale = 1.0
    for ch in mult:
        scale *= 1e4 if ch == "万" else 1e8
    low = 10.0 ** (d - 1) if d > 1 else (0.0 if frac else 1.0)
    high = 10.0 ** d - (10.0 ** -len(frac) if frac else 1.0)
    return d, low * scale, high * scale


def _excluded(text: str, m: _Metric, lex: MetricLexicon, *, urls: bool = True) -> bool:
    """Whether a quantity is not a metric (see the module docstring); ``urls=False``
    when the text has no web address at all."""
    left = text[max(0, m.start - 12) : m.start]
    if lex.cues["not_metric"].search(left):
        return True
    after = text[m.unit_end : m.unit_end + 2]
    if m.cn_small:
        if m.value <= 1:
            return True
        if after and after[0] not in _CLAUSE_END + "、和及与)）" and not after.startswith(("以上", "左右")):
            return True
    # a count in a short parenthesis: "(4篇)" in a title, "(共印120份)" in a masthead
    if m.end < len(text) and text[m.end] in ")）":
        opening = max(text.rfind("(", max(0, m.start - 6), m.start), text.rfind("（", max(0, m.start - 6), m.start))
        if opening >= 0 and not _HAN_RUN.search(text, opening + 1, m.start):
            return True
    # inside a short quotation: a slogan or numbered programme (“五个一”, “1+N”)
    if _in_short_quote(text, m.start, m.end):
        return True
    # digits inside a URL or a file name
    if urls and _in_url(text, m.start):
        return True
    return False


_QUOTE_CHARS = P.compile_fast("[" + re.escape(_OPEN_QUOTES + _CLOSE_QUOTES) + "]")


def _in_short_quote(text: str, start: int, end: int, limit: int = 10) -> bool:
    lo = max(0, start - limit)
    if _QUOTE_CHARS.search(text, lo, start) is None:
        return False
    before = text[lo:start]
    i = max(before.rfind(q) for q in _OPEN_QUOTES)
    if i < 0 or any(q in before[i + 1 :] for q in _CLOSE_QUOTES):
        return False
    after = text[end : end + limit]
    j = min((after.find(q) for q in _CLOSE_QUOTES if q in after), default=-1)
    if j < 0:
        return False
    return (len(before) - i - 1) + (end - start) + j <= limit


def _in_url(text: str, start: int) -> bool:
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


# --------------------------------------------------------------------------------------------
# reading what is counted and what happened to it


def _annotate(text: str, found: list[_Metric], lex: MetricLexicon, doc: Document) -> None:
    spans = _spans(text, found)
    for i, m in enumerate(found):
        cs, ce, ss, se, ps = spans[i]
        m.clause = (cs, ce)
        m.sentence_span = (ss, se)
        # the clause before this one in the same sentence ("" when there is none)
        m.previous_clause = (ps, cs - 1) if cs - 1 > ss else (cs, cs)
        prev_end = found[i - 1].end if i > 0 and found[i - 1].end > cs else cs
        next_start = found[i + 1].start if i + 1 < len(found) and found[i + 1].start < ce else ce
        m.left = text[prev_end : m.start]
        right = text[m.end : next_start]
        m.right = right
    planned_sections = _planned_sections(doc, lex)
    title = doc.title or ""
    if title and lex.cues["section_planned"].search(title) and not lex.cues["retrospective"].search(title):
        planned_sections = [(0, len(text))]  # a work plan (工作要点): every figure is a target
    for i, m in enumerate(found):
        _read_subject(m, lex)
        if m.subject is None:
            _previous_clause_subject(text, m, lex, found[i - 1].end if i else 0)
        _read_stage(m, lex)
    _inherit_subjects(found)
    last_of_unit: dict[str, _Metric] = {}
    for i, m in enumerate(found):
        _read_category(m, lex, text, found[i - 1] if i else None, last_of_unit.get(m.unit))
        last_of_unit[m.unit] = m
        _fix_stage_for_category(m, lex)  # own stages fitted to the category before they are passed on
    _inherit_stages(found, lex, text)
    for m in found:
        _fix_stage_for_category(m, lex)
        if planned_sections and _in_planned_section(doc, m.start, planned_sections):
            m.stage = "planned"
        elif lex.cues["planned"].search(text, m.clause[0], m.start):
            m.stage = "planned"  # 计划开展专题协商6场, 力争报送信息100篇以上
        elif m.stage is None and m.stage_source is None and _planned_cue(text, m, lex):
            m.stage = "planned"
    _drop_structural(found, text, lex)


def _spans(text: str, found: list[_Metric]) -> list[tuple[int, int, int, int, int]]:
    """For each metric: the start and end of its clause and sentence, and the start of
    the clause before its own (clauses are cut at most 200 characters, sentences 400,
    either side of the number).  All metrics at once, with the ends of clauses and
    sentences found in one pass over the code points of the text."""
    import numpy as np

    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    kind = _end_kinds()[np.minimum(cp, 0xFFFF)]
    starts = np.fromiter((m.start for m in found), dtype=np.int64, count=len(found))
    ends = np.fromiter((m.end for m in found), dtype=np.int64, count=len(found))
    clause_ends = np.flatnonzero(kind)
    sentence_ends = np.flatnonzero(kind == 2)
    cs = _span_start(clause_ends, starts, 200)
    ce = _span_end(clause_ends, ends, 200, len(text))
    ss = _span_start(sentence_ends, starts, 400)
    se = _span_end(sentence_ends, ends, 400, len(text))
    ps = _span_start(clause_ends, cs - 1, 200)
    return list(zip(cs.tolist(), ce.tolist(), ss.tolist(), se.tolist(), ps.tolist()))


def _span_start(marks: "np.ndarray", pos: "np.ndarray", limit: int) -> "np.ndarray":
    """One past the last mark before each position, no further back than ``limit``."""
    import numpy as np

    i = np.searchsorted(marks, pos, side="left") - 1
    start = np.where(i >= 0, marks[np.maximum(i, 0)] + 1 if len(marks) else 0, 0)
    return np.maximum(start, pos - limit)


def _span_end(marks: "np.ndarray", pos: "np.ndarray", limit: int, n: int) -> "np.ndarray":
    """The first mark at or after each position (or the end of the text), no further than ``limit``."""
    import numpy as np

    i = np.searchsorted(marks, pos, side="left")
    end = np.where(i < len(marks), marks[np.minimum(i, len(marks) - 1)] if len(marks) else n, n)
    return np.minimum(end, pos + limit)


@lru_cache(maxsize=1)
def _end_kinds() -> "np.ndarray":
    """For each code point of the basic plane: 2 if it ends a sentence, 1 if it ends
    only a clause, else 0 (every sentence end also ends a clause)."""
    import numpy as np

    kinds = np.zeros(0x10000, dtype=np.uint8)
    kinds[[ord(ch) for ch in _CLAUSE_END]] = 1
    kinds[[ord(ch) for ch in _SENTENCE_END]] = 2
    return kinds


def _is_organisation(phrase: str, lex: MetricLexicon) -> bool:
    """Whether a phrase only names bodies (省政协、市委、市政府): a recipient, not a subject."""
    if not phrase:
        return False
    rest = lex.cues["organisations"].sub("", phrase)
    return lex.org_fillers.sub("", rest) == ""


def _read_subject(m: _Metric, lex: MetricLexicon) -> None:
    right = m.right
    subject = None
    if right and not right[0] in _CLAUSE_END:
        body = right[1:] if right[0] == "的" else right
        cut = lex.cues["subject_cut"].search(body)
        phrase = body[: cut.start()] if cut else body
        for cutter in (lex.stage_words, lex.cues["verbs"]):
            sm = cutter.search(phrase)
            if sm:
                phrase = phrase[: sm.start()]
        phrase = lex.strip_fillers(phrase[:20])
        if phrase and _HAN.search(phrase):
            subject = phrase
    if subject is None:
        left = m.left
        # a noun phrase after the last stage verb, or the whole left part
        verbs = list(lex.stage_words.finditer(left))
        last = verbs[-1] if verbs else None
        phrase = left[last.end() :] if last else left
        if last is not None and 0 < len(lex.strip_fillers(phrase)) < 2 and len(verbs) > 1:
            # the last "verb" is part of the noun (学习培训班): take the phrase after the one before
            last = verbs[-2]
            phrase = left[last.end() :]
        if last and not lex.strip_fillers(phrase):
            verb_phrase = left[max(0, last.start() - 6) : last.end()]
            m.verb_subject = lex.strip_fillers(_PHRASE_SPLIT.split(verb_phrase)[-1])
            phrase = ""
            # "社情民意信息被全国政协采用5篇": the subject stands before the passive marker
            pm = lex.cues["passive"].search(left, 0, last.start())
            if pm and pm.start() > 0:
                phrase = left[: pm.start()]
        phrase = _EXAMPLES.sub("", phrase)
        phrase = lex.strip_fillers(phrase[-24:])
        phrase = _PAREN_TAIL.split(phrase)[0] if phrase else phrase
        if "的" in phrase[:-1]:
            head = phrase.rsplit("的", 1)[1]
            if len(head) >= 2:
                phrase = head
        if phrase and not _is_organisation(phrase, lex) and _HAN.search(phrase):
            subject = phrase
    m.subject = subject


def _previous_clause_subject(text: str, m: _Metric, lex: MetricLexicon, previous_end: int) -> None:
    """The noun a clause ends with, when it names what the next clause counts:
    "采写的新闻稿件，被人民政协报采用1篇" (not a clause that holds a metric itself)."""
    pcs, pce = m.previous_clause
    if pce <= pcs or pcs < previous_end:
        return
    tail = _previous_clause(text, m)
    if "的" in tail:
        tail = tail.rsplit("的", 1)[1]
    tail = lex.strip_fillers(tail)
    if 2 <= len(tail) <= 10 and lex.head_category(tail) is not None and lex.stage_words.search(tail) is None:
        m.subject = tail


def _read_stage(m: _Metric, lex: MetricLexicon) -> None:
    """Stage from the clause: a passive verb after the number first, then the first
    verb after it, then the nearest verb before it."""
    passive = lex.cues["passive"]
    right = m.right
    stage = source = None
    is_rate = lex.units[m.unit].kind == "rate"
    if right and right[0] not in "、和及与":
        pm = passive.search(right)
        if pm:
            vm = lex.stage_words.search(right, pm.end())
            if vm and vm.start() - pm.end() <= 24:
                stage, source = lex.stage_of[vm.group(0)], vm.group(0)
                m.by = _by(right[pm.end() : vm.start()])
                m.stage_side = "passive"
        if source is None:
            verbs = [vm for vm in lex.stage_words.finditer(right) if not right.startswith("率", vm.end())]  # not 提案答复率
            if verbs:
                # a rate is predicated by its last verb (的提案者对办理结果表示满意); a count by its first
                vm = verbs[-1] if is_rate else verbs[0]
                stage, source = lex.stage_of[vm.group(0)], vm.group(0)
                m.stage_side = "right"
    candidates = _left_stages(m, lex) if m.left and source is None else []
    if source is None and m.left and not is_rate:
        best = candidates[0] if candidates else None
        if best is not None:
            stage, source = best[0], best[1]
            if m.left.startswith("的", best[3]):
                m.modifier = True  # 提交的集体提案186件: the verb qualifies the noun
            if stage in ("adopted", "endorsed"):
                before = m.left[: best[2]]
                pm = None
                for pm_ in passive.finditer(before):
                    pm = pm_
                by = before[pm.end() :] if pm else _PHRASE_SPLIT.split(before)[-1]
                m.by = _by(by)
    if source is None and is_rate:
        # a rate takes the stage it is named by (立案率 → registered); shares and growth none
        rm = None
        for rm_ in lex.rate_names.finditer(m.left):
            rm = rm_
        word = rm.group(1) if rm else "率"
        stage = None if word.startswith("满意") or rm is None else lex.stage_of.get(word)
        source = word
    m.stage = stage
    m.stage_source = "own" if source is not None and stage is not None else ("none" if source is not None else None)


def _left_stages(m: _Metric, lex: MetricLexicon) -> list[tuple[str | None, str, int, int]]:
    """Stage words before the number, nearest first: (stage, word, start, end)."""
    cached = m.left_stages
    if cached is None:
        stage_of = lex.stage_of
        found = [(-v.start() - len(w), -len(w), stage_of[w], w, v.start(), v.start() + len(w)) for v in lex.stage_words_at.finditer(m.left) for w in (v.group(1),)]
        found.sort()
        cached = m.left_stages = [c[2:] for c in found]
    return cached


def _by(phrase: str) -> str | None:
    phrase = metric_lexicon().by_trim.sub("", phrase.strip(" ，,、"))
    phrase = phrase.strip(" ，,、")
    return phrase or None


def _inherit_subjects(found: list[_Metric]) -> None:
    """A missing subject comes from the previous metric of the sentence (or paragraph,
    for the same unit): "收集社情民意信息5127篇，报送省政协478篇"."""
    lex = metric_lexicon()
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.subject is not None or not prev.subject:
            continue
        if m.unit != prev.unit and not any(m.unit in units and prev.unit in units for units in lex.category_units.values()):
            continue  # 12件 and 18次 do not count the same thing; 条 and 篇 of information do
        if prev.sentence_span == m.sentence_span or (prev.unit == m.unit and m.start - prev.end < 160):
            m.subject, m.subject_inherited = prev.subject, True
    for m in found:
        if m.subject is None and m.verb_subject:
            m.subject = m.verb_subject
            m.subject_is_verb = True


def _inherit_stages(found: list[_Metric], lex: MetricLexicon, text: str) -> None:
    """Fill stages from neighbours: lists sharing a verb, and breakdowns of a total."""
    # shared verb after a list: "8篇调研报告、5件重点提案和16期社情民意信息获…批示"
    for i in range(len(found) - 2, -1, -1):
        m, nxt = found[i], found[i + 1]
        if m.stage_source is None and m.clause[1] >= nxt.start and m.right.rstrip().endswith(_LIST_JOIN):
            m.stage, m.by = nxt.stage, nxt.by
            m.stage_source = "list" if nxt.stage_source else None
    # shared verb before a list: "召开全体会议5次、常委会议38次", "开展协商活动123项,民主监督75项"
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.stage_source is not None or prev.stage_source in (None, "none") or m.category == "rate":
            continue
        same_sentence = prev.sentence_span == m.sentence_span
        listed = m.left.startswith(_LIST_JOIN) or not lex.strip_fillers(m.left)
        if same_sentence and (listed or (prev.category == m.category and not _left_stages(m, lex))):
            m.stage, m.stage_source = prev.stage, "list"
            if m.by is None:
                m.by = prev.by
    # a clause that heads a breakdown ("立案提案中，", "其中，") gives its stage to what follows,
    # also over a verb that only modifies the noun ("……提交的集体提案186件")
    for m in found:
        if m.category == "rate" or not (m.stage_source is None or m.modifier):
            continue
        header = _previous_clause(text, m)
        if header.rstrip().endswith("中"):
            hm = None
            for hm_ in lex.stage_words.finditer(header):
                hm = hm_
            if hm is not None and lex.stage_of[hm.group(0)]:
                m.stage, m.stage_source = lex.stage_of[hm.group(0)], "breakdown"
    # "其中" opens a breakdown of the figure before it: "召开协商会21场，其中远程协商9场"
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.stage_source is None and prev.stage is not None and m.category != "rate" and prev.category != "rate":
            between = text[prev.end : m.start]
            if "其中" in between and len(between) <= 40 and "\n" not in between:
                m.stage, m.stage_source = prev.stage, "breakdown"
    # a list by body continues across semicolons: "市政协机关采用12篇；民革市委会5篇；民盟市委会采用4篇"
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.stage_source is None and prev.stage is not None and m.unit == prev.unit:
            between = text[prev.end : m.start]
            left = lex.strip_fillers(m.left)
            if len(between) <= 30 and "\n" not in between and left and _is_organisation(left, lex):
                m.stage, m.stage_source = prev.stage, "list"
    # a change of a rate follows the rate before it: "立案率87.2%，较上年提高2.6个百分点"
    for i in range(1, len(found)):
        m, prev = found[i], found[i - 1]
        if m.category == "rate" and prev.category == "rate" and m.stage is None and prev.sentence_span == m.sentence_span:
            if lex.comparison.match(lex.strip_fillers(m.left) or "较"):
                m.stage = prev.stage
    # breakdowns of proposals: "立案205件……集体提案37件、委员联名提案52件"
    last: _Metric | None = None
    for m in found:
        if m.category != "proposal":
            continue
        overridable = m.stage_source is None or (m.modifier and last is not None and "其中" in text[last.end : m.start])
        if overridable and last is not None and m.start - last.end < 600:
            m.stage, m.stage_source = last.stage, "breakdown"
        if m.stage_source in ("own", "list", "breakdown") and m.stage is not None:
            last = m


def _read_category(m: _Metric, lex: MetricLexicon, text: str, prev: _Metric | None = None, same_unit: _Metric | None = None) -> None:
    unit = lex.units[m.unit]
    if unit.kind in ("rate", "money"):
        m.category = unit.kind
        return
    if unit.category:
        # units that decide by themselves: 人次/名 people, 场次 activity, 辑/字/册 other
        m.category = unit.category
        return
    if m.subject_is_verb and m.stage == "held" and m.unit in lex.category_units["activity"] | {"件次", "次"}:
        m.category = "activity"  # counted acts: 带队到现场督办18次, 与提案人当面沟通281件次
        return
    category = lex.category_for(m.subject or "")
    if (m.subject or "").endswith("类") and same_unit is not None and "\n" not in text[same_unit.end : m.start]:
        category = same_unit.category  # a class in a breakdown (经济建设类48件，乡村振兴类39件) counts what the list counts
    left_clause = text[m.clause[0] : m.start]
    if category == "report" and "提案" in left_clause and _PROPOSAL_SUGGESTION.search(m.subject or ""):
        category = "proposal"  # 以提案形式提出的意见建议
    if m.subject_inherited and m.stage == "registered" and category not in (None, "proposal"):
        category = "proposal"  # 收到意见建议***件……立案***件: only proposals are registered
    if category is None and not m.subject:
        category = lex.category_for(m.left) or None
    if category is None and (m.stage == "registered" or (m.stage == "handled" and m.unit == "件") or lex.cues["proposal_verbs"].search(m.left)):
        category = "proposal"  # only proposals are registered (立案), merged (并案), answered (办复)
    if category is None and m.stage == "handled":
        category = "problem"
    if category is None and prev is not None and prev.unit == m.unit and m.start - prev.end <= 40 and "\n" not in text[prev.end : m.start]:
        category = prev.category  # 经济建设方面的提案312件，政治建设方面58件
    if category is None:
        # the thing counted was named earlier in the paragraph, in a category that this unit
        # counts: "经济建设方面的提案占近一半，达2252件", a 社情民意 bulletin's "机关采用12篇"
        lo = max(text.rfind("\n", 0, m.start) + 1, m.start - 300)
        category = lex.last_category_for_unit(text[lo : m.start], m.unit)
        if category is None and m.unit in ("篇", "条", "期"):
            # a bulletin's lines ("民革市委会采用5篇") under a heading naming what they count
            category = lex.last_category_for_unit(text[max(0, m.start - 600) : lo], m.unit)
    m.category = category or "other"


_PROPOSAL_SUGGESTION = regex.compile(r"建议$")


def _previous_clause(text: str, m: _Metric) -> str:
    a, b = m.previous_clause
    return text[a:b]


_STAGE_CATEGORIES = {
    "registered": {"proposal", "rate"},
    "handled": {"proposal", "rate", "problem", "report", "information"},
    "held": {"activity", "people"},
}
#: combinations that hold only when the verb stands before the number, acting on what is
#: counted (走访农户800户, 察看项目126个), or after it in the passive (20名委员…被省政协采纳)
_STAGE_CATEGORIES_BY_SIDE = {
    ("held", "left"): {"other", "problem"},
    ("adopted", "passive"): {"people"},
}
_BLOCKED = {("adopted", "people")}


def _fits(stage: str | None, category: str | None, side: str | None = None) -> bool:
    if side is not None and category in _STAGE_CATEGORIES_BY_SIDE.get((stage, side), ()):
        return True
    if (stage, category) in _BLOCKED:
        return False
    return stage not in _STAGE_CATEGORIES or category in _STAGE_CATEGORIES[stage]


def _fix_stage_for_category(m: _Metric, lex: MetricLexicon) -> None:
    side = m.stage_side or ("left" if m.stage_source == "own" else None)
    if not _fits(m.stage, m.category, side):
        m.stage = None
        # a verb inside a list of nouns ("政策落实监督") does not say what happened to
        # the counted thing: take the nearest verb before it that fits the category
        for stage, *_ in _left_stages(m, lex)[1:]:
            if stage is None:
                break
            if _fits(stage, m.category, "left"):
                m.stage = stage
                break
    if m.category == "other" and m.stage is None and m.stage_source == "own" and _left_stages(m, lex) and _left_stages(m, lex)[0][0] == "handled":
        m.category, m.stage = "problem", "handled"  # 关停整治散乱污企业11家
    if m.stage is None and m.category == "activity":
        # an activity counted after 组织/开展/举办 was held, whatever nouns stand between
        if any(c[0] == "held" for c in _left_stages(m, lex)):
            m.stage = "held"
    if m.stage == "adopted" and m.by and lex.cues["media_bodies"].search(m.by):
        m.stage = "reported"
    if m.stage == "reported" and m.category in ("activity", "other", "information") and lex.units[m.unit].category is None:
        m.category = "media"
    elif m.stage == "reported" and m.category == "report" and lex.cues["media_subjects"].search(m.subject or ""):
        m.category = "media"
    if m.category == "media" and m.stage == "adopted":
        m.stage = "reported"


def _planned_cue(text: str, m: _Metric, lex: MetricLexicon) -> bool:
    cs, ce = m.clause
    planned = lex.cues["planned"]
    if planned.search(text, cs, ce):
        return True
    ss, se = m.sentence_span
    return planned.search(text, ss, se) is not None


def _planned_sections(doc: Document, lex: MetricLexicon) -> list[tuple[int, int]]:
    """Spans of sections headed as plans (今年工作安排 …), with their subsections."""
    pattern = lex.cues["section_planned"]
    spans: list[tuple[int, int]] = []
    sections = doc.sections
    for sec in sections:
        if sec.title and pattern.search(sec.title):
            end = sec.end
            for other in sections[sec.index + 1 :]:
                if other.level > sec.level or other.level == 0:
                    end = other.end
                else:
                    break
            if spans and sec.start < spans[-1][1]:
                continue  # already inside a planned section
            spans.append((sec.start, end))
    return spans


def _in_planned_section(doc: Document, pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _drop_structural(found: list[_Metric], text: str, lex: MetricLexicon) -> None:
    """Remove counts of a system's existing units: "全市x个县(市、区)政协、xx个市政协委室"."""
    keep = []
    chain_structural = False
    for m in found:
        structural = False
        if m.stage is None and m.subject is not None and m.category not in ("rate", "money", "people"):
            left_clause = text[m.clause[0] : m.start]
            org = _is_organisation(_PARENS.sub("", m.subject), lex)
            if org and (lex.cues["structural"].search(left_clause) or (chain_structural and m.left.startswith(_LIST_JOIN))):
                structural = True
        if not structural:
            keep.append(m)
        chain_structural = structural
    found[:] = keep


# --------------------------------------------------------------------------------------------
# summaries


SUMMARY_MEASURES = [
    ("activities_held", "activity", "held"),
    ("proposals_submitted", "proposal", "submitted"),
    ("proposals_registered", "proposal", "registered"),
    ("proposals_handled", "proposal", "handled"),
    ("information_submitted", "information", "submitted"),
    ("information_adopted", "information", "adopted"),
    ("items_endorsed", None, "endorsed"),
    ("reports_submitted", "report", "submitted"),
    ("media_reported", None, "reported"),
    ("people_took_part", "people", "held"),
    ("problems_handled", "problem", "handled"),
    ("money_yuan", "money", None),
]


def _unit_kind(unit: str) -> str | None:
    u = metric_lexicon().units.get(unit)
    return u.kind if u else None


def metrics_summary(metrics: "pd.DataFrame", *, how: str = "max", doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """One row per document with the figures researchers compare most.

    Columns: ``doc_id``, ``metrics`` (rows found), ``masked`` (of them masked), one
    column per measure in :data:`SUMMARY_MEASURES` (activities held, proposals
    submitted/registered/handled, information submitted/adopted, items endorsed, …;
    counts only, not sizes such as 万字), ``planned_metrics`` (rows that are targets),
    and the registration, handling and satisfaction rates (percentages named by their
    stage, not changes in percentage points).
    Reports repeat totals and break them down, so ``how="max"`` (default) takes the
    largest figure of each kind; ``how="sum"`` adds them up.  Masked values are NaN.
    ``doc_ids`` (e.g. ``corpus.ids``) gives the rows and their order, so documents
    without any metric get a row too; by default the documents of ``metrics``.

    >>> df = extract_metrics("收到提案300件，立案280件，其中集体提案30件。立案率93.3%，较上年提高2.1个百分点。")
    >>> metrics_summary(df)[["proposals_submitted", "proposals_registered", "registration_rate"]].values.tolist()
    [[300.0, 280.0, 93.3]]
    """
    import pandas as pd

    if how not in ("max", "sum"):
        raise ValueError("how must be 'max' or 'sum'")
    ids = list(dict.fromkeys(doc_ids if doc_ids is not None else metrics["doc_id"]))
    measures = [m[0] for m in SUMMARY_MEASURES]
    rates = ["registration_rate", "handling_rate", "satisfaction_rate"]
    columns = ["doc_id", "metrics", "masked"] + measures + ["planned_metrics"] + rates
    frame = pd.DataFrame({"doc_id": pd.array(ids, dtype="string")})
    if len(metrics):
        kind = metrics["unit"].map(_unit_kind)
        groups = metrics.groupby("doc_id", sort=False)
        counts = pd.DataFrame({"metrics": groups.size(), "masked": groups["masked"].sum(),
                               "planned_metrics": groups["stage"].apply(lambda s: int((s == "planned").sum()))})
        values = {}
        for name, category, stage in SUMMARY_MEASURES:
            sel = metrics["value"].notna()
            if category is not None:
                sel &= metrics["category"] == category
            if stage is not None:
                sel &= metrics["stage"] == stage
            if category is None:
                sel &= metrics["category"] != "rate"
            if category != "money":
                sel &= kind == "count"  # not 万字, not 亩
            picked = metrics.loc[sel.fillna(False)].groupby("doc_id", sort=False)["value"]
            values[name] = picked.max() if how == "max" else picked.sum()
        percent = metrics["unit"] == "%"
        for name, stage_or_word in (("registration_rate", "registered"), ("handling_rate", "handled"), ("satisfaction_rate", "满意")):
            if stage_or_word == "满意":
                sel = percent & metrics["context"].str.contains("满意", regex=False)
            else:
                sel = percent & (metrics["stage"] == stage_or_word)
            values[name] = metrics.loc[sel.fillna(False)].groupby("doc_id", sort=False)["value"].last()
        table = counts.join(pd.DataFrame(values))
        frame = frame.join(table, on="doc_id")
    for col in columns[1:]:
        if col not in frame:
            frame[col] = math.nan
    for col in ("metrics", "masked", "planned_metrics"):
        frame[col] = frame[col].fillna(0).astype("int64")
    for col in measures + rates:
        frame[col] = frame[col].astype("float64")
    return frame[columns]
