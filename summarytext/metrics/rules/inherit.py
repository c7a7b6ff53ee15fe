"""Rules of the ``inherit`` phase: a metric without a stage of its own takes its neighbour's.

Lists share a verb (8篇调研报告、5件重点提案和16期社情民意信息获…批示; 召开全体会议5次、常委会议38次),
also lists by body across semicolons (市政协机关采用12篇；民革市委会5篇); breakdowns take the
stage of the total they break down (立案205件，其中集体提案37件; 立案提案中，经济类…件); a change
in points follows the rate before it (立案率87.2%，较上年提高2.6个百分点).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import patterns as P
from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

LIST_JOIN = ("、", "和", "及", "以及", "与")
_OWN_OR_PASSED = ("own", "list", "breakdown")
#: a clause that heads a breakdown: 在立案的提案中，
_HEADER = P.compile_fast(r"([^，,。；;：:]{1,30}中)[，,：:]")
#: a view a breakdown is seen from, named by what was done: 从报送数量看, 从办理结果看 (not 从提出者看)
_VIEW = P.compile_fast(r"从([^，,。；;：:]{0,8}(?:数量|数|量|结果|情况))看")


@rule("list_verb_after")
def list_verb_after(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    nxt = ctx.next(m)
    if nxt is None or m.stage_source is not None or m.clause[1] < nxt.start or not m.right.rstrip().endswith(LIST_JOIN):
        return None
    return {"stage": nxt.stage, "by": nxt.by, "stage_source": "list" if nxt.stage_source else None}


@rule("list_verb_before")
def list_verb_before(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    prev = ctx.prev(m)
    if prev is None or m.stage_source is not None or prev.stage_source in (None, "none") or m.category == "rate":
        return None
    if prev.sentence_span != m.sentence_span:
        return None
    listed = m.left.startswith(LIST_JOIN) or not ctx.lex.strip_fillers(m.left)
    if listed or (prev.category == m.category and not ctx.left_stages(m)):
        return {"stage": prev.stage, "stage_source": "list", "by": m.by if m.by is not None else prev.by}
    return None


@rule("breakdown_header")
def breakdown_header(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # a clause that heads a breakdown ("立案提案中，") gives its stage to what follows,
    # also over a verb that only modifies the noun ("……提交的集体提案186件")
    # or a view it is seen from ("从报送数量看，排在前三位的是：…")
    if m.category == "rate" or not (m.stage_source is None or m.modifier):
        return None
    header = ""
    for hm_ in _HEADER.finditer(ctx.text, m.sentence_span[0], m.start):
        header = hm_.group(1)  # the last "…中，" of the sentence before the figure
    if header and ctx.lex.category_for(header) != m.category:
        header = ""  # 在提案办理中，…加装电梯146部: the figure is not one of what the clause names
    if not header:
        for vm in _VIEW.finditer(ctx.text, m.sentence_span[0], m.start):
            header = vm.group(1)
    hm = None
    for hm_ in ctx.lex.stage_words.finditer(header):
        hm = hm_
    if hm is not None and ctx.lex.stage_of[hm.group(0)]:
        return {"stage": ctx.lex.stage_of[hm.group(0)], "stage_source": "breakdown"}
    return None


@rule("qizhong_breakdown")
def qizhong_breakdown(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # "其中" opens a breakdown of the figure before it: "召开协商会21场，其中远程协商9场"
    prev = ctx.prev(m)
    if prev is None or m.stage_source is not None or prev.stage is None or m.category == "rate" or prev.category == "rate":
        return None
    between = ctx.between(prev, m)
    if "其中" in between and len(between) <= 40 and "\n" not in between:
        return {"stage": prev.stage, "stage_source": "breakdown"}
    return None


@rule("list_by_body")
def list_by_body(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # "市政协机关采用12篇；民革市委会5篇；民盟市委会采用4篇"
    prev = ctx.prev(m)
    if prev is None or m.stage_source is not None or prev.stage is None or m.unit != prev.unit:
        return None
    between = ctx.between(prev, m)
    left = ctx.lex.strip_fillers(m.left)
    if len(between) <= 30 and "\n" not in between and left and ctx.is_organisation(left):
        return {"stage": prev.stage, "stage_source": "list"}
    return None


@rule("rate_change")
def rate_change(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # "立案率87.2%，较上年提高2.6个百分点"
    prev = ctx.prev(m)
    if prev is None or m.category != "rate" or prev.category != "rate" or m.stage is not None or prev.sentence_span != m.sentence_span:
        return None
    if ctx.lex.comparison.match(ctx.lex.strip_fillers(m.left) or "较"):
        return {"stage": prev.stage}
    return None


@rule("proposal_breakdown")
def proposal_breakdown(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # "立案205件……集体提案37件、委员联名提案52件": proposals after a total take its stage
    if m.category != "proposal":
        return None
    last = None
    for other in reversed(ctx.found[: m.index]):
        if m.start - other.end >= 600:
            return None
        if other.category == "proposal" and other.stage_source in _OWN_OR_PASSED and other.stage is not None:
            last = other
            break
    if last is None:
        return None
    if m.stage_source is None or (m.modifier and "其中" in ctx.between(last, m)):
        return {"stage": last.stage, "stage_source": "breakdown"}
    return None
