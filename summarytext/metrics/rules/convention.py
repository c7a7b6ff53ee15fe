"""Rules of the ``convention`` phase: the stage conventions for cases that recur in reports.

Proposals in a breakdown by handling outcome (已经解决, 列入计划逐步解决, 留作参考, A/B/C类)
were all answered; a share takes the stage of what its numerator counts; people take the
stage of what they did; a breakdown by topic keeps the stage of the total it breaks down.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import rule

if TYPE_CHECKING:  # pragma: no cover
    from ..record import Context, Metric
