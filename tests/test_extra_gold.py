"""Hand-made answers for eight more reports of kinds the sample corpus does not cover
(a government report on handling proposals, a news feature, a member-evaluation notice,
a 社情民意 bulletin, a dense standing-committee report, a work plan, a 文史 page, a
traditional-script scraped page): tests/data/extra and tests/gold/extra."""
from __future__ import annotations

import json
from collections import defaultdict

import summarytext as st

from .conftest import ROOT
from .scoring import score_metrics, summarise

DATA = ROOT / "tests" / "data" / "extra"
GOLD = ROOT / "tests" / "gold" / "extra"


def _gold(name: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["doc"]].append(row)
    return out


def test_metrics_on_reports_of_other_kinds():
    gold = _gold("metrics.jsonl")
    parts = []
    for doc_id, rows in sorted(gold.items()):
        text = (DATA / f"{doc_id}.txt").read_text(encoding="utf-8")
        parts.append(score_metrics(st.extract_metrics(text).to_dict("records"), rows))
    result = summarise(parts)
    assert result["f1"] >= 0.95, result
    assert result["strict_f1"] >= 0.72, result


def test_metrics_on_blind_reports():
    # tests/data/blind: written and annotated without reading or running the library
    blind = ROOT / "tests" / "data" / "blind"
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in (ROOT / "tests" / "gold" / "blind" / "metrics.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["doc"]].append(row)
    assert sorted(gold) == ["b01", "b02", "b03"]
    parts = [score_metrics(st.extract_metrics((blind / f"{d}.txt").read_text(encoding="utf-8")).to_dict("records"), rows)
             for d, rows in sorted(gold.items())]
    result = summarise(parts)
    assert result["f1"] >= 0.97, result
    assert result["strict_f1"] >= 0.85, result


def test_themes_on_reports_of_other_kinds():
    gold = _gold("themes.jsonl")
    must = found = predicted = allowed = 0
    for doc_id, rows in sorted(gold.items()):
        text = (DATA / f"{doc_id}.txt").read_text(encoding="utf-8")
        got = defaultdict(set)
        for row in st.tag_themes(text).itertuples():
            got[row.paragraph].add(row.theme)
        for g in rows:
            tags = got[g["paragraph"]]
            must += len(g["must"])
            found += len(set(g["must"]) & tags)
            predicted += len(tags)
            allowed += len(tags & (set(g["must"]) | set(g["may"])))
    assert found / must >= 0.88 and allowed / predicted >= 0.93, (found / must, allowed / predicted)
