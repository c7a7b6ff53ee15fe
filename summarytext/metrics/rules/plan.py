"""Rules of the ``plan`` and ``drop`` phases.

Targets are metrics with stage ``planned``: in sections headed as plans (今年工作安排), in
documents titled as plans (工作要点), and after cue words (计划, 力争, 将于, 下一步).
Counts of a system's existing units (全市x个县(市、区)政协) are not metrics: they are dropped.
"""
from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING, Any

from ... import patterns as P
from .inherit import LIST_JOIN
from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

_PARENS = P.compile_fast(r"[(（][^)）]*[)）]")
_PLANNED = {"stage": "planned"}


def planned_spans(ctx: "Context") -> list[tuple[int, int]]:
    """Spans of sections headed as plans (今年工作安排 …), with their subsections; the whole
    text when the document's title names a plan (工作要点) rather than a review."""
    if ctx.planned_spans is not None:
        return ctx.planned_spans
    lex, doc = ctx.lex, ctx.doc
    title = doc.title or ""
    if title and lex.cues["section_planned"].search(title) and not lex.cues["retrospective"].search(title):
        spans = [(0, len(ctx.text))]
    else:
        pattern = lex.cues["section_planned"]
        spans = []
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
    ctx.planned_spans = spans
    return spans


@rule("planned_section")
def planned_section(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    spans = planned_spans(ctx)
    if spans:
        i = bisect.bisect_right(spans, (m.start, math.inf)) - 1
        if i >= 0 and spans[i][0] <= m.start < spans[i][1]:
            return _PLANNED
    return None


@rule("plan_cue_before")
def plan_cue_before(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 计划开展专题协商6场, 力争报送信息100篇以上
    if m.stage_source == "outcome":
        return None  # B类(计划解决的)xx件, 已列入计划: an outcome of handling, not a target
    return _PLANNED if ctx.lex.cues["planned"].search(ctx.text, m.clause[0], m.start) else None


@rule("plan_cue_near")
def plan_cue_near(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # a figure with no stage of its own in a sentence that speaks of a plan
    if m.stage is not None or m.stage_source is not None:
        return None  # (an outcome class has a source: 列入工作计划 is no target)
    planned = ctx.lex.cues["planned"]
    if planned.search(ctx.text, *m.clause) or planned.search(ctx.text, *m.sentence_span):
        return _PLANNED
    return None


@rule("structural_units")
def structural_units(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # "全市x个县(市、区)政协、xx个市政协委室": the units a system has, not something done
    if m.stage is not None or m.subject is None or m.category in ("rate", "money", "people"):
        return None
    if not ctx.is_organisation(_PARENS.sub("", m.subject)):
        return None
    prev = ctx.prev(m)
    if ctx.lex.cues["structural"].search(ctx.left_clause(m)) or (prev is not None and prev.drop and m.left.startswith(LIST_JOIN)):
        return {"drop": True}
    return None
