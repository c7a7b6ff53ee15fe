"""Summaries of a metrics table: one row per document with the figures researchers compare most."""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Iterable, NamedTuple

from ..metric_lexicon import metric_lexicon

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

class Measure(NamedTuple):
    """A measure: what is counted (``category``, None for any) and what happened to it
    (``stage``, None for any), in what kind of unit (``count``: a counting word, not 万字 or 亩;
    ``money``; ``percent``), a word the clause must hold (``word``, 满意 for satisfaction) and a
    word it must not hold (``exclude``: 占 marks a share of a breakdown, not the rate itself).

    Of several figures of a measure in one report, ``pick`` says which is the report's: ``max``,
    the total (a breakdown or a part never exceeds it), or ``last`` (a rate: the last given).
    """

    name: str
    category: str | None
    stage: str | None
    unit: str = "count"
    word: str | None = None
    exclude: str | None = None
    pick: str = "max"


#: the measures of :func:`metrics_summary` and :func:`summarytext.panel.panel`: counts first, then rates
SUMMARY_MEASURES = (
    Measure("activities_held", "activity", "held"),
    Measure("proposals_submitted", "proposal", "submitted"),
    Measure("proposals_registered", "proposal", "registered"),
    Measure("proposals_handled", "proposal", "handled"),
    Measure("information_submitted", "information", "submitted"),
    Measure("information_adopted", "information", "adopted"),
    Measure("items_endorsed", None, "endorsed"),
    Measure("reports_submitted", "report", "submitted"),
    Measure("media_reported", None, "reported"),
    Measure("people_took_part", "people", "held"),
    Measure("problems_handled", "problem", "handled"),
    Measure("money_yuan", "money", None, unit="money"),
    Measure("registration_rate", None, "registered", unit="percent", exclude="占", pick="last"),
    Measure("handling_rate", None, "handled", unit="percent", exclude="占", pick="last"),
    Measure("satisfaction_rate", None, None, unit="percent", word="满意", pick="last"),
)
#: the measures by name
MEASURES = {m.name: m for m in SUMMARY_MEASURES}


def _unit_kind(unit: str) -> str | None:
    u = metric_lexicon().units.get(unit)
    return u.kind if u else None


def unit_kinds(metrics: "pd.DataFrame") -> "pd.Series":
    """The kind of each row's unit (count, money, rate, size), looked up once per distinct unit."""
    units = metrics["unit"]
    kinds = {u: _unit_kind(u) for u in units.dropna().unique()}
    return units.map(kinds)


def measure_mask(metrics: "pd.DataFrame", measure: Measure, *, kinds: "pd.Series | None" = None) -> "pd.Series":
    """Which rows of a metrics table give ``measure`` (a bool Series; ``kinds`` from :func:`unit_kinds`
    when it is at hand).

    >>> from summarytext.metrics import extract_metrics
    >>> df = extract_metrics("收到提案300件，立案280件，立案率93.3%。")
    >>> measure_mask(df, MEASURES["proposals_registered"]).tolist(), measure_mask(df, MEASURES["registration_rate"]).tolist()
    ([False, True, False], [False, False, True])
    """
    import pandas as pd

    if kinds is None:
        kinds = unit_kinds(metrics)
    if measure.unit == "percent":
        sel = metrics["unit"] == "%"
    else:
        sel = metrics["value"].notna() | metrics["masked"]
        if measure.category is None:
            sel &= metrics["category"] != "rate"
        if measure.unit == "count":
            sel &= kinds == "count"  # not 万字, not 亩
    if measure.category is not None:
        sel &= metrics["category"] == measure.category
    if measure.stage is not None:
        sel &= metrics["stage"] == measure.stage
    sel = sel.fillna(False).astype(bool)
    if measure.word is not None or measure.exclude is not None:
        # the words of the clause are looked up only in the rows chosen so far (few: percentages)
        context = metrics["context"][sel].astype("string")
        keep = pd.Series(True, index=context.index)
        if measure.word is not None:
            keep &= context.str.contains(measure.word, regex=False).fillna(False).astype(bool)
        if measure.exclude is not None:
            keep &= ~context.str.contains(measure.exclude, regex=False).fillna(False).astype(bool)
        sel[context.index[~keep.to_numpy()]] = False
    return sel


#: the rules of ``data/metric_rules.toml`` whose stage makes a figure a part of a total: a
#: breakdown (立案提案中，集体提案36件; 其中…), a class of outcome (已经解决的126件), an entry of a
#: list by body (市政协机关采用12篇；民革市委会5篇)
PART_RULES = ("breakdown_header", "qizhong_breakdown", "proposal_breakdown", "breakdown_sum", "outcome_class", "list_by_body")
_PART_RULE_RE = re.compile("stage=(?:" + "|".join(PART_RULES) + ")(?![a-z_])")


def is_part(metrics: "pd.DataFrame") -> "pd.Series":
    """Which rows are a part of a total the report breaks down: their stage was decided by one of
    :data:`PART_RULES`, or their clause opens with 其中 and the figure before it counts the same
    thing at the same stage (a bool Series; 其中3篇获批示 after 调研报告8篇 is no part of it).

    >>> from summarytext.metrics import extract_metrics
    >>> is_part(extract_metrics("立案280件，其中集体提案36件。形成调研报告8篇，其中3篇获领导批示。")).tolist()
    [False, True, False, False]
    """
    import numpy as np
    import pandas as pd

    def same_as_before(col: str) -> "np.ndarray":
        codes = pd.factorize(metrics[col], use_na_sentinel=False)[0]
        return np.concatenate(([False], codes[1:] == codes[:-1]))

    # the clause is read only where the figure before counts the same thing at the same stage
    follows = same_as_before("doc_id") & same_as_before("category") & same_as_before("stage")
    part = np.zeros(len(metrics), dtype=bool)
    where = np.flatnonzero(follows)
    context = metrics["context"].iloc[where].astype("string")
    part[where] = context.str.lstrip().str.startswith("其中").fillna(False).to_numpy(dtype=bool)
    if "rule" in metrics:
        # few distinct rule strings: each is searched once
        codes, names = pd.factorize(metrics["rule"])
        named = np.array([bool(_PART_RULE_RE.search(str(n))) for n in names] + [False])
        part |= named[codes]
    return pd.Series(part, index=metrics.index)


def metrics_summary(metrics: "pd.DataFrame", *, how: str = "max", doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """One row per document with the figures researchers compare most.

    Columns: ``doc_id``, ``metrics`` (rows found), ``masked`` (of them masked), one
    column per measure in :data:`SUMMARY_MEASURES` (activities held, proposals
    submitted/registered/handled, information submitted/adopted, items endorsed, …;
    counts only, not sizes such as 万字), ``planned_metrics`` (rows that are targets),
    and the registration, handling and satisfaction rates (percentages named by their
    stage, not changes in percentage points).
    Reports repeat totals and break them down, so ``how="max"`` (default) takes the
    largest figure of each kind; ``how="sum"`` adds them up.  Masked values are NaN
    (:func:`summarytext.display.summary_with_bounds` gives the bounds they lie within, 100–999).
    ``doc_ids`` (e.g. ``corpus.ids``) gives the rows and their order, so documents
    without any metric get a row too; by default the documents of ``metrics``.

    >>> from summarytext.metrics import extract_metrics
    >>> df = extract_metrics("收到提案300件，立案280件，其中集体提案30件。立案率93.3%，较上年提高2.1个百分点。")
    >>> metrics_summary(df)[["proposals_submitted", "proposals_registered", "registration_rate"]].values.tolist()
    [[300.0, 280.0, 93.3]]
    """
    import pandas as pd

    if not isinstance(metrics, pd.DataFrame) or not {"doc_id", "value", "masked"} <= set(metrics.columns):
        raise TypeError(f"metrics_summary expects the metrics table of extract_metrics (a DataFrame), got "
                        f"{type(metrics).__name__ if not isinstance(metrics, pd.DataFrame) else 'a table without its columns'}; "
                        "e.g. metrics_summary(extract_metrics(corpus))")
    if how not in ("max", "sum"):
        raise ValueError("how must be 'max' or 'sum'")
    ids = list(dict.fromkeys(doc_ids if doc_ids is not None else metrics["doc_id"]))
    measures = [m.name for m in SUMMARY_MEASURES if m.unit != "percent"]
    rates = [m.name for m in SUMMARY_MEASURES if m.unit == "percent"]
    columns = ["doc_id", "metrics", "masked"] + measures + ["planned_metrics"] + rates
    frame = pd.DataFrame({"doc_id": pd.array(ids, dtype="string")})
    if len(metrics):
        groups = metrics.groupby("doc_id", sort=False)
        counts = pd.DataFrame({"metrics": groups.size(), "masked": groups["masked"].sum(),
                               "planned_metrics": groups["stage"].apply(lambda s: int((s == "planned").sum()))})
        values = {}
        kinds = unit_kinds(metrics)
        known = metrics["value"].notna()
        for measure in SUMMARY_MEASURES:
            picked = metrics.loc[measure_mask(metrics, measure, kinds=kinds) & known].groupby("doc_id", sort=False)["value"]
            if measure.pick == "last":
                values[measure.name] = picked.last()
            else:
                values[measure.name] = picked.max() if how == "max" else picked.sum()
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
