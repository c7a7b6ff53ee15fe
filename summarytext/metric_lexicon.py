"""The word lists that metric extraction reads: units, categories, stages, qualifiers.

Each list is a plain UTF-8 file in ``summarytext/data`` with one loader here, read on
first use and cached.  Matching structures (compiled alternations, lookup tables)
are built once from them.

>>> lex = metric_lexicon()
>>> lex.unit_at("场次，", 0)
'场次'
>>> lex.unit_at("个月", 0) is None
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import re

from .patterns import SPACE, compile_fast, overlapping
from .resources import data_lines, read_table

CATEGORIES = ("activity", "proposal", "information", "report", "people", "problem", "media", "money", "rate", "other")
STAGES = ("held", "submitted", "registered", "handled", "adopted", "endorsed", "reported", "planned")
QUALIFIERS = ("over", "under", "about")
#: punctuation trimmed with filler words from the ends of a phrase
FILLER_TRIM = " “”\"'、，,"


@dataclass(frozen=True)
class Unit:
    text: str
    kind: str  # count, money, rate, size
    category: str | None
    not_followed_by: tuple[str, ...]


class MetricLexicon:
    """Units, category keywords, stage words and qualifiers, with matchers built from them."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        for unit, kind, category, blocked in read_table("units.tsv", columns=4):
            self.units[unit] = Unit(unit, kind, None if category == "-" else category, tuple(w for w in blocked.split("|") if w and w != "-"))
        #: other ways a unit is written (人(次) → 人次)
        self.unit_alias: dict[str, str] = {}
        for written, unit in read_table("unit_aliases.tsv", columns=2):
            if unit not in self.units:
                raise ValueError(f"unit_aliases.tsv: {written!r} stands for {unit!r}, which units.tsv does not list")
            self.unit_alias[written] = unit
        self.max_unit_len = max(len(u) for u in self.units)
        rows = read_table("categories.tsv", columns=2)
        # "~会": a keyword that counts only as the head (last word) of a phrase
        self.head_only = {k[1:] for k, _ in rows if k.startswith("~")}
        self.categories: list[tuple[str, str]] = [(k.lstrip("~"), c) for k, c in rows]
        for _, c in self.categories:
            if c not in CATEGORIES:
                raise ValueError(f"categories.tsv: unknown category {c!r}")
        self.category_order = {k: i for i, (k, _) in enumerate(self.categories)}
        self.category_of = dict(self.categories)
        self._longest_keyword = max(map(len, self.category_of), default=0)
        by_len = sorted(self.category_of, key=len, reverse=True)
        self.category_words = compile_fast("|".join(re.escape(w) for w in by_len))
        #: every keyword at every position (group 1), for head-final lookups
        self.category_words_at = overlapping(by_len)
        self.stage_of: dict[str, str | None] = {}
        for word, stage in read_table("stages.tsv", columns=2):
            if stage != "none" and stage not in STAGES:
                raise ValueError(f"stages.tsv: unknown stage {stage!r}")
            self.stage_of[word] = None if stage == "none" else stage
        self.stage_words = compile_fast("|".join(re.escape(w) for w in sorted(self.stage_of, key=len, reverse=True)))
        #: every stage word at every position (group 1)
        self.stage_words_at = overlapping(list(self.stage_of))
        self.qualifiers: dict[str, list[tuple[str, str]]] = {"before": [], "after": [], "end": []}
        for word, qualifier, position in read_table("qualifiers.tsv", columns=3):
            if qualifier not in QUALIFIERS or position not in self.qualifiers:
                raise ValueError(f"qualifiers.tsv: bad row {word!r}")
            self.qualifiers[position].append((word, qualifier))
        for position in self.qualifiers:
            self.qualifiers[position].sort(key=lambda wq: len(wq[0]), reverse=True)
        self.after_qualifier = {w: q for w, q in self.qualifiers["after"]}
        self.end_qualifiers = self.qualifiers["end"]
        self.end_qualifier_firsts = frozenset(w[0] for w, _ in self.end_qualifiers)
        self.before_qualifiers = self.qualifiers["before"]
        self.before_qualifier_lasts = frozenset(w[-1] for w, _ in self.before_qualifiers)
        self.cues = {name: _compile_lines(f"metric_cues/{name}.txt") for name in _CUE_FILES}
        self.category_units = {c: frozenset(u.split("|")) for c, u in read_table("category_units.tsv", columns=2)}
        words = lambda name: sorted(data_lines(f"metric_cues/{name}.txt"), key=len, reverse=True)  # noqa: E731
        self.rate_names = compile_fast("(" + "|".join(map(re.escape, words("rate_names"))) + ")率")
        self.comparison = compile_fast("^(?:" + "|".join(map(re.escape, words("comparison"))) + ")")
        self.by_trim = compile_fast(r"^(?:了|的)|(?:的)?(?:" + "|".join(map(re.escape, words("by_trim"))) + ")?$")
        #: a run of the characters that may stand between names of bodies (全、市、的 …)
        self.org_fillers = compile_fast("[" + "".join(map(re.escape, words("org_fillers"))) + SPACE + "]*")
        # fillers are plain words: trimmed with set lookups (the cue file's other lists are patterns)
        # trimmed from the front, then from the back (matched on the reversed phrase), longest
        # word first, with the punctuation around them
        fillers = sorted(data_lines("metric_cues/fillers.txt"), key=len, reverse=True)
        trim = "[" + re.escape(FILLER_TRIM) + "]*"
        self._filler_front = compile_fast(f"{trim}(?:(?:{'|'.join(map(re.escape, fillers))}){trim})*")
        self._filler_back = compile_fast(f"{trim}(?:(?:{'|'.join(re.escape(w[::-1]) for w in fillers)}){trim})*")
        # the characters a phrase with something to trim starts or ends with: most phrases have
        # neither, and are left as they are without a match
        self._filler_firsts = frozenset(FILLER_TRIM) | {w[0] for w in fillers}
        self._filler_lasts = frozenset(FILLER_TRIM) | {w[-1] for w in fillers}
        # one alternation, longest unit first, each unit with its blocked continuations
        alternatives = []
        written = [(u.text, u.not_followed_by) for u in self.units.values()]
        written += [(w, self.units[u].not_followed_by) for w, u in self.unit_alias.items()]
        for text, not_followed_by in sorted(written, key=lambda w: -len(w[0])):
            blocked = "|".join(map(re.escape, not_followed_by))
            alternatives.append(re.escape(text) + (f"(?!{blocked})" if blocked else ""))
        self._unit_re = compile_fast("|".join(alternatives))

    def unit_at(self, text: str, pos: int) -> str | None:
        """The longest unit starting at ``text[pos]`` that is not part of a longer word, as
        written (see :attr:`unit_alias` for the unit a written form stands for)."""
        m = self._unit_re.match(text, pos)
        return m.group(0) if m else None

    def strip_fillers(self, phrase: str) -> str:
        """``phrase`` without filler words (共, 累计, 其中, 的 …) and punctuation at either end.

        >>> metric_lexicon().strip_fillers("全年共收到的提案"), metric_lexicon().strip_fillers("累计")
        ('收到的提案', '')
        """
        if phrase and phrase[0] in self._filler_firsts:
            phrase = phrase[self._filler_front.match(phrase).end() :]
        if phrase and phrase[-1] in self._filler_lasts:
            phrase = phrase[: len(phrase) - self._filler_back.match(phrase[::-1]).end()]
        return phrase

    def category_for(self, phrase: str) -> str | None:
        """Category of a noun phrase: its head (the longest keyword it ends with),
        else its rightmost keyword (Chinese noun phrases are head-final).

        >>> lex = metric_lexicon()
        >>> lex.category_for("协商议事室"), lex.category_for("社情民意信息"), lex.category_for("委员学习培训班")
        ('other', 'information', 'activity')
        """
        if not phrase:
            return None
        head = self._head_word(phrase)
        if head is not None:
            return self.category_of[head]
        n, head_only = len(phrase), self.head_only
        best_end = best_len = -1
        best = None
        for m in self.category_words_at.finditer(phrase):
            end = m.end(1)
            if end < best_end:
                continue  # a word inside the one found before
            word = m.group(1)
            if (end == best_end and len(word) <= best_len) or (end != n and word in head_only):
                continue
            best_end, best_len, best = end, len(word), word
        return self.category_of[best] if best is not None else None

    def head_category(self, phrase: str) -> str | None:
        """The category of the keyword a phrase ends with (its head), or None.

        >>> metric_lexicon().head_category("新闻稿件"), metric_lexicon().head_category("从委员反馈情况看")
        ('media', None)
        """
        head = self._head_word(phrase)
        return self.category_of[head] if head is not None else None

    def _head_word(self, phrase: str) -> str | None:
        """The longest keyword ``phrase`` ends with, or None."""
        category_of = self.category_of
        for size in range(min(len(phrase), self._longest_keyword), 0, -1):
            if phrase[-size:] in category_of:
                return phrase[-size:]
        return None

    def last_category(self, text: str) -> str | None:
        """Category of the last category keyword in a text (None if there is none).

        >>> metric_lexicon().last_category("这些提案按类别分，经济建设方面的提案占近一半")
        'proposal'
        """
        last = None
        for m in self.category_words.finditer(text):
            if m.group(0) not in self.head_only:
                last = m
        return self.category_of[last.group(0)] if last else None

    def last_category_for_unit(self, text: str, unit: str) -> str | None:
        """The category of the last keyword in ``text`` whose category is counted in ``unit``
        (see ``data/category_units.tsv``), or None.

        >>> metric_lexicon().last_category_for_unit("社情民意信息工作综述。市政协机关采用", "篇")
        'information'
        >>> metric_lexicon().last_category_for_unit("推动解决问题。长者食堂", "家") is None
        True
        """
        for m in reversed(list(self.category_words.finditer(text))):
            word = m.group(0)
            if word in self.head_only or word in self.stage_of:
                continue  # 批示, 报道 … are verbs more often than what is counted
            category = self.category_of[word]
            if unit in self.category_units.get(category, ()):
                return category
        return None


_CUE_FILES = (
    "planned", "structural", "not_metric", "passive", "organisations", "section_planned", "verbs", "retrospective",
    "media_bodies", "media_subjects", "proposal_verbs", "subject_cut",
    "outcome_classes", "satisfaction", "shares", "submission_work", "instructions", "changes", "class_suffixes", "thresholds", "proposal_context", "result_verbs",
)


def _compile_lines(name: str):
    # longest first, so that 有关 wins over 有 and 合并立案 over 合并
    words = sorted(data_lines(name), key=len, reverse=True)
    return compile_fast("|".join(f"(?:{w})" for w in words))


@lru_cache(maxsize=1)
def metric_lexicon() -> MetricLexicon:
    """The shipped metric lexicon (built once, on first use)."""
    return MetricLexicon()
