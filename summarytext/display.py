"""Tables for a terminal: the rows and columns that fit its width, and a line on what was left out.

pandas lays the table out (Chinese characters counted as two columns, as a terminal draws
them); this module only chooses what to show: at most ``max_rows`` rows, cells cut to a
readable length, and columns from the left for as long as they fit.

>>> import pandas as pd
>>> frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["立案120件", "x" * 80], "n": [1.0, 2.0]})
>>> text, notes = fit_table(frame, width=40)
>>> print(text)
doc_id                     text  n
     a                立案120件  1
     b xxxxxxxxxxxxxxxxxxxxxxx…  2
>>> fit_table(frame, width=30)[1]
['Columns not shown: text, n.']
"""
from __future__ import annotations

import math
import shutil
import unicodedata
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: the columns of the compact per-document summary, with their short headings
HEADLINE_MEASURES = (
    ("metrics", "metrics"),
    ("proposals_submitted", "proposals"),
    ("proposals_registered", "registered"),
    ("information_submitted", "information"),
    ("information_adopted", "adopted"),
    ("activities_held", "activities"),
    ("people_took_part", "people"),
    ("handling_rate", "handled %"),
    ("satisfaction_rate", "satisfied %"),
)


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal: ``$COLUMNS`` when set, else the terminal's own width, else ``default``.

    >>> import os; os.environ["COLUMNS"] = "72"; terminal_width()
    72
    >>> del os.environ["COLUMNS"]
    """
    return max(20, shutil.get_terminal_size((default, 24)).columns)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters take two).

    >>> display_width("立案120件"), display_width("abc")
    (9, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` terminal columns, with … when cut.

    >>> shorten("政协提案工作情况报告", 9)
    '政协提案…'
    """
    if display_width(text) <= limit:
        return text
    out, used = [], 1
    for ch in text:
        w = display_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap(text: str, width: int, *, indent: str = "    ") -> str:
    """``text`` broken at spaces into lines of at most ``width`` terminal columns (a word
    longer than a line is broken too); lines after the first are indented.

    >>> print(wrap("note: 表中第3篇 is listed but its body is missing", 20))
    note: 表中第3篇 is
        listed but its
        body is missing
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else (indent if lines else "") + word
        if display_width(candidate) <= width or not line.strip():
            line = candidate
        else:
            lines.append(line)
            line = indent + word
        while display_width(line) > width:  # one word longer than a line
            head = shorten(line, width + 1)[:-1]
            lines.append(head)
            line = indent + line[len(head):]
    lines.append(line)
    return "\n".join(lines)


def fit_table(frame: "pd.DataFrame", *, width: int, max_rows: int = 40, max_cell: int = 24) -> tuple[str, list[str]]:
    """The table as text no wider than ``width`` columns, and notes on what it leaves out.

    Rows beyond ``max_rows`` are left out (all are shown when only a few more would be);
    text cells are cut to ``max_cell`` columns; columns are kept from the left while they
    fit.  Whole numbers stored as floats are shown without ``.0``.
    """
    import pandas as pd

    shown = frame.head(max_rows) if len(frame) > max_rows + 5 else frame
    shown = shown.reset_index(drop=True).copy()
    for col in shown.columns:
        series = shown[col]
        if pd.api.types.is_float_dtype(series.dtype):
            finite = series.dropna()
            if len(finite) and (finite == finite.round()).all() and finite.abs().max() < 1e15:
                shown[col] = series.astype("Int64")
        elif not pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            shown[col] = series.map(lambda v: "" if _missing(v) else shorten(_cell(v), max_cell)).astype(object)
    notes: list[str] = []
    keep = list(shown.columns)
    with pd.option_context("display.unicode.east_asian_width", True):
        while True:
            text = shown[keep].to_string(index=False, na_rep="") if keep else ""
            if not keep or len(keep) == 1 or max(map(display_width, text.splitlines() or [""])) <= width:
                break
            keep.pop()
    if len(keep) == 1 and max(map(display_width, text.splitlines() or [""])) > width:
        text = "\n".join(shorten(line, width) for line in text.splitlines())
    dropped = [str(c) for c in frame.columns if c not in keep]
    if len(shown) < len(frame):
        notes.append(f"{len(shown)} of {len(frame)} rows shown.")
    if dropped:
        notes.append(f"Columns not shown: {', '.join(dropped)}.")
    return text, notes


def _missing(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return False
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def _cell(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if isinstance(value, float):
        return _number(value)
    return str(value).replace("\n", " ")


def bounds(low: float, high: float) -> str:
    """A figure known only within bounds (masked digits), as it reads: ``100–999``, ``≥90``.

    >>> bounds(100.0, 999.0), bounds(90.0, math.inf), bounds(12.0, 12.0), bounds(math.nan, math.nan)
    ('100–999', '≥90', '12', '')
    """
    if _missing(low):
        return ""
    if _missing(high) or math.isinf(high):
        return f"≥{_number(low)}"
    if low == high:
        return _number(low)
    return f"{_number(low)}–{_number(high)}"


def summary_with_bounds(metrics: "pd.DataFrame", *, doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """:func:`summarytext.metrics_summary` as it reads: every figure as text, a figure with
    masked digits as the bounds it lies within (``100–999``, ``≥100``), missing ones empty.

    >>> from summarytext import extract_metrics
    >>> summary_with_bounds(extract_metrics("全年收到提案xxx件，立案280件。"))[["proposals_submitted", "proposals_registered"]].values.tolist()
    [['100–999', '280']]
    """
    exact, low, high = _summary_bounds(metrics, doc_ids=doc_ids)
    out = exact.astype(object)
    for column in exact.columns:
        if str(exact[column].dtype) == "float64":
            out[column] = [bounds(lo, hi) for lo, hi in zip(low[column], high[column])]
    return out


def summary_with_low_high(metrics: "pd.DataFrame", *, doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """:func:`summarytext.metrics_summary` for a file: after each figure's column, the bounds
    it lies within, ``<name>_low`` and ``<name>_high`` (the figure itself when no digit is
    masked; ``_high`` missing when a masked figure has no upper bound, xx余), so that a masked
    figure (NaN) keeps what the terminal shows (``100–999``).

    >>> from summarytext import extract_metrics
    >>> t = summary_with_low_high(extract_metrics("全年收到提案xxx件，立案280件。"))
    >>> t[["proposals_submitted", "proposals_submitted_low", "proposals_submitted_high", "proposals_registered_low"]].values.tolist()
    [[nan, 100.0, 999.0, 280.0]]
    """
    import numpy as np

    exact, low, high = _summary_bounds(metrics, doc_ids=doc_ids)
    out = {}
    for column in exact.columns:
        out[column] = exact[column]
        if str(exact[column].dtype) == "float64":
            out[f"{column}_low"] = low[column]
            out[f"{column}_high"] = high[column].replace(np.inf, np.nan)
    return exact.assign(**out)[list(out)]


def _summary_bounds(metrics: "pd.DataFrame", *, doc_ids: Iterable[str] | None) -> "tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]":
    """:func:`summarytext.metrics_summary` of the figures, of their lower bounds and of their
    upper bounds (a masked figure's; ``inf`` where there is none): each figure lies between."""
    import numpy as np

    from .metrics import metrics_summary

    exact = metrics_summary(metrics, doc_ids=doc_ids)
    masked = metrics["masked"].to_numpy(dtype=bool) if len(metrics) else np.zeros(0, dtype=bool)
    low = metrics_summary(metrics.assign(value=np.where(masked, metrics["low"], metrics["value"])), doc_ids=exact["doc_id"])
    high_values = metrics["high"].fillna(math.inf) if len(metrics) else metrics["high"]
    high = metrics_summary(metrics.assign(value=np.where(masked, high_values, metrics["value"])), doc_ids=exact["doc_id"])
    return exact, low, high


def summary_table(metrics: "pd.DataFrame", *, doc_ids: Iterable[str] | None = None) -> "pd.DataFrame":
    """The headline measures of :func:`summary_with_bounds`, one row per document, with the
    short headings of :data:`HEADLINE_MEASURES` (for a terminal).

    >>> from summarytext import extract_metrics
    >>> summary_table(extract_metrics("全年收到提案xxx件，立案280件。")).iloc[0, 2:4].tolist()
    ['100–999', '280']
    """
    full = summary_with_bounds(metrics, doc_ids=doc_ids)
    return full[["doc_id"] + [c for c, _ in HEADLINE_MEASURES]].rename(columns=dict(HEADLINE_MEASURES))


#: the columns of the metrics table shown in a terminal, in order of use
METRICS_VIEW = ("doc_id", "text", "value", "unit", "category", "stage", "subject", "by", "context")


def metrics_view(metrics: "pd.DataFrame") -> "pd.DataFrame":
    """The metrics table as a terminal shows it: the columns a reader checks first, the value
    of a figure with masked digits given by its bounds (``100–999``).

    >>> from summarytext import extract_metrics
    >>> metrics_view(extract_metrics("立案xxx件，办复率100%。"))[["text", "value"]].values.tolist()
    [['xxx件', '100–999'], ['100%', '100']]
    """
    return _figures_view(metrics, METRICS_VIEW)


def _figures_view(table: "pd.DataFrame", columns: Iterable[str]) -> "pd.DataFrame":
    """``columns`` of a table with ``value``, ``low`` and ``high``, the value as it reads."""
    view = table.loc[:, list(columns)].copy()
    view["value"] = figures(table["value"], table["low"], table["high"])
    return view.astype({"value": object})


def figures(values: Iterable[float], lows: Iterable[float], highs: Iterable[float]) -> list[str]:
    """Each figure as it reads: its value, or the bounds of a masked one (``100–999``).

    >>> figures([280.0, math.nan], [280.0, 100.0], [280.0, 999.0])
    ['280', '100–999']
    """
    return [bounds(v, v) if not _missing(v) else bounds(lo, math.inf if _missing(hi) else hi)
            for v, lo, hi in zip(values, lows, highs)]


#: the columns of a panel shown in a terminal
PANEL_VIEW = ("place", "level", "year", "measure", "value", "part", "text", "doc_id", "n_rows")


def panel_view(panel: "pd.DataFrame") -> "pd.DataFrame":
    """A :func:`summarytext.panel` as a terminal shows it: a masked figure by its bounds.

    >>> from summarytext import panel
    >>> panel_view(panel(["云岭县政协2023年工作总结\\n全年收到提案xxx件，立案280件。"]))[["measure", "value"]].values.tolist()
    [['proposals_submitted', '100–999'], ['proposals_registered', '280']]
    """
    return _figures_view(panel, PANEL_VIEW)


def changes_view(changes: "pd.DataFrame") -> "pd.DataFrame":
    """:func:`summarytext.changes` as a terminal shows it: masked figures by their bounds."""
    view = changes.drop(columns=["before_low", "before_high", "after_low", "after_high", "before_part", "after_part",
                                 "doc_before", "doc_after"]).copy()
    view["before"] = figures(changes["before"], changes["before_low"], changes["before_high"])
    view["after"] = figures(changes["after"], changes["after_low"], changes["after_high"])
    return view.astype({"before": object, "after": object})
