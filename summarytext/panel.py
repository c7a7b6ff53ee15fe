"""A corpus as a panel: the same measures lined up across places and years, and their change.

:func:`panel` gives one row per place, year and measure (the measures of
:data:`~summarytext.metrics.SUMMARY_MEASURES`: proposals registered, information adopted,
handling rate …) with the value, its bounds, how many metric rows gave it, and links back to
them.  :func:`changes` sets two years of the same committee side by side, measure by measure.

**Which figure a report gives for a measure.**  Reports repeat a total and break it down
(立案280件，其中集体提案30件), so of the rows of a measure in one place and year the panel
takes the document-level total: a figure that is not a part of another (a breakdown, a class
of outcome, an entry of a list by body, a clause opening with 其中: see
:func:`~summarytext.metrics.summary.is_part`), and of those the largest (a breakdown cannot
exceed its total).  Only when the reports give nothing but parts is the largest part taken,
with ``part`` set.  A masked figure (xxx件) counts by its upper bound, so a masked total still
wins over the visible parts it holds; its value is then NaN, with ``low`` and ``high``.  A rate
(a measure whose ``pick`` is ``last``) is the last one given, shares of a breakdown (占45%)
left out.  When a place has several reports for a year (a work summary and a proposal report),
the same rule runs over all their rows.

Documents whose place or year (the year covered) is not known are left out, listed in
``frame.attrs["left_out"]``; give them with ``metadata=`` (a CSV of metadata, see
:func:`~summarytext.metadata.with_metadata`).  Places are compared in simplified script.

>>> texts = ["云岭县政协2022年工作总结\\n全年收到提案120件，立案105件，其中集体提案12件。办复率98%。",
...          "云岭县政协2023年工作总结\\n全年收到提案131件，立案118件。办复率100%。"]
>>> p = panel(texts)
>>> p.query("measure == 'proposals_registered'")[["place", "year", "value", "n_rows"]].values.tolist()
[['云岭县', 2022, 105.0, 2], ['云岭县', 2023, 118.0, 1]]
>>> changes(p).query("measure == 'proposals_registered'")[["year_before", "year_after", "before", "after", "change"]].values.tolist()
[[2022, 2023, 105.0, 118.0, 13.0]]
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .tables import typed_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .metrics.summary import Measure

__all__ = ["PANEL_COLUMNS", "PANEL_DTYPES", "CHANGE_COLUMNS", "CHANGE_DTYPES", "panel", "panel_of", "changes", "panel_frames", "panel_documents"]

logger = logging.getLogger("summarytext")

#: the columns of :func:`panel` and their dtypes (``row``: the label of the metric's row in the
#: metrics table, any hashable; ``rows``: the labels of every candidate row, a tuple)
PANEL_DTYPES = {
    "place": "string", "level": "string", "year": "Int64", "measure": "string", "value": "float64", "low": "float64",
    "high": "float64", "masked": bool, "part": bool, "text": "string", "doc_id": "string", "row": object,
    "n_rows": "int64", "n_documents": "int64", "rows": object,
}
PANEL_COLUMNS = list(PANEL_DTYPES)
#: the columns of :func:`changes` and their dtypes
CHANGE_DTYPES = {
    "place": "string", "level": "string", "measure": "string", "year_before": "Int64", "year_after": "Int64",
    "before": "float64", "after": "float64", "change": "float64", "relative_change": "float64", "status": "string",
    "before_low": "float64", "before_high": "float64", "after_low": "float64", "after_high": "float64",
    "before_part": bool, "after_part": bool, "doc_before": "string", "doc_after": "string",
}
CHANGE_COLUMNS = list(CHANGE_DTYPES)


def panel_frames(
    obj: Any,
    *,
    documents: Any = None,
    metadata: Any = None,
    n_jobs: int | None = 1,
    caller: str = "panel",
) -> "tuple[pd.DataFrame, pd.DataFrame]":
    """The metrics table and the documents table (``doc_id``, ``place``, ``level``, ``year`` …)
    that :func:`panel` reads: ``obj`` is a metrics table (then ``documents`` gives the documents:
    a Corpus, a list of documents or a table such as ``corpus.to_frame()``), or anything the
    analysis functions take (a corpus, a folder, texts), whose metrics are extracted.
    ``metadata`` overrides the documents' metadata (a file or DataFrame, as for
    :func:`~summarytext.metadata.with_metadata`); ``caller`` is the function named in a
    ``TypeError`` about ``obj``.
    """
    import pandas as pd

    from .metadata import metadata_table, overridden

    if isinstance(obj, pd.DataFrame):
        if "measure" in obj.columns:
            raise TypeError(f"this is a panel already; {caller}() takes a corpus or a metrics table")
        if documents is None:
            raise ValueError("a panel of a metrics table needs documents= (the corpus, or a table of doc_id, place and year "
                             "such as corpus.to_frame() or metadata_table(corpus))")
        metrics = obj
        if isinstance(documents, pd.DataFrame):
            docs = _override_frame(documents, metadata) if metadata is not None else documents
        else:
            docs = metadata_table(overridden(documents, metadata, caller=caller))
        return metrics, docs
    from .metrics import extract_metrics

    corpus = overridden(obj, metadata, caller=caller)
    return extract_metrics(corpus, n_jobs=n_jobs), metadata_table(corpus)


def _override_frame(documents: "pd.DataFrame", metadata: Any) -> "pd.DataFrame":
    """A documents table with the values of a metadata table put in (by doc_id or source;
    see :func:`~summarytext.metadata.metadata_updates`)."""
    import pandas as pd

    from .metadata import metadata_updates

    from .corpus import DOCUMENT_DTYPES

    out = documents.copy()
    sources = out["source"].astype("string").fillna("").tolist() if "source" in out else None
    updates = metadata_updates(metadata, out["doc_id"].astype(str).tolist(), sources)
    for col in sorted({c for u in updates for c in u}):
        # a column keeps its type (a new one takes the type of the documents table's column)
        dtype = out[col].dtype if col in out else DOCUMENT_DTYPES.get(col, object)
        values = out[col].astype(object).tolist() if col in out else [None] * len(out)
        for i, update in enumerate(updates):
            if col in update:
                values[i] = update[col]
        if pd.api.types.is_integer_dtype(dtype) and any(v is None or v is pd.NA for v in values):
            dtype = "Int64"  # a whole-number column with gaps
        out[col] = pd.Series(values, index=out.index, dtype=object).astype(dtype)
    return out


def panel(
    obj: Any,
    *,
    documents: Any = None,
    measures: Iterable[str] | None = None,
    metadata: Any = None,
    n_jobs: int | None = 1,
) -> "pd.DataFrame":
    """One row per place, year and measure: the figure the reports give, with its bounds and the
    metric rows it came from.

    ``obj``: a corpus, a folder, a list of texts or documents (metrics are extracted), or a
    metrics table from :func:`~summarytext.extract_metrics` with ``documents=`` (the corpus, or
    a table with ``doc_id``, ``place``, ``year`` and ``level``).  ``measures``: names from
    :data:`~summarytext.metrics.SUMMARY_MEASURES` (default: all).  ``metadata``: overrides of
    place, year … (a CSV or DataFrame keyed by ``doc_id`` or ``source``).

    Columns (:data:`PANEL_COLUMNS`): ``place``, ``level``, ``year`` (covered), ``measure``;
    ``value`` (NaN when masked), ``low``, ``high``, ``masked``, ``part`` (the reports give only
    parts of a total, the largest is taken), ``text`` (the figure as written);
    ``doc_id`` and ``row`` (index label in the metrics table) of the figure taken; ``n_rows``
    (metric rows of that measure, place and year), ``n_documents`` (reports they are in) and
    ``rows`` (their index labels).  Which figure is taken: see the module's description.

    >>> p = panel(["澜江省政协2022年提案工作情况的报告\\n共收到提案1046件，经审查立案912件。", "2023年，县政协立案x件。"])
    >>> p[["place", "year", "measure", "value", "text"]].values.tolist()
    [['澜江省', 2022, 'proposals_submitted', 1046.0, '1046件'], ['澜江省', 2022, 'proposals_registered', 912.0, '912件']]
    >>> p.attrs["left_out"]
    ['doc1']
    """
    metrics, docs = panel_frames(obj, documents=documents, metadata=metadata, n_jobs=n_jobs)
    return panel_of(metrics, docs, measures=measures)


def _measures(names: Iterable[str] | None) -> "list[Measure]":
    from .metrics.summary import MEASURES, SUMMARY_MEASURES

    if names is None:
        return list(SUMMARY_MEASURES)
    names = [names] if isinstance(names, str) else list(names)
    unknown = [n for n in names if n not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure {', '.join(unknown)} (measures: {', '.join(MEASURES)})")
    return [MEASURES[n] for n in names]


def panel_documents(docs: "pd.DataFrame") -> "tuple[pd.DataFrame, list[str]]":
    """The documents that have a place and a year (place in simplified script), and the ids of
    those left out."""
    import pandas as pd

    from .normalize import simplified_view

    missing = [c for c in ("doc_id", "place", "year") if c not in docs.columns]
    if missing:
        raise ValueError(f"the documents table needs the columns doc_id, place and year (missing: {', '.join(missing)})")
    place = docs["place"].astype("string")
    year = pd.to_numeric(docs["year"], errors="coerce")
    ok = place.notna() & (place.str.strip() != "") & year.notna()
    left_out = docs.loc[~ok.fillna(False).astype(bool), "doc_id"].astype(str).tolist()
    kept = docs.loc[ok.fillna(False).astype(bool)]
    level = kept["level"].astype("string") if "level" in kept else pd.Series(pd.NA, index=kept.index, dtype="string")
    places = {p: simplified_view(p.strip()) for p in place[ok.fillna(False).astype(bool)].unique()}
    out = pd.DataFrame({
        "doc_id": kept["doc_id"].astype(str).to_numpy(),
        "place": kept["place"].astype(str).map(places).to_numpy(),
        "level": level.to_numpy(),
        "year": year[kept.index].astype("int64").to_numpy(),
    })
    return out.drop_duplicates("doc_id"), left_out


def panel_of(metrics: "pd.DataFrame", documents: "pd.DataFrame", *, measures: Iterable[str] | None = None) -> "pd.DataFrame":
    """:func:`panel` of a metrics table and a documents table (``doc_id``, ``place``, ``year``,
    ``level``), both already at hand: the vectorised core, linear in the rows after one sort."""
    import numpy as np
    import pandas as pd

    from .metrics.summary import is_part, measure_mask, unit_kinds

    chosen_measures = _measures(measures)
    docs, left_out = panel_documents(documents)
    if left_out:
        logger.info("panel: %d document(s) left out, their place or year is not known: %s", len(left_out),
                    ", ".join(left_out[:5]) + (" …" if len(left_out) > 5 else ""))
    # the columns that are compared many times, coded once (each distinct value hashed once)
    coded = _coded(metrics)
    # each metric row's document, as a position in docs (-1: not in the panel)
    doc_ids = coded["doc_id"].cat
    doc_pos = pd.Index(docs["doc_id"]).get_indexer(doc_ids.categories.astype(str))[doc_ids.codes]
    doc_pos[doc_ids.codes < 0] = -1
    in_panel = doc_pos >= 0
    kinds = unit_kinds(coded) if any(m.unit == "count" for m in chosen_measures) else None
    positions, measure_ids = [], []
    for i, measure in enumerate(chosen_measures):
        hit = np.flatnonzero(measure_mask(coded, measure, kinds=kinds).to_numpy() & in_panel)
        positions.append(hit)
        measure_ids.append(np.full(len(hit), i, dtype=np.int64))
    pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
    mid = np.concatenate(measure_ids) if measure_ids else np.zeros(0, dtype=np.int64)
    if not len(pos):
        frame = _empty_panel()
        frame.attrs["left_out"] = left_out
        return frame

    # group of each candidate: (place, year) of its document, then the measure
    place_codes, place_names = pd.factorize(docs["place"])
    years = docs["year"].to_numpy()
    dpos = doc_pos[pos]
    group_place = place_codes[dpos]
    group_year = years[dpos]
    value = metrics["value"].to_numpy(dtype="float64")[pos]
    high = metrics["high"].to_numpy(dtype="float64")[pos]
    low = metrics["low"].to_numpy(dtype="float64")[pos]
    masked = metrics["masked"].to_numpy(dtype=bool)[pos]
    part = is_part(coded).to_numpy()[pos]
    # the rank of a figure within its group: its value (a masked one by its upper bound, else
    # its lower bound), or its place in reading order for measures picked last
    bound = np.where(np.isnan(high), low, high)
    size = np.where(masked | np.isnan(value), bound, value)
    reading = pos.astype("float64")  # rows of a metrics table are in reading order
    pick_last = np.array([m.pick == "last" for m in chosen_measures])[mid]
    order_key = np.where(pick_last, reading, size)
    order_key = np.where(np.isnan(order_key), -np.inf, order_key)
    # one integer per group (place, year, measure), doubled to put a total after a part
    year_codes, _ = pd.factorize(group_year, sort=True)
    group = (group_place.astype(np.int64) * (int(year_codes.max()) + 1) + year_codes) * len(chosen_measures) + mid
    # the last of each group is taken: a total before a part, then the largest (or last given);
    # of equal figures an unmasked one, then the first in reading order (candidates are put in
    # reverse reading order, and the sort is stable)
    back = np.argsort(-reading, kind="stable")
    sort = back[np.lexsort((~masked[back], order_key[back], group[back] * 2 + ~part[back]))]
    gkey = group[sort]
    boundary = np.flatnonzero(gkey[1:] != gkey[:-1]) + 1
    starts = np.concatenate(([0], boundary))
    ends = np.concatenate((boundary, [len(sort)]))
    last = sort[ends - 1]  # the chosen candidate of each group
    chosen_row = pos[last]
    labels = metrics.index.to_numpy()
    # documents per group: distinct documents among the group's rows
    doc_sorted = dpos[sort]
    n_docs = np.add.reduceat(_first_in_run(doc_sorted, starts, sort), starts) if len(starts) else np.zeros(0, dtype=np.int64)
    label_sorted = labels[pos[sort]].tolist()
    rows = [tuple(label_sorted[a:b]) for a, b in zip(starts.tolist(), ends.tolist())]
    text = metrics["text"].iloc[chosen_row].to_numpy(dtype=object) if "text" in metrics else np.full(len(last), None, dtype=object)
    frame = typed_frame({
        "place": place_names[group_place[last]],
        "level": docs["level"].to_numpy()[dpos[last]],
        "year": group_year[last],
        "measure": [chosen_measures[i].name for i in mid[last]],
        "value": np.where(masked[last], np.nan, value[last]),
        "low": low[last],
        "high": high[last],
        "masked": masked[last],
        "part": part[last],
        "text": text,
        "doc_id": docs["doc_id"].to_numpy()[dpos[last]],
        "row": labels[chosen_row],
        "n_rows": ends - starts,
        "n_documents": n_docs,
        "rows": rows,
    }, PANEL_DTYPES)
    # rows by place (first seen), year, then measure in the order of the definitions
    order = np.lexsort((mid[last], group_year[last], group_place[last]))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.attrs["left_out"] = left_out
    return frame


def _coded(metrics: "pd.DataFrame") -> "pd.DataFrame":
    """The columns of a metrics table that measures and parts are read from, with the text
    columns that repeat (document, unit, category, stage, rule) as categoricals."""
    import pandas as pd

    out = pd.DataFrame(index=metrics.index)
    for col in ("doc_id", "unit", "category", "stage", "rule"):
        if col in metrics:
            out[col] = metrics[col].astype("category")
    for col in ("value", "low", "high", "masked", "context"):
        out[col] = metrics[col]
    return out


def _first_in_run(doc_sorted: Any, starts: Any, sort: Any) -> Any:
    """1 for the first row of each document within each group, else 0 (rows of a group are
    sorted by size, so a document's rows need not be adjacent: count distinct per group)."""
    import numpy as np

    group = np.zeros(len(doc_sorted), dtype=np.int64)
    group[starts[1:]] = 1
    group = np.cumsum(group)
    pairs = group * (int(doc_sorted.max()) + 1 if len(doc_sorted) else 1) + doc_sorted
    _, first = np.unique(pairs, return_index=True)
    out = np.zeros(len(doc_sorted), dtype=np.int64)
    out[first] = 1
    return out


def _empty_panel() -> "pd.DataFrame":
    return typed_frame({c: [] for c in PANEL_DTYPES}, PANEL_DTYPES)


def changes(
    obj: Any,
    *,
    place: str | Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
    measures: Iterable[str] | None = None,
    documents: Any = None,
    metadata: Any = None,
) -> "pd.DataFrame":
    """Two years of the same committee side by side, measure by measure.

    ``obj``: a panel from :func:`panel`, or what :func:`panel` takes (then ``documents``,
    ``metadata`` as there).  ``place`` picks places (default: all); ``years=(2022, 2023)``
    compares those two years (for the places with figures in both), by default each year with the
    one before it that the place has.

    Columns (:data:`CHANGE_COLUMNS`): ``place``, ``level``, ``measure``, ``year_before``,
    ``year_after``, ``before``, ``after``, ``change`` (after − before), ``relative_change``
    (change / before), ``status``: ``both``; ``only_before`` or ``only_after`` (a measure one
    report gives and the other does not); ``masked`` (a figure is masked: no change is computed
    from it; its bounds are in ``before_low`` … ``after_high``); ``part_and_total`` (one year's
    figure is only the largest part of a breakdown, ``part`` in :func:`panel`, the other year's a
    document total: they are not the same quantity, so no change is computed).  ``before_part``,
    ``after_part``: that figure is a part.  ``doc_before``, ``doc_after``: the reports the
    figures come from.

    >>> p = panel(["榆塘县政协2022年工作总结\\n收到提案96件，立案88件。", "榆塘县政协2023年工作总结\\n收到提案x件。办复率100%。"])
    >>> changes(p)[["measure", "before", "after", "change", "status"]].values.tolist()
    [['proposals_submitted', 96.0, nan, nan, 'masked'], ['proposals_registered', 88.0, nan, nan, 'only_before'], ['handling_rate', nan, 100.0, nan, 'only_after']]
    """
    import numpy as np
    import pandas as pd

    from .metrics.summary import SUMMARY_MEASURES

    if isinstance(obj, pd.DataFrame) and "measure" in obj.columns:
        table = obj
    else:
        table = panel_of(*panel_frames(obj, documents=documents, metadata=metadata, caller="changes"))
    if measures is not None:
        table = table[table["measure"].isin([m.name for m in _measures(measures)])]
    if place is not None:
        wanted = [place] if isinstance(place, str) else list(place)
        from .normalize import simplified_view

        table = table[table["place"].isin([simplified_view(p) for p in wanted])]
    rank = {m.name: i for i, m in enumerate(SUMMARY_MEASURES)}
    out = []
    for (where,), group in table.groupby(["place"], sort=False):
        available = sorted(int(y) for y in group["year"].dropna().unique())
        if years is not None:
            a, b = years
            if a not in available or b not in available:
                continue  # a place without figures for one of the years has nothing to compare
            pairs = [(a, b)]
        else:
            pairs = list(zip(available, available[1:]))
        level = group["level"].dropna().iloc[0] if group["level"].notna().any() else pd.NA
        by_year = {int(y): g.set_index("measure") for y, g in group.groupby("year")}
        for a, b in pairs:
            before = by_year.get(a, group.iloc[:0].set_index("measure"))
            after = by_year.get(b, group.iloc[:0].set_index("measure"))
            names = sorted(set(before.index) | set(after.index), key=lambda n: rank.get(n, len(rank)))
            for name in names:
                x = before.loc[name] if name in before.index else None
                y = after.loc[name] if name in after.index else None
                row = {"place": where, "level": level, "measure": name, "year_before": a, "year_after": b,
                       "before": np.nan, "after": np.nan, "change": np.nan, "relative_change": np.nan,
                       "before_low": np.nan, "before_high": np.nan, "after_low": np.nan, "after_high": np.nan,
                       "before_part": False, "after_part": False, "doc_before": pd.NA, "doc_after": pd.NA}
                for side, r in (("before", x), ("after", y)):
                    if r is not None:
                        row[side] = r["value"]
                        row[f"{side}_low"], row[f"{side}_high"] = r["low"], r["high"]
                        row[f"doc_{side}"] = r["doc_id"]
                        row[f"{side}_part"] = bool(r.get("part", False))
                if x is None or y is None:
                    row["status"] = "only_after" if x is None else "only_before"
                    if (x is not None and x["masked"]) or (y is not None and y["masked"]):
                        row["status"] = "masked"
                elif x["masked"] or y["masked"]:
                    row["status"] = "masked"
                elif row["before_part"] != row["after_part"]:
                    row["status"] = "part_and_total"  # a part of a breakdown is not the total it is part of
                else:
                    row["status"] = "both"
                    row["change"] = y["value"] - x["value"]
                    row["relative_change"] = row["change"] / x["value"] if x["value"] else np.nan
                out.append(row)
    return typed_frame({c: [r.get(c) for r in out] for c in CHANGE_DTYPES}, CHANGE_DTYPES)
