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

from .normalize import code_points, replace_lone_surrogates


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
        encoded = []
        for key in self.keys:
            try:
                encoded.append(key.encode(_UNITS))
            except UnicodeEncodeError:
                raise ValueError(f"KeywordSearch: the key {key!r} holds a lone surrogate, which is not text") from None
        # the automaton reads UTF-16 code units: the text is encoded in one step (a Chinese text is
        # a third shorter than in UTF-8), and a unit offset is a character offset in any text
        # without characters beyond the basic plane
        self._automaton = (ahocorasick_rs.BytesAhoCorasick(encoded, implementation=ahocorasick_rs.Implementation.DFA)
                           if self.keys else None)

    def find(self, text: str) -> Any:
        """An int64 array of shape (n, 3): key index, start, end of each occurrence, in the order
        of their ends (of two ending together, the longer first; a key given twice, in key order)."""
        import numpy as np

        if self._automaton is None or not text:
            return np.empty((0, 3), dtype=np.int64)
        # the text's own encoding is searched, a new bytes object: no UTF-8 form is left on the
        # caller's string (which would cost 1.5 times the memory of a Chinese text)
        try:
            data = text.encode(_UNITS)
        except UnicodeEncodeError:  # lone surrogates (not text) cannot be part of a key: search around them
            data = replace_lone_surrogates(text).encode(_UNITS)
        found = self._automaton.find_matches_as_indexes(data, overlapping=True)
        out = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
        out = out[out[:, 1] % 2 == 0]  # bytes of a key read from the middle of a code unit are no occurrence
        out[:, 1:] //= 2
        if len(data) != 2 * len(text):  # characters beyond the basic plane take two code units
            out[:, 1:] -= np.searchsorted(_wide_starts(text), out[:, 1:])
        return out


#: the encoding the automaton reads
_UNITS = "utf-16-le"


def _wide_starts(text: str) -> Any:
    """The code-unit offset at which each character of ``text`` beyond the basic plane starts
    (it takes two units): a unit offset where a character starts is a character offset once
    those before it are subtracted."""
    import numpy as np

    wide = np.flatnonzero(code_points(text) > 0xFFFF)
    return wide + np.arange(len(wide))
