"""The metric rule table: every rule is declared with what it is for and the sentences it exists
for; each example comes out as declared, the rule is the one that decided it, and leaving the
rule out changes what its examples give."""
from __future__ import annotations

import pandas as pd
import pytest

import summarytext as st
from summarytext.metrics import metric_rules
from summarytext.metrics.rules import all_rules, build_phases, phases

RULES = all_rules()
EXAMPLES = [(name, i, ex) for name, rule in RULES.items() for i, ex in enumerate(rule.examples)]


def _row(text: str, metric: str, disable: tuple[str, ...] = ()) -> dict | None:
    df = st.extract_metrics(text, disable=disable)
    rows = df[df["text"] == metric].to_dict("records")
    return rows[0] if rows else None


def _value(x):
    return None if pd.isna(x) else x


def _outcome(text: str, metric: str, fields: list[str], disable: tuple[str, ...] = ()) -> tuple | None:
    row = _row(text, metric, disable)
    return None if row is None else tuple(_value(row[f]) for f in fields)


def test_every_rule_is_declared_with_a_description_and_examples():
    assert len(RULES) >= 40
    for name, rule in RULES.items():
        assert rule.description, name
        assert rule.examples, f"{name} has no example"


@pytest.mark.parametrize("name,i,example", EXAMPLES, ids=[f"{n}-{i}" for n, i, _ in EXAMPLES])
def test_rule_example_comes_out_as_declared_and_by_that_rule(name, i, example):
    row = _row(example.text, example.metric)
    if example.expect.get("dropped"):
        assert row is None, f"{example.metric} should not be a metric in {example.text}"
        assert _row(example.text, example.metric, disable=(name,)) is not None, "the rule is what drops it"
        return
    assert row is not None, f"no metric {example.metric!r} in {example.text!r}"
    for field, want in example.expect.items():
        assert _value(row[field]) == want, (field, row["rule"])
    assert f"={name}" in row["rule"], f"{name} did not decide it: {row['rule']}"


@pytest.mark.parametrize("name", sorted(RULES))
def test_leaving_a_rule_out_changes_what_its_examples_give(name):
    rule = RULES[name]
    fields = ["subject", "category", "stage", "by"]
    changed = [ex for ex in rule.examples
               if _outcome(ex.text, ex.metric, fields) != _outcome(ex.text, ex.metric, fields, disable=(name,))]
    assert changed, f"{name}: its examples come out the same without it"


def test_the_table_lists_rules_in_the_order_they_run():
    table = metric_rules()
    assert list(table.columns) == ["phase", "mode", "decides", "position", "name", "description", "examples", "example"]
    assert set(table["name"]) == set(RULES)
    order = [p.name for p in phases()]
    assert order.index("stage") < order.index("category") < order.index("inherit") < order.index("convention") < order.index("plan")
    assert order.count("fit") == 2  # stages are fitted to categories before and after they are passed on
    first_of = {p.name: [r.name for r in p.rules] for p in phases()}
    for phase, group in table.groupby("phase", sort=False):
        assert group.sort_values("position")["name"].tolist() == first_of[phase]


def test_rules_can_be_left_out_by_name():
    text = "8篇调研报告、5件重点提案和16期社情民意信息获市委主要领导批示。"
    assert st.extract_metrics(text)["stage"].tolist() == ["endorsed"] * 3
    assert st.extract_metrics(text, disable=["list_verb_after"])["stage"].isna().sum() == 2


@pytest.mark.parametrize("data,message", [
    ({"order": ["p"], "phase": {"p": {"mode": "each", "rules": ["no_such_rule"]}}}, "no_such_rule' has no implementation"),
    ({"order": ["p", "q"], "phase": {"p": {"mode": "each", "rules": []}}}, "unknown phases in order: ['q']"),
    ({"order": [], "phase": {"p": {"mode": "each", "rules": []}}}, "never run"),
    ({"order": ["p"], "phase": {"p": {"mode": "first", "rules": []}}}, "'first' with the field it decides"),
    ({"order": ["p"], "phase": {"p": {"rules": ["verb_before"]}}, "rule": {"verb_before": {"examples": [{"text": "x"}]}}}, "bad example"),
])
def test_a_bad_rule_table_is_refused_with_the_reason(data, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        build_phases(data, "my_rules.toml")
