"""Benchmark of the panel: ``panel_of`` on the metrics of 1,000 to 100,000 documents.

The metrics table is synthetic: rows drawn from the sample corpus's own metrics (so units,
categories, stages, contexts and rule names are real ones), 91 rows per document as in the
generated reports of the pipeline benchmark, values jittered and 5% masked; the documents
table gives each document one of ``places`` places and a year from 2015 to 2024.  Building
them is not timed.  The baseline, run on the same table in the same process, is the plain
pandas query a user would write without the panel: the largest value per document,
category and stage (``groupby(...).max()``); the panel does more (measures, totals before
parts, masked bounds, links to the rows), so the ratio says what that costs.

    python benchmarks/bench_panel.py                     # 1000 10000 100000 documents
    python benchmarks/bench_panel.py --sizes 1000 5000
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

ROWS_PER_DOCUMENT = 91


def synthetic(documents: int, *, places: int = 3000, rows_per_document: int = ROWS_PER_DOCUMENT, seed: int = 0):
    """(metrics, documents): a metrics table of ``documents`` documents built from the sample
    corpus's metrics, and its documents table (doc_id, place, level, year)."""
    import numpy as np
    import pandas as pd

    import summarytext as st

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = st.extract_metrics(st.load_sample())
    rng = np.random.default_rng(seed)
    n = documents * rows_per_document
    pick = rng.integers(0, len(base), n)
    metrics = base.iloc[pick].reset_index(drop=True)
    ids = np.array([f"d{i:06d}" for i in range(documents)], dtype=object)
    metrics["doc_id"] = pd.array(np.repeat(ids, rows_per_document), dtype="string")
    value = metrics["value"].to_numpy(dtype="float64") * rng.uniform(0.5, 1.5, n)
    masked = rng.random(n) < 0.05
    metrics["value"] = np.where(masked, np.nan, value)
    metrics["low"] = np.where(masked, 100.0, value)
    metrics["high"] = np.where(masked, 999.0, value)
    metrics["masked"] = masked
    place_ids = rng.integers(0, places, documents)
    docs = pd.DataFrame({
        "doc_id": ids,
        "place": [f"地{p:04d}县" for p in place_ids],
        "level": "county",
        "year": rng.integers(2015, 2025, documents),
    })
    return metrics, docs


def run(documents: int) -> dict:
    import gc

    from summarytext.panel import panel_of

    metrics, docs = synthetic(documents)
    gc.collect()
    start = time.perf_counter()
    baseline = metrics.groupby(["doc_id", "category", "stage"], observed=True)["value"].max()
    base_s = time.perf_counter() - start
    start = time.perf_counter()
    table = panel_of(metrics, docs)
    panel_s = time.perf_counter() - start
    return {"documents": documents, "metric_rows": len(metrics), "panel_rows": len(table), "seconds": panel_s,
            "baseline_seconds": base_s, "ratio": panel_s / base_s, "baseline_rows": len(baseline)}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        r = run(n)
        rows.append(r)
        print(f"{n:>7,} documents, {r['metric_rows']:>10,} metric rows: panel {r['seconds']:6.1f} s "
              f"({r['panel_rows']:,} rows), groupby max {r['baseline_seconds']:5.1f} s, ratio {r['ratio']:.1f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
