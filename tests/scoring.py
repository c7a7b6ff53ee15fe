"""Matching predicted metrics against hand-made answers (tests/gold), as researchers would count them.

A predicted row matches a gold row when value (or, for masked numbers, the count of
hidden digits) and unit agree; category, stage and qualifier are then compared.
"""
from __future__ import annotations

import math
from collections import defaultdict


def _none(x):
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    try:
        import pandas as pd

        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return x


def metric_key(row: dict) -> tuple:
    unit = str(_none(row.get("unit")) or "")
    if _none(row.get("masked")):
        digits = _none(row.get("digits"))
        return ("masked", int(digits) if digits is not None else None, unit)
    value = _none(row.get("value"))
    return ("value", None if value is None else round(float(value), 4), unit)


def score_metrics(pred_rows: list[dict], gold_rows: list[dict]) -> dict:
    """Precision, recall, F1, field agreement and strict F1 (category, stage and
    qualifier right too) of predicted rows against gold rows of one document."""
    free = defaultdict(list)
    for r in pred_rows:
        free[metric_key(r)].append(r)
    tp = strict = 0
    agree = defaultdict(int)
    misses, wrong = [], []
    for g in gold_rows:
        key = metric_key(g)
        if not free[key]:
            misses.append(g)
            continue
        r = free[key].pop(0)
        tp += 1
        same = True
        for field in ("category", "stage", "qualifier"):
            ok = (_none(r.get(field)) or None) == (g.get(field) or None)
            agree[field] += ok
            same &= ok
            if not ok:
                wrong.append((field, g, r))
        strict += same
    fp = sum(len(v) for v in free.values())
    return {"tp": tp, "fp": fp, "fn": len(misses), "strict": strict, "agree": dict(agree), "misses": misses, "wrong": wrong,
            "false": [r for v in free.values() for r in v]}


def summarise(parts: list[dict]) -> dict:
    tp = sum(p["tp"] for p in parts)
    fp = sum(p["fp"] for p in parts)
    fn = sum(p["fn"] for p in parts)
    strict = sum(p["strict"] for p in parts)

    def f1(a: int, pred: int, gold: int) -> float:
        p = a / pred if pred else 0.0
        r = a / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    agree = defaultdict(int)
    for p in parts:
        for k, v in p["agree"].items():
            agree[k] += v
    return {
        "f1": f1(tp, tp + fp, tp + fn),
        "strict_f1": f1(strict, tp + fp, tp + fn),
        "agreement": {k: v / tp for k, v in agree.items()} if tp else {},
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }
