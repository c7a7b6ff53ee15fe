"""Charts of the library's tables, drawn with matplotlib (optional extra ``plot``).

Chinese labels need a CJK font.  :func:`cjk_font` looks for one on the system (Noto
Sans CJK, Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei, PingFang …) or in the
``mplfonts`` package (``pip install 'summarytext[plot]'`` installs it); when there is none,
charts label rows and columns with short ASCII codes (T01, D01 …) — never boxes of missing
glyphs — and the key that maps them back is shown under the chart in a notebook, and given
by :func:`legend` (``fig.key``).

Every function takes the DataFrame another part of the library returns and gives a
``matplotlib.figure.Figure`` (a :class:`ChartFigure`).  In a notebook it is shown once, by
the cell that returns it.

>>> import summarytext as st                                  # doctest: +SKIP
>>> fig = plot_theme_heatmap(st.theme_matrix(st.load_sample()))  # doctest: +SKIP
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

logger = logging.getLogger("summarytext")

#: font families known to cover simplified Chinese, tried in this order
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
    "Noto Sans CJK JP", "Noto Serif CJK SC", "AR PL UMing CN", "Droid Sans Fallback",
)
_PROBE = "政协提案协商"
_LIKELY_CJK = re.compile(r"cjk|sourcehan|source-han|wqy|wenquanyi|simhei|simsun|msyh|yahei|pingfang|droidsansfallback|notosanssc|notoserifsc", re.I)


def _matplotlib():
    from .errors import require

    return require("matplotlib", what="drawing charts", extra="plot")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The path of a font file that draws Chinese, or None when there is none.

    >>> path = cjk_font()
    >>> path is None or path.endswith((".ttf", ".otf", ".ttc"))
    True
    """
    _matplotlib()
    from matplotlib import font_manager

    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for family in CJK_FAMILIES:
        path = by_name.get(family)
        if path and _covers(path):
            return path
    try:  # the optional mplfonts package ships Noto Sans CJK SC
        import mplfonts  # noqa: F401
        from pathlib import Path

        for candidate in sorted((Path(mplfonts.__file__).parent / "fonts").glob("NotoSansCJK*")):
            if _covers(str(candidate)):
                return str(candidate)
    except ImportError:
        pass
    for entry in font_manager.fontManager.ttflist:  # any other font that happens to cover Chinese
        if entry.fname.lower().endswith((".ttc", ".otf", ".ttf")) and _covers(entry.fname):
            return entry.fname
    # fonts installed after matplotlib built its cache: look on disk, likely names first
    files = sorted(font_manager.findSystemFonts(), key=lambda f: (not _LIKELY_CJK.search(f), "bold" in f.lower() or "black" in f.lower(), f))
    for path in files:
        if _LIKELY_CJK.search(path) and _covers(path):
            return path
    logger.info("no CJK font found: charts use ASCII codes for Chinese labels")
    return None


def _covers(path: str) -> bool:
    if "lastresort" in path.lower().replace("_", "").replace("-", ""):
        return False  # draws a placeholder box for every character
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(path)
        charmap = font.get_charmap()
        return all(ord(ch) in charmap for ch in _PROBE)
    except Exception:  # noqa: BLE001 - unreadable or unusual font files are simply not used
        return False


def _needs_code(label: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in str(label))


class _Labels:
    """Chinese labels as they are (with a CJK font) or as short ASCII codes (without one)."""

    def __init__(self, prefix: str, use_codes: bool):
        self.prefix = prefix
        self.use_codes = use_codes
        self.codes: dict[str, str] = {}

    def __call__(self, label: object) -> str:
        text = str(label)
        if not self.use_codes or not _needs_code(text):
            return text
        if text not in self.codes:
            self.codes[text] = f"{self.prefix}{len(self.codes) + 1:02d}"
        return self.codes[text]


def _setup(figsize: tuple[float, float]):
    _matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = cjk_font()
    props = font_manager.FontProperties(fname=font) if font else None
    fig, ax = plt.subplots(figsize=figsize, layout="constrained", FigureClass=chart_figure_class())
    return fig, ax, props


def _apply_font(ax, props) -> None:
    if props is None:
        return
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontproperties(props)
    ax.title.set_fontproperties(props)
    ax.xaxis.label.set_fontproperties(props)
    ax.yaxis.label.set_fontproperties(props)
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            text.set_fontproperties(props)


def legend(fig: "Figure") -> "pd.DataFrame":
    """The codes a chart used for Chinese labels (columns code, label); empty with a CJK font."""
    import pandas as pd

    rows = [(code, label) for lab in getattr(fig, "_summarytext_labels", []) for label, code in lab.codes.items()]
    return pd.DataFrame(rows, columns=["code", "label"])


def _finish(fig, labels: Sequence[_Labels]) -> "Figure":
    fig._summarytext_labels = list(labels)
    import matplotlib

    if "inline" in matplotlib.get_backend():
        # in a notebook the figure returned by the cell shows it; left open, pyplot would show it again
        import matplotlib.pyplot as plt

        plt.close(fig)
    return fig


@lru_cache(maxsize=1)
def chart_figure_class() -> type:
    """The class of the library's figures (made on first use, so that matplotlib loads only then)."""
    from matplotlib.figure import Figure

    class ChartFigure(Figure):
        """A matplotlib Figure that knows the codes it used for Chinese labels (without a CJK
        font) and shows their key under the chart in a notebook."""

        @property
        def key(self) -> "pd.DataFrame":
            """The codes used for Chinese labels (columns code, label); empty with a CJK font."""
            return legend(self)

        def _repr_html_(self) -> str | None:
            key = self.key
            if not len(key):
                return None  # the usual PNG display
            import base64
            import io
            from html import escape

            buf = io.BytesIO()
            self.savefig(buf, format="png", dpi=100)
            data = base64.b64encode(buf.getvalue()).decode("ascii")
            rows = "".join(f"<tr><td>{escape(c)}</td><td>{escape(str(label))}</td></tr>" for c, label in key.itertuples(index=False))
            return (f'<img src="data:image/png;base64,{data}"><details open><summary>Key to the codes in the chart '
                    "(no Chinese font was found: <code>pip install 'summarytext[plot]'</code> adds one)</summary>"
                    f"<table><tr><th>code</th><th>label</th></tr>{rows}</table></details>")

    ChartFigure.__module__ = __name__
    return ChartFigure


def plot_heatmap(frame: "pd.DataFrame", *, title: str = "", cmap: str = "viridis", fmt: str = "{:.2g}",
                 annotate: bool | None = None, row_prefix: str = "D", col_prefix: str = "T") -> "Figure":
    """A labelled heat map of a numeric DataFrame (rows x columns).

    >>> import pandas as pd
    >>> fig = plot_heatmap(pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["a", "b"], columns=["a", "b"]))
    >>> len(fig.axes) >= 1
    True
    """
    import numpy as np

    rows, cols = frame.shape
    fig, ax, props = _setup((max(4.0, 1.0 + 0.55 * cols), max(3.0, 1.0 + 0.38 * rows)))
    use_codes = props is None
    row_labels, col_labels = _Labels(row_prefix, use_codes), _Labels(col_prefix, use_codes)
    values = frame.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap)  # a NaN cell is left blank
    ax.set_xticks(range(cols), [_short(col_labels(c), 20) for c in frame.columns], rotation=60, ha="right")
    ax.set_yticks(range(rows), [_short(row_labels(r)) for r in frame.index])
    if annotate is None:
        annotate = rows * cols <= 150
    if annotate:
        top = np.nanmax(values) if values.size else 0
        for i in range(rows):
            for j in range(cols):
                v = values[i, j]
                if v == v and v != 0:
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                            color="white" if top and v < 0.6 * top else "black")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    _apply_font(ax, props)
    return _finish(fig, [row_labels, col_labels])


def plot_theme_heatmap(matrix: "pd.DataFrame", *, title: str = "Themes per document") -> "Figure":
    """Heat map of :func:`summarytext.theme_matrix` (documents x themes)."""
    return plot_heatmap(matrix, title=title, cmap="YlGnBu")


def plot_similarity(similarity: "pd.DataFrame", *, title: str = "Document similarity (TF-IDF cosine)") -> "Figure":
    """Heat map of a documents x documents similarity table."""
    return plot_heatmap(similarity, title=title, cmap="magma", fmt="{:.2f}", row_prefix="D", col_prefix="D")


def plot_metrics_by_category(metrics: "pd.DataFrame", *, title: str = "Metrics by category and document") -> "Figure":
    """Stacked horizontal bars: how many metrics of each category each document reports."""
    counts = metrics.groupby(["doc_id", "category"]).size().unstack(fill_value=0)
    counts = counts.iloc[::-1]
    fig, ax, props = _setup((8.0, max(2.5, 0.9 + 0.32 * len(counts))))
    docs = _Labels("D", props is None)
    counts.index = [_short(docs(i)) for i in counts.index]
    counts.plot.barh(stacked=True, ax=ax, width=0.8, colormap="tab10")
    ax.set_xlabel("metrics")
    ax.set_ylabel("")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.tick_params(axis="y", labelsize=8)
    _apply_font(ax, props)
    return _finish(fig, [docs])


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def plot_distinctive_terms(terms: "pd.DataFrame", *, n: int = 8, title: str = "Distinctive terms (log-odds z-score)") -> "Figure":
    """Small multiples: the top ``n`` distinctive terms of each document (columns doc_id, term, z)."""
    import math

    _matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = cjk_font()
    props = font_manager.FontProperties(fname=font) if font else None
    key = "doc_id" if "doc_id" in terms.columns else terms.columns[0]
    groups = list(dict.fromkeys(terms[key]))
    ncols = min(3, max(1, len(groups)))
    nrows = max(1, math.ceil(len(groups) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.35 * n * nrows + 1.2 * nrows), layout="constrained", squeeze=False,
                             FigureClass=chart_figure_class())
    words, docs = _Labels("W", props is None), _Labels("D", props is None)
    for ax, group in zip(axes.flat, groups):
        top = terms[terms[key] == group].nlargest(n, "z").iloc[::-1]
        ax.barh([words(t) for t in top["term"]], top["z"], color="#4c72b0")
        ax.set_title(docs(group), fontsize=9)
        ax.tick_params(labelsize=8)
        _apply_font(ax, props)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    fig.suptitle(title)
    return _finish(fig, [docs, words])


def plot_documents(frame: "pd.DataFrame", *, title: str = "Documents by year and level") -> "Figure":
    """Bars of the corpus overview (:meth:`Corpus.to_frame`): documents per year and level."""
    table = frame.assign(year=frame["year"].astype("string").fillna("n.d."), level=frame["level"].fillna("unknown"))
    counts = table.groupby(["year", "level"]).size().unstack(fill_value=0)
    fig, ax, props = _setup((max(4.0, 1.0 + 0.7 * len(counts)), 3.2))
    counts.plot.bar(stacked=True, ax=ax, colormap="Set2")
    ax.set_ylabel("documents")
    ax.set_title(title)
    ax.tick_params(axis="x", labelrotation=0)
    _apply_font(ax, props)
    return _finish(fig, [])


def plot_trends(panel: "pd.DataFrame", *, measures: Sequence[str] | None = None,
                title: str = "Measures across years") -> "Figure":
    """Small multiples of a :func:`summarytext.panel`: one chart per measure, a line per place
    over the years (places with figures for two years or more); a masked figure is drawn as
    the range it lies within.  ``measures``: which, in order (default: the headline measures of
    the terminal summary that some place gives for two years).

    >>> import summarytext as st
    >>> p = st.panel(["榆塘县政协2022年工作总结\\n立案88件。", "榆塘县政协2023年工作总结\\n立案95件。"])
    >>> [ax.get_title() for ax in plot_trends(p).axes if ax.get_visible() and ax.lines]
    ['proposals_registered']
    """
    import math

    import numpy as np

    _matplotlib()
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from .display import HEADLINE_MEASURES

    counts = panel.groupby(["measure", "place"])["year"].nunique()
    repeated = set(counts[counts >= 2].index.get_level_values("measure"))
    if measures is None:
        measures = [m for m, _ in HEADLINE_MEASURES if m in repeated]
    measures = [m for m in measures if m in set(panel["measure"])]
    font = cjk_font()
    props = font_manager.FontProperties(fname=font) if font else None
    places = _Labels("P", props is None)
    ncols = min(3, max(1, len(measures)))
    nrows = max(1, math.ceil(len(measures) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.0 * ncols, 2.8 * nrows + 0.6), layout="constrained", squeeze=False,
                             FigureClass=chart_figure_class())
    colours = plt.get_cmap("tab10")
    place_order = list(dict.fromkeys(panel["place"]))
    for ax, measure in zip(axes.flat, measures):
        rows = panel[panel["measure"] == measure]
        for k, (place, group) in enumerate(rows.groupby("place", sort=False)):
            if group["year"].nunique() < 2:
                continue
            group = group.sort_values("year")
            colour = colours(place_order.index(place) % 10)
            years = group["year"].astype(int).to_numpy()
            values = group["value"].to_numpy(dtype=float)
            ax.plot(years, values, marker="o", color=colour, label=places(place))
            masked = group["masked"].to_numpy(dtype=bool)
            if masked.any():
                low = group["low"].to_numpy(dtype=float)[masked]
                high = np.where(np.isnan(group["high"].to_numpy(dtype=float)), low, group["high"].to_numpy(dtype=float))[masked]
                ax.vlines(years[masked], low, high, color=colour, linestyles="dotted")
                ax.plot(years[masked], (low + high) / 2, marker="o", markerfacecolor="none", color=colour, linestyle="none")
        ax.set_title(measure, fontsize=9)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(labelsize=8)
        if ax.lines:
            ax.legend(fontsize=7, frameon=False)
        _apply_font(ax, props)
    for ax in list(axes.flat)[len(measures):]:
        ax.axis("off")
    fig.suptitle(title)
    return _finish(fig, [places])


def plot_spread(grid: "pd.DataFrame", *, title: str = "") -> "Figure":
    """Heat map of a :func:`summarytext.timeline_grid` (places x years): how much each place's
    reports name a theme or brand each year; a year without a report is left blank."""
    grid = grid.copy()
    grid.columns = [str(c) for c in grid.columns]
    return plot_heatmap(grid, title=title, cmap="YlGnBu", fmt="{:.0f}", row_prefix="P", col_prefix="Y")


def figure_to_png(fig: "Figure", *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (and closes it)."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()
