"""Compiling a theme lexicon into one Aho–Corasick automaton and a list of patterns.

Literal keywords, brands, exclusion phrases and patterns whose matches are few and
finite (``有事(来|好|多)商量``, expanded by :func:`expand_pattern`) go into the automaton;
the remaining patterns are searched for one by one.  All run over the
simplified-script view of a text (:func:`summarytext.normalize.simplified_view`).

>>> expand_pattern("有事(来|好)(协商|商量)")
['有事来协商', '有事来商量', '有事好协商', '有事好商量']
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from .errors import PatternTimeout
from .multisearch import KeywordSearch
from .normalize import term_views
from .patterns import compile_fast

if TYPE_CHECKING:  # pragma: no cover
    from .theme_lexicon import ThemeLexicon

logger = logging.getLogger("summarytext")

_EXPAND_LIMIT = 256

# --------------------------------------------------------------------------------------------
# compiling and matching


def _parser():
    try:
        import re._parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse  # type: ignore[no-redef]
    return sre_parse


def _parse(pattern: str) -> tuple[Any, Any] | None:
    """``pattern`` parsed by the standard library (with the parser module, whose constants
    name the parts), or None for regex-module syntax that it cannot read."""
    sre = _parser()
    try:
        return sre.parse(pattern), sre
    except Exception:  # noqa: BLE001 - regex-module syntax that re cannot read
        return None


def expand_pattern(pattern: str, limit: int = _EXPAND_LIMIT) -> list[str] | None:
    """All strings a regular expression matches, when they are few and finite; else None.

    Used to put patterns such as ``有事(来|好|多)商量`` into the Aho–Corasick automaton.

    >>> expand_pattern("有事(来|好)(协商|商量)")
    ['有事来协商', '有事来商量', '有事好协商', '有事好商量']
    >>> expand_pattern("《[^》]{0,12}日报》") is None
    True
    """
    found = _parse(pattern)
    if found is None:
        return None  # not expandable
    parsed, sre = found
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE:
        return None
    try:
        out = _expand_seq(list(parsed), sre, limit)
    except _NotFinite:
        return None
    return None if out is None or "" in out else out


class _NotFinite(Exception):
    pass


def _expand_seq(items: list, sre, limit: int) -> list[str]:
    results = [""]
    for op, av in items:
        options = _expand_item(op, av, sre, limit)
        results = [a + b for a in results for b in options]
        if len(results) > limit:
            raise _NotFinite
    return list(dict.fromkeys(results))


def _expand_item(op, av, sre, limit: int) -> list[str]:
    c = sre  # the opcode constants live on the parser module
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _NotFinite
        return _expand_seq(list(sub), sre, limit)
    if op is c.BRANCH:
        out: list[str] = []
        for alt in av[1]:
            out.extend(_expand_seq(list(alt), sre, limit))
        return list(dict.fromkeys(out))
    if op is c.IN:
        chars = []
        for iop, iav in av:
            if iop is not c.LITERAL:
                raise _NotFinite
            chars.append(chr(iav))
        return chars
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        lo, hi, sub = av
        if hi is c.MAXREPEAT or hi > 4:
            raise _NotFinite
        unit = _expand_seq(list(sub), sre, limit)
        out = []
        for k in range(lo, hi + 1):
            seqs = [""]
            for _ in range(k):
                seqs = [a + b for a in seqs for b in unit]
                if len(seqs) > limit:
                    raise _NotFinite
            out.extend(seqs)
        return list(dict.fromkeys(out))
    raise _NotFinite


#: the time a pattern that is not one of the shipped lexicon's may take on one text: this many
#: seconds, plus PATTERN_SECONDS_PER_MILLION_CHARS per million characters of the text
PATTERN_SECONDS = 2.0
PATTERN_SECONDS_PER_MILLION_CHARS = 4.0


def pattern_time_limit(chars: int) -> float:
    """Seconds a user theme pattern may take on a text of ``chars`` characters.

    >>> pattern_time_limit(0), pattern_time_limit(2_000_000)
    (2.0, 10.0)
    """
    return PATTERN_SECONDS + PATTERN_SECONDS_PER_MILLION_CHARS * chars / 1_000_000


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` can take exponential time (a quantifier inside a repeated group whose
    repetitions can split the same text in many ways: ``(a+)+``, ``(x{1,3})*``), or None.

    Patterns the standard library cannot parse (``\\p{Han}`` …) are not judged here; every
    pattern that is not one of the shipped lexicon's runs with a time limit anyway.

    >>> backtracking_risk("(a+)+$")
    'a repeated group holds a variable repetition ((a+)+$ can take exponential time); use a bounded repetition such as {0,12} and no quantifier inside a repeated group'
    >>> backtracking_risk("信息[^，。]{0,6}(被|获)采用") is None
    True
    """
    found = _parse(pattern)
    if found is not None and _nested_repeat(list(found[0]), found[1], repeated=False):
        return (f"a repeated group holds a variable repetition ({pattern} can take exponential time); "
                "use a bounded repetition such as {0,12} and no quantifier inside a repeated group")
    return None  # not judged when the standard library cannot read it


# an outer repetition of at most this many rounds around a variable one stays cheap
_NESTED_ROUNDS = 4


def _nested_repeat(items: list, sre, *, repeated: bool) -> bool:
    """Whether a variable repetition stands inside a repetition of many rounds (``repeated``)."""
    possessive = getattr(sre, "POSSESSIVE_REPEAT", None)
    atomic = getattr(sre, "ATOMIC_GROUP", None)
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, sub = av
            if repeated and lo != hi:
                return True
            many = hi is sre.MAXREPEAT or hi > _NESTED_ROUNDS
            if _nested_repeat(list(sub), sre, repeated=repeated or many):
                return True
        elif op is possessive or op is atomic:
            continue  # never backtracked into
        elif op is sre.SUBPATTERN:
            if _nested_repeat(list(av[3]), sre, repeated=repeated):
                return True
        elif op is sre.BRANCH:
            if any(_nested_repeat(list(alt), sre, repeated=repeated) for alt in av[1]):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if _nested_repeat(list(av[1]), sre, repeated=repeated):
                return True
    return False


@lru_cache(maxsize=1)
def _shipped_patterns() -> frozenset[str]:
    """The patterns of the shipped lexicon: bounded, and tested to run in linear time."""
    from .theme_lexicon import ThemeLexicon

    return frozenset(pat for theme in ThemeLexicon.default() for pat in theme.patterns)


def _bounded_spans(compiled: Any, scan: str, *, pattern: str, theme: str, source: str | None) -> list[tuple[int, int]]:
    """Spans of every (overlapping) match of a user pattern, within its time limit; a pattern
    that exceeds it raises :class:`~summarytext.errors.PatternTimeout`."""
    limit = pattern_time_limit(len(scan))
    try:
        return [m.span() for m in compiled.finditer(scan, overlapped=True, timeout=limit)]
    except TimeoutError:
        raise PatternTimeout(source, pattern, theme, limit, len(scan)) from None


class ThemeMatcher:
    """The compiled form of a lexicon: one Aho–Corasick automaton and the lexicon's patterns.

    The automaton holds every keyword and brand, every pattern whose matches are few and
    finite (expanded), and every exclusion phrase, in simplified script
    (:class:`~summarytext.multisearch.KeywordSearch`).
    The other patterns are each searched for over the text itself, overlapping.
    """

    def __init__(self, lexicon: ThemeLexicon):
        import numpy as np

        self.ids = lexicon.ids
        self.id_array = np.array(lexicon.ids, dtype=object)
        literal: dict[str, dict[int, float]] = {}
        excluded: dict[str, set[int]] = {}
        regex_parts: list[tuple[int, float, str]] = []
        for t_index, theme in enumerate(lexicon):
            for word, weight in theme.literals().items():
                _add_literal(literal, word, t_index, weight)
            for pat, weight in theme.patterns.items():
                if weight <= 0:
                    continue
                strings = expand_pattern(pat)
                if strings is None:
                    regex_parts.append((t_index, float(weight), pat))
                else:
                    for string in strings:
                        _add_literal(literal, string, t_index, float(weight))
            for phrase in theme.exclude:
                for key in term_views(phrase):
                    if key:  # an empty phrase excludes nothing
                        excluded.setdefault(key, set()).add(t_index)
        keys = sorted(set(literal) | set(excluded))
        self.keys = keys
        self.key_index = {k: i for i, k in enumerate(keys)}
        # theme index * len(keys) + key id of every generic keyword (see Theme.generic), sorted
        self._generic = np.array(sorted({t_index * len(keys) + self.key_index[k] for t_index, theme in enumerate(lexicon)
                                         for w in theme.generic for k in term_views(w) if k in self.key_index}), dtype=np.int64)
        self.key_strings = np.array(keys, dtype=object)
        self.search = KeywordSearch(keys)
        # per key: its length and, CSR-style, its (theme, weight) entries and excluded themes
        entries = [sorted(literal.get(k, {}).items()) for k in keys]
        self.hit_ptr = np.cumsum([0] + [len(e) for e in entries]).astype(np.int64)
        self.hit_theme = np.array([t for e in entries for t, _ in e], dtype=np.int64)
        self.hit_weight = np.array([w for e in entries for _, w in e], dtype=np.float64)
        cuts = [sorted(excluded.get(k, ())) for k in keys]
        self.cut_ptr = np.cumsum([0] + [len(c) for c in cuts]).astype(np.int64)
        self.cut_theme = np.array([t for c in cuts for t in c], dtype=np.int64)
        # patterns of the shipped lexicon are bounded and tested for linear time: each is searched
        # for on its own (on the standard library's re where it reads the pattern alike); any
        # other pattern runs on regex, with a time limit
        shipped = _shipped_patterns()
        self.trusted = [(t, w, compile_fast(pat)) for t, w, pat in regex_parts if pat in shipped]
        self.bounded = [(t, w, pat, regex.compile(pat)) for t, w, pat in regex_parts if pat not in shipped]
        self.files = {pat: lexicon.pattern_file(pat) for _t, _w, pat, _c in self.bounded}
        logger.debug("theme matcher: %d automaton keys, %d regular expressions (%d with a time limit)", len(keys), len(regex_parts), len(self.bounded))

    def is_generic(self, theme: Any, word: Any) -> Any:
        """Whether each (theme index, word number) of a :meth:`hits` result is a generic
        keyword of that theme (see ``Theme.generic``): a boolean array."""
        import numpy as np

        n = len(self.keys)
        theme, word = np.asarray(theme, dtype=np.int64), np.asarray(word, dtype=np.int64)
        return (word < n) & np.isin(theme * n + word, self._generic)  # words from n on are pattern matches

    def hits(self, scan: str) -> "_Hits":
        """Every theme hit in ``scan``, sorted by theme and start.

        A hit inside a longer hit of the same theme, or inside one of the theme's exclusion
        phrases, is dropped.  ``word`` numbers the distinct matched strings.
        """
        import numpy as np

        parts = []  # (theme, start, end, weight, word, kind): kind 0 is an exclusion, 1 a hit
        found = self.search.find(scan)
        if len(found):
            kid, start, end = found[:, 0], found[:, 1], found[:, 2]
            for ptr, themes, weights, kind in ((self.hit_ptr, self.hit_theme, self.hit_weight, 1), (self.cut_ptr, self.cut_theme, None, 0)):
                counts = ptr[kid + 1] - ptr[kid]
                total = int(counts.sum())
                if not total:
                    continue
                row = np.repeat(np.arange(len(kid)), counts)
                pos = ptr[kid][row] + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
                w = weights[pos] if weights is not None else np.zeros(total)
                parts.append((themes[pos], start[row], end[row], w, kid[row], np.full(total, kind)))
        words: dict[str, int] = {}
        found_re = []
        for t, w, compiled in self.trusted:
            for a, b in _overlapping_spans(compiled, scan):
                word = words.setdefault(scan[a:b], len(self.keys) + len(words))
                found_re.append((t, a, b, w, word))
        for t, w, pat, compiled in self.bounded:
            for a, b in _bounded_spans(compiled, scan, pattern=pat, theme=self.ids[t], source=self.files[pat]):
                word = words.setdefault(scan[a:b], len(self.keys) + len(words))
                found_re.append((t, a, b, w, word))
        if found_re:
            arr = np.array(found_re, dtype=np.float64)
            parts.append((arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2].astype(np.int64), arr[:, 3], arr[:, 4].astype(np.int64), np.ones(len(arr), dtype=np.int64)))
        if not parts:
            return _Hits.empty()
        t, s, e, w, word, kind = (np.concatenate(col) for col in zip(*parts))
        # a phrase sorts before anything it contains, an exclusion before an equal hit, and the
        # heaviest of equal hits first; then, per theme, a hit is dropped when an earlier hit or
        # exclusion reaches as far as it does
        order = np.lexsort((-w, kind, -e, s, t))
        t, s, e, w, word, kind = t[order], s[order], e[order], w[order], word[order], kind[order]
        base = t * (len(scan) + 2)
        reach = _previous_max(np.where(kind == 1, e + base, base), base)
        cut = _previous_max(np.where(kind == 0, e + base, base), base)
        keep = (kind == 1) & (e + base > reach) & (e + base > cut)
        strings = self.key_strings
        if words:
            strings = np.concatenate([strings, np.array(list(words), dtype=object)])  # ids in insertion order
        return _Hits(t[keep], s[keep], e[keep], w[keep], word[keep], strings)


def _previous_max(values: Any, floor: Any) -> Any:
    """For each position, the largest of the values before it (at least ``floor``)."""
    import numpy as np

    running = np.maximum.accumulate(values)
    before = np.empty_like(running)
    before[0] = -1
    before[1:] = running[:-1]
    return np.maximum(before, floor)


@dataclass(frozen=True)
class _Hits:
    """Theme hits as parallel arrays: theme index, start, end, weight, matched-word number;
    ``strings[word]`` is the matched string (as in the text matched, ``scan[start:end]``)."""

    theme: Any
    start: Any
    end: Any
    weight: Any
    word: Any
    strings: Any

    @classmethod
    def empty(cls) -> "_Hits":
        import numpy as np

        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, np.zeros(0), z, np.zeros(0, dtype=object))

    def __len__(self) -> int:
        return len(self.theme)


def _overlapping_spans(compiled: Any, scan: str) -> list[tuple[int, int]]:
    """(start, end) of the match at every position where ``compiled`` matches (as an overlapped
    search gives them): each search starts one character after the last match's start, so a
    bounded pattern is tried once at each position.

    >>> _overlapping_spans(compile_fast("委员[^，]{0,3}履职"), "委员委员履职")
    [(0, 6), (2, 6)]
    """
    spans = []
    pos = 0
    search = compiled.search
    while (m := search(scan, pos)) is not None:
        spans.append(m.span())
        pos = m.start() + 1
    return spans


def _add_literal(table: dict[str, dict[int, float]], word: str, theme: int, weight: float) -> None:
    """Add a word in simplified script: texts are matched on their simplified view."""
    for key in term_views(word):  # as a simplified text reads it, and a traditional one
        if key:
            entries = table.setdefault(key, {})
            entries[theme] = max(weight, entries.get(theme, 0.0))


