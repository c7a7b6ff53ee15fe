"""The measures a :class:`~summarytext.compare.Comparison` offers, in one registry.

A measure is a function of a comparison (its fitted term counts and passage index) and
keyword options, declared with :func:`measure` in a module of this package; the comparison
gets a method (or a property) of the same name, with the function's signature and docstring,
which computes the result on first use and caches it per options.

To add a measure: write it in a module of this package with ``@measure(...)`` and add the
module's name to :data:`MODULES`.  Nothing else changes.

>>> sorted(m for m in measures() if m.startswith("shared"))
['shared_passages']
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Measure", "MODULES", "measure", "measures"]

#: the modules of this package that declare measures, one concept each
MODULES = ("similarity", "distinctive", "passages", "boilerplate", "side_by_side")


@dataclass(frozen=True)
class Measure:
    """A registered measure: its ``name`` (the comparison's method or property), the
    ``function`` (first argument: the comparison), whether results are cached per options
    (``cache``; a cached table is handed out as a copy) and whether it is read as a property."""

    name: str
    function: Callable[..., Any]
    cache: bool = True
    is_property: bool = False


_MEASURES: dict[str, Measure] = {}


def measure(name: str | None = None, *, cache: bool = True, is_property: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as a measure of comparisons (the decorator of measure modules).

    >>> @measure("example_count", cache=False)
    ... def example_count(comparison) -> int:
    ...     '''How many documents.'''
    ...     return len(comparison.ids)
    >>> measures()["example_count"].cache
    False
    >>> _ = _MEASURES.pop("example_count")
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        key = name or func.__name__
        _MEASURES[key] = Measure(key, func, cache=cache, is_property=is_property)
        return func

    return register


def measures() -> dict[str, Measure]:
    """Every registered measure by name (importing the modules of :data:`MODULES`)."""
    for module in MODULES:
        importlib.import_module(f"{__package__}.{module}")
    return dict(_MEASURES)
