"""The panel: measures across places and years, their change, and the spread of themes.

The short texts here were written for these tests (fictional places: 榆塘县, 梅川市, 杉溪市).
The values expected of the sample corpus's panel (corpus/meichuan-city-*, corpus/yutang-county-*)
were written down by hand from reading those reports.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import summarytext as st
from summarytext.metrics import MEASURES, SUMMARY_MEASURES, extract_metrics, metric_rules
from summarytext.metrics.summary import PART_RULES, is_part, measure_mask
from summarytext.panel import CHANGE_COLUMNS, PANEL_COLUMNS, changes, panel
from summarytext.timeline import TIMELINE_COLUMNS, theme_timeline, timeline_grid

from .conftest import read_written


def cell(p: pd.DataFrame, place: str, year: int, measure: str) -> pd.Series:
    rows = p[(p["place"] == place) & (p["year"] == year) & (p["measure"] == measure)]
    assert len(rows) == 1, (place, year, measure, len(rows))
    return rows.iloc[0]


# --- measures ------------------------------------------------------------------------------


def test_measures_are_one_definition_and_part_rules_exist():
    assert list(MEASURES) == [m.name for m in SUMMARY_MEASURES]
    summary = st.metrics_summary(extract_metrics("收到提案300件。"))
    assert [m.name for m in SUMMARY_MEASURES] == [c for c in summary.columns if c in MEASURES]
    names = set(metric_rules()["name"])
    assert set(PART_RULES) <= names, set(PART_RULES) - names


def test_a_share_of_a_breakdown_is_not_the_rate():
    df = extract_metrics("立案提案已全部办复，办复率100%。已经解决的126件，占45.0%；列入计划解决的131件，占46.8%。")
    handled = measure_mask(df, MEASURES["handling_rate"])
    assert df.loc[handled, "text"].tolist() == ["100%"]
    assert st.metrics_summary(df)["handling_rate"].tolist() == [100.0]


def test_parts_of_a_total():
    df = extract_metrics("经审查立案280件，其中集体提案36件。形成调研报告8篇，其中3篇获县委主要领导批示。"
                         "已经解决的126件，占45.0%。")
    assert dict(zip(df["text"], is_part(df))) == {"280件": False, "36件": True, "8篇": False, "3篇": False, "126件": True, "45.0%": False}


# --- panel ---------------------------------------------------------------------------------

YEARS = [
    "榆塘县政协2022年工作总结\n全年收到提案96件，经审查立案88件，其中集体提案9件、委员提案79件。办复率100%。"
    "全年收集社情民意信息xxx条，被市政协采用21条，被省政协采用4条。",
    "榆塘县政协2023年工作总结\n全年收到提案103件，经审查立案95件。立案提案已全部办复，办复率100%；"
    "已经解决的40件，占42.1%；列入计划逐步解决的55件，占57.9%。全年收集社情民意信息142条，被市政协采用26条。",
    "梅川市政协2023年工作总结\n全年收到提案318件，经审查立案280件。全年收集社情民意信息655条，被省政协采用52条。",
    "梅川市政协关于2023年提案工作情况的报告\n共收到提案318件，立案280件，立案率88.1%。",
    "全年收到提案50件。",  # no place, no year
]


@pytest.fixture(scope="module")
def small():
    return panel(YEARS)


def test_panel_takes_the_total_not_a_breakdown(small):
    assert list(small.columns) == PANEL_COLUMNS
    r = cell(small, "榆塘县", 2022, "proposals_registered")
    assert (r.value, r.n_rows, r.n_documents, r.part, r.text) == (88.0, 3, 1, False, "88件")
    metrics = extract_metrics(YEARS)
    assert metrics.loc[r.row, "text"] == "88件"
    assert sorted(metrics.loc[list(r.rows), "text"]) == ["79件", "88件", "9件"]


def test_masked_figures_are_kept_with_their_bounds(small):
    r = cell(small, "榆塘县", 2022, "information_submitted")
    assert r.masked and math.isnan(r.value) and (r.low, r.high) == (100.0, 999.0) and r.text == "xxx条"


def test_only_parts_give_the_largest_part_marked(small):
    r = cell(small, "榆塘县", 2023, "proposals_handled")
    assert (r.value, r.part, r.n_rows) == (55.0, True, 2)
    assert cell(small, "榆塘县", 2023, "handling_rate").value == 100.0  # not a share


def test_several_reports_of_one_place_and_year(small):
    r = cell(small, "梅川市", 2023, "proposals_registered")
    assert (r.value, r.n_rows, r.n_documents) == (280.0, 2, 2)
    assert cell(small, "梅川市", 2023, "registration_rate").value == 88.1


def test_documents_without_place_or_year_are_listed(small):
    assert small.attrs["left_out"] == ["doc4"]
    assert set(small["place"]) == {"榆塘县", "梅川市"}
    assert small["year"].dtype == "Int64" and small["value"].dtype == "float64" and small["place"].dtype == "string"


def test_panel_of_a_metrics_table_needs_its_documents(small):
    corpus = st.Corpus.from_texts(YEARS)
    metrics = extract_metrics(corpus)
    again = panel(metrics, documents=corpus)
    pd.testing.assert_frame_equal(again.drop(columns=["rows"]), small.drop(columns=["rows"]))
    with_frame = panel(metrics, documents=corpus.to_frame())
    assert with_frame["value"].equals(again["value"])
    with pytest.raises(ValueError, match="needs documents="):
        panel(metrics)
    with pytest.raises(ValueError, match="needs the columns doc_id, place and year"):
        panel(metrics, documents=pd.DataFrame({"doc_id": corpus.ids}))
    with pytest.raises(ValueError, match="unknown measure nonesuch"):
        panel(metrics, documents=corpus, measures=["nonesuch"])
    only = panel(metrics, documents=corpus, measures=["proposals_submitted"])
    assert set(only["measure"]) == {"proposals_submitted"}


def test_metadata_overrides_bring_documents_in(tmp_path):
    table = tmp_path / "meta.csv"
    table.write_text("doc_id,place,year\ndoc4,杉溪市,2023\n", encoding="utf-8")
    p = panel(YEARS, metadata=table)
    assert p.attrs["left_out"] == []
    r = cell(p, "杉溪市", 2023, "proposals_submitted")
    assert (r.value, r.level) == (50.0, "city")
    # on a metrics table, the overrides go into its documents table
    corpus = st.Corpus.from_texts(YEARS)
    q = panel(extract_metrics(corpus), documents=corpus.to_frame(), metadata=table)
    r = cell(q, "杉溪市", 2023, "proposals_submitted")
    assert (r.value, r.level) == (50.0, "city")  # the level the place names, as from a corpus
    pd.testing.assert_frame_equal(q.drop(columns=["rows"]), p.drop(columns=["rows"]))


def test_metadata_on_a_documents_table_keeps_its_column_types():
    from summarytext.panel import panel_frames

    corpus = st.Corpus.from_texts(YEARS)
    table = corpus.to_frame()
    _, docs = panel_frames(extract_metrics(corpus), documents=table,
                           metadata=pd.DataFrame({"doc_id": ["doc4"], "year": [2024], "place": ["杉溪市"]}))
    assert docs["year"].dtype == table["year"].dtype == "Int64" and docs["place"].dtype == table["place"].dtype
    assert docs.loc[docs["doc_id"] == "doc4", ["place", "level", "year"]].values.tolist() == [["杉溪市", "city", 2024]]


def test_metadata_keyed_by_source_needs_sources_in_the_documents_table():
    corpus = st.Corpus.from_texts(YEARS)
    table = pd.DataFrame({"source": ["a.txt"], "place": ["杉溪市"]})
    with pytest.raises(ValueError, match="keyed by source"):
        panel(extract_metrics(corpus), documents=corpus.to_frame().drop(columns=["source"], errors="ignore"), metadata=table)


def test_traditional_and_simplified_reports_of_one_place_line_up():
    p = panel(["霧嵐縣政協2022年工作總結\n全年收到提案80件。", "雾岚县政协2023年工作总结\n全年收到提案90件。"])
    assert p["place"].tolist() == ["雾岚县", "雾岚县"] and p["value"].tolist() == [80.0, 90.0]


def test_empty_panel_has_the_columns():
    p = panel(["没有数字的文字。"])
    assert list(p.columns) == PANEL_COLUMNS and p.empty and p.attrs["left_out"] == ["doc0"]


@pytest.mark.parametrize(
    "make",
    [
        lambda texts: panel(texts),
        lambda texts: changes(texts),
        lambda texts: theme_timeline(texts),
    ],
    ids=["panel", "changes", "theme_timeline"],
)
def test_tables_have_the_same_types_empty_or_not(make):
    full = make(YEARS)
    empty = make(["没有数字的文字。"])
    assert len(full) and empty.empty
    assert full.dtypes.astype(str).to_dict() == empty.dtypes.astype(str).to_dict()


# --- changes -------------------------------------------------------------------------------


def test_changes_side_by_side(small):
    c = changes(small, place="榆塘县")
    assert list(c.columns) == CHANGE_COLUMNS
    by = c.set_index("measure")
    r = by.loc["proposals_registered"]
    assert (r.year_before, r.year_after, r.before, r.after, r.change, r.status) == (2022, 2023, 88.0, 95.0, 7.0, "both")
    assert r.relative_change == pytest.approx(7 / 88)
    s = by.loc["information_submitted"]
    assert s.status == "masked" and math.isnan(s.change) and (s.before_low, s.before_high, s.after) == (100.0, 999.0, 142.0)
    assert by.loc["proposals_handled"].status == "only_after"
    assert by.loc["handling_rate"].change == 0.0
    assert changes(small, place="梅川市").empty  # one year only


@pytest.mark.parametrize("first, second, status, change", [
    # one year gives only the parts of a breakdown (其中 …), the other the total: not comparable
    ("全年立案提案中，其中集体提案15件，委员个人提案70件。", "全年立案提案96件。", "part_and_total", None),
    ("全年立案提案96件。", "全年立案提案中，其中集体提案15件，委员个人提案70件。", "part_and_total", None),
    # totals in both years: compared
    ("全年立案提案88件。", "全年立案提案96件。", "both", 8.0),
])
def test_changes_never_set_a_part_against_a_total(first, second, status, change):
    c = changes([f"枫溪县政协2022年工作总结\n{first}", f"枫溪县政协2023年工作总结\n{second}"])
    r = c.set_index("measure").loc["proposals_registered"]
    assert r.status == status
    assert (r.before_part, r.after_part) == (status == "part_and_total" and "其中" in first, status == "part_and_total" and "其中" in second)
    if change is None:
        assert math.isnan(r.change) and math.isnan(r.relative_change)
        assert {r.before, r.after} == {70.0, 96.0}  # the figures stay, side by side
    else:
        assert r.change == change


def test_changes_of_given_years_and_from_a_corpus():
    c = changes(YEARS, years=(2022, 2023), place="榆塘县")
    assert set(c["year_before"]) == {2022} and set(c["year_after"]) == {2023}
    none = changes(YEARS, years=(2019, 2020))
    assert none.empty and list(none.columns) == CHANGE_COLUMNS


# --- timeline ------------------------------------------------------------------------------


def test_timeline_first_years_and_grid():
    texts = [
        "榆塘县政协2021年工作总结\n召开专题协商会3场。",
        "榆塘县政协2022年工作总结\n启动“书香榆塘”委员读书活动，举办读书分享会12场。",
        "榆塘县政协2023年工作总结\n深化“书香榆塘”委员读书活动。打造“有事来协商”平台。",
        "梅川市政协2022年工作总结\n“有事来协商”平台开展协商议事活动。",
    ]
    t = theme_timeline(texts)
    assert list(t.columns) == TIMELINE_COLUMNS
    reading = t[(t["name"] == "书香政协") & (t["place"] == "榆塘县")]
    assert reading[["year", "first_year", "first"]].values.tolist() == [[2022, 2022, True], [2023, 2022, False]]
    brand = t[(t["kind"] == "brand") & (t["name"] == "书香榆塘")]
    assert brand[["year", "count"]].values.tolist() == [[2022, 1], [2023, 1]]
    grid = timeline_grid(t, "有事来协商", kind="theme")
    assert list(grid.index) == ["榆塘县", "梅川市"] and list(grid.columns) == [2021, 2022, 2023]
    assert grid.loc["榆塘县"].tolist() == [0.0, 0.0, 1.0]
    assert grid.loc["梅川市", 2022] == 1.0 and np.isnan(grid.loc["梅川市", 2021])
    assert theme_timeline(texts, brands=False)["kind"].eq("theme").all()


# --- the sample corpus's panel: values written down by hand ----------------------------------

M, Y = "梅川市", "榆塘县"
#: (place, year, measure) -> (value, masked, part, n_documents); None: masked
SAMPLE = {
    (M, 2021, "activities_held"): 260, (M, 2021, "people_took_part"): 1200, (M, 2021, "proposals_submitted"): 286,
    (M, 2021, "proposals_registered"): 251, (M, 2021, "registration_rate"): 87.8, (M, 2021, "handling_rate"): 100,
    (M, 2021, "information_submitted"): 520, (M, 2021, "information_adopted"): 38, (M, 2021, "reports_submitted"): 45,
    (M, 2022, "activities_held"): 280, (M, 2022, "people_took_part"): 1500, (M, 2022, "proposals_submitted"): 301,
    (M, 2022, "proposals_registered"): 266, (M, 2022, "registration_rate"): 88.4, (M, 2022, "handling_rate"): 100,
    (M, 2022, "information_submitted"): 610, (M, 2022, "information_adopted"): 45, (M, 2022, "items_endorsed"): 9,
    (M, 2023, "activities_held"): 310, (M, 2023, "people_took_part"): 1680, (M, 2023, "proposals_submitted"): 318,
    (M, 2023, "proposals_registered"): 280, (M, 2023, "proposals_handled"): 131, (M, 2023, "registration_rate"): 88.1,
    (M, 2023, "handling_rate"): 100, (M, 2023, "satisfaction_rate"): 98.2, (M, 2023, "information_submitted"): 655,
    (M, 2023, "information_adopted"): 52, (M, 2023, "media_reported"): 48, (M, 2023, "problems_handled"): 118,
    (Y, 2021, "activities_held"): 26, (Y, 2021, "proposals_submitted"): 96, (Y, 2021, "proposals_registered"): 88,
    (Y, 2021, "handling_rate"): 100, (Y, 2021, "information_submitted"): 142, (Y, 2021, "information_adopted"): 21,
    (Y, 2021, "items_endorsed"): 3, (Y, 2021, "reports_submitted"): 8, (Y, 2021, "people_took_part"): 460,
    (Y, 2021, "money_yuan"): 2_600_000,
    (Y, 2022, "activities_held"): 31, (Y, 2022, "proposals_submitted"): 103, (Y, 2022, "proposals_registered"): 95,
    (Y, 2022, "registration_rate"): 92.2, (Y, 2022, "handling_rate"): 100, (Y, 2022, "information_submitted"): None,
    (Y, 2022, "information_adopted"): 26, (Y, 2022, "items_endorsed"): 4, (Y, 2022, "reports_submitted"): 10,
    (Y, 2022, "people_took_part"): 320, (Y, 2022, "money_yuan"): 3_100_000,
    (Y, 2023, "activities_held"): 34, (Y, 2023, "proposals_submitted"): 112, (Y, 2023, "proposals_registered"): 104,
    (Y, 2023, "registration_rate"): 92.9, (Y, 2023, "handling_rate"): 100, (Y, 2023, "satisfaction_rate"): 97.1,
    (Y, 2023, "information_submitted"): 186, (Y, 2023, "information_adopted"): 33, (Y, 2023, "items_endorsed"): 5,
    (Y, 2023, "reports_submitted"): 12, (Y, 2023, "people_took_part"): 410, (Y, 2023, "problems_handled"): 73,
}
#: contributing rows and reports where they say something: (place, year, measure) -> (n_rows, n_documents)
SAMPLE_ROWS = {
    (M, 2022, "activities_held"): (4, 1),  # 280余场, 5次, 10期, 203场 (the planned 6场 is not held)
    (M, 2023, "activities_held"): (6, 2), (M, 2023, "proposals_submitted"): (2, 2), (M, 2023, "handling_rate"): (2, 2),
    (M, 2023, "proposals_handled"): (3, 1),  # the three outcome classes
    (Y, 2021, "activities_held"): (5, 1), (Y, 2021, "proposals_registered"): (3, 1), (Y, 2021, "information_adopted"): (2, 1),
    (Y, 2023, "activities_held"): (5, 1), (Y, 2023, "information_adopted"): (2, 1),
}


@pytest.fixture(scope="module")
def sample_panel():
    corpus = st.load_sample()
    return panel([d for d in corpus if d.doc_id.startswith(("meichuan-", "yutang-"))])


def test_sample_panel_gives_the_hand_checked_values(sample_panel):
    p = sample_panel
    got = {(r.place, int(r.year), r.measure): r for r in p.itertuples()}
    assert set(got) == set(SAMPLE)
    for key, value in SAMPLE.items():
        r = got[key]
        if value is None:
            assert r.masked and math.isnan(r.value), key
        else:
            assert not r.masked and r.value == pytest.approx(value), (key, r.value)
        assert r.part == (key == (M, 2023, "proposals_handled")), key
    for key, (n_rows, n_docs) in SAMPLE_ROWS.items():
        assert (got[key].n_rows, got[key].n_documents) == (n_rows, n_docs), key
    assert set(p.loc[p["place"] == M, "level"]) == {"city"} and set(p.loc[p["place"] == Y, "level"]) == {"county"}
    # the 2022 report of 梅川市 was delivered in January 2023 and covers 2022
    assert got[(M, 2022, "proposals_registered")].doc_id == "meichuan-city-2022-standing-committee-report"


def test_sample_changes_give_the_hand_checked_values(sample_panel):
    c = changes(sample_panel)
    by = {(r.place, int(r.year_before), r.measure): r for r in c.itertuples()}
    r = by[(Y, 2022, "proposals_registered")]
    assert (r.before, r.after, r.change, r.status) == (95.0, 104.0, 9.0, "both")
    assert r.relative_change == pytest.approx(9 / 95)
    assert by[(Y, 2022, "information_submitted")].status == "masked"
    assert by[(Y, 2021, "information_submitted")].status == "masked"
    assert math.isnan(by[(Y, 2022, "information_submitted")].change)
    assert by[(Y, 2022, "registration_rate")].change == pytest.approx(0.7)
    assert (by[(Y, 2022, "satisfaction_rate")].status, by[(Y, 2022, "problems_handled")].status) == ("only_after", "only_after")
    assert by[(Y, 2022, "money_yuan")].status == "only_before"
    assert by[(M, 2021, "items_endorsed")].status == "only_after" and by[(M, 2021, "reports_submitted")].status == "only_before"
    assert by[(M, 2021, "proposals_registered")].change == 15.0 and by[(M, 2022, "proposals_registered")].change == 14.0
    assert by[(M, 2022, "information_adopted")].change == 7.0
    assert by[(M, 2022, "proposals_handled")].status == "only_after"
    assert set(c["year_before"].astype(int)) == {2021, 2022}


def test_sample_timeline_gives_the_hand_checked_first_years():
    corpus = st.load_sample()
    t = theme_timeline([d for d in corpus if d.doc_id.startswith(("meichuan-", "yutang-"))])
    first = {(r.place, r.kind, r.name): int(r.first_year) for r in t.itertuples()}
    assert first[(Y, "theme", "书香政协")] == 2022 and first[(M, "theme", "书香政协")] == 2023
    assert first[(M, "theme", "有事来协商")] == 2021 and first[(Y, "theme", "有事来协商")] == 2023
    assert first[(M, "brand", "梅川夜话")] == 2021 and first[(Y, "brand", "榆塘议事坊")] == 2023
    assert first[(Y, "brand", "书香榆塘")] == 2022 and first[(M, "brand", "书香梅川")] == 2023
    counts = t[(t["kind"] == "brand") & (t["name"] == "梅川夜话")][["year", "count"]].values.tolist()
    assert counts == [[2021, 1], [2022, 2], [2023, 1]]


# --- the command line ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def panel_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("panel")
    for i, text in enumerate(YEARS):
        (folder / f"r{i}.txt").write_text(text, encoding="utf-8")
    return folder


def _cli(*args: str, env: dict | None = None):
    from click.testing import CliRunner

    from summarytext.cli import main

    return CliRunner().invoke(main, list(args), env=env)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".parquet"])
def test_cli_panel_writes_every_table_format(panel_folder, tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"panel{suffix}"
    result = _cli("panel", "-q", str(panel_folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    table = read_written(out)
    assert list(table.columns) == PANEL_COLUMNS
    row = table[(table["place"] == "榆塘县") & (table["year"] == 2022) & (table["measure"] == "proposals_registered")].iloc[0]
    assert row["value"] == 88 and row["n_rows"] == 3
    if suffix in (".csv", ".xlsx"):
        assert len(str(row["rows"]).split("、")) == 3  # the linked rows, joined for a flat table


def test_cli_panel_names_what_it_leaves_out_and_metadata_brings_it_in(panel_folder, tmp_path):
    result = _cli("panel", str(panel_folder), env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "1 document left out: the place or year could not be read (r4)" in " ".join(result.output.split())
    assert all(len(line) <= 100 for line in result.output.splitlines())
    meta = tmp_path / "meta.csv"
    assert _cli("panel", "-q", str(panel_folder), "--what", "metadata", "-o", str(meta)).exit_code == 0
    table = pd.read_csv(meta, encoding="utf-8-sig")
    assert table.loc[table["doc_id"] == "r0", "place"].item() == "榆塘县"
    table.loc[table["doc_id"] == "r4", ["place", "year"]] = ["杉溪市", 2023]
    table.to_csv(meta, index=False)
    out = tmp_path / "panel.csv"
    result = _cli("panel", str(panel_folder), "--metadata", str(meta), "-o", str(out))
    assert result.exit_code == 0 and "left out" not in result.output, result.output
    assert "杉溪市" in set(pd.read_csv(out)["place"])


def test_cli_panel_changes_timeline_and_errors(panel_folder, tmp_path):
    out = tmp_path / "changes.csv"
    result = _cli("panel", "-q", str(panel_folder), "--what", "changes", "--years", "2022", "2023", "--measure", "proposals_registered", "-o", str(out))
    assert result.exit_code == 0, result.output
    c = pd.read_csv(out)
    assert c[["place", "before", "after", "change", "status"]].values.tolist() == [["榆塘县", 88, 95, 7, "both"]]
    shown = _cli("panel", "-q", str(panel_folder), "--what", "changes", env={"COLUMNS": "120"})
    assert "100–999" in shown.output  # a masked figure by its bounds
    timeline = _cli("panel", "-q", str(panel_folder), "--what", "timeline", "-o", str(tmp_path / "t.xlsx"))
    assert timeline.exit_code == 0 and list(pd.read_excel(tmp_path / "t.xlsx").columns) == TIMELINE_COLUMNS
    for args, message in ((["--measure", "nonesuch"], "unknown measure nonesuch"),
                          (["--years", "2022", "2023"], "--years is for --what changes")):
        result = _cli("panel", str(panel_folder), *args)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output, result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,level\nr0,town\n", encoding="utf-8")
    result = _cli("panel", str(panel_folder), "--metadata", str(bad))
    assert result.exit_code == 2 and "row 2: level 'town' is not one of" in result.output and "Traceback" not in result.output


# --- the report -----------------------------------------------------------------------------


def test_report_shows_trends_when_a_place_has_several_years():
    from summarytext.report import build_report

    corpus = st.load_sample()
    docs = st.Corpus([d for d in corpus if d.doc_id.startswith(("meichuan-", "yutang-"))])
    built = build_report(docs)
    assert '<section id="trends">' in built.html and 'href="#trends"' in built.html
    assert {"trends", "theme_spread"} <= set(built.charts)
    for name in ("trends", "theme_spread"):
        assert built.charts[name].startswith(b"\x89PNG") and f'data-chart="{name}"' in built.html
    assert built.tables["panel"]["value"].equals(panel(docs)["value"])
    spread = built.tables["theme_spread"]
    # the theme both committees took up in a later year, paragraphs naming it (hand-counted)
    assert spread.attrs["theme"] == "书香政协"
    assert spread.loc["榆塘县"].tolist() == [0.0, 1.0, 1.0] and spread.loc["梅川市"].tolist() == [0.0, 0.0, 1.0]
    assert "100–999" in built.html  # the masked figure of the panel table, by its bounds
    # the grid of another theme, as build_report(theme=…) maps it
    chosen = timeline_grid(theme_timeline(docs, brands=False), "有事来协商", kind="theme")
    # 梅川市 2022: the review of its platform, and the plan to polish its sibling brand “梅川夜话” (may 有事来协商 in the gold)
    assert chosen.loc["榆塘县"].tolist() == [0.0, 0.0, 1.0] and chosen.loc["梅川市"].tolist() == [1.0, 2.0, 1.0]


def test_report_without_several_years_of_a_place_says_what_trends_need():
    from summarytext.report import build_report

    built = build_report(st.Corpus.from_texts(["榆塘县政协2022年工作总结\n立案88件。", "梅川市政协2022年工作总结\n立案95件。"]))
    assert "Needs reports of several years of one place" in built.html
    assert "trends" not in built.charts and "panel" not in built.tables


def test_cli_report_theme_is_checked_first(tmp_path):
    result = _cli("report", "-q", "--theme", "nonesuch", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and "unknown theme 'nonesuch'" in result.output and not (tmp_path / "r.html").exists()
