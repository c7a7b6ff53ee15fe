"""The theme lexicon: themes with weighted keywords, patterns, brands and exclusions.

:class:`ThemeLexicon` is immutable; the default one ships as ``data/themes.toml`` (the
18 themes of the project's schema, ids in Chinese).  Users load their own
(:meth:`ThemeLexicon.from_file`, TOML or YAML), extend or override the default
(:meth:`~ThemeLexicon.merge`, :meth:`~ThemeLexicon.with_theme`) and save it
(:meth:`~ThemeLexicon.to_file`).  A file with a mistake raises
:class:`~summarytext.errors.LexiconError` naming the file, the line and the reason.

>>> lex = ThemeLexicon.default()
>>> lex.lookup("有事好商量"), "书香政协" in lex
('有事来协商', True)
"""
from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

import regex

from .errors import LexiconError, PatternTimeout
from .resources import load_toml, read_user_file
from .normalize import has_lone_surrogates, simplified_view as _simplified
from .theme_matcher import backtracking_risk, pattern_time_limit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .theme_matcher import ThemeMatcher

logger = logging.getLogger("summarytext")

__all__ = ["Theme", "ThemeLexicon", "LEVELS"]

#: the units themes are tagged in
LEVELS = ("sentence", "paragraph", "section", "document")
#: weight of a brand name that the theme's keyword table does not weigh itself
BRAND_WEIGHT = 2.0
_DEFAULT_THRESHOLDS = {"sentence": 1.0, "paragraph": 1.0, "section": 1.5, "document": 2.0}
_THEME_KEYS = {"id", "description", "weight", "keywords", "patterns", "exclude", "brands", "generic"}


def check_level(level: str) -> None:
    """Raise ValueError unless ``level`` is one of :data:`LEVELS`.

    >>> check_level("paragraph")
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


# --------------------------------------------------------------------------------------------
# the lexicon


@dataclass(frozen=True)
class Theme:
    """One theme: weighted keywords and patterns, brand names, exclusions, a description.

    ``keywords`` and ``patterns`` map a word or regular expression to its weight (a weight of
    0 disables an entry).  ``brands`` are names of programmes and platforms; each also counts
    as a keyword of weight 2.0 unless ``keywords`` weighs it.  ``exclude`` lists phrases inside
    which this theme's keywords do not count.  ``generic`` lists keywords too common to say by
    themselves what a unit is about (文化, 调研, 民主党派): a theme whose only words in a unit are
    generic is not reported there when another theme has a word of its own in it.
    """

    id: str
    description: str = ""
    keywords: Mapping[str, float] = field(default_factory=dict)
    patterns: Mapping[str, float] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "keywords", MappingProxyType(dict(self.keywords)))
        object.__setattr__(self, "patterns", MappingProxyType(dict(self.patterns)))
        object.__setattr__(self, "exclude", tuple(self.exclude))
        object.__setattr__(self, "brands", tuple(self.brands))
        object.__setattr__(self, "generic", tuple(self.generic))

    def literals(self) -> dict[str, float]:
        """Keywords and brands with their weights (brands default to 2.0), zero weights dropped."""
        out = {b: BRAND_WEIGHT for b in self.brands}
        out.update(self.keywords)
        return {w: float(v) for w, v in out.items() if v > 0}

    def to_dict(self) -> dict[str, Any]:
        """The theme as plain data (the shape of one ``[[theme]]`` table)."""
        return {
            "id": self.id,
            "description": self.description,
            "brands": list(self.brands),
            "exclude": list(self.exclude),
            "generic": list(self.generic),
            "keywords": dict(self.keywords),
            "patterns": dict(self.patterns),
        }


class ThemeLexicon:
    """An immutable set of themes, with the score thresholds per level.

    Build one with :meth:`default`, :meth:`from_file` or :meth:`from_dict`; derive new ones with
    :meth:`merge`, :meth:`with_theme` and :meth:`without_theme`; save with :meth:`to_file`.

    >>> lex = ThemeLexicon.default().with_theme("河长制", keywords=["河长制", "河湖长制"], description="River chiefs")
    >>> "河长制" in lex, lex.lookup("有事好商量"), lex.lookup("书香门第")
    (True, '有事来协商', None)
    """

    __slots__ = ("_themes", "_thresholds", "source", "_matcher", "_lock", "_pattern_files")

    def __init__(self, themes: Iterable[Theme] = (), *, thresholds: Mapping[str, float] | None = None, source: str | None = None):
        items = list(themes)
        by_id: dict[str, Theme] = {}
        for theme in items:
            if not isinstance(theme, Theme):
                raise TypeError(f"ThemeLexicon holds Theme objects, got {type(theme).__name__}")
            if theme.id in by_id:
                raise LexiconError(source, f"duplicate theme id {theme.id!r}")
            by_id[theme.id] = theme
        self._themes: dict[str, Theme] = by_id
        merged = dict(_DEFAULT_THRESHOLDS)
        merged.update(thresholds or {})
        self._thresholds = MappingProxyType(merged)
        self.source = source
        self._matcher: ThemeMatcher | None = None
        self._lock = threading.Lock()
        # the file each pattern was read from, to name it when a pattern misbehaves on a text
        self._pattern_files: dict[str, str] = {pat: source for t in by_id.values() for pat in t.patterns} if source else {}

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def default(cls) -> "ThemeLexicon":
        """The lexicon shipped in ``summarytext/data/themes.toml`` (read once, then cached).

        >>> ThemeLexicon.default().ids[:3]
        ('有事来协商', '小微协商', '专题协商')
        """
        global _DEFAULT
        if _DEFAULT is None:
            with _DEFAULT_LOCK:
                if _DEFAULT is None:
                    from .resources import data_path

                    _DEFAULT = cls.from_file(data_path("themes.toml"))
        return _DEFAULT

    @classmethod
    def from_file(cls, path: str | PathLike) -> "ThemeLexicon":
        """Read a lexicon from a TOML file (``.yaml``/``.yml`` too, when PyYAML is installed).

        Mistakes raise :class:`~summarytext.errors.LexiconError` naming the file, the line
        where it can be found and the reason: bad TOML, a bad regular expression, a duplicate
        theme id, a wrong type or an unknown key.
        """
        p = Path(path)
        text = read_user_file(p, "theme lexicon")
        if p.suffix.lower() in (".yaml", ".yml"):
            data = _load_yaml(text, p)
        else:
            data = load_toml(text, p)
        return cls.from_dict(data, source=str(p), _text=text)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None, _text: str | None = None) -> "ThemeLexicon":
        """A lexicon from plain data: ``{"thresholds": {...}, "theme": [{"id": ..., "keywords": {...}}, ...]}``.

        >>> lex = ThemeLexicon.from_dict({"theme": [{"id": "河长制", "keywords": {"河长制": 2}}]})
        >>> lex.ids, lex["河长制"].keywords["河长制"]
        (('河长制',), 2.0)
        """
        where = _Where(source, _text)
        if not isinstance(data, Mapping):
            raise LexiconError(source, f"a theme lexicon is a table, got {type(data).__name__}")
        unknown = set(data) - {"version", "thresholds", "theme", "themes"}
        if unknown:
            key = sorted(unknown)[0]
            raise LexiconError(source, f"unknown top-level key {key!r}", line=where.find(key))
        thresholds = _read_thresholds(data.get("thresholds", {}), where)
        raw = data.get("theme", data.get("themes", []))
        if not isinstance(raw, list):
            raise LexiconError(source, "'theme' must be an array of tables ([[theme]])", line=where.find("theme"))
        themes: list[Theme] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            theme = _read_theme(item, i, where)
            if theme.id in seen:
                raise LexiconError(source, f"duplicate theme id {theme.id!r} (first defined as theme {seen[theme.id] + 1})", line=where.line(i, f'"{theme.id}"'))
            seen[theme.id] = i
            themes.append(theme)
        return cls(themes, thresholds=thresholds, source=source)

    # --- derivation ----------------------------------------------------------------------------
    def merge(self, other: "ThemeLexicon", *, replace: bool = False) -> "ThemeLexicon":
        """A new lexicon: this one extended and overridden by ``other``.

        For a theme in both, ``other``'s keyword and pattern weights win (weight 0 switches an
        entry off), brands and exclusions are added, and a non-empty description replaces the
        old one; ``replace=True`` takes ``other``'s theme whole instead.  New themes are added at
        the end.  ``other``'s thresholds override these.
        """
        if not isinstance(other, ThemeLexicon):
            raise TypeError(f"merge expects a ThemeLexicon, got {type(other).__name__}")
        themes = dict(self._themes)
        for theme in other:
            old = themes.get(theme.id)
            themes[theme.id] = theme if (old is None or replace) else _combine(old, theme)
        thresholds = dict(self._thresholds)
        thresholds.update(other._thresholds)
        merged = ThemeLexicon(themes.values(), thresholds=thresholds, source=self.source)
        merged._pattern_files = {**self._pattern_files, **other._pattern_files}
        return merged

    def with_theme(
        self,
        id: str,
        *,
        keywords: Iterable[str] | Mapping[str, float] | None = None,
        patterns: Iterable[str] | Mapping[str, float] | None = None,
        exclude: Iterable[str] | None = None,
        brands: Iterable[str] | None = None,
        generic: Iterable[str] | None = None,
        weight: float = 1.0,
        description: str | None = None,
        replace: bool = False,
    ) -> "ThemeLexicon":
        """A new lexicon with a theme added, or an existing one extended (or replaced).

        Keywords and patterns given as a list get ``weight``; a mapping gives each its own.

        >>> lex = ThemeLexicon.default().with_theme("书香政协", keywords={"读书打卡": 1.5})
        >>> lex["书香政协"].keywords["读书打卡"], ThemeLexicon.default()["书香政协"].keywords.get("读书打卡")
        (1.5, None)
        """
        data: dict[str, Any] = {"id": id, "weight": weight}
        if description is not None:
            data["description"] = description
        for key, value in (("keywords", keywords), ("patterns", patterns)):
            if value is not None:
                data[key] = dict(value) if isinstance(value, Mapping) else _as_list(value, key)
        for key, value in (("exclude", exclude), ("brands", brands), ("generic", generic)):
            if value is not None:
                data[key] = _as_list(value, key)
        if generic is not None and id in self._themes:
            # generic words may name keywords the theme already has
            base = self._themes[id]
            data.setdefault("keywords", {})
            if isinstance(data["keywords"], list):
                data["keywords"] = {w: float(weight) for w in data["keywords"]}
            for word in data["generic"]:
                if word not in data["keywords"] and word in base.keywords:
                    data["keywords"][word] = float(base.keywords[word])
        theme = _read_theme(data, 0, _Where(None, None))
        return self.merge(ThemeLexicon([theme], thresholds=self._thresholds), replace=replace)

    def without_theme(self, id: str) -> "ThemeLexicon":
        """A new lexicon without the theme ``id`` (KeyError when there is none)."""
        if id not in self._themes:
            raise KeyError(id)
        out = ThemeLexicon((t for t in self if t.id != id), thresholds=self._thresholds, source=self.source)
        out._pattern_files = dict(self._pattern_files)
        return out

    # --- output ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The lexicon as plain data, the shape :meth:`from_dict` reads."""
        return {"version": 1, "thresholds": dict(self._thresholds), "theme": [t.to_dict() for t in self]}

    def to_file(self, path: str | PathLike) -> Path:
        """Write the lexicon as TOML (YAML for a ``.yaml``/``.yml`` path); :meth:`from_file` reads it back."""
        p = Path(path)
        if p.suffix.lower() in (".yaml", ".yml"):
            import yaml

            text = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)
        else:
            text = _to_toml(self.to_dict())
        from .io import atomic_write

        return atomic_write(p, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    def to_frame(self) -> "pd.DataFrame":
        """Every entry as a row: theme, kind (keyword, brand, pattern, exclude, generic), entry, weight."""
        import pandas as pd

        rows = []
        for t in self:
            for word, w in t.keywords.items():
                rows.append((t.id, "keyword", word, float(w)))
            for word in t.brands:
                if word not in t.keywords:
                    rows.append((t.id, "brand", word, BRAND_WEIGHT))
            for pat, w in t.patterns.items():
                rows.append((t.id, "pattern", pat, float(w)))
            for word in t.exclude:
                rows.append((t.id, "exclude", word, math.nan))
            for word in t.generic:
                rows.append((t.id, "generic", word, math.nan))
        frame = pd.DataFrame(rows, columns=["theme", "kind", "entry", "weight"])
        for col in ("theme", "kind", "entry"):
            frame[col] = frame[col].astype("string")
        frame["weight"] = frame["weight"].astype("float64")
        return frame

    # --- access ------------------------------------------------------------------------------------
    @property
    def ids(self) -> tuple[str, ...]:
        """Theme ids in order."""
        return tuple(self._themes)

    @property
    def thresholds(self) -> Mapping[str, float]:
        """Minimum score per level (sentence, paragraph, section, document)."""
        return self._thresholds

    def threshold(self, level: str) -> float:
        """The minimum score for ``level``."""
        check_level(level)
        return float(self._thresholds[level])

    def __getitem__(self, id: str) -> Theme:
        return self._themes[id]

    def __contains__(self, id: object) -> bool:
        return id in self._themes

    def __iter__(self) -> Iterator[Theme]:
        return iter(self._themes.values())

    def __len__(self) -> int:
        return len(self._themes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ThemeLexicon):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    # immutable: copies are the object itself; pickling rebuilds from plain data
    def __copy__(self) -> "ThemeLexicon":
        return self

    def __deepcopy__(self, memo: dict) -> "ThemeLexicon":
        return self

    def __reduce__(self) -> tuple:
        return (_rebuild, (self.to_dict(), self.source, self._pattern_files))

    def __repr__(self) -> str:
        where = f", source={self.source!r}" if self.source else ""
        return f"ThemeLexicon({len(self)} themes{where})"

    def brands(self) -> dict[str, str]:
        """Every brand name the lexicon knows, with its theme.

        >>> ThemeLexicon.default().brands()["委员会客厅"]
        '有事来协商'
        """
        out: dict[str, str] = {}
        for t in self:
            for b in t.brands:
                out.setdefault(b, t.id)
        return out

    def lookup(self, name: str) -> str | None:
        """The theme whose brand, keyword or pattern is exactly ``name`` (simplified script), or None.

        >>> ThemeLexicon.default().lookup("有事多商量"), ThemeLexicon.default().lookup("五心五聚")
        ('有事来协商', None)
        """
        key = _simplified(name.strip())
        if not key:
            return None
        m = self.matcher()
        kid = m.key_index.get(key)
        best: tuple[float, int] | None = None
        if kid is not None:
            for i in range(m.hit_ptr[kid], m.hit_ptr[kid + 1]):
                candidate = (float(m.hit_weight[i]), -int(m.hit_theme[i]))
                best = candidate if best is None or candidate > best else best
        if best is None:
            for t_index, theme in enumerate(self):
                for pat, weight in theme.patterns.items():
                    if weight > 0 and _fullmatch(pat, key, theme.id, self.pattern_file(pat)):
                        candidate = (float(weight), -t_index)
                        best = candidate if best is None or candidate > best else best
        return self.ids[-best[1]] if best else None

    def pattern_file(self, pattern: str) -> str | None:
        """The lexicon file ``pattern`` was read from (None for one given in code).

        >>> ThemeLexicon.default().with_theme("x", patterns=["河长[^。]{0,4}制"]).pattern_file("河长[^。]{0,4}制") is None
        True
        """
        return self._pattern_files.get(pattern)

    # --- matching ------------------------------------------------------------------------------------
    def matcher(self) -> "ThemeMatcher":
        """The compiled automaton and pattern (built on first use, then kept)."""
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    from .theme_matcher import ThemeMatcher

                    self._matcher = ThemeMatcher(self)
        return self._matcher


def _fullmatch(pattern: str, key: str, theme: str, source: str | None) -> bool:
    """Whether ``pattern`` matches all of ``key``, within the time limit of user patterns."""
    limit = pattern_time_limit(len(key))
    try:
        return regex.fullmatch(pattern, key, timeout=limit) is not None
    except TimeoutError:
        raise PatternTimeout(source, pattern, theme, limit, len(key)) from None


def _rebuild(data: Mapping[str, Any], source: str | None, pattern_files: Mapping[str, str] | None = None) -> ThemeLexicon:
    lexicon = ThemeLexicon.from_dict(data, source=source)
    if pattern_files is not None:
        lexicon._pattern_files = dict(pattern_files)
    return lexicon


_DEFAULT: ThemeLexicon | None = None
_DEFAULT_LOCK = threading.Lock()


# --------------------------------------------------------------------------------------------
# reading and writing lexicon files


class _Where:
    """Finds the line of a problem in the lexicon file's text (None without a file)."""

    def __init__(self, source: str | None, text: str | None):
        self.source = source
        self.lines = text.splitlines() if text is not None else []
        self.headers = [i + 1 for i, ln in enumerate(self.lines) if regex.match(r"\s*\[\[\s*themes?\s*\]\]", ln)]

    def find(self, needle: str, start: int = 1, stop: int | None = None) -> int | None:
        stop = stop or len(self.lines) + 1
        for n in range(start, stop):
            if needle in self.lines[n - 1]:
                return n
        return None

    def line(self, index: int, needle: str | None = None) -> int | None:
        if not self.lines:
            return None
        if index >= len(self.headers):
            return self.find(needle) if needle else None
        start = self.headers[index]
        stop = self.headers[index + 1] if index + 1 < len(self.headers) else None
        if needle:
            found = self.find(needle, start, stop)
            if found is not None:
                return found
        return start

    def error(self, reason: str, index: int | None = None, needle: str | None = None) -> LexiconError:
        line = self.line(index, needle) if index is not None else (self.find(needle) if needle and self.lines else None)
        return LexiconError(self.source, reason, line=line)


def _load_yaml(text: str, path: Path) -> dict[str, Any]:
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - optional
        raise LexiconError(path, "reading a YAML lexicon needs PyYAML (pip install pyyaml)") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(path, f"bad YAML: {getattr(exc, 'problem', None) or exc}", line=mark.line + 1 if mark else None) from exc
    return data if data is not None else {}


def _read_thresholds(raw: Any, where: _Where) -> dict[str, float]:
    if not isinstance(raw, Mapping):
        raise where.error("'thresholds' must be a table of level = number", needle="thresholds")
    out = {}
    for level, value in raw.items():
        if level not in LEVELS:
            raise where.error(f"unknown level {level!r} in thresholds (levels: {', '.join(LEVELS)})", needle=level)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise where.error(f"threshold for {level!r} must be a number >= 0, got {value!r}", needle=level)
        out[level] = float(value)
    return out


def _read_theme(item: Any, index: int, where: _Where) -> Theme:
    if not isinstance(item, Mapping):
        raise where.error(f"theme {index + 1} must be a table, got {type(item).__name__}", index)
    unknown = set(item) - _THEME_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise where.error(f"unknown key {key!r} in theme {index + 1} (keys: {', '.join(sorted(_THEME_KEYS))})", index, key)
    tid = item.get("id")
    if not isinstance(tid, str) or not tid.strip():
        raise where.error(f"theme {index + 1} needs an 'id' that is a non-empty string, got {tid!r}", index, "id =" if tid is not None else None)
    tid = tid.strip()
    label = f"theme {tid!r}"
    description = item.get("description", "")
    if not isinstance(description, str):
        raise where.error(f"{label}: 'description' must be a string", index, "description")
    default_weight = item.get("weight", 1.0)
    if not _is_weight(default_weight):
        raise where.error(f"{label}: 'weight' must be a number >= 0, got {default_weight!r}", index, "weight")
    keywords = _weighted(item.get("keywords", {}), float(default_weight), label, "keywords", index, where)
    patterns = _weighted(item.get("patterns", {}), float(default_weight), label, "patterns", index, where)
    for pat in patterns:
        try:
            compiled = regex.compile(pat)
        except regex.error as exc:
            raise where.error(f"{label}: bad regular expression {pat!r}: {exc}", index, pat) from exc
        if compiled.match(""):
            raise where.error(f"{label}: pattern {pat!r} matches the empty string", index, pat)
        if regex.search(r"\\[1-9]|\(\?P=", pat):
            raise where.error(f"{label}: pattern {pat!r} uses a back-reference, which the pattern checks cannot bound (a back-reference can take exponential time)", index, pat)
        risk = backtracking_risk(pat)
        if risk is not None:
            raise where.error(f"{label}: pattern {pat!r} rejected: {risk}", index, pat)
    exclude = _strings(item.get("exclude", []), label, "exclude", index, where)
    brands = _strings(item.get("brands", []), label, "brands", index, where)
    generic = _strings(item.get("generic", []), label, "generic", index, where)
    for word in generic:
        if word not in keywords and word not in brands:
            raise where.error(f"{label}: generic word {word!r} is not one of the theme's keywords", index, word)
    return Theme(tid, description.strip(), keywords, patterns, tuple(exclude), tuple(brands), tuple(generic))


def _is_weight(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and value >= 0 and math.isfinite(value)


def _weighted(raw: Any, default: float, label: str, key: str, index: int, where: _Where) -> dict[str, float]:
    if isinstance(raw, Mapping):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = [(w, default) for w in raw]
    else:
        raise where.error(f"{label}: {key!r} must be a table (entry = weight) or a list, got {type(raw).__name__}", index, key)
    out: dict[str, float] = {}
    for word, weight in items:
        _check_word(word, label, key, index, where)
        if not _is_weight(weight):
            raise where.error(f"{label}: weight of {word!r} must be a number >= 0, got {weight!r}", index, word)
        out[word.strip() if key == "keywords" else word] = float(weight)
    return out


def _strings(raw: Any, label: str, key: str, index: int, where: _Where) -> list[str]:
    if not isinstance(raw, list):
        raise where.error(f"{label}: {key!r} must be a list of strings, got {type(raw).__name__}", index, key)
    for word in raw:
        _check_word(word, label, key, index, where)
    return [w.strip() for w in raw]


def _check_word(word: Any, label: str, key: str, index: int, where: _Where) -> None:
    """A keyword, brand or exclusion must be text: a non-empty string without lone surrogates
    (which no text holds, and the keyword search refuses)."""
    if not isinstance(word, str) or not word.strip():
        raise where.error(f"{label}: {key} entries must be non-empty strings, got {word!r}", index, key)
    if has_lone_surrogates(word):
        raise where.error(f"{label}: {key} entry {word!r} holds a lone surrogate, which is not text", index, word)


def _as_list(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        raise TypeError(f"{key} must be a list of strings, not one string")
    return list(value)


def _combine(old: Theme, new: Theme) -> Theme:
    keywords = dict(old.keywords)
    keywords.update(new.keywords)
    patterns = dict(old.patterns)
    patterns.update(new.patterns)
    exclude = tuple(dict.fromkeys(old.exclude + new.exclude))
    brands = tuple(dict.fromkeys(old.brands + new.brands))
    generic = tuple(dict.fromkeys(old.generic + new.generic))
    return Theme(old.id, new.description or old.description, keywords, patterns, exclude, brands, generic)


def _toml_str(s: str) -> str:
    if "'" not in s and "\n" not in s and all(ord(c) >= 0x20 and c != "\x7f" for c in s):
        return f"'{s}'"  # literal string: backslashes of regular expressions stay as they are
    return json.dumps(s, ensure_ascii=False)


def _toml_num(x: float) -> str:
    return repr(float(x))


def _to_toml(data: Mapping[str, Any]) -> str:
    out = ["# summarytext theme lexicon (see summarytext/data/themes.toml for the format)", f"version = {int(data.get('version', 1))}", "", "[thresholds]"]
    for level, value in data["thresholds"].items():
        out.append(f"{level} = {_toml_num(value)}")
    for t in data["theme"]:
        out += ["", "[[theme]]", f"id = {_toml_str(t['id'])}", f"description = {_toml_str(t['description'])}"]
        out.append("brands = [" + ", ".join(_toml_str(b) for b in t["brands"]) + "]")
        out.append("exclude = [" + ", ".join(_toml_str(b) for b in t["exclude"]) + "]")
        if t.get("generic"):
            out.append("generic = [" + ", ".join(_toml_str(b) for b in t["generic"]) + "]")
        for key in ("keywords", "patterns"):
            out.append(f"[theme.{key}]")
            out.extend(f"{_toml_str(k)} = {_toml_num(v)}" for k, v in t[key].items())
    return "\n".join(out) + "\n"


