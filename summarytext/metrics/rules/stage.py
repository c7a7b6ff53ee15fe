"""Rules of the ``stage`` phase: what happened to the counted thing, from the metric's own clause.

A passive verb after the number comes first (社情民意信息被全国政协采用5篇), then the first
verb after it (for a rate, the last: 的提案者对办理结果表示满意), then the nearest verb
before it; a rate with no verb takes the stage it is named by (立案率).  A word listed
with stage ``none`` in ``data/stages.tsv`` (不予立案, 并案, 占) decides that no stage applies.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import patterns as P
from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

_PHRASE_SPLIT = P.compile_fast(r"[，,、：:（(]")
_BRACKETS = P.compile_fast(r"[(（][^)）]{0,40}[)）]")
_LIST_START = "、和及与"
#: how far after the unit a verb can be and still be said of what is counted
_REACH = 16


def own(stage: str | None, **facts: Any) -> dict[str, Any]:
    """A stage read from the metric's own words ("none" when a word blocks any stage)."""
    return {"stage": stage, "stage_source": "own" if stage is not None else "none", **facts}


def _bracketed(text: str, end: int) -> int:
    """How many characters of ``text[:end]`` stand inside brackets (an aside does not put a
    verb further from its noun)."""
    total = 0
    for bm in _BRACKETS.finditer(text, 0, end):
        total += bm.end() - bm.start()
    return total


def _after(m: "Metric") -> str:
    """The words after the unit, unless they go on with a list ("5篇、…")."""
    right = m.right
    return "" if not right or right[0] in _LIST_START else right


@rule("passive_verb")
def passive_verb(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    right = _after(m)
    lex = ctx.lex
    pm = lex.cues["passive"].search(right) if right else None
    if pm is None:
        return None
    vm = lex.stage_words.search(right, pm.end())
    if vm and vm.start() - pm.end() <= 24:
        return own(lex.stage_of[vm.group(0)], by=ctx.body(right[pm.end() : vm.start()]), stage_side="passive")
    return None


@rule("verb_after")
def verb_after(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    right = _after(m)
    if not right:
        return None
    lex = ctx.lex
    verbs = [vm for vm in lex.stage_words.finditer(right) if not right.startswith("率", vm.end())]  # not 提案答复率
    if verbs and lex.category_words.match(right, verbs[0].end()) and (len(verbs) > 1 or verbs[0].start() == 0):
        # 172件立案提案已全部办复, 8件组织提案: a verb that qualifies the noun after it is not said of it
        verbs = verbs[1:]
    if not verbs or verbs[0].start() - _bracketed(right, verbs[0].start()) > _REACH:
        return None  # a verb far beyond the noun is said of something else (…提案/…发布会举行)
    # a rate is predicated by its last verb (的提案者对办理结果表示满意); a count by its first
    vm = verbs[-1] if ctx.unit_kind(m) == "rate" else verbs[0]
    return own(lex.stage_of[vm.group(0)], stage_side="right")


@rule("verb_before")
def verb_before(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if not m.left or ctx.unit_kind(m) == "rate":
        return None
    candidates = ctx.left_stages(m)
    if not candidates:
        return None
    stage, _word, start, end = candidates[0]
    if m.left.startswith("的", end):
        # 解决群众反映的问题60余个: a verb in a clause that qualifies the noun gives way to the
        # verb that governs the whole phrase, when there is one
        for other in candidates[1:]:
            if other[0] is not None and not m.left.startswith("的", other[3]) and other[3] <= start:
                stage, _word, start, end = other
                break
    facts: dict[str, Any] = {}
    pm = None
    for pm_ in ctx.lex.cues["passive"].finditer(m.left, 0, start):
        pm = pm_
    if pm is not None and ctx.lex.cues["organisations"].match(m.left, pm.end()):
        # 被市政协采用编发318条, 被省政协整合编报x期: what a body did with it, in the passive, is uptake
        first = next((c for c in reversed(candidates) if c[2] >= pm.end()), None)
        if first is not None and first[0] in ("submitted", "held", "adopted"):
            return own("adopted", by=ctx.body(m.left[pm.end() : first[2]]), stage_side="passive")
    if m.left.startswith("的", end) or (m.left[start - 1 : start] in "(（" and m.left[end : end + 1] in ")）" and 0 < start < len(m.left) - 1):
        facts["modifier"] = True  # 提交的集体提案186件, 提案(立案)内容…: the verb qualifies the noun
    if stage in ("adopted", "endorsed"):
        before = m.left[:start]
        pm = None
        for pm_ in ctx.lex.cues["passive"].finditer(before):
            pm = pm_
        facts["by"] = ctx.body(before[pm.end() :] if pm else _PHRASE_SPLIT.split(before)[-1])
    return own(stage, **facts)


@rule("rate_name")
def rate_name(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if ctx.unit_kind(m) != "rate":
        return None
    # a rate takes the stage it is named by (立案率 → registered); shares and growth none
    rm = None
    for rm_ in ctx.lex.rate_names.finditer(m.left):
        rm = rm_
    if rm is None or rm.group(1).startswith("满意"):
        return {"stage": None, "stage_source": "none"}
    return own(ctx.lex.stage_of.get(rm.group(1)))
