"""Rules of the ``convention`` phase: the stage conventions for cases that recur in reports.

Proposals in a breakdown by handling outcome (已经解决, 列入计划逐步解决, 留作参考, A/B/C类)
were all answered; a share takes the stage of what its numerator counts; people take the
stage of what they did; a breakdown by topic keeps the stage of the total it breaks down.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric

_SOLVING_STAGES = (None, "handled", "adopted", "planned")
#: stages that are outcomes of what was submitted or held: a share of them measures that outcome
#: (立案x件，占x%); a share of what was submitted or held is a composition (占全市报送总数的26.1%)
_OUTCOMES = ("registered", "handled", "adopted", "endorsed")
#: how a stage was passed on to a metric that has none of its own (or none at all)
_PASSED_ON = (None, "list", "breakdown")


def _proposal_units(ctx: "Context") -> frozenset[str]:
    return ctx.lex.category_units["proposal"]


def _about_proposals(m: "Metric", ctx: "Context") -> bool:
    """Whether the metric's sentence, or the text just before it, speaks of proposals."""
    text, cue = ctx.text, ctx.lex.cues["proposal_context"]
    ss, se = m.sentence_span
    return cue.search(text, ss, se) is not None or cue.search(text, max(0, m.start - 600), m.start) is not None


def _window(m: "Metric", ctx: "Context") -> tuple[str, str]:
    """The words before the number (back to the previous metric or the clause start) and
    after it (to the next metric or the end of the sentence)."""
    end = m.sentence_span[1]
    nxt = ctx.next(m)
    if nxt is not None and nxt.start < end:
        end = nxt.start
    return m.left, ctx.text[m.end : end]


@rule("outcome_class")
def outcome_class(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.unit not in _proposal_units(ctx) or m.category not in ("proposal", "problem", "report", "other", "people"):
        return None
    if m.stage_source == "own" and m.stage not in _SOLVING_STAGES:
        return None  # 立案799件，已全部办复，其中已经解决的……: the total keeps its own verb
    outcome = ctx.lex.cues["outcome_classes"]
    left, right = _window(m, ctx)
    if (outcome.search(left) or outcome.search(right)) and _about_proposals(m, ctx):
        return {"category": "proposal", "stage": "handled", "stage_source": "outcome", "modifier": False}
    return None


@rule("satisfaction_class")
def satisfaction_class(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    if m.unit not in _proposal_units(ctx) or m.category in ("money", "rate"):
        return None
    if ctx.lex.cues["satisfaction"].search(m.left) and _about_proposals(m, ctx):
        return {"category": "proposal", "stage": None, "stage_source": "outcome"}
    return None


def _run(m: "Metric", ctx: "Context") -> list["Metric"]:
    """The breakdown ``m`` belongs to: the metrics next to it (rates between them passed
    over) that count the same thing in the same unit with no verb of their own."""

    def member(x: "Metric") -> bool:
        return x.unit == m.unit and x.category == m.category and x.stage_source in _PASSED_ON and not x.masked

    def walk(step: int) -> list["Metric"]:
        out, last, i = [], m, m.index + step
        while 0 <= i < len(ctx.found):
            x = ctx.found[i]
            i += step
            if x.category == "rate":
                continue
            a, b = (x, last) if step < 0 else (last, x)
            gap = ctx.between(a, b)
            if not member(x) or len(gap) > 80 or "\n" in gap:
                break
            out.append(x)
            last = x
        return out

    return walk(-1)[::-1] + [m] + walk(1)


@rule("breakdown_sum")
def breakdown_sum(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 立案912件 … 经济建设方面的提案312件，政治建设方面58件 … (312+58+… = 912): parts take the
    # stage of the total they add up to
    if m.masked or m.stage_source not in _PASSED_ON or ctx.unit_kind(m) != "count":
        return None
    run = _run(m, ctx)
    if len(run) < 2:
        return None
    total = sum(x.value for x in run)
    first = run[0]
    for x in reversed(ctx.found[: first.index]):
        if first.start - x.end > 2000:
            break
        if x.unit == m.unit and not x.masked and x.value == total and x.stage is not None:
            if x.stage == m.stage:
                return None
            return {"stage": x.stage, "stage_source": "breakdown"}
    return None


@rule("change_from_before")
def change_from_before(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 比上届增加x件: a difference between two totals has no stage of its own
    if m.stage is not None and ctx.lex.cues["changes"].search(m.left) and ctx.unit_kind(m) == "count":
        return {"stage": None, "stage_source": "none"}
    return None


@rule("people_who_submit")
def people_who_submit(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 参与提案的委员403人, 152名委员参与信息撰写: they wrote and sent in, they did not attend
    if m.category != "people" or m.stage != "held":
        return None
    work = ctx.lex.cues["submission_work"]
    if work.search(m.left) or work.search(m.right):
        return {"stage": "submitted"}
    return None


@rule("rate_verb")
def rate_verb(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 实现提案线上办理答复100%: a percentage right after a verb measures that verb's outcome
    if m.category != "rate" or m.stage is not None or m.unit != "%":
        return None
    lex = ctx.lex
    tail = lex.strip_fillers(m.left)[-6:]
    for vm in lex.stage_words_at.finditer(tail):
        word = vm.group(1)
        if vm.start() + len(word) == len(tail) and lex.stage_of[word] in ("registered", "handled", "adopted"):
            return {"stage": lex.stage_of[word]}
    return None


@rule("share_of_numerator")
def share_of_numerator(m: "Metric", ctx: "Context") -> dict[str, Any] | None:
    # 立案x件，占x% → registered; 已经解决的412件，占45.4% → handled; 经济类提案1215件，占34% → none
    if m.category != "rate" or m.unit != "%" or not ctx.lex.cues["shares"].search(ctx.lex.strip_fillers(m.left)):
        return None
    prev = ctx.prev(m)
    if prev is None or prev.category in ("rate", "money"):
        return None
    gap = ctx.between(prev, m)
    if len(gap) > 30 or "。" in gap or "\n" in gap:
        return None
    outcome = prev.stage_source in ("own", "outcome") and not prev.modifier and prev.category != "people"
    stage = prev.stage if outcome and prev.stage in _OUTCOMES else None
    return None if stage == m.stage else {"stage": stage}
