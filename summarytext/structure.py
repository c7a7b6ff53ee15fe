"""Paragraphs, sentences and sections of a text, as spans with offsets.

* a paragraph is every non-empty line (leading and trailing whitespace excluded);
* a sentence ends at 。！？；… (ASCII forms too) or at a line end, closing quotes included;
* a section starts at a heading: 一、 (一) 1. (1) ① x、 ``#``, or a short unpunctuated
  title line, and holds the paragraphs up to the next heading.

Spans are :class:`Span` objects whose ``start``/``end`` index the text given.

>>> [s.text for s in sentence_spans("全年立案120件。办复率100%！\\n二、工作安排")]
['全年立案120件。', '办复率100%！', '二、工作安排']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

import regex

from . import patterns as P
from .normalize import code_points

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: at least four Han characters, read once from the start
_FOUR_HAN = regex.compile(r"(?:[^\p{Han}]*+\p{Han}){4}")
_TITLE_END = P.compile_fast(r"[。！？!?；;：:]")


@dataclass(frozen=True)
class Span:
    """A piece of a document: ``text == doc.text[start:end]``.

    ``index`` numbers the spans of one kind from 0; ``paragraph`` is the index of the
    paragraph holding a sentence (for paragraphs, their own index).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int = -1

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it (up to the next heading of any level).

    ``heading`` is the index of the heading's paragraph (None for the untitled lead
    section before the first heading); ``level`` is 1 for 一、 and title lines, 2 for
    (一), 3 for 1., 4 for (1)/①; ``parent`` is the enclosing section's index.
    """

    index: int
    title: str | None
    level: int
    start: int
    end: int
    heading: int | None
    paragraphs: tuple[int, ...] = field(default_factory=tuple)
    parent: int | None = None


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, surrounding whitespace excluded: the
    paragraphs of :func:`paragraph_spans` without building span objects.

    >>> paragraph_bounds("标题\\n\\n  正文一。\\n")
    [(0, 2), (6, 10)]
    """
    return [m.span() for m in P.PARAGRAPH.finditer(text)]


def paragraph_spans(text: str) -> list[Span]:
    """Every non-empty line as a span, stripped of surrounding whitespace.

    >>> [(p.index, p.text) for p in paragraph_spans("标题\\n\\n  正文一。\\n正文二。")]
    [(0, '标题'), (1, '正文一。'), (2, '正文二。')]
    """
    return [Span(i, s, e, text[s:e], i) for i, (s, e) in enumerate(paragraph_bounds(text))]


def _bounds_of(text: str, paragraphs: "list[Span] | list[tuple[int, int]] | None") -> tuple[list[tuple[int, int]], list[int] | None]:
    """(start, end) of each paragraph, from spans, bounds or the text itself, and the paragraphs'
    numbers: the spans' own index, None for bounds (numbered in order)."""
    if paragraphs is None:
        paragraphs = paragraph_bounds(text)
    if paragraphs and isinstance(paragraphs[0], Span):
        return [(p.start, p.end) for p in paragraphs], [p.index for p in paragraphs]  # type: ignore[union-attr]
    return paragraphs, None  # type: ignore[return-value]


def sentence_bounds(text: str, paragraphs: "list[Span] | list[tuple[int, int]] | None" = None) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of every sentence: the sentences of
    :func:`sentence_spans` without building span objects.

    >>> sentence_bounds("他说。好！\\n然后")
    [(0, 3, 0), (3, 5, 0), (6, 8, 1)]
    """
    return [tuple(row) for row in sentence_array(text, paragraphs).tolist()]


def sentence_array(text: str, paragraphs: "list[Span] | list[tuple[int, int]] | None" = None) -> "np.ndarray":
    """:func:`sentence_bounds` as an int64 array of shape (sentences, 3): start, end, paragraph.

    >>> sentence_array("他说。好！\\n然后").tolist()
    [[0, 3, 0], [3, 5, 0], [6, 8, 1]]
    """
    import numpy as np

    bounds, numbers = _bounds_of(text, paragraphs)
    if not bounds:
        return np.zeros((0, 3), dtype=np.int64)
    p = np.fromiter(chain.from_iterable(bounds), dtype=np.int64, count=2 * len(bounds)).reshape(-1, 2)
    p_start, p_end = p[:, 0], p[:, 1]
    p_index = np.arange(len(p), dtype=np.int64) if numbers is None else np.array(numbers, dtype=np.int64)
    cp = code_points(text)
    classes = np.take(_char_classes(), cp, mode="clip")  # beyond the basic plane: U+FFFF's class, none
    edges = np.zeros(len(text) + 1, dtype=bool)
    edges[p_start] = edges[p_end] = True  # a run of marks does not go on across them
    ends = _sentence_ends(classes, edges)
    # the ends inside each paragraph cut it into pieces: a paragraph's start opens a piece,
    # each end closes one and opens the next, the paragraph's end closes the last; at one
    # offset, ends come first, then a paragraph's end, then the next paragraph's start
    k = np.searchsorted(p_start, ends, side="left") - 1
    ends = ends[(k >= 0) & (ends <= p_end[np.maximum(k, 0)])]
    pos = np.concatenate((p_start, ends, p_end))
    kind = np.concatenate((np.full(len(p_start), 2, np.int8), np.zeros(len(ends), np.int8), np.ones(len(p_end), np.int8)))
    order = np.lexsort((kind, pos))
    pos, kind = pos[order], kind[order]
    opens = np.flatnonzero(kind[:-1] != 1)
    a, b = pos[opens], pos[opens + 1]
    para = p_index[np.searchsorted(p_start, a, side="right") - 1]
    nonempty = a < b
    out = np.stack((a[nonempty], b[nonempty], para[nonempty]), axis=1)
    space = classes == _SPACE
    edge = np.flatnonzero(space[out[:, 0]] | space[out[:, 1] - 1])
    if len(edge):
        keep = np.ones(len(out), dtype=bool)
        for i in edge.tolist():
            # whitespace at an edge (rare: "。 然后"): trimmed as str.strip trims it
            s, e = int(out[i, 0]), int(out[i, 1])
            piece = text[s:e]
            stripped = piece.strip()
            if stripped:
                s += len(piece) - len(piece.lstrip())
                out[i, 0], out[i, 1] = s, s + len(stripped)
            else:
                keep[i] = False
        out = out[keep]
    return out


_MARK, _ELLIPSIS, _DOT, _CLOSER, _SPACE = 1, 2, 3, 4, 8
#: the longest line that can be a title line (a heading without a number)
MAX_TITLE_CHARS = 36


@lru_cache(maxsize=1)
def _char_classes() -> "np.ndarray":
    """Per code point of the basic plane: its part in ending a sentence, or whitespace."""
    import numpy as np

    table = np.zeros(0x10000, dtype=np.uint8)
    table[[c for c in range(0x10000) if chr(c).isspace()]] = _SPACE
    table[[ord(c) for c in P.SENTENCE_MARKS]] = _MARK
    table[[ord(c) for c in P.SENTENCE_ELLIPSIS]] = _ELLIPSIS
    table[ord(".")] = _DOT
    table[[ord(c) for c in P.SENTENCE_CLOSERS]] = _CLOSER
    return table


def _sentence_ends(classes: "np.ndarray", edges: "np.ndarray") -> "np.ndarray":
    """Offsets where sentences end (see ``patterns.SENTENCE_MARKS``): after each run of
    marks, run of ellipses or run of three dots or more, and the closers right after it;
    runs are cut at the offsets where ``edges`` is true (paragraph edges)."""
    import numpy as np

    at = np.flatnonzero((classes > 0) & (classes < _SPACE))
    if not len(at):
        return at
    cls = classes[at]
    breaks = np.flatnonzero((np.diff(at) != 1) | (np.diff(cls) != 0) | edges[at[1:]])
    first = np.concatenate(([0], breaks + 1))
    last = np.concatenate((breaks, [len(at) - 1]))
    start, end, kind = at[first], at[last] + 1, cls[first]
    ends_here = (kind == _MARK) | (kind == _ELLIPSIS) | ((kind == _DOT) & (end - start >= 3))
    closed = end.copy()
    closer_next = (start[1:] == end[:-1]) & (kind[1:] == _CLOSER) & ~edges[end[:-1]]
    closed[:-1] = np.where(closer_next, end[1:], end[:-1])
    return closed[ends_here]


def sentence_spans(text: str, paragraphs: "list[Span] | list[tuple[int, int]] | None" = None) -> list[Span]:
    """Sentences split on 。！？；… and line ends, each with its paragraph index.

    >>> [s.text for s in sentence_spans("“好！”他说。xx余次……然后")]
    ['“好！”', '他说。', 'xx余次……', '然后']
    """
    return [Span(i, s, e, text[s:e], p) for i, (s, e, p) in enumerate(sentence_bounds(text, paragraphs))]


def heading_level(line: str, *, max_title_chars: int = MAX_TITLE_CHARS) -> int | None:
    """Heading level of a line, or None when it is running text.

    >>> [heading_level(x) for x in ["一、总体情况", "（二）提案工作", "3.加强学习", "全年立案120件。"]]
    [1, 2, 3, None]
    >>> heading_level("擦亮“绵言细语”协商品牌打造“有事来协商”升级版")
    1
    """
    s = line.strip()
    if not s:
        return None
    if len(s) > max_title_chars and P.HEADING_START.match(s) is None:
        return None  # running text (most lines): too long for a title line, no numbered form
    if P.HEADING_START.match(s):  # one of the numbered (or Markdown) forms: which one
        m = P.HEADING_MARKDOWN.match(s)
        if m:
            return min(len(m.group(1)), 4)
        if P.HEADING_CN.match(s) or P.HEADING_MASKED.match(s):
            return 1
        if P.HEADING_CN_PAREN.match(s):
            return 2
        if P.HEADING_DIGIT.match(s):
            return 3
        return 4  # HEADING_DIGIT_PAREN
    if is_title_line(s, max_chars=max_title_chars):
        return 1
    return None


def is_title_line(line: str, *, max_chars: int = MAX_TITLE_CHARS) -> bool:
    """A short line without sentence punctuation and with at least four Han characters.

    >>> is_title_line("深化委员主题读书活动推动“读书+履职”深度融合"), is_title_line("民生无小事。")
    (True, False)
    """
    s = line.strip()
    if not (4 <= len(s) <= max_chars):
        return False
    if P.RUNNING_TEXT_PUNCT.search(s):
        return False
    if s.endswith(("…", "—", "”", "’")) and s.startswith(("“", "‘")):
        return False
    return _FOUR_HAN.match(s) is not None


def heading_title(line: str) -> str:
    """The title part of a heading line: up to its first full stop or colon.

    >>> heading_title("（一）聚焦中心大局，助推高质量发展。围绕全市重点工作开展调研。")
    '（一）聚焦中心大局，助推高质量发展'
    """
    s = line.strip()
    m = _TITLE_END.search(s)
    if m:
        s = s[: m.start()]
    return s.strip()


def section_spans(text: str, paragraphs: "list[Span] | list[tuple[int, int]] | None" = None) -> list[Section]:
    """Sections of a text: each heading with the paragraphs under it.

    Paragraphs before the first heading form an untitled lead section.

    >>> secs = section_spans("前言。\\n一、回顾\\n全年立案120件。\\n（一）提案\\n办复率100%。")
    >>> [(s.title, s.level, s.paragraphs, s.parent) for s in secs]
    [(None, 0, (0,), None), ('一、回顾', 1, (1, 2), None), ('（一）提案', 2, (3, 4), 1)]
    """
    bounds, numbers = _bounds_of(text, paragraphs)  # spans keep their own index, as sentence_bounds numbers them
    raw: list[tuple[int | None, int, list[int]]] = []  # (heading paragraph, level, paragraphs)
    heading_firsts = P.HEADING_FIRST_CHARS
    for index, (start, end) in enumerate(bounds):
        if end - start > MAX_TITLE_CHARS and text[start] not in heading_firsts and not text[start].isspace() and not text[end - 1].isspace():
            level = None  # running text (most lines): too long for a title line, no numbered form
        else:
            level = heading_level(text[start:end])
        if level is not None:
            raw.append((index, level, [index]))
        elif raw:
            raw[-1][2].append(index)
        else:
            raw.append((None, 0, [index]))
    sections: list[Section] = []
    stack: list[Section] = []
    for heading, level, members in raw:
        while stack and (stack[-1].level >= level or stack[-1].heading is None):
            stack.pop()
        parent = stack[-1].index if stack else None
        first, last = bounds[members[0]], bounds[members[-1]]
        title = heading_title(text[bounds[heading][0] : bounds[heading][1]]) if heading is not None else None
        if numbers is not None:  # places in the list -> the spans' own numbers
            heading = numbers[heading] if heading is not None else None
            members = [numbers[m] for m in members]
        sec = Section(len(sections), title, level, first[0], last[1], heading, tuple(members), parent)
        sections.append(sec)
        stack.append(sec)
    return sections


def paragraph_sections(sections: list[Section], n_paragraphs: int) -> list[int]:
    """For each paragraph, the index of the section holding it (-1 if none).

    >>> paragraph_sections(section_spans("一、甲\\n乙。\\n二、丙"), 3)
    [0, 0, 1]
    """
    out = [-1] * n_paragraphs
    for sec in sections:
        for i in sec.paragraphs:
            out[i] = sec.index
    return out
