"""Finding many keywords at once: every occurrence of every key, overlapping, in one pass.

One Aho–Corasick automaton (the ``ahocorasick_rs`` package, built as a DFA) serves the theme
matcher and brand discovery.  Offsets are character offsets into the text searched.

>>> search = KeywordSearch(["协商", "有事来协商", "读书"])
>>> search.find("有事来协商，读书").tolist()
[[1, 0, 5], [0, 3, 5], [2, 6, 8]]
"""
from __future__ import annotations

from itertools import chain
from typing import Any, Sequence

from .normalize import replace_lone_surrogates


class KeywordSearch:
    """Every occurrence of a fixed list of keys in a text (keys are matched as written).

    >>> KeywordSearch(["政协", "政协委员"]).find("政协委员").tolist()
    [[0, 0, 2], [1, 0, 4]]
    """

    def __init__(self, keys: Sequence[str]) -> None:
        import ahocorasick_rs

        self.keys = list(keys)
        if any(not k for k in self.keys):
            raise ValueError("KeywordSearch: an empty key would match at every position; leave it out")
        self._automaton = (ahocorasick_rs.AhoCorasick(self.keys, implementation=ahocorasick_rs.Implementation.DFA)
                           if self.keys else None)

    def find(self, text: str) -> Any:
        """An int64 array of shape (n, 3): key index, start, end of each occurrence, in the order
        of their ends (of two ending together, the longer first)."""
        import numpy as np

        if self._automaton is None or not text:
            return np.empty((0, 3), dtype=np.int64)
        # a copy is searched: Python keeps the UTF-8 form the automaton reads on the string it
        # was made for, and the copy takes it away instead of leaving it on the caller's text
        # (1.5 times the memory of a Chinese text) for as long as that text lives
        searched = text + "\n"
        try:
            found = self._automaton.find_matches_as_indexes(searched, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates (not text) cannot be part of a key: search around them
            found = self._automaton.find_matches_as_indexes(replace_lone_surrogates(searched), overlapping=True)
        del searched
        out = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
        return out[out[:, 2] <= len(text)]  # not a key that ends with the added line end
