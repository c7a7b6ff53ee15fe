"""The HTML report: every section and chart present, numbers equal to the DataFrames, renders in a browser."""
from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import warnings
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import summarytext as st
from summarytext.report import SECTIONS, build_report, input_problems

pytest.importorskip("matplotlib")


class _Page(HTMLParser):
    """Sections, embedded images and tables (rows of cell texts) of a report page."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[tuple[str, str]] = []  # (chart name, src)
        self.external: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._figure: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id", ""))
        elif tag == "figure":
            self._figure = a.get("data-chart")
        elif tag == "img":
            self.images.append((self._figure or "", a.get("src", "")))
        elif tag in ("script", "link") and (a.get("src") or a.get("href")):
            self.external.append(a.get("src") or a.get("href"))
        elif tag == "table":
            self._table = a.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def report():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
        built = build_report(corpus, title="样本报告")
    return corpus, built


@pytest.fixture(scope="module")
def page(report):
    parser = _Page()
    parser.feed(report[1].html)
    return parser


def test_every_section_present(page):
    assert page.sections == [sid for sid, _ in SECTIONS]


def test_every_chart_embedded_as_png(report, page):
    _, built = report
    names = [name for name, _ in page.images]
    assert sorted(names) == sorted(built.charts) and len(names) >= 5
    for name, src in page.images:
        assert src.startswith("data:image/png;base64,"), name
        png = base64.b64decode(src.split(",", 1)[1])
        assert png == built.charts[name]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.external == []  # nothing fetched from the network


def test_tables_show_the_dataframes(report, page):
    corpus, built = report
    metrics = built.tables["metrics"]
    rows = page.tables["metrics-table"]
    header, body = rows[0], rows[1:]
    assert len(body) == len(metrics)
    col = header.index("text")
    assert [r[col] for r in body] == metrics["text"].tolist()
    value = header.index("value")
    shown = [float(r[value].replace(",", "")) for r in body if r[value]]
    assert sum(shown) == pytest.approx(metrics["value"].sum(skipna=True))
    docs = page.tables["documents"]
    assert [r[0] for r in docs[1:]] == corpus.ids
    summary = page.tables["metrics-summary"]
    expected = built.tables["metrics_summary"]
    i = summary[0].index("metrics")
    assert [int(r[i]) for r in summary[1:]] == expected["metrics"].tolist()
    themes = page.tables["themes-table"]
    assert len(themes) - 2 == len(built.tables["themes"])  # two header rows: columns and index name
    brands = page.tables["brands-table"]
    assert [r[brands[0].index("brand")] for r in brands[1:]] == built.tables["brands"]["brand"].tolist()
    assert "<NA>" not in built.html and "nan</td>" not in built.html


def test_themes_are_tagged_once_and_read_as_the_functions_give_them(report):
    # the report tags paragraph themes in its one pass over the documents; the matrix and the
    # spread over years built from them are those of theme_matrix and theme_timeline
    corpus, built = report
    expected = st.theme_matrix(corpus, normalize="per_1000_chars")
    pd.testing.assert_frame_equal(built.tables["themes"], expected)
    from summarytext.report import spread_theme
    from summarytext.timeline import timeline_grid

    timeline = st.theme_timeline(corpus, brands=False)  # tagging again, directly
    grid = built.tables["theme_spread"]  # the sample holds several years of one place
    assert grid.attrs["theme"] == spread_theme(timeline)
    pd.testing.assert_frame_equal(grid, timeline_grid(timeline, grid.attrs["theme"], kind="theme"))


def test_the_report_tags_each_document_once(monkeypatch):
    # the themes matrix and their spread over years are read from the one pass, not tagged again
    import summarytext.themes as themes

    tagged = []
    original = themes._tag_document

    def counted(doc, *args, **kwargs):
        tagged.append(doc.doc_id)
        return original(doc, *args, **kwargs)

    monkeypatch.setattr(themes, "_tag_document", counted)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
        build_report(corpus, title="样本报告")
    assert sorted(tagged) == sorted(doc.doc_id for doc in corpus)


def test_input_problems_listed(report, page):
    corpus, built = report
    problems = built.tables["problems"]
    text = " ".join(problems["problem"])
    assert "body is missing" in text and "cut off" in text
    assert len(page.tables["problems-table"]) - 1 == len(problems)


def test_input_problems_include_skipped_files(tmp_path):
    (tmp_path / "good.txt").write_text("云岭县政协2024年工作总结\n立案120件。", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(tmp_path)
    table = input_problems(corpus)
    assert table["problem"].tolist() == ["skipped: file is empty"]


def test_input_problems_include_removed_glosses():
    corpus = st.Corpus.from_texts(["全國政協(xié)委員提交提(ti)案326件。", "立案120件。"], ids=["glossed", "clean"])
    table = input_problems(corpus)
    assert table[["doc_id", "problem"]].values.tolist() == [["glossed", "pinyin glosses removed: 2 ((xié)、(ti))"]]


def test_report_for_a_single_document(tmp_path):
    corpus = st.Corpus.from_texts(["云岭县政协2024年工作总结\n全年立案120件，办复率100%。"], ids=["one"])
    built = build_report(corpus)
    parser = _Page()
    parser.feed(built.html)
    assert parser.sections == [sid for sid, _ in SECTIONS]
    assert "at least two documents" in built.html
    path = built.save(tmp_path / "one.html")
    assert path.read_text(encoding="utf-8") == built.html


def test_charts_fall_back_to_codes_without_a_cjk_font(monkeypatch):
    from summarytext import plot

    monkeypatch.setattr(plot, "cjk_font", lambda: None)
    import pandas as pd

    matrix = pd.DataFrame([[1.0, 2.0]], index=["文档甲"], columns=["有事来协商", "书香政协"])
    fig = plot.plot_theme_heatmap(matrix)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()] + [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert all(label.isascii() for label in labels), labels
    assert set(plot.legend(fig)["label"]) == {"文档甲", "有事来协商", "书香政协"}
    html = fig._repr_html_()  # in a notebook the key is shown under the chart
    assert html.startswith('<img src="data:image/png;base64,') and "有事来协商" in html and "summarytext[plot]" in html
    assert fig.key.equals(plot.legend(fig))
    plot.figure_to_png(fig)


def test_charts_with_a_cjk_font_show_their_labels_and_no_key():
    from summarytext import plot

    if plot.cjk_font() is None:
        pytest.skip("no CJK font on this machine")
    import pandas as pd

    fig = plot.plot_theme_heatmap(pd.DataFrame([[1.0, 2.0]], index=["文档甲"], columns=["有事来协商", "书香政协"]))
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["有事来协商", "书香政协"]
    assert fig._repr_html_() is None and fig.key.empty  # shown as the plain PNG
    plot.figure_to_png(fig)


def _png_size_and_variety(data: bytes) -> tuple[int, int, int]:
    """Width, height and number of distinct pixel rows of a PNG (RGB or RGBA, 8-bit)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    idat = b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            chunks["IHDR"] = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks["IHDR"][:10])
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}.get(color, 1)
    stride = 1 + width * channels * depth // 8
    rows = {raw[i * stride + 1 : (i + 1) * stride] for i in range(height)}
    return width, height, len(rows)


@pytest.mark.slow
def test_report_renders_in_headless_chromium(report, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("headless Chromium is not installed")
    page = report[1].save(tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "ERROR" in line)]
    assert console == []
    width, height, distinct_rows = _png_size_and_variety(Path(shot).read_bytes())
    assert (width, height) == (1280, 2400)
    assert distinct_rows > 200  # text, tables and charts, not a blank page


_LAYOUT_PROBE = """
window.addEventListener('load', () => {
  const box = b => { const r = b.getBoundingClientRect(), s = b.closest('section').getBoundingClientRect();
    return {id: b.querySelector('table').id, right: r.right, sectionRight: s.right, height: b.clientHeight,
            scrollHeight: b.scrollHeight, scroll: b.classList.contains('scroll')}; };
  const column = (table, name) => {
    const heads = [...document.querySelectorAll('#' + table + ' thead th')].map(x => x.textContent.trim());
    const i = heads.indexOf(name);
    return [...document.querySelectorAll('#' + table + ' tbody tr')].map(r => ({width: r.children[i].getBoundingClientRect().width,
                                                                               text: r.children[i].textContent}));
  };
  const out = {pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
               em: parseFloat(getComputedStyle(document.querySelector('#documents td')).fontSize),
               boxes: [...document.querySelectorAll('div.table')].map(box),
               titles: column('documents', 'title'), sources: column('documents', 'source'),
               ids: column('metrics-summary', 'doc_id')};
  const pre = document.createElement('pre'); pre.id = 'layout'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


@pytest.mark.slow
def test_report_layout_at_laptop_width(report, tmp_path):
    """At 1280 px: nothing wider than the window, every table inside its section (wide ones
    scroll sideways in their box, long ones scroll down), titles and ids wide enough to read,
    file names rather than paths."""
    import json
    import re

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("headless Chromium is not installed")
    page = tmp_path / "probe.html"
    page.write_text(report[1].html.replace("</body>", f"<script>{_LAYOUT_PROBE}</script></body>"), encoding="utf-8")
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900",
         "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    found = re.search(r'<pre id="layout">([^<]*)</pre>', proc.stdout)
    assert found, proc.stderr[-2000:]
    layout = json.loads(found.group(1).replace("&amp;", "&"))
    assert layout["pageWidth"] <= layout["viewport"]
    assert {b["id"] for b in layout["boxes"]} >= {"documents", "metrics-summary", "metrics-table", "problems-table"}
    for b in layout["boxes"]:
        assert b["right"] <= b["sectionRight"] + 1, b
        if b["scroll"]:
            assert b["height"] <= 32 * 16 + 2, b
    metrics_box = next(b for b in layout["boxes"] if b["id"] == "metrics-table")
    assert metrics_box["scrollHeight"] > metrics_box["height"]  # 316 rows scroll inside their section
    em = layout["em"]
    assert min(c["width"] for c in layout["titles"]) >= 10 * em  # not one character a line
    assert min(c["width"] for c in layout["ids"]) >= 8 * em
    assert all("/" not in c["text"] and c["text"].endswith((".txt", ".docx", ".md")) for c in layout["sources"])
