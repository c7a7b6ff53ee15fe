"""A one-file HTML report of a corpus: overview, metrics, themes, comparison, brands, problems.

The file is self-contained (styles inline, charts embedded as PNG data), so it opens
without a network and can be sent to a colleague.  :func:`build_report` returns a
:class:`Report` holding the HTML and every table and chart it shows, so the numbers in
the page are the numbers of the DataFrames.

>>> import summarytext as st                                      # doctest: +SKIP
>>> st.report.write_report(st.load_sample(), "report.html")       # doctest: +SKIP
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import logging
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

#: the sections of a report, in order: (id, heading)
SECTIONS = (
    ("overview", "Corpus overview"),
    ("metrics", "Metrics"),
    ("trends", "Across years"),
    ("themes", "Themes"),
    ("similarity", "Similarity"),
    ("distinctive", "Distinctive terms"),
    ("brands", "Discovered brands"),
    ("passages", "Shared and templated passages"),
    ("problems", "Input problems"),
)

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0 auto;max-width:1200px;padding:1.5rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #4c72b0;padding-bottom:.2rem;margin-top:2.2rem}
nav a{margin-right:1rem}table{border-collapse:collapse;font-size:.82rem;margin:0}
th,td{border:1px solid #ddd;padding:.2rem .45rem;text-align:left;vertical-align:top;max-width:32em;overflow-wrap:break-word}
th{background:#f2f4f8;white-space:nowrap;position:sticky;top:0}td{min-width:3em}
td.num{text-align:right}figure{margin:.8rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.8rem;color:#555}.note{color:#666;font-size:.85rem}
.table{overflow:auto;margin:.6rem 0;max-width:100%}.table.scroll{max-height:32rem}
details{margin:.6rem 0}summary{cursor:pointer;font-weight:600}
"""

#: columns of running text: shown at least this wide (em), so that a title is not one character a line
_WIDE_COLUMNS = {"doc_id": 12, "doc_a": 12, "doc_b": 12, "first_doc": 12, "source": 12, "title": 14, "text": 10, "context": 18, "evidence": 10, "first_context": 18, "text_a": 16, "text_b": 16,
                 "passage": 18, "problem": 18, "brand": 8, "subject": 8}
#: columns holding file paths: shown as the file name
_PATH_COLUMNS = ("source", "path", "compilation")


@dataclass
class Report:
    """A built report: ``html`` and the ``tables`` and ``charts`` (PNG bytes) it shows."""

    html: str
    tables: dict[str, "pd.DataFrame"] = field(default_factory=dict)
    charts: dict[str, bytes] = field(default_factory=dict)

    def save(self, path: str | PathLike) -> Path:
        """Write the HTML atomically (temporary file, then rename)."""
        from .io import atomic_write

        return atomic_write(path, lambda tmp: Path(tmp).write_text(self.html, encoding="utf-8"))

    def _repr_html_(self) -> str:
        return self.html


def build_report(
    corpus: "Corpus",
    *,
    title: str = "summarytext report",
    lexicon: Any = None,
    max_rows: int = 2000,
    n_jobs: int | None = 1,
    theme: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Analyse a corpus and lay the results out as one HTML page.

    ``lexicon`` is a theme lexicon (or its path) for the theme section; ``max_rows``
    caps the rows of the long tables shown (the tables in :attr:`Report.tables` are
    complete); ``progress`` is called with the name of each step.  When the corpus holds
    several years of one place, a section "Across years" shows a line chart per headline
    measure (:func:`~summarytext.panel`) and a places-by-years heat map of ``theme`` (by
    default the theme most places take up in a later year, see :func:`spread_theme`).
    """
    import pandas as pd

    from . import plot
    from .analyzers import analyze, analyzer
    from .brands import rank_brands
    from .compare import compare
    from .metrics import metrics_summary
    from .themes import matrix_of_themes

    step = progress or (lambda name: None)
    tables: dict[str, pd.DataFrame] = {}
    charts: dict[str, bytes] = {}
    legends: dict[str, pd.DataFrame] = {}
    notes: dict[str, list[str]] = {}  # section id -> what the reader should know about its results

    def chart(name: str, figure) -> None:
        legends[name] = plot.legend(figure)
        charts[name] = plot.figure_to_png(figure)

    step("overview")
    # what is read from each document, in one pass (worker processes with n_jobs)
    per_document = analyze(corpus.documents, ["documents", "metrics", analyzer("themes", lexicon=lexicon), analyzer("brands", lexicon=lexicon)],
                           n_jobs=n_jobs)
    overview = per_document["documents"]
    tables["documents"] = overview
    if len(overview):
        chart("documents", plot.plot_documents(overview))

    step("metrics")
    metrics = per_document["metrics"]
    summary = metrics_summary(metrics, doc_ids=overview["doc_id"])
    tables["metrics"] = metrics
    tables["metrics_summary"] = summary
    if len(metrics):
        chart("metrics_by_category", plot.plot_metrics_by_category(metrics))

    step("trends")
    _trends(corpus, metrics, per_document["themes"], tables, chart, lexicon=lexicon, theme=theme, n_jobs=n_jobs)

    step("themes")
    sizes = dict(zip(overview["doc_id"], overview["chars"]))
    matrix = matrix_of_themes(per_document["themes"], sizes, normalize="per_1000_chars", lexicon=lexicon)
    tables["themes"] = matrix
    if len(matrix):
        shown = matrix.loc[:, (matrix > 0).any(axis=0)]
        chart("themes", plot.plot_theme_heatmap(shown if shown.shape[1] else matrix, title="Theme words per 1,000 characters"))

    step("comparison")
    comparison = compare(corpus) if len(corpus) >= 2 else None
    if comparison is not None:
        similarity = comparison.similarity
        tables["similarity"] = similarity
        chart("similarity", plot.plot_similarity(similarity))
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            terms = comparison.distinctive_terms(n=10)
        notes["distinctive"] = [str(w.message) for w in caught]  # said in the section, not on the console
        tables["distinctive_terms"] = terms
        if len(terms):
            chart("distinctive_terms", plot.plot_distinctive_terms(terms, n=8))
        tables["shared_passages"] = comparison.shared_passages()
        tables["boilerplate"] = comparison.boilerplate()

    step("brands")
    tables["brands"] = rank_brands(per_document["brands"], corpus.documents, lexicon=lexicon)

    step("problems")
    tables["problems"] = input_problems(corpus)

    page = _render(title, corpus, tables, charts, legends, max_rows, notes)
    return Report(page, tables, charts)


def _trends(corpus: Any, metrics: "pd.DataFrame", themes: "pd.DataFrame", tables: dict, chart: Callable[[str, Any], None], *, lexicon: Any, theme: str | None, n_jobs: int | None = 1) -> None:
    """The tables and charts of the section "Across years", when some place has reports of
    several years: ``panel``, ``theme_spread`` (places x years of ``theme``), ``trends`` and
    ``theme_spread`` charts."""
    from . import plot
    from .metadata import metadata_table
    from .panel import panel_documents, panel_of
    from .timeline import theme_timeline, timeline_grid

    documents = metadata_table(corpus)
    placed, _ = panel_documents(documents)
    if not (placed.groupby("place")["year"].nunique() >= 2).any():
        return
    table = panel_of(metrics, documents)
    tables["panel"] = table
    if len(table):
        chart("trends", plot.plot_trends(table))
    timeline = theme_timeline(corpus, brands=False, lexicon=lexicon, n_jobs=n_jobs, themes=themes)
    chosen = theme or spread_theme(timeline)
    if chosen is None:
        return
    grid = timeline_grid(timeline, chosen, kind="theme")
    grid.attrs["theme"] = chosen
    tables["theme_spread"] = grid
    chart("theme_spread", plot.plot_spread(grid, title=f"{chosen}: paragraphs naming it"))


def spread_theme(timeline: "pd.DataFrame") -> str | None:
    """The theme of a :func:`~summarytext.theme_timeline` whose spread is most worth a look: the
    one most places take up (first name in a later year than their first report), then the one
    most places name.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"place": ["a", "b", "a", "b", "b"], "kind": "theme", "name": ["x", "x", "y", "y", "y"],
    ...                   "year": [2021, 2021, 2021, 2022, 2023], "first_year": [2021, 2021, 2021, 2022, 2022]})
    >>> t.attrs["reports"] = pd.DataFrame({"place": ["a", "b", "b", "b"], "year": [2021, 2021, 2022, 2023]})
    >>> spread_theme(t)
    'y'
    """
    themes = timeline[timeline["kind"] == "theme"]
    if themes.empty:
        return None
    reports = timeline.attrs.get("reports")
    start = reports.groupby("place")["year"].min() if reports is not None else themes.groupby("place")["year"].min()
    firsts = themes.groupby(["name", "place"])["first_year"].min().reset_index()
    firsts["taken_up"] = firsts["first_year"].to_numpy() > firsts["place"].map(start).to_numpy()
    by_theme = firsts.groupby("name", sort=False).agg(taken_up=("taken_up", "sum"), places=("place", "size"))
    return str(by_theme.sort_values(["taken_up", "places"], ascending=False, kind="stable").index[0])


def write_report(corpus: "Corpus", path: str | PathLike, **options: Any) -> Path:
    """Build the report of a corpus (see :func:`build_report`) and write it to ``path``."""
    return build_report(corpus, **options).save(path)


def input_problems(corpus: Any) -> "pd.DataFrame":
    """Everything skipped or damaged on input: columns source, doc_id, problem.

    Skipped files, warnings of the reader (truncated UTF-8, HTML saved as .docx),
    documents cut off mid-sentence, what a compilation lacks (table-of-contents entries
    without a body, see :attr:`Compilation.problems`), notices split off the end of a text,
    and pinyin glosses removed from it (from :attr:`Document.repairs`).
    """
    import pandas as pd

    rows: list[tuple[str, str, str]] = []
    for s in getattr(corpus, "skipped", []):
        rows.append((s.path, "", f"skipped: {s.reason}"))
    seen: set[str] = set()
    for doc in corpus:
        source = doc.source or ""
        for warning in doc.meta.get("warnings", []):
            rows.append((source, doc.doc_id, warning))
        if doc.meta.get("truncated"):
            rows.append((source, doc.doc_id, "the text stops mid-sentence (cut off)"))
        for problem in compilation_problems([doc]):
            if problem not in seen:
                seen.add(problem)
                rows.append((source, "", problem.removeprefix(f"{source}: ")))
        for notice in doc.meta.get("notices", []):
            rows.append((source, doc.doc_id, f"notice moved out of the text: {notice}"))
        glosses = [r.raw for r in doc.repairs if r.kind == "gloss"]
        if glosses:
            shown = "、".join(dict.fromkeys(glosses[:5]))
            rows.append((source, doc.doc_id, f"pinyin glosses removed: {len(glosses)} ({shown}{' …' if len(glosses) > 5 else ''})"))
    return pd.DataFrame(rows, columns=["source", "doc_id", "problem"]).astype("string")


def compilation_problems(documents: Any) -> list[str]:
    """What the compilations of some documents lack (one sentence each, every one once).

    >>> from summarytext import read_compilation
    >>> comp = read_compilation("汇编\\n目录\\n1.甲县政协工作总结 2\\n2.乙县政协工作总结 5\\n甲县政协工作总结\\n立案120件。")
    >>> compilation_problems(comp)
    ["compilation: table-of-contents entry 2 '乙县政协工作总结' is listed but its body is missing"]
    """
    found = dict.fromkeys(getattr(documents, "problems", []))
    for doc in documents:
        found.update(dict.fromkeys(doc.meta.get("compilation_problems", [])))
    return list(found)


# --------------------------------------------------------------------------------------------
# rendering


def _render(title: str, corpus: Any, tables: dict, charts: dict, legends: dict, max_rows: int, notes: dict) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="note">Generated by summarytext on {_dt.date.today().isoformat()} from {len(tables["documents"])} documents.</p>',
        "<nav>" + "".join(f'<a href="#{sid}">{esc(name)}</a>' for sid, name in SECTIONS) + "</nav>",
    ]

    def section(sid: str, body: list[str]) -> None:
        name = dict(SECTIONS)[sid]
        parts.append(f'<section id="{sid}"><h2>{esc(name)}</h2>')
        parts.extend(body)
        parts.append("</section>")

    def figure(name: str, caption: str) -> str:
        if name not in charts:
            return '<p class="note">No chart: nothing to draw.</p>'
        data = base64.b64encode(charts[name]).decode("ascii")
        legend = legends.get(name)
        extra = ""
        if legend is not None and len(legend):
            extra = ("<details open><summary>Key to the codes in the chart (no Chinese font was found when it was drawn)</summary>"
                     + _table(legend, "legend-" + name, max_rows) + "</details>")
        return f'<figure data-chart="{esc(name)}"><img alt="{esc(caption)}" src="data:image/png;base64,{data}"><figcaption>{esc(caption)}</figcaption></figure>{extra}'

    from .display import summary_with_bounds

    docs = tables["documents"]
    section("overview", [
        f"<p>{len(docs)} documents; years {_span(docs['year'])}; levels: {esc(_counts(docs['level']))}; "
        f"{int(docs['chars'].sum()) if len(docs) else 0:,} characters.</p>",
        figure("documents", "Documents by year and level"),
        _table(docs, "documents", max_rows),
    ])
    metrics = tables["metrics"]
    section("metrics", [
        f"<p>{len(metrics)} metrics ({int(metrics['masked'].sum()) if len(metrics) else 0} with masked digits).</p>",
        figure("metrics_by_category", "Metrics by category and document"),
        "<h3>Per document</h3>",
        '<p class="note">A figure with masked digits is shown by the bounds it lies within (100–999).</p>',
        _table(summary_with_bounds(metrics, doc_ids=docs["doc_id"]), "metrics-summary", max_rows),
        "<h3>All metrics</h3>",
        _table(metrics.drop(columns=["context"]), "metrics-table", max_rows, scroll=True),
    ])
    if "panel" in tables:
        from .display import panel_view

        trend = tables["panel"]
        placed = trend.groupby("place")["year"].nunique()
        several = placed[placed >= 2]
        body = [
            f"<p>{len(several)} place{'s' if len(several) != 1 else ''} with reports of several years "
            f"({esc('、'.join(several.index[:12]))}{' …' if len(several) > 12 else ''}). One row per place, year (the year a "
            "report covers) and measure: the report's total, never a breakdown row; a masked figure by its bounds.</p>",
            figure("trends", "Headline measures by year, a line per place (a masked figure is drawn as the range it lies within)"),
        ]
        if "theme_spread" in tables:
            spread = tables["theme_spread"]
            body += [
                f"<h3>Spread of {esc(spread.attrs.get('theme', ''))}</h3>",
                '<p class="note">Paragraphs naming the theme, by place and year; blank where the place has no report that year.</p>',
                figure("theme_spread", f"{spread.attrs.get('theme', '')}: places by years"),
                _table(spread.astype("Float64"), "theme-spread-table", max_rows, index=True),
            ]
        body += ["<h3>Panel</h3>", _table(panel_view(trend), "panel-table", max_rows, scroll=True)]
        section("trends", body)
    else:
        section("trends", ['<p class="note">Needs reports of several years of one place (the place and the year a report '
                           "covers are read from its title and first lines; where they cannot be read, give them with "
                           "<code>with_metadata</code> or <code>--metadata</code>).</p>"])
    section("themes", [
        figure("themes", "Theme words per 1,000 characters (documents x themes)"),
        _table(tables["themes"].round(2), "themes-table", max_rows, index=True),
    ])
    if "similarity" in tables:
        section("similarity", [
            figure("similarity", "TF-IDF cosine similarity between documents"),
            _table(tables["similarity"].round(3), "similarity-table", max_rows, index=True),
        ])
        section("distinctive", [
            '<p class="note">Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008): '
            "each document against the rest; z-scores above 1.96 are distinctive.</p>",
            *[f'<p class="note">{esc(note)}</p>' for note in notes.get("distinctive", [])],
            figure("distinctive_terms", "Top distinctive terms of each document"),
            _table(tables["distinctive_terms"], "distinctive-table", max_rows, scroll=True),
        ])
    else:
        section("similarity", ['<p class="note">Comparison needs at least two documents.</p>'])
        section("distinctive", ['<p class="note">Comparison needs at least two documents.</p>'])
    brands = tables["brands"]
    section("brands", [
        f"<p>{len(brands)} brands and slogans, {int((~brands['known']).sum()) if len(brands) else 0} not in the lexicon.</p>",
        _table(brands, "brands-table", max_rows, scroll=True),
    ])
    passages = [
        "<h3>Passages shared by pairs of documents</h3>",
        _table(tables["shared_passages"], "shared-table", max_rows, scroll=True) if "shared_passages" in tables else '<p class="note">Needs at least two documents.</p>',
        "<h3>Templated passages (shared by many documents)</h3>",
        _table(tables["boilerplate"], "boilerplate-table", max_rows, scroll=True) if "boilerplate" in tables else '<p class="note">Needs at least two documents.</p>',
    ]
    section("passages", passages)
    problems = tables["problems"]
    section("problems", [
        f"<p>{len(problems)} problems found on input.</p>" if len(problems) else "<p>No file was skipped and no document is damaged.</p>",
        _table(problems, "problems-table", max_rows),
    ])
    parts.append("</body></html>")
    return "\n".join(parts)


def _table(frame: "pd.DataFrame", table_id: str, max_rows: int, *, index: bool = False, scroll: bool = False) -> str:
    """A table in a box of its own: wider than the page, it scrolls sideways inside its section
    (long ones, ``scroll=True``, scroll down too); file paths shown as file names; columns of
    running text kept wide enough to read."""
    from pathlib import PureWindowsPath

    shown = frame.head(max_rows).astype(object)
    shown = shown.where(shown.notna(), "")
    shown = shown.map(lambda v: "、".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    for col in _PATH_COLUMNS:
        if col in shown.columns:
            shown[col] = shown[col].map(lambda v: PureWindowsPath(v).name if isinstance(v, str) and v else v)
    body = shown.to_html(index=index, table_id=table_id, na_rep="", escape=True, border=0, float_format=lambda x: f"{x:,.6g}")
    offset = (frame.index.nlevels if index else 0) + 1
    rules = "".join(f"#{table_id} td:nth-child({i + offset}){{min-width:{_WIDE_COLUMNS[c]}em}}"
                    for i, c in enumerate(frame.columns) if c in _WIDE_COLUMNS)
    style = f"<style>{rules}</style>" if rules else ""
    note = f'<p class="note">Showing {max_rows} of {len(frame)} rows.</p>' if len(frame) > max_rows else ""
    box = "table scroll" if scroll else "table"
    return style + f'<div class="{box}">{body}</div>' + note


def _span(years: "pd.Series") -> str:
    values = years.dropna()
    if values.empty:
        return "unknown"
    return f"{int(values.min())}–{int(values.max())}" if values.min() != values.max() else str(int(values.min()))


def _counts(values: "pd.Series") -> str:
    counts = values.fillna("unknown").value_counts()
    return ", ".join(f"{k} {v}" for k, v in counts.items())
