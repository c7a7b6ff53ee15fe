"""The rules that decide what a metric counts and what happened to it, as a declared table.

Each rule is a plain function of one metric and its :class:`~summarytext.metrics.record.Context`
that returns ``None`` (it does not apply) or the fields it decides (``{"stage": "handled"}``).
Which rules exist, which phase each belongs to, the order of the phases and of the rules in
each phase, what each rule is for and the examples it exists for are data:
``summarytext/data/metric_rules.toml``.  A phase runs in one of two modes:

* ``first``: for each metric in text order, the phase's rules are tried in order and the first
  that decides the phase's field (``subject``, ``stage``, ``category``) ends the phase for it;
* ``each``: each rule in turn visits every metric (in reverse text order when the rule is
  declared ``backward``), and what it decides overwrites what was there.

The name of the rule that last set a metric's subject, category or stage is kept in
``Metric.why``; :func:`~summarytext.metrics.extract_metrics` shows it in the ``rule`` column.

>>> [p.name for p in phases()][:4]
['subject', 'stage', 'subject_inherit', 'category']
>>> metric_rules().query("name == 'passive_verb'")[["phase", "decides"]].values.tolist()
[['stage', 'stage']]
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..record import Context, Metric

RuleFunction = Callable[["Metric", "Context"], "dict[str, Any] | None"]

#: the modules that define rules, one per phase
_MODULES = ("subject", "stage", "category", "fit", "inherit", "convention", "plan")
#: fields whose deciding rule is recorded in ``Metric.why``
TRACKED = ("subject", "category", "stage")
#: what an example may expect of its metric
EXPECTABLE = ("category", "stage", "subject", "by", "qualifier", "dropped")

_FUNCTIONS: dict[str, RuleFunction] = {}


def rule(name: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``name`` (it must be declared in ``metric_rules.toml``)."""

    def register(fn: RuleFunction) -> RuleFunction:
        if name in _FUNCTIONS:
            raise ValueError(f"metric rule {name!r} is defined twice")
        _FUNCTIONS[name] = fn
        return fn

    return register


@dataclass(frozen=True)
class Example:
    """A sentence a rule exists for, the metric in it, and what the rule makes of it."""

    text: str
    metric: str
    expect: dict[str, Any]


@dataclass(frozen=True)
class Rule:
    name: str
    phase: str
    description: str
    examples: tuple[Example, ...]
    backward: bool
    func: RuleFunction


@dataclass(frozen=True)
class Phase:
    name: str
    mode: str  # "first" or "each"
    decides: str | None  # the field a "first" phase decides
    description: str
    rules: tuple[Rule, ...]


@lru_cache(maxsize=1)
def phases() -> tuple[Phase, ...]:
    """The phases in the order they run, each with its rules in order."""
    from ...resources import load_toml, read_data_text

    name = "metric_rules.toml"
    return build_phases(load_toml(read_data_text(name), name), name)


def build_phases(data: dict[str, Any], name: str = "metric_rules.toml") -> tuple[Phase, ...]:
    """Phases from a parsed rule table (see ``summarytext/data/metric_rules.toml``); a rule
    that is declared but not implemented, implemented but not declared, or a phase that is
    not known is an error that names the file and the rule.

    >>> build_phases({"order": ["x"], "phase": {"x": {"mode": "each", "rules": ["nonesuch"]}}}, "my.toml")
    Traceback (most recent call last):
    ...
    ValueError: my.toml: rule 'nonesuch' has no implementation
    """
    for module in _MODULES:
        importlib.import_module(f".{module}", __name__)
    declared = data.get("rule", {})
    built: dict[str, Phase] = {}
    used: set[str] = set()
    for phase_name, spec in data.get("phase", {}).items():
        rules = []
        for rule_name in spec.get("rules", ()):
            if rule_name not in _FUNCTIONS:
                raise ValueError(f"{name}: rule {rule_name!r} has no implementation")
            meta = declared.get(rule_name, {})
            examples = tuple(_example(name, rule_name, e) for e in meta.get("examples", ()))
            rules.append(Rule(rule_name, phase_name, meta.get("description", ""), examples, bool(meta.get("backward", False)), _FUNCTIONS[rule_name]))
            used.add(rule_name)
        mode = spec.get("mode", "each")
        if mode not in ("first", "each") or (mode == "first") != bool(spec.get("decides")):
            raise ValueError(f"{name}: phase {phase_name!r} needs mode 'each', or 'first' with the field it decides")
        built[phase_name] = Phase(phase_name, mode, spec.get("decides"), spec.get("description", ""), tuple(rules))
    order = data.get("order", [])
    missing = [p for p in order if p not in built]
    if missing:
        raise ValueError(f"{name}: unknown phases in order: {missing}")
    unordered = [p for p in built if p not in order]
    if unordered:
        raise ValueError(f"{name}: phases that never run (not in order): {unordered}")
    undeclared = set(declared) - used
    if undeclared:
        raise ValueError(f"{name}: rules described but in no phase: {sorted(undeclared)}")
    return tuple(built[p] for p in order)


def _example(name: str, rule_name: str, spec: dict[str, Any]) -> Example:
    expect = {k: v for k, v in spec.items() if k not in ("text", "metric")}
    bad = set(expect) - set(EXPECTABLE)
    if bad or "text" not in spec or "metric" not in spec:
        raise ValueError(f"{name}: bad example of {rule_name!r}: {spec}")
    return Example(spec["text"], spec["metric"], expect)


def all_rules() -> dict[str, Rule]:
    """Every rule by name (a rule whose functions are defined but not declared in any phase
    is an error)."""
    rules = {r.name: r for p in phases() for r in p.rules}
    unused = set(_FUNCTIONS) - set(rules)
    if unused:
        raise ValueError(f"metric_rules.toml: rules implemented but not declared in any phase: {sorted(unused)}")
    return rules


def apply_rules(ctx: "Context", *, disable: Iterable[str] = ()) -> None:
    """Run every phase over the metrics of ``ctx``, in the declared order (``disable``:
    names of rules to leave out), then remove the metrics a rule dropped."""
    off = frozenset(disable)
    found = ctx.found
    for phase in phases():
        rules = [(r.name, r.func, r.backward) for r in phase.rules if r.name not in off]
        if phase.mode == "first":
            field = phase.decides
            for m in found:
                for name, fn, _ in rules:
                    decided = fn(m, ctx)
                    if decided is not None:
                        _set(m, decided, name)
                        if field in decided:
                            break
        else:
            for name, fn, backward in rules:
                for m in (reversed(found) if backward else found):
                    decided = fn(m, ctx)
                    if decided is not None:
                        _set(m, decided, name)
    if any(m.drop for m in found):
        found[:] = [m for m in found if not m.drop]


def _set(m: "Metric", decided: dict[str, Any], name: str) -> None:
    why = m.why
    for key, value in decided.items():
        setattr(m, key, value)
        if key in _TRACKED:
            why[key] = name


_TRACKED = frozenset(TRACKED)


def metric_rules() -> "pd.DataFrame":
    """The rule table: one row per rule, in the order rules run.

    Columns: ``phase``, ``mode`` (first or each), ``decides`` (the field a ``first`` phase
    decides), ``position`` (the rule's place in its phase), ``name``, ``description``,
    ``examples`` (how many) and ``example`` (the first, as ``sentence → metric``).

    >>> table = metric_rules()
    >>> table.columns.tolist()
    ['phase', 'mode', 'decides', 'position', 'name', 'description', 'examples', 'example']
    """
    import pandas as pd

    rows = []
    seen: set[tuple[str, str]] = set()
    for phase in phases():
        for i, r in enumerate(phase.rules):
            if (phase.name, r.name) in seen:
                continue  # a phase that runs twice is listed once
            seen.add((phase.name, r.name))
            first = r.examples[0] if r.examples else None
            rows.append({
                "phase": phase.name, "mode": phase.mode, "decides": phase.decides, "position": i, "name": r.name,
                "description": r.description, "examples": len(r.examples),
                "example": f"{first.text} → {first.metric}" if first else None,
            })
    frame = pd.DataFrame(rows)
    for col in ("phase", "mode", "decides", "name", "description", "example"):
        frame[col] = frame[col].astype("string")
    return frame
