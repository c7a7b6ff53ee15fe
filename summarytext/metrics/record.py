"""The record of one metric while the rules read it, and the context they read it in.

A :class:`Metric` holds the quantity as scanned (value, bounds, qualifier, unit,
offsets), what the rules decide (``subject``, ``category``, ``stage``, ``by``), which
rule decided each of them (``why``), and facts about its clause that later rules use.
A :class:`Context` holds the text (its simplified-script view), the document, the
lexicon and every metric of the document, with the look-ups the rules share.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..normalize import code_points

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from ..document import Document
    from ..metric_lexicon import MetricLexicon

#: what ends a clause, and what ends a sentence (every sentence end also ends a clause)
CLAUSE_END = "，,；;。！？!?：: \u3000\n"
SENTENCE_END = "；;。！？!?\n"


@dataclass(slots=True)
class Metric:
    """One quantity of a text and what the rules have decided about it."""

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
    cn_small: bool = False  # a small count in Chinese numerals (两件): narrative unless listed
    # decided by the rules
    subject: str | None = None
    category: str | None = None
    stage: str | None = None
    by: str | None = None
    why: dict[str, str] = field(default_factory=dict)  # field -> name of the rule that set it
    drop: bool = False
    # where it stands (set before the rules run)
    index: int = 0
    left: str = ""  # the clause before the number, back to the previous metric
    right: str = ""  # the clause after the unit, up to the next metric
    clause: tuple[int, int] = (0, 0)
    sentence_span: tuple[int, int] = (0, 0)
    previous_clause: tuple[int, int] = (0, 0)
    # facts the rules record for later rules
    stage_source: str | None = None  # "own" (its own verb), "none" (a word that blocks a stage), "list", "breakdown"
    stage_side: str | None = None  # where its own verb stands: "passive", "right" (None: left)
    modifier: bool = False  # the stage verb only qualifies the noun (提交的集体提案186件)
    verb_subject: str | None = None  # the verb phrase a metric counts acts of (带队到现场督办18次)
    subject_is_verb: bool = False
    subject_inherited: bool = False  # taken from the metric before it
    left_stages: list[tuple[str | None, str, int, int]] | None = None


class Context:
    """The text, document, lexicon and metrics that the rules of one document read."""

    __slots__ = ("text", "doc", "lex", "found", "planned_spans")

    def __init__(self, text: str, doc: "Document", lex: "MetricLexicon", found: list[Metric]) -> None:
        self.text = text
        self.doc = doc
        self.lex = lex
        self.found = found
        self.planned_spans: list[tuple[int, int]] | None = None
        for i, m in enumerate(found):
            m.index = i
        _place(text, found)

    def prev(self, m: Metric) -> Metric | None:
        """The metric before ``m`` in the text, or None."""
        return self.found[m.index - 1] if m.index else None

    def next(self, m: Metric) -> Metric | None:
        """The metric after ``m`` in the text, or None."""
        return self.found[m.index + 1] if m.index + 1 < len(self.found) else None

    def previous_clause(self, m: Metric) -> str:
        """The clause before the metric's own in the same sentence ("" when there is none)."""
        a, b = m.previous_clause
        return self.text[a:b]

    def left_clause(self, m: Metric) -> str:
        """The metric's clause up to its number."""
        return self.text[m.clause[0] : m.start]

    def between(self, a: Metric, b: Metric) -> str:
        """The text between two metrics."""
        return self.text[a.end : b.start]

    def left_stages(self, m: Metric) -> list[tuple[str | None, str, int, int]]:
        """Stage words before the number, nearest first: (stage, word, start, end) in ``m.left``."""
        cached = m.left_stages
        if cached is None:
            stage_of = self.lex.stage_of
            hits = [(-v.end(1), v.start(), v.group(1)) for v in self.lex.stage_words_at.finditer(m.left)]
            if len(hits) > 1:
                hits.sort()  # the last end first; at one end, the longest (earliest start) first
            cached = m.left_stages = [(stage_of[w], w, s, -e) for e, s, w in hits]
        return cached

    def is_organisation(self, phrase: str) -> bool:
        """Whether a phrase only names bodies (省政协、市委、市政府): a recipient, not a subject."""
        if not phrase:
            return False
        rest = self.lex.cues["organisations"].sub("", phrase)
        return self.lex.org_fillers.fullmatch(rest) is not None

    def body(self, phrase: str) -> str | None:
        """The body named by a phrase (who adopted or endorsed): "被省政协" → 省政协."""
        phrase = self.lex.by_trim.sub("", phrase.strip(" ，,、"))
        phrase = phrase.strip(" ，,、")
        return phrase or None

    def unit_kind(self, m: Metric) -> str:
        """count, money, rate, size or score (see ``data/units.tsv``)."""
        return self.lex.units[m.unit].kind


def _place(text: str, found: list[Metric]) -> None:
    """Clause, sentence, previous clause, and the text left and right of each metric."""
    for m, cs, ce, ss, se, ps, left_start, right_end in zip(found, *_spans(text, found)):
        m.clause = (cs, ce)
        m.sentence_span = (ss, se)
        m.previous_clause = (ps, cs - 1) if cs - 1 > ss else (cs, cs)
        m.left = text[left_start : m.start]
        m.right = text[m.end : right_end]


def _spans(text: str, found: list[Metric]) -> list[list[int]]:
    """For each metric (one list each): the start and end of its clause and sentence, the
    start of the clause before its own (clauses are cut at most 200 characters, sentences 400,
    either side of the number), and where its left and right text begin and end (its clause,
    back to the end of the metric before it and on to the start of the one after it).  All
    metrics at once, with the ends of clauses and sentences found in one pass over the code
    points of the text."""
    import numpy as np

    clause_ends, sentence_ends = end_marks(text)
    starts = np.fromiter((m.start for m in found), dtype=np.int64, count=len(found))
    ends = np.fromiter((m.end for m in found), dtype=np.int64, count=len(found))
    cs = _span_start(clause_ends, starts, 200)
    ce = _span_end(clause_ends, ends, 200, len(text))
    ss = _span_start(sentence_ends, starts, 400)
    se = _span_end(sentence_ends, ends, 400, len(text))
    ps = _span_start(clause_ends, cs - 1, 200)
    prev_end = np.concatenate(([-1], ends[:-1]))
    next_start = np.concatenate((starts[1:], [len(text) + 1]))
    left_start = np.where(prev_end > cs, prev_end, cs)
    right_end = np.where(next_start < ce, next_start, ce)
    return [a.tolist() for a in (cs, ce, ss, se, ps, left_start, right_end)]


def end_marks(text: str) -> "tuple[np.ndarray, np.ndarray]":
    """Offsets of the characters that end a clause (:data:`CLAUSE_END`), and of those that end
    a sentence (:data:`SENTENCE_END`), as sorted int64 arrays.  A run of "?" right before a
    digit ends nothing: "?" marks characters a scraper lost, and there they hid a digit or a
    word of the clause (报送社情民意???2期).

    >>> [a.tolist() for a in end_marks("立案5件，办复。报送??2期")]
    [[4, 7], [7]]
    """
    import numpy as np

    cp = code_points(text)
    kind = np.take(_end_kinds(), cp, mode="clip")  # beyond the basic plane: U+FFFF's kind, none
    if "?" in text:
        q = np.flatnonzero(cp == 0x3F)
        last = np.append(np.diff(q) > 1, True)  # the last "?" of each run
        run = np.concatenate(([0], np.cumsum(last[:-1])))  # the run each "?" belongs to
        after = q[last] + 1
        next_char = cp[np.minimum(after, len(cp) - 1)]
        digit = (after < len(cp)) & (next_char >= 0x30) & (next_char <= 0x39)  # 0-9
        kind[q[digit[run]]] = 0
    clause_ends = np.flatnonzero(kind != 0)  # (on a boolean array: several times faster than on bytes)
    return clause_ends, clause_ends[kind[clause_ends] == 2]


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
    only a clause, else 0."""
    import numpy as np

    kinds = np.zeros(0x10000, dtype=np.uint8)
    kinds[[ord(ch) for ch in CLAUSE_END]] = 1
    kinds[[ord(ch) for ch in SENTENCE_END]] = 2
    return kinds
