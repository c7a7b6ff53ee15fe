"""Metric extraction: every count, amount and rate a report gives.

:func:`extract_metrics` finds each number followed by a unit or counting word
(``开展协商议政活动xxx场次``, ``立案26699件``, ``办复率99.84%``, ``百分之九十八以上``,
``2.83万余人次``, ``30至35个``), and reads

* ``value`` (float; 万/亿 folded in; NaN when the digits are masked), ``masked``,
  ``digits`` (how many placeholders before the point), ``low``/``high`` bounds
  (from masks, qualifiers and ranges), ``qualifier`` (over, under, about), ``unit``;
* ``subject`` (what is counted), ``category`` (activity, proposal, information, report,
  people, problem, media, money, rate, other), ``stage`` (held, submitted, registered,
  handled, adopted, endorsed, reported, planned, or None) and ``by`` (who adopted or
  endorsed it), with the ``rule`` that decided the category and the stage;
* ``start``/``end`` offsets into the document text, and the sentence, paragraph and
  section holding it, with the clause as ``context``.

The work is done in four steps, a module each: :mod:`.scan` (what is a quantity),
:mod:`.exclude` (what is not a metric: dates, ordinals, slogans, narrative "one"),
:mod:`.rules` (subject, category, stage, inheritance and plans, as a declared table of
named rules, see :func:`metric_rules`) and :mod:`.summary` (one row per document).

>>> df = extract_metrics("全年收集社情民意信息356条，被省政协采用23篇；提案办复率99.84%。")
>>> df[["text", "value", "unit", "category", "stage", "by"]].values.tolist()
[['356条', 356.0, '条', 'information', 'submitted', <NA>], ['23篇', 23.0, '篇', 'information', 'adopted', '省政协'], ['99.84%', 99.84, '%', 'rate', 'handled', <NA>]]
>>> df["rule"].tolist()[1]
'subject=subject_from_list category=subject_head stage=verb_before'
"""
from __future__ import annotations

from .extract import COLUMNS, DTYPES, extract_metrics, metrics_columns, metrics_frame, metrics_rows
from .rules import metric_rules
from .summary import MEASURES, SUMMARY_MEASURES, Measure, metrics_summary

__all__ = ["COLUMNS", "DTYPES", "MEASURES", "Measure", "SUMMARY_MEASURES", "extract_metrics", "metric_rules", "metrics_columns", "metrics_frame", "metrics_rows", "metrics_summary"]
