"""Rules of the ``fit`` phase: a stage must suit what is counted.

Only proposals (and their rates) are registered; activities and people are held; a verb
that cannot act on the counted thing gives way to the nearest one before it that can
(政策落实监督 is not a handling of what is counted).  This phase runs before the stages
are passed on to neighbours and again after.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

#: the categories a stage can apply to (stages not listed apply to any)
STAGE_CATEGORIES = {
    "registered": {"proposal", "rate"},
    "handled": {"proposal", "rate", "problem", "report", "information"},
    "held": {"activity", "people"},
}
#: combinations that hold only when the verb stands before the number, acting on what is
#: counted (走访农户800户, 察看项目126个), or after it in the passive (20名委员…被省政协采纳)
STAGE_CATEGORIES_BY_SIDE = {
    ("held", "left"): {"other", "problem"},
    ("adopted", "passive"): {"people"},
}
_BLOCKED = {("adopted", "people")}
#: what happens to items a body sends in, never to the body
_UPTAKE = ("submitted", "adopted", "endorsed", "reported")


def fits(stage: str | None, category: str | None, side: str | None = None) -> bool:
    """Whether ``stage`` can happen to a thing of ``category`` (``side``: where the verb stands).

    >>> fits("registered", "activity"), fits("held", "other", "left"), fits("held", "other")
    (False, True, False)
    """
    if side is not None and category in STAGE_CATEGORIES_BY_SIDE.get((stage, side), ()):
        return True
    if (stage, category) in _BLOCKED:
        return False
    return stage not in STAGE_CATEGORIES or category in STAGE_CATEGORIES[stage]


@rule("stage_fits_category")
def stage_fits_category(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    side = m.stage_side or ("left" if m.stage_source == "own" else None)
    if fits(m.stage, m.category, side):
        return None
    # a verb inside a list of nouns ("政策落实监督") does not say what happened to
    # the counted thing: take the nearest verb before it that fits the category
    for stage, *_ in ctx.left_stages(m)[1:]:
        if stage is None:
            break
        if fits(stage, m.category, "left"):
            return {"stage": stage}
    return {"stage": None}


@rule("bodies_are_not_taken_up")
def bodies_are_not_taken_up(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 有3个民主党派市委会被省政协采用不足5篇: bodies are counted, their items are taken up
    if m.category == "other" and m.stage in _UPTAKE and m.subject and ctx.is_organisation(m.subject):
        return {"stage": None}
    return None


@rule("handled_things_are_problems")
def handled_things_are_problems(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 关停整治散乱污企业11家
    if m.category == "other" and m.stage is None and m.stage_source == "own":
        stages = ctx.left_stages(m)
        if stages and stages[0][0] == "handled" and stages[0][1] not in (m.subject or ""):  # not 提案办理先进单位
            return {"category": "problem", "stage": "handled"}
    return None


@rule("activity_held")
def activity_held(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # an activity counted after 组织/开展/举办 was held, whatever nouns stand between
    if m.stage is None and m.category == "activity" and any(c[0] == "held" for c in ctx.left_stages(m)):
        return {"stage": "held"}
    return None


@rule("media_publish")
def media_publish(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 被人民政协报采用1篇: a paper publishing a story is not uptake by a higher body
    if m.stage == "adopted" and m.by and ctx.lex.cues["media_bodies"].search(m.by):
        return {"stage": "reported"}
    return None


@rule("reported_is_media")
def reported_is_media(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.stage != "reported":
        return None
    if m.category in ("activity", "other", "information") and ctx.lex.units[m.unit].category is None:
        return {"category": "media"}
    if m.category == "report" and (ctx.lex.cues["media_subjects"].search(m.subject or "") or ctx.lex.cues["media_bodies"].search(m.left)):
        return {"category": "media"}  # 新闻稿件, or articles that papers and websites carried
    return None


@rule("media_not_adopted")
def media_not_adopted(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.category == "media" and m.stage == "adopted":
        return {"stage": "reported"}
    return None
