"""Offsets from a normalised text back into the text as it was given.

Normalisation repairs text (line ends, HTML, glosses …) and so changes its length.  An
:class:`OffsetMap` takes a span of the normalised text to the span of the original that
it came from: a span that starts or ends next to removed characters leaves them out (the
gloss after ``33个`` is not part of ``33个``), a span that crosses them takes them in, and a
span that starts or ends inside a replacement (``\\n`` for ``\\r\\n``, ``“`` for ``&ldquo;``)
takes all of what it replaced.

>>> m = OffsetMap.from_edits(9, [(2, 4, "\\n")])   # "提案\\r\\n立案26件": \\r\\n became \\n
>>> m.span(5, 8)
(6, 9)
>>> m.span(0, 3)
(0, 4)
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

__all__ = ["OffsetMap"]

#: one edit: the text ``[start, end)`` of the input became ``replacement``
Edit = tuple[int, int, str]


class OffsetMap:
    """Offsets of a text (the *target*) mapped to the text it was made from (the *source*).

    ``starts[j]`` is where a span starting at ``j`` starts in the source, ``ends[j]`` where a
    span ending at ``j`` ends.  Both are ``None`` when the target is the source itself, or a
    prefix of it (the common case: nothing to map).
    """

    __slots__ = ("starts", "ends", "source_len")

    def __init__(self, starts: Any = None, ends: Any = None, *, source_len: int = 0):
        self.starts = starts
        self.ends = ends
        self.source_len = source_len

    @classmethod
    def identity(cls, source_len: int) -> "OffsetMap":
        """The map of a text that is its source (or a prefix of it)."""
        return cls(source_len=source_len)

    @property
    def target_len(self) -> int:
        """The length of the text the map is of (the source's, for an identity map).

        >>> OffsetMap.from_edits(5, [(1, 3, "")]).target_len
        3
        """
        return self.source_len if self.starts is None else len(self.starts) - 1

    @property
    def is_identity(self) -> bool:
        """Whether every offset maps to itself."""
        return self.starts is None

    @classmethod
    def from_edits(cls, source_len: int, edits: Sequence[Edit]) -> "OffsetMap":
        """The map of one pass of edits (sorted, not overlapping) over a source of ``source_len``.

        >>> OffsetMap.from_edits(5, [(1, 3, "")]).span(0, 2)   # "a()bc" -> "abc": "ab" is "a()b"
        (0, 4)
        """
        return cls.identity(source_len).then(edits)

    def then(self, edits: Sequence[Edit]) -> "OffsetMap":
        """This map followed by a pass of ``edits`` over its target (sorted, not overlapping):
        the map from the new target to the same source.

        >>> OffsetMap.from_edits(6, [(0, 2, "x")]).then([(2, 3, "")]).span(0, 2)
        (0, 3)
        """
        import numpy as np

        edits = [e for e in edits if e[1] - e[0] != len(e[2])]  # same length: character for character
        if not edits:
            return self
        target_len = self.target_len
        # the target of this map is cut into segments: copied ones and replaced ones
        seg_in: list[int] = []  # where each segment starts in the input of the pass
        seg_in_end: list[int] = []
        seg_len: list[int] = []  # how long each segment is in the output
        seg_copy: list[bool] = []
        pos = 0
        for a, b, r in edits:
            if a < pos or b < a or b > target_len:
                raise ValueError(f"edits must be sorted and not overlap: {(a, b)} after {pos}")
            if a > pos:
                seg_in.append(pos), seg_in_end.append(a), seg_len.append(a - pos), seg_copy.append(True)
            if r:
                seg_in.append(a), seg_in_end.append(b), seg_len.append(len(r)), seg_copy.append(False)
            pos = b
        if pos < target_len:
            seg_in.append(pos), seg_in_end.append(target_len), seg_len.append(target_len - pos), seg_copy.append(True)
        lens = np.asarray(seg_len, dtype=np.int64)
        out_len = int(lens.sum())
        first = np.repeat(np.asarray(seg_in, dtype=np.int64), lens)
        copy = np.repeat(np.asarray(seg_copy, dtype=bool), lens)
        seg_out = np.repeat(np.cumsum(lens) - lens, lens)
        within = np.arange(out_len, dtype=np.int64) - seg_out
        char_start = first + np.where(copy, within, 0)  # where each output character comes from
        char_end = np.where(copy, char_start + 1, np.repeat(np.asarray(seg_in_end, dtype=np.int64), lens))
        starts = np.append(char_start, target_len)
        ends = np.concatenate(([0], char_end))
        if self.starts is not None:
            starts, ends = self.starts[starts], self.ends[ends]
        dtype = np.int32 if self.source_len < 2**31 - 1 else np.int64
        return OffsetMap(starts.astype(dtype), ends.astype(dtype), source_len=self.source_len)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the target span ``[start, end)``.

        >>> OffsetMap.identity(10).span(2, 5)
        (2, 5)
        """
        n = self.target_len
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) is not within the text (0 to {n})")
        if self.starts is None:
            return start, end
        s = int(self.starts[start])
        return (s, int(self.ends[end])) if end > start else (s, s)

    def spans(self, starts: Iterable[int], ends: Iterable[int]) -> tuple[Any, Any]:
        """Many spans at once: arrays of source starts and ends.

        >>> [a.tolist() for a in OffsetMap.from_edits(4, [(0, 1, "")]).spans([0, 1], [2, 3])]
        [[1, 2], [3, 4]]
        """
        import numpy as np

        s = np.asarray(list(starts) if not hasattr(starts, "__len__") else starts, dtype=np.int64)
        e = np.asarray(list(ends) if not hasattr(ends, "__len__") else ends, dtype=np.int64)
        n = self.target_len
        if len(s) and (s.min() < 0 or e.max() > n or (s > e).any()):
            raise ValueError(f"spans must lie within the text (0 to {n}), each starting before it ends")
        if self.starts is None or not len(s):
            return s, e
        out_s = self.starts[s].astype(np.int64)
        out_e = np.where(e > s, self.ends[e], out_s).astype(np.int64)
        return out_s, out_e

    def __repr__(self) -> str:
        if self.starts is None:
            return f"OffsetMap(identity, source_len={self.source_len})"
        return f"OffsetMap(target_len={self.target_len}, source_len={self.source_len})"
