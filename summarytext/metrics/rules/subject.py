"""Rules of the ``subject`` phase: what a metric counts, read from its own clause.

Chinese noun phrases are head-final, so the subject is the noun phrase right after the
unit (报送12篇社情民意信息) or the one before the number, after the last verb
(收集社情民意信息356条), or the noun a clause ends with when the next clause counts it
(采写的新闻稿件，被人民政协报采用1篇).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex

from ... import patterns as P
from ..record import CLAUSE_END
from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

_HAN = regex.compile(r"\p{Han}")
#: titles or quoted examples before 等 ("《…》等", "“…”“…”等") and everything before them
_EXAMPLES = P.compile_fast(r"^.*[》”]等")
_PHRASE_SPLIT = P.compile_fast(r"[，,、：:（(]")
_PAREN_TAIL = P.compile_fast(r"[（(].*$|[，,：:]")


@rule("noun_after_number")
def noun_after_number(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    right = m.right
    if not right or right[0] in CLAUSE_END:
        return None
    lex = ctx.lex
    body = right[1:] if right[0] == "的" else right
    cut = lex.cues["subject_cut"].search(body)
    phrase = body[: cut.start()] if cut else body
    for cutter in (lex.stage_words, lex.cues["verbs"]):
        sm = cutter.search(phrase)
        while sm and _in_noun(phrase, sm, lex, qualifier=cutter is lex.stage_words):
            sm = cutter.search(phrase, sm.end())
        if sm:
            phrase = phrase[: sm.start()]
    phrase = lex.strip_fillers(phrase[:20])
    if phrase and _HAN.search(phrase):
        return {"subject": phrase}
    return None


def _in_noun(phrase: str, sm: "Any", lex: "Any", *, qualifier: bool) -> bool:
    """Whether a verb found in a noun phrase is part of the noun: the start of a longer
    keyword (培训班, 座谈会) or, for a stage word at the start of the phrase, a qualifier of
    the noun after it (立案提案; not 转有关部门)."""
    km = lex.category_words.match(phrase, sm.start())
    if km is not None and km.end() > sm.end():
        return True
    return qualifier and sm.start() == 0 and lex.category_words.match(phrase, sm.end()) is not None


@rule("noun_before_number")
def noun_before_number(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    lex = ctx.lex
    left = m.left
    facts: dict[str, Any] = {}
    # a noun phrase after the last stage verb, or the whole left part
    verbs = list(lex.stage_words.finditer(left))
    last = verbs[-1] if verbs else None
    phrase = left[last.end() :] if last else left
    stripped = None  # the phrase after the verb, without fillers (when there is a verb)
    if last is not None:
        stripped = lex.strip_fillers(phrase)
        if 0 < len(stripped) < 2 and len(verbs) > 1:
            # the last "verb" is part of the noun (学习培训班): take the phrase after the one before
            last = verbs[-2]
            phrase = left[last.end() :]
            stripped = lex.strip_fillers(phrase)
    if last is not None and not stripped:
        verb_phrase = left[max(0, last.start() - 6) : last.end()]
        facts["verb_subject"] = lex.strip_fillers(_PHRASE_SPLIT.split(verb_phrase)[-1])
        phrase = ""
        # "社情民意信息被全国政协采用5篇": the subject stands before the passive marker
        pm = lex.cues["passive"].search(left, 0, last.start())
        if pm and pm.start() > 0:
            phrase = left[: pm.start()]
    if "等" in phrase:
        phrase = _EXAMPLES.sub("", phrase)
    phrase = lex.strip_fillers(phrase[-24:])
    phrase = _PAREN_TAIL.split(phrase)[0] if phrase else phrase
    if "的" in phrase[:-1]:
        head = phrase.rsplit("的", 1)[1]
        if len(head) >= 2:
            phrase = head
    if phrase and not ctx.is_organisation(phrase) and _HAN.search(phrase):
        facts["subject"] = phrase
    return facts or None


@rule("previous_clause_noun")
def previous_clause_noun(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    pcs, pce = m.previous_clause
    prev = ctx.prev(m)
    if pce <= pcs or pcs < (prev.end if prev else 0):
        return None  # no clause before, or one that holds a metric itself
    tail = ctx.previous_clause(m)
    if "的" in tail:
        tail = tail.rsplit("的", 1)[1]
    lex = ctx.lex
    tail = lex.strip_fillers(tail)
    if 2 <= len(tail) <= 10 and lex.head_category(tail) is not None and lex.stage_words.search(tail) is None:
        return {"subject": tail}
    return None


@rule("subject_from_list")
def subject_from_list(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    prev = ctx.prev(m)
    if m.subject is not None or prev is None or not prev.subject:
        return None
    lex = ctx.lex
    if m.unit != prev.unit:
        # 12件 and 18次 do not count the same thing; 条 and 篇 of information do
        units = lex.category_units.get(lex.category_for(prev.subject) or "", ())
        if m.unit not in units or prev.unit not in units:
            return None
    if prev.sentence_span == m.sentence_span or (prev.unit == m.unit and m.start - prev.end < 160):
        return {"subject": prev.subject, "subject_inherited": True}
    return None


@rule("counted_acts")
def counted_acts(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.subject is None and m.verb_subject:
        return {"subject": m.verb_subject, "subject_is_verb": True}
    return None
