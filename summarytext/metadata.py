"""What a report says about its committee: place, level, the year it covers, the year it was
published and its kind.

:func:`read_metadata` reads them from a title and the first lines of a text (and a signature
date at its end).  A field that cannot be read is ``None``, never a guess:

* ``place`` is an administrative name (青川市, 云岭县, 浦东新区, 全国 for the national
  committee), read from the committee's informal name (云岭县政协), its formal name
  (政协青川市第九届委员会, 中国人民政治协商会议澜江省委员会) or, when no committee names
  one, the government or party committee of the place (鄄城县人民政府).  A name is taken when it
  is in the list of China's administrative divisions (``data/places.tsv``) or stands clearly on
  its own (after a line start, punctuation, a date, 中共/政协 or a larger place, and at most
  three characters before its ending): a fragment of a sentence (翻开xx市, 笔者从xx区, 个市,
  名区) is never a place, and neither is a masked name.  The larger places written before it
  (福建省 in 福建省建瓯市政协) are kept as ``region``.
* ``level`` (national, provincial, city, county) follows from the place (a county-level city
  such as 建瓯市 is county level; 北京市 is provincial), else from a committee named by its level
  alone (区政协五届三次会议).
* ``year`` is the year the report covers: a year in the title, a year heading a sentence of the
  first lines (2022年，… 2024年是… 一、2022年工作回顾; a range 2004年~2010年 gives its last
  year), 截至2021年12月31日, or, for a report delivered at a plenary session in January to
  March, the year before its date.
* ``year_published``: the date of a byline, source or date line under the title
  (日期:2017-08-03, ——2023年1月10日在…会议上) or of a date alone on one of the last lines.
* ``report_kind``: ``work_report`` (常务委员会工作报告), ``proposal_report``,
  ``information_review`` (社情民意信息工作综述), ``summary`` (工作总结, 工作综述), ``plan``
  (工作要点), ``speech`` (讲话), or ``news`` for a page with a byline or source line.

The words and patterns are data (``data/metadata.toml``).  Users override any field with
:func:`with_metadata` (a CSV of metadata, or keyword arguments).

>>> m = read_metadata("政协青川市第九届委员会常务委员会工作报告", "——2023年1月10日在政协青川市第九届委员会第二次会议上\\n一、2022年工作回顾")
>>> m["place"], m["level"], m["year"], m["year_published"], m["report_kind"]
('青川市', 'city', 2022, 2023, 'work_report')
>>> read_metadata("翻开xx市政协xxxx年履职答卷", "")["place"] is None
True
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import regex

from .errors import MetadataError
from .resources import load_toml, read_data_text, read_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

__all__ = ["FIELDS", "LEVELS", "read_metadata", "with_metadata", "metadata_table", "place_level"]

logger = logging.getLogger("summarytext")

#: the metadata fields :func:`read_metadata` reads and :func:`with_metadata` sets
FIELDS = ("place", "level", "year", "year_published", "report_kind", "region")
#: the levels of a committee, from the top
LEVELS = ("national", "provincial", "city", "county")
#: lines at the head of a text read for metadata, and the characters they may hold
_HEAD_LINES = 12
_HEAD_CHARS = 1200
#: lines at the end of a text read for a signature date
_TAIL_LINES = 3
_PUNCT = set(" \t\u3000,，。.、;；:：!！?？\"“”'‘’()（）[]【】《》<>〈〉「」『』—-–…|/\\·•>›»~～_*#")


@dataclass(frozen=True)
class _Place:
    name: str
    level: str | None
    parent: str


class _Cues:
    """The data of ``data/metadata.toml`` and ``data/places.tsv``, compiled once."""

    def __init__(self) -> None:
        data = load_toml(read_data_text("metadata.toml"), "summarytext/data/metadata.toml")
        place, committee, year = data["place"], data["committee"], data["year"]
        self.suffixes: list[str] = sorted(place["suffixes"], key=len, reverse=True)
        self.frame_words: tuple[str, ...] = tuple(place["frame_words"])
        self.prepositions: frozenset[str] = frozenset(place["prepositions"])
        self.not_name_start: frozenset[str] = frozenset(place["not_name_start"])
        self.not_in_name: frozenset[str] = frozenset(place["not_in_name"])
        self.not_names: frozenset[str] = frozenset(place["not_names"])
        self.generic: frozenset[str] = frozenset(place["generic"])
        self.max_unknown_stem: int = int(place["max_unknown_stem"])
        suffix = "(?:" + "|".join(self.suffixes) + ")"
        self.informal = regex.compile(f"(?<={suffix}){committee['informal_after']}")
        self.formal = regex.compile(f"{committee['formal_before']}(?P<rest>[^，。；,;\\n]{{1,30}})")
        self.formal_after = regex.compile(f"{suffix}(?={committee['formal_after']})")
        self.national = regex.compile(committee["national"])
        self.fallback = regex.compile(f"(?<={suffix}){committee['fallback_after']}|(?<=中共[^，。；\\n]{{1,12}}{suffix})委(?!员)")
        self.not_own_before: tuple[str, ...] = tuple(committee["not_own_before"])
        self.not_own_after: tuple[str, ...] = tuple(committee["not_own_after"])
        self.level_formal = regex.compile(committee["level_formal"])
        self.report_title = regex.compile(committee["report_title"])
        self.date = regex.compile(year["date"])
        self.dateline = regex.compile(year["dateline_cues"])
        self.covered = [regex.compile(p, regex.M) for p in year["covered"]]
        self.session_report = regex.compile(year["session_report"])
        self.kinds = [(k["name"], regex.compile(k["pattern"])) for k in data["kind"]]
        self.news = regex.compile(data["news"]["pattern"])
        self.places: dict[str, _Place] = {}
        self.short: dict[str, str] = {}
        levels_seen: dict[str, set[str]] = {}
        for name, level, parent, short in read_table("places.tsv", columns=4):
            levels_seen.setdefault(name, set()).add(level)
            self.places[name] = _Place(name, level, parent)
            if short:
                self.short[short] = name
        for name, seen in levels_seen.items():
            if len(seen) > 1:  # the same name at two levels: the level is not known from it
                self.places[name] = _Place(name, None, "")
        self.short_committee = regex.compile("(?:" + "|".join(sorted(self.short, key=len, reverse=True)) + ")(?=政协)")
        self.name_lengths = sorted({len(n) for n in list(self.places) + list(self.short)}, reverse=True)
        self.suffix_level = dict(read_table("levels.tsv", columns=2))


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    return _Cues()


def place_level(place: str | None) -> str | None:
    """The level of a committee at ``place``: from the list of administrative divisions when the
    place is in it, else from how its name ends (省, 市, 县 …); ``None`` when neither tells.

    >>> place_level("建瓯市"), place_level("青川市"), place_level("北京市"), place_level("全国"), place_level("丹凤县")
    ('county', 'city', 'provincial', 'national', 'county')
    """
    if not place:
        return None
    from .normalize import simplified_view

    cues = _cues()
    key = simplified_view(place)
    known = cues.places.get(key) or cues.places.get(cues.short.get(key, ""))
    if known is not None and known.level is not None:
        return known.level
    if key in cues.suffix_level:
        return cues.suffix_level[key]
    for suffix in cues.suffixes:
        if key.endswith(suffix):
            return cues.suffix_level.get(suffix) or cues.suffix_level.get(suffix[-1])
    return None


def read_metadata(title: str | None, text: str) -> dict[str, Any]:
    """Place, level, year covered, year published, kind and region of a report, from its title
    and the first lines of its text (see the module's description); ``None`` where the text
    does not tell.

    >>> read_metadata("澜江省政协2022年提案工作情况的报告", "")
    {'place': '澜江省', 'level': 'provincial', 'year': 2022, 'year_published': None, 'report_kind': 'proposal_report', 'region': None}
    >>> m = read_metadata(None, "首页 > 政协动态\\n2017年10月11日 09:11 来源:人民政协网\\n福建省建瓯市政协组织委员开展调研。")
    >>> m["place"], m["region"], m["level"], m["year"], m["year_published"], m["report_kind"]
    ('建瓯市', '福建省', 'county', None, 2017, 'news')
    >>> read_metadata(None, "2023年,全国政协共收到提案5000余件。")["place"]
    '全国'
    """
    from .normalize import simplified_view

    head_lines: list[str] = []
    used = pos = 0
    while len(head_lines) < _HEAD_LINES and used < _HEAD_CHARS and pos < len(text):
        nl = text.find("\n", pos)
        line = text[pos : nl if nl >= 0 else len(text)]
        pos = nl + 1 if nl >= 0 else len(text)
        if line.strip():
            head_lines.append(line[: _HEAD_CHARS - used])
            used += len(line)
    tail_lines = [line for line in text.rsplit("\n", _TAIL_LINES + 1)[-_TAIL_LINES:] if line.strip()] if text else []
    cues = _cues()
    title_s = simplified_view(title) if title else ""
    head_s = simplified_view("\n".join(head_lines)).split("\n") if head_lines else []
    sources = ([(title, title_s, True)] if title else []) + [(line, view, False) for line, view in zip(head_lines, head_s)]
    evidence = "\n".join(view for _, view, _ in sources)

    # the first committee named is the report's own: when it is named by its level alone
    # (市政协), a place named later must be of that level (not 容县 in 容县政协17篇)
    first_level = _level_only([view for _, view, _ in sources], cues, first=True, evidence=evidence)
    place = region = level = None
    for finder in (_committee_mentions, _fallback_mentions):
        for source, view, is_title in sources:
            found = _first_place(source, view, finder(view, cues), is_title, evidence, first_level, cues)
            if found is not None:
                place, region = found
                break
        if place is not None:
            break
    if place is not None:
        level = place_level(place)
    if level is None:
        level = first_level or _level_only([view for _, view, _ in sources], cues)

    published = _published(head_s, simplified_view("\n".join(tail_lines)).split("\n") if tail_lines else [], cues)
    year = _covered(title_s, head_s, cues)
    if year is None:
        for view in head_s[:3]:
            m = cues.session_report.search(view.strip())
            if m:
                year = int(m.group(1)) - 1
                break
    kind = _kind(title_s, head_s, cues)
    return {"place": place, "level": level, "year": year, "year_published": published, "report_kind": kind, "region": region}


# --- place ------------------------------------------------------------------------------------

#: a committee mention: where it starts, where the place name must end (None: the national
#: committee), how far left the name may reach, and the place it gives when that is fixed
_Mention = tuple  # (start, end, limit, fixed)


def _committee_mentions(view: str, cues: _Cues) -> list[_Mention]:
    """The committees a line names, in order: national, formal (政协青川市第九届委员会),
    informal (青川市政协) and provinces by their short name (内蒙古政协); not those named as
    an addressee or a source (被省政协采用, 全国政协转送采用)."""
    out: list[_Mention] = []
    for m in cues.national.finditer(view):
        out.append((m.start(), m.end(), 0, "全国"))
    for fm in cues.formal.finditer(view):
        rest = fm.start("rest")
        am = cues.formal_after.search(view, rest, fm.end("rest"))
        if am:
            out.append((fm.start(), am.end(), rest, None))
    for im in cues.informal.finditer(view):
        out.append((im.start(), im.start(), 0, None))
    for m in cues.short_committee.finditer(view):
        if _bounded(view, m.start(), 0, cues):
            out.append((m.start(), m.end(), 0, cues.short[m.group(0)]))
    return sorted((x for x in out if _own(view, x, cues)), key=lambda x: x[0])


def _fallback_mentions(view: str, cues: _Cues) -> list[_Mention]:
    """The government or party committee of a place (鄄城县人民政府, 中共云岭县委)."""
    return [(m.start(), m.start(), 0, None) for m in cues.fallback.finditer(view)]


def _own(view: str, mention: "_Mention | tuple[int, int]", cues: _Cues) -> bool:
    """Whether a committee is named as the report's own: not as an addressee or a source
    (被省政协采用, 全国政协转送采用) nor as an entry of a list with its figure (容县政协17篇)."""
    start, end = mention[0], mention[1]
    after = view[end : end + 8].lstrip("政协委员会")
    if view[:start].endswith(cues.not_own_before) or after.startswith(cues.not_own_after):
        return False
    return not _COUNT_AFTER.match(after)


_HAN_RUN = regex.compile(r"\p{Han}+")
_COUNT_AFTER = regex.compile(r"[0-9xX一二三四五六七八九十百]+[件条篇次个项名人家场期份]")


def _first_place(source: str, view: str, mentions: list[_Mention], in_title: bool, evidence: str, level: str | None,
                 cues: _Cues) -> tuple[str, str | None] | None:
    """The place of the first of ``mentions`` that names a clean one (of ``level`` when given)."""
    for start, end, limit, fixed in mentions:
        if fixed is not None:
            if _fits(fixed, level, cues):
                return fixed, None
            continue
        found = _name_ending_at(view, end, limit, cues)
        if found is None:
            continue
        inner, parents, known = found
        if not known and not _attested(view, inner, parents, in_title, evidence, cues):
            continue
        place = source[inner[0] : inner[1]]
        if not _fits(place, level, cues):
            continue
        region = source[parents[-1][0] : parents[0][1]] if parents else None
        return place, region
    return None


def _fits(place: str, level: str | None, cues: _Cues) -> bool:
    """Whether ``place`` can be a committee named as of ``level`` (a municipality's committee is
    called 市政协 at home, though it is provincial)."""
    if level is None:
        return True
    own = place_level(place)
    return own == level or (level == "city" and own == "provincial" and place.endswith("市"))


def _name_ending_at(view: str, end: int, limit: int, cues: _Cues) -> tuple[tuple[int, int], list[tuple[int, int]], bool] | None:
    """The span of the place whose name ends at ``end`` (its ending, 市 or 县 …, right before
    it), the spans of the larger places written before it, and whether it is in places.tsv;
    None when no clean name ends there."""
    inner = _known_ending_at(view, end, limit, cues, short=False)
    known = inner is not None
    if inner is None:
        suffix = next((s for s in cues.suffixes if view.endswith(s, limit, end)), None)
        if suffix is None:
            return None
        inner = _unknown_ending_at(view, end, suffix, limit, cues)
        if inner is None:
            return None
    return inner, list(_parents(view, inner[0], limit, cues)), known


def _parents(view: str, end: int, limit: int, cues: _Cues) -> Iterable[tuple[int, int]]:
    """The spans of the larger places written right before ``end`` (福建省 before 建瓯市), nearest first."""
    e = end
    while True:
        span = _known_ending_at(view, e, limit, cues, short=True)
        if span is None:
            return
        yield span
        e = span[0]


def _known_ending_at(view: str, end: int, limit: int, cues: _Cues, *, short: bool) -> tuple[int, int] | None:
    """The span of the longest name of places.tsv (with ``short``, also a province's short
    name) that ends at ``end``; a name of one character and its ending (和县, 城区) only where
    it stands on its own (not 和县 in 市和县政协)."""
    if end <= limit:
        return None
    for n in cues.name_lengths:
        start = end - n
        if start < limit:
            continue
        name = view[start:end]
        if name in cues.generic or not (name in cues.places or (short and name in cues.short)):
            continue
        if len(name) <= 2 and not _bounded(view, start, limit, cues):
            continue
        return start, end
    return None


def _unknown_ending_at(view: str, end: int, suffix: str, limit: int, cues: _Cues) -> tuple[int, int] | None:
    """A name not in places.tsv: a stem of one to three Han characters before its ending, standing
    on its own (see :func:`_bounded`), not a counter, determiner or generic word."""
    stem_end = end - len(suffix)
    candidates = []
    for n in range(1, cues.max_unknown_stem + 1):
        start = stem_end - n
        if start < limit:
            break
        stem = view[start:stem_end]
        if not _HAN_RUN.fullmatch(stem) or stem[0] in cues.not_name_start or any(ch in cues.not_in_name for ch in stem):
            continue
        if stem in cues.short or stem in cues.not_names or stem[-2:] in cues.not_names or stem + suffix in cues.generic \
                or any(ch in cues.suffix_level for ch in stem[-1:]):
            continue  # 浙江区: a province with another ending; 县区, 市县: not names
        if _bounded(view, start, limit, cues):
            candidates.append((n, start))
    if not candidates:
        return None
    n, start = min(candidates, key=lambda c: (c[0] < 2, c[0]))  # two characters first, then three, then one
    return start, end


def _attested(view: str, span: tuple[int, int], parents: list[tuple[int, int]], in_title: bool, evidence: str, cues: _Cues) -> bool:
    """Whether a name not in places.tsv is named as a place: it begins a title that reads as a
    report's (云岭县政协2024年工作总结, 桐溪区政协关于…; not 发挥市政协优势…), follows a larger
    place, stands in a committee's formal name (政协…第x届委员会) or party committee (中共…委),
    or is written again in the title and first lines (``evidence``)."""
    start, end = span
    if in_title and start == 0 and cues.report_title.match(view, end):
        return True
    if parents or view[:start].endswith(cues.frame_words):
        return True
    return evidence.count(view[start:end]) >= 2


def _bounded(view: str, start: int, limit: int, cues: _Cues) -> bool:
    """Whether a name may start at ``start``: at a line start, after punctuation, a date
    (2022年, 1月10日), a frame word (中共, 政协), a preposition (在, 从) or a larger place."""
    if start <= limit or start == 0:
        return True
    before = view[start - 1]
    if before in _PUNCT or before.isspace():
        return True
    if before in "年月日" and start >= 2 and (view[start - 2].isdigit() or view[start - 2] in "xX"):
        return True
    if before in cues.prepositions:
        return True
    head = view[:start]
    if head.endswith(cues.frame_words):
        return True
    return before in "省市州盟区县旗" and _known_ending_at(view, start, limit, cues, short=False) is not None


def _level_only(views: list[str], cues: _Cues, *, first: bool = False, evidence: str = "") -> str | None:
    """The level of a committee named by its level alone (市政协, 区政协五届三次会议, 政协x区
    第x届委员会), unless it is named as an addressee or a source (被省政协采用).  With
    ``first``, only when no committee named with its place comes before it."""
    from .patterns import LEVEL_ONLY

    for view in views:
        found = sorted(list(LEVEL_ONLY.finditer(view)) + list(cues.level_formal.finditer(view)), key=lambda m: m.start())
        for m in found:
            if not _own(view, (m.start(), m.end()), cues):
                continue
            if first:
                # 青川市政协 is matched as 市政协: the level alone only when no committee named
                # with its place comes first
                named = [x for x in _committee_mentions(view, cues) if x[0] <= m.end(1)]
                if _first_place(view, view, named, False, evidence, None, cues) is not None:
                    return None
            return cues.suffix_level.get(m.group(1))
    return None


# --- years ------------------------------------------------------------------------------------


def _dates(view: str, cues: _Cues) -> list[tuple[int, int, int, int]]:
    """(start, end, year, month) of each full date in a line."""
    out = []
    for m in cues.date.finditer(view):
        month = int(m.group(2) or m.group(4))
        day = int(m.group(3) or m.group(5))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append((m.start(), m.end(), int(m.group(1)), month))
    return out


def _published(head_s: list[str], tail_s: list[str], cues: _Cues) -> int | None:
    """The year of the first date line: a date on a line with a byline or source cue, or on a
    line without sentence punctuation (a date under the title, a signature)."""
    for view in head_s + tail_s[::-1]:
        stripped = view.strip()
        dates = _dates(stripped, cues)
        if not dates:
            continue
        before = stripped[: dates[0][0]]
        if "。" in before:
            continue
        if cues.dateline.search(stripped) or not regex.search("[，,。；;！？]", stripped):
            return dates[0][2]
    return None


def _covered(title: str, head: list[str], cues: _Cues) -> int | None:
    from .patterns import BARE_YEAR, YEAR

    if title:
        dated = [(s, e) for s, e, _, _ in _dates(title, cues)]
        years = [m for m in list(YEAR.finditer(title)) + list(BARE_YEAR.finditer(title))
                 if not any(s <= m.start() < e for s, e in dated)]
        if years:
            return int(max(years, key=lambda m: m.start()).group(1)) if _is_range(title, years) else int(min(years, key=lambda m: m.start()).group(1))
    for view in head:
        dated = [(s, e) for s, e, _, _ in _dates(view, cues)]
        for pattern in cues.covered:
            for m in pattern.finditer(view):
                if any(s <= m.start(1) < e for s, e in dated) and pattern is cues.covered[0]:
                    continue
                return int(m.group(1))
    return None


def _is_range(title: str, years: list[Any]) -> bool:
    """Whether the years of a title are the two ends of a range (2021-2022年度, 2004年~2010年)."""
    if len(years) < 2:
        return False
    ordered = sorted(years, key=lambda m: m.start())
    between = title[ordered[0].end() : ordered[-1].start()]
    return bool(regex.fullmatch(r"[年\s]*(?:-|~|～|—|－|至|到)\s*", between))


def _kind(title: str, head: list[str], cues: _Cues) -> str | None:
    if title:
        for name, pattern in cues.kinds:
            if pattern.search(title):
                return name
    if any(cues.news.search(view) for view in head[:4]):
        return "news"
    return None


# --- overrides --------------------------------------------------------------------------------


def metadata_table(obj: Any) -> "pd.DataFrame":
    """The metadata of every document, one row each: ``doc_id``, ``source`` and :data:`FIELDS`
    (what :func:`with_metadata` reads back, once corrected).

    >>> metadata_table(["云岭县政协2024年工作总结\\n全年立案131件。"])[["doc_id", "place", "level", "year", "report_kind"]].values.tolist()
    [['doc0', '云岭县', 'county', 2024, 'summary']]
    """
    import pandas as pd

    from .document import as_documents

    rows = [{"doc_id": d.doc_id, "source": d.source, **{f: d.meta.get(f) for f in FIELDS}} for d in as_documents(obj, caller="metadata_table")]
    frame = pd.DataFrame(rows, columns=["doc_id", "source", *FIELDS])
    for col in ("year", "year_published"):
        frame[col] = frame[col].astype("Int64")
    for col in ("doc_id", "source", "place", "level", "report_kind", "region"):
        frame[col] = frame[col].astype("string")
    return frame


def with_metadata(obj: Any, table: "str | Path | pd.DataFrame | None" = None, **fields: Any) -> "Corpus":
    """The documents of ``obj`` with their metadata overridden: from ``table`` (a CSV, TSV or
    Excel file, or a DataFrame, with a ``doc_id`` or ``source`` column and any of the columns
    ``place``, ``level``, ``year``, ``year_published``, ``report_kind``, ``region``; an empty cell
    keeps what was read) and from keyword arguments (one value for every document).

    The documents whose metadata change are copies; ``obj`` is not changed (the files a
    corpus skipped stay on record in the result).  A value that is not valid (a level that is
    not national/provincial/city/county, a year that is not a year) raises
    :class:`~summarytext.errors.MetadataError` (a ``ValueError``) naming the file, the row and the
    problem; rows of ``table`` that match no document are logged.

    >>> import pandas as pd
    >>> c = with_metadata(["2023年，县政协立案120件。"], pd.DataFrame({"doc_id": ["doc0"], "place": ["云岭县"]}), level="county")
    >>> c[0].meta["place"], c[0].meta["level"], c[0].meta["year"]
    ('云岭县', 'county', 2023)
    """
    return overridden(obj, table, caller="with_metadata", **fields)


def overridden(obj: Any, table: "str | Path | pd.DataFrame | None" = None, *, caller: str, **fields: Any) -> "Corpus":
    """:func:`with_metadata` for the functions built on it (:func:`~summarytext.panel`,
    :func:`~summarytext.theme_timeline` …): an input they do not take is a ``TypeError`` that
    names ``caller``, the function the user called."""
    import dataclasses

    from .corpus import Corpus
    from .document import as_documents

    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"{caller}: unknown field {', '.join(unknown)} (fields: {', '.join(FIELDS)})")
    given = {k: _checked(k, v, "keyword argument") for k, v in fields.items()}
    docs = list(as_documents(obj, caller=caller))
    updates = metadata_updates(table, [d.doc_id for d in docs], [d.source for d in docs], given)
    out = []
    for doc, update in zip(docs, updates):
        if update:
            meta = dict(doc.meta)
            meta.update(update)
            doc = dataclasses.replace(doc, meta=meta)
        out.append(doc)
    return Corpus(out, skipped=getattr(obj, "skipped", ()))


def metadata_updates(table: Any, doc_ids: list[str], sources: "list[str | None] | None",
                     given: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """For each document (its id and source, by position): the fields a metadata table and
    ``given`` set for it.  A row matches by ``doc_id``, or by ``source`` (the path, its file
    name or its stem); a place set without a level brings the level it names (市 → city).
    Rows that match no document are warned about (:func:`warn_unmatched`).

    >>> import pandas as pd
    >>> metadata_updates(pd.DataFrame({"doc_id": ["a"], "place": ["绍兴市"]}), ["a", "b"], None)
    [{'place': '绍兴市', 'level': 'city'}, {}]
    """
    updates: list[dict[str, Any]] = [dict(given or {}) for _ in doc_ids]
    if table is not None:
        by_id = {d: i for i, d in enumerate(doc_ids)}
        by_source: dict[str, list[int]] = {}
        for i, source in enumerate(sources or ()):
            if source:
                for key in {source, Path(source).name, Path(source).stem}:
                    by_source.setdefault(key, []).append(i)
        unmatched = []
        for where, key_col, key, values in metadata_rows(table):
            if key_col == "doc_id":
                hits = [by_id[key]] if key in by_id else []
            elif sources is None:
                raise MetadataError(where, "the table is keyed by source, but the documents have no source")
            else:
                hits = by_source.get(key) or by_source.get(Path(key).name) or by_source.get(Path(key).stem) or []
            if not hits:
                unmatched.append(key)
            for i in hits:
                updates[i].update(values)
        warn_unmatched(table, unmatched)
    for update in updates:
        if update.get("place") and "level" not in update:
            update["level"] = place_level(update["place"])
    return updates


def warn_unmatched(table: Any, keys: list[Any]) -> None:
    """A warning naming the metadata table and the ids (or sources) of its rows that match no
    document: a mistyped id is said, not passed over."""
    if not keys:
        return
    from .errors import warn_user

    name = str(table) if isinstance(table, (str, Path)) else "the metadata table"
    shown = ", ".join(map(str, keys[:8])) + (" …" if len(keys) > 8 else "")
    warn_user(f"{name}: {len(keys)} row{'s' if len(keys) > 1 else ''} match{'' if len(keys) > 1 else 'es'} no document: {shown}")


def _known_columns() -> tuple[str, ...]:
    """The columns a metadata table may have: the key columns, :data:`FIELDS` and the other
    columns of ``Corpus.to_frame()`` (read-only: passed over)."""
    from .corpus import DOCUMENT_DTYPES

    return tuple(dict.fromkeys(["doc_id", "source", *FIELDS, *DOCUMENT_DTYPES]))


def _read_table_file(path: Path) -> "pd.DataFrame":
    """A metadata file as a table of text cells; CSV and TSV in any encoding the reports may
    be in (UTF-8, GB18030/GBK, Big5 …), detected as for reports."""
    import io

    import pandas as pd

    from .errors import ReadError
    from .io import decode_bytes

    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path, dtype=object)
        text, _, _ = decode_bytes(path.read_bytes(), path=path)
        return pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep="\t" if suffix in (".tsv", ".tab") else ",", dtype=object)
    except ReadError as exc:
        raise MetadataError(str(path), f"cannot read the metadata table ({exc.reason})") from exc
    except (ValueError, pd.errors.ParserError) as exc:
        raise MetadataError(str(path), f"cannot read the metadata table ({exc})") from exc


def metadata_rows(table: Any) -> list[tuple[str, str, Any, dict[str, Any]]]:
    """(where, key column, key, values) of each row of a metadata table; a column that is not
    one of the table's columns (a misspelled ``plcae``) is a :class:`MetadataError`."""
    import difflib

    import pandas as pd

    name = "metadata table"
    if isinstance(table, (str, Path)):
        path = Path(table)
        name = str(path)
        if not path.is_file():
            raise MetadataError(str(path), "no such metadata file")
        frame = _read_table_file(path)
    elif isinstance(table, pd.DataFrame):
        frame = table
    else:
        raise TypeError(f"with_metadata: table must be a file path or a DataFrame, got {type(table).__name__}")
    key_col = "doc_id" if "doc_id" in frame.columns else "source" if "source" in frame.columns else None
    if key_col is None:
        raise MetadataError(name, f"needs a doc_id or source column (has {', '.join(map(str, frame.columns))})")
    known = _known_columns()
    unknown = [str(c) for c in frame.columns if str(c).strip() not in known]
    if unknown:
        hints = [f"{c!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(c.strip().lower(), known, n=1)) else repr(c)
                 for c in unknown]
        raise MetadataError(name, f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(hints)}; "
                                  f"the columns are doc_id or source, and any of {', '.join(FIELDS)}")
    columns = [c for c in FIELDS if c in frame.columns]
    if not columns:
        raise MetadataError(name, f"no metadata column (expected any of {', '.join(FIELDS)})")
    out = []
    for i, row in enumerate(frame.to_dict("records")):
        where = f"{name}, row {i + 2 if isinstance(table, (str, Path)) else i}"
        key = row[key_col]
        if _empty(key):
            raise MetadataError(where, f"{key_col} is empty")
        values = {c: _checked(c, row[c], where) for c in columns if not _empty(row[c])}
        out.append((where, key_col, str(key).strip(), values))
    return out


def _empty(value: Any) -> bool:
    import pandas as pd

    return value is None or (isinstance(value, str) and not value.strip()) or (not isinstance(value, str) and bool(pd.isna(value)))


def _checked(field: str, value: Any, where: str) -> Any:
    """A metadata value as stored, or ValueError naming where it came from."""
    if value is None:
        return None
    if field in ("year", "year_published"):
        try:
            year = int(float(str(value).strip()))
        except ValueError:
            raise MetadataError(where, f"{field} {value!r} is not a year") from None
        if not 1900 <= year <= 2100 or float(str(value).strip()) != year:
            raise MetadataError(where, f"{field} {value!r} is not a year")
        return year
    text = str(value).strip()
    if field == "level" and text not in LEVELS:
        raise MetadataError(where, f"level {text!r} is not one of {', '.join(LEVELS)}")
    return text
