"""The spread of a programme: when each place's reports first name each theme and brand.

:func:`theme_timeline` gives, for every place and year of a corpus, how often its reports name
each theme (paragraphs tagged with it, as :func:`~summarytext.tag_themes` tags them) and each
brand (occurrences of the names :func:`~summarytext.discover_brands` finds in the corpus, known
and new), and the first year each place names it.  :func:`timeline_grid` lays one theme or brand
out as places by years, for a heat map.

>>> texts = ["云岭县政协2022年工作总结\\n开展专题协商会3场。", "云岭县政协2023年工作总结\\n开展“有事来协商”活动。读书活动常态开展。",
...          "枫林县政协2023年工作总结\\n委员读书活动持续开展。"]
>>> t = theme_timeline(texts, brands=False)
>>> t.query("name == '书香政协'")[["place", "year", "count", "first_year", "first"]].values.tolist()
[['云岭县', 2023, 1, 2023, True], ['枫林县', 2023, 1, 2023, True]]
>>> timeline_grid(t, "专题协商").values.tolist()
[[1.0, 0.0], [nan, 0.0]]
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TIMELINE_COLUMNS", "TIMELINE_DTYPES", "theme_timeline", "timeline_grid"]

#: the columns of :func:`theme_timeline` and their dtypes
TIMELINE_DTYPES = {"place": "string", "level": "string", "year": "Int64", "kind": "string", "name": "string", "count": "int64",
                   "n_documents": "int64", "first_year": "Int64", "first": bool}
TIMELINE_COLUMNS = list(TIMELINE_DTYPES)


def theme_timeline(
    obj: Any,
    *,
    metadata: Any = None,
    lexicon: Any = None,
    brands: bool = True,
    min_count: int = 1,
    n_jobs: int | None = 1,
    themes: "pd.DataFrame | None" = None,
) -> "pd.DataFrame":
    """When each place's reports name each theme and brand, year by year.

    ``obj``: a corpus, a folder, texts or documents (as the analysis functions take);
    ``metadata`` overrides place and year (see :func:`~summarytext.with_metadata`);
    ``lexicon`` the theme lexicon (default: the shipped one); ``brands=False`` leaves brands
    out; a brand must occur ``min_count`` times in the corpus.  ``themes``: the corpus's
    paragraph themes when they are at hand already (:func:`~summarytext.tag_themes` at
    ``level="paragraph"`` with the same lexicon), so that they are not tagged again.

    One row per place, year and theme or brand that the place's reports of that year name
    (columns :data:`TIMELINE_COLUMNS`): ``kind`` (``theme`` or ``brand``), ``name``, ``count``
    (paragraphs tagged with the theme; occurrences of the brand), ``n_documents`` (reports of
    that place and year naming it), ``first_year`` (the first year the place names it) and
    ``first`` (this is that year).  Reports without a known place or year are left out, listed in
    ``attrs["left_out"]``; ``attrs["reports"]`` gives the number of reports of every place and
    year (what :func:`timeline_grid` needs to tell "not named" from "no report").
    """
    import numpy as np
    import pandas as pd

    from .metadata import metadata_table, overridden
    from .multisearch import KeywordSearch
    from .normalize import simplified_view
    from .themes import tag_themes

    corpus = overridden(obj, metadata, caller="theme_timeline")
    docs_table = metadata_table(corpus)
    from .panel import panel_documents

    docs, left_out = panel_documents(docs_table)
    by_doc = docs.set_index("doc_id")
    kept = [d for d in corpus if d.doc_id in by_doc.index]
    counts = []  # (doc_id, kind, name, count)
    if kept:
        if themes is None:
            tags = tag_themes(kept, "paragraph", lexicon=lexicon, n_jobs=n_jobs)
        elif (themes["level"] != "paragraph").any():
            raise ValueError("theme_timeline counts paragraphs: give it the themes of tag_themes(..., level='paragraph')")
        else:
            tags = themes[themes["doc_id"].isin([d.doc_id for d in kept])]
        per_doc = tags.groupby(["doc_id", "theme"], sort=False).size()
        counts.extend((d, "theme", t, int(n)) for (d, t), n in per_doc.items())
        if brands:
            from .brands import discover_brands

            found = discover_brands(kept, lexicon=lexicon, min_count=min_count)
            names = found["brand"].tolist()
            search = KeywordSearch([simplified_view(b) for b in names])  # one pass over each document
            for doc in kept:
                per_brand = np.bincount(search.find(doc.simplified)[:, 0], minlength=len(names))
                counts.extend((doc.doc_id, "brand", names[i], int(per_brand[i])) for i in np.flatnonzero(per_brand).tolist())
    table = pd.DataFrame(counts, columns=["doc_id", "kind", "name", "count"])
    reports = docs.groupby(["place", "year"], sort=False).size().rename("reports").reset_index()
    if table.empty:
        frame = pd.DataFrame({c: [] for c in TIMELINE_COLUMNS})
    else:
        table = table.join(by_doc, on="doc_id")
        frame = (table.groupby(["place", "year", "kind", "name"], sort=False)
                 .agg(level=("level", "first"), count=("count", "sum"), n_documents=("doc_id", "nunique"))
                 .reset_index())
        frame["first_year"] = frame.groupby(["place", "kind", "name"])["year"].transform("min")
        frame["first"] = frame["year"] == frame["first_year"]
        place_order = {p: i for i, p in enumerate(docs["place"].drop_duplicates())}
        frame = frame.assign(_p=frame["place"].map(place_order), _k=frame["kind"].map({"theme": 0, "brand": 1}))
        frame = frame.sort_values(["_p", "year", "_k"], kind="stable").drop(columns=["_p", "_k"])[TIMELINE_COLUMNS]
    frame = frame.astype(TIMELINE_DTYPES).reset_index(drop=True)
    frame.attrs["left_out"] = left_out
    frame.attrs["reports"] = reports
    return frame


def timeline_grid(timeline: "pd.DataFrame", name: str, *, kind: str | None = None) -> "pd.DataFrame":
    """Places by years for one theme or brand of a :func:`theme_timeline`: the count where the
    place's reports name it, 0 where the place has a report that year that does not, NaN where it
    has none (float64; places in the order they first appear, years ascending).

    ``kind`` (``theme`` or ``brand``) settles a name that is both.
    """
    import pandas as pd

    reports = timeline.attrs.get("reports")
    rows = timeline[timeline["name"] == name]
    if kind is not None:
        rows = rows[rows["kind"] == kind]
    if reports is None:
        reports = timeline[["place", "year"]].drop_duplicates()
    places = list(dict.fromkeys(list(reports["place"]) + list(timeline["place"])))
    years = sorted(int(y) for y in set(reports["year"]) | set(timeline["year"].dropna()))
    grid = pd.DataFrame(float("nan"), index=pd.Index(places, name="place"), columns=pd.Index(years, name="year"))
    for p, y in zip(reports["place"], reports["year"]):
        grid.loc[p, int(y)] = 0.0
    for p, y, n in zip(rows["place"], rows["year"], rows["count"]):
        grid.loc[p, int(y)] = float(n)
    return grid
