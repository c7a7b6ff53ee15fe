"""Rules of the ``category`` phase: what kind of thing a metric counts.

The unit decides when it can (元 money, % rate, 人次 people, 场次 activity); else the
head of the subject (Chinese noun phrases are head-final: 社情民意信息 → information);
else what the metric's verbs allow (only proposals are registered); else a category named
earlier in the paragraph that the unit can count (``data/category_units.tsv``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric


def _is(category: str | None) -> dict[str, Any] | None:
    return {"category": category} if category else None


@rule("unit_category")
def unit_category(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # units that decide by themselves: 元 money, % rate, 人次/名 people, 场次 activity, 辑/字/册 other
    return _is(ctx.lex.units[m.unit].category)


@rule("acts_counted")
def acts_counted(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # counted acts: 带队到现场督办18次, 与提案人当面沟通281件次 (activities); 县政府部门承办158件
    # (proposals: only they are registered, handled by an assigned body, merged)
    if not m.subject_is_verb:
        return None
    activity_unit = m.unit in ctx.lex.category_units["activity"] or m.unit in ("件次", "次")
    if activity_unit and (m.stage == "held" or (m.stage_source == "none" and m.unit != "件次")):
        return _is("activity")  # also acts of a verb that gives no stage of its own: 到现场督办18次
    if m.unit in ctx.lex.category_units["proposal"] and ctx.lex.cues["proposal_verbs"].search(m.subject or ""):
        return _is("proposal")
    # 就社情民意信息批示32次，有关部门书面答复20余件: acts on what the sentence counts
    prev = ctx.prev(m)
    if prev is not None and prev.sentence_span == m.sentence_span and m.unit in ctx.lex.category_units.get(prev.category or "", ()):
        return _is(prev.category)
    return None


@rule("class_in_list")
def class_in_list(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # a class in a breakdown (经济建设类48件，乡村振兴类39件) counts what the list counts
    if not ctx.lex.cues["class_suffixes"].search(m.subject or ""):
        return None
    for other in reversed(ctx.found[: m.index]):
        if other.unit == m.unit:
            gap = ctx.between(other, m)
            # the list may open a paragraph of its own (…提案244件。\n从内容看，经济建设方面112件)
            if gap.count("\n") == 0 or (gap.count("\n") == 1 and len(gap) <= 200):
                return _is(other.category)
            return None
    return None


@rule("proposal_as_suggestion")
def proposal_as_suggestion(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 以提案形式提出的意见建议
    subject = m.subject or ""
    if subject.endswith("建议") and ctx.lex.category_for(subject) == "report" and "提案" in ctx.left_clause(m):
        return _is("proposal")
    return None


@rule("registered_are_proposals")
def registered_are_proposals(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 收到意见建议***件……立案***件: only proposals are registered
    if m.subject_inherited and m.stage == "registered" and ctx.lex.category_for(m.subject or "") not in (None, "proposal"):
        return _is("proposal")
    return None


@rule("instruction_object")
def instruction_object(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 就社情民意信息批示32次, 对市政协报送的信息作出批示29篇次: instructions count what they were on
    if m.stage != "endorsed":
        return None
    lex = ctx.lex
    words = lex.cues["instructions"]
    subject = m.subject or ""
    if not (m.subject_is_verb or words.search(subject)):
        return None  # 8篇调研报告获批示: a report that was endorsed
    left = m.left
    iw = words.search(left)
    if iw is not None:
        head = left[: iw.start()]
        on = max(head.rfind("就"), head.rfind("对"))
        if on >= 0:
            category = lex.category_for(head[on + 1 :])
            if category in ("information", "report", "proposal"):
                return _is(category)
    prev = ctx.prev(m)
    if prev is not None and prev.sentence_span == m.sentence_span and prev.category in ("information", "proposal"):
        if any(m.unit in units and prev.unit in units for units in lex.category_units.values()):
            return _is(prev.category)  # 省政协采用57篇，省市领导批示12篇
    return None


@rule("subject_head")
def subject_head(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.subject_is_verb:
        return None  # 民盟市委会报送92条: the words before the verb name who acted, not what is counted
    return _is(ctx.lex.category_for(m.subject or ""))


@rule("paragraph_keyword")
def paragraph_keyword(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # the thing counted was named earlier in the paragraph, in a category that this unit
    # counts: "经济建设方面的提案占近一半，达2252件", a 社情民意 bulletin's "机关采用12篇"
    text, lex = ctx.text, ctx.lex
    lo = max(text.rfind("\n", 0, m.start) + 1, m.start - 300)
    category = lex.last_category_for_unit(text[lo : m.start], m.unit)
    if category is None and m.unit in ("篇", "条", "期"):
        # a bulletin's lines ("民革市委会采用5篇") under a heading naming what they count
        category = lex.last_category_for_unit(text[max(0, m.start - 600) : lo], m.unit)
    return _is(category)


@rule("other")
def other(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    return {"category": "other"}
