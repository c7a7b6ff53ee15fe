"""Summaries of a metrics table: one row per document with the figures researchers compare most."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable

from ..metric_lexicon import metric_lexicon

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SUMMARY_MEASURES = [
    ("activities_held", "activity", "held"),
    ("proposals_submitted", "proposal", "submitted"),
    ("proposals_registered", "proposal", "registered"),
    ("proposals_handled", "proposal", "handled"),
    ("information_submitted", "information", "submitted"),
    ("information_adopted", "information", "adopted"),
    ("items_endorsed", None, "endorsed"),
    ("reports_submitted", "report", "submitted"),
    ("media_reported", None, "reported"),
    ("people_took_part", "people", "held"),
    ("problems_handled", "problem", "handled"),
    ("money_yuan", "money", None),
]


def _unit_kind(unit: str) -> str | None:
    u = metric_lexicon().units.get(unit)
    return u.kind if u else None


def metrics_summary(metrics: "pd.DataFrame", *, how: str = "max", doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """One row per document with the figures researchers compare most.

    Columns: ``doc_id``, ``metrics`` (rows found), ``masked`` (of them masked), one
    column per measure in :data:`SUMMARY_MEASURES` (activities held, proposals
    submitted/registered/handled, information submitted/adopted, items endorsed, …;
    counts only, not sizes such as 万字), ``planned_metrics`` (rows that are targets),
    and the registration, handling and satisfaction rates (percentages named by their
    stage, not changes in percentage points).
    Reports repeat totals and break them down, so ``how="max"`` (default) takes the
    largest figure of each kind; ``how="sum"`` adds them up.  Masked values are NaN.
    ``doc_ids`` (e.g. ``corpus.ids``) gives the rows and their order, so documents
    without any metric get a row too; by default the documents of ``metrics``.

    >>> from summarytext.metrics import extract_metrics
    >>> df = extract_metrics("收到提案300件，立案280件，其中集体提案30件。立案率93.3%，较上年提高2.1个百分点。")
    >>> metrics_summary(df)[["proposals_submitted", "proposals_registered", "registration_rate"]].values.tolist()
    [[300.0, 280.0, 93.3]]
    """
    import pandas as pd

    if how not in ("max", "sum"):
        raise ValueError("how must be 'max' or 'sum'")
    ids = list(dict.fromkeys(doc_ids if doc_ids is not None else metrics["doc_id"]))
    measures = [m[0] for m in SUMMARY_MEASURES]
    rates = ["registration_rate", "handling_rate", "satisfaction_rate"]
    columns = ["doc_id", "metrics", "masked"] + measures + ["planned_metrics"] + rates
    frame = pd.DataFrame({"doc_id": pd.array(ids, dtype="string")})
    if len(metrics):
        kind = metrics["unit"].map(_unit_kind)
        groups = metrics.groupby("doc_id", sort=False)
        counts = pd.DataFrame({"metrics": groups.size(), "masked": groups["masked"].sum(),
                               "planned_metrics": groups["stage"].apply(lambda s: int((s == "planned").sum()))})
        values = {}
        for name, category, stage in SUMMARY_MEASURES:
            sel = metrics["value"].notna()
            if category is not None:
                sel &= metrics["category"] == category
            if stage is not None:
                sel &= metrics["stage"] == stage
            if category is None:
                sel &= metrics["category"] != "rate"
            if category != "money":
                sel &= kind == "count"  # not 万字, not 亩
            picked = metrics.loc[sel.fillna(False)].groupby("doc_id", sort=False)["value"]
            values[name] = picked.max() if how == "max" else picked.sum()
        percent = metrics["unit"] == "%"
        for name, stage_or_word in (("registration_rate", "registered"), ("handling_rate", "handled"), ("satisfaction_rate", "满意")):
            if stage_or_word == "满意":
                sel = percent & metrics["context"].str.contains("满意", regex=False)
            else:
                sel = percent & (metrics["stage"] == stage_or_word)
            values[name] = metrics.loc[sel.fillna(False)].groupby("doc_id", sort=False)["value"].last()
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
