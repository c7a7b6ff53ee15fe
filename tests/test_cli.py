"""The command line as a user meets it: every command, every table format, every documented error
ending in one line and the right exit status, output that fits the terminal."""
from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

import summarytext as st
from summarytext.cli import main

from .conftest import ROOT, read_written

REPORT = "青川市政协2023年工作报告\n一年来，全年立案268件，办复率100%。开展视察12次，参与委员300余人次。"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def no_traceback(result) -> bool:
    return "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    (folder / "qingchuan.txt").write_text(REPORT, encoding="utf-8")
    (folder / "yunling.txt").write_text("云岭县政协2024年工作总结\n收到提案146件，立案131件，开展协商活动xx场次。", encoding="utf-8")
    return folder


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".parquet", ".tsv"])
def test_metrics_writes_every_table_format(reports, tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"metrics{suffix}"
    result = run("metrics", "-q", str(reports), "-o", str(out))
    assert result.exit_code == 0, result.output
    table = read_written(out)
    assert table["text"].tolist() == ["268件", "100%", "12次", "300余人次", "146件", "131件", "xx场次"]
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


@pytest.mark.parametrize("args, name, read", [
    (["metrics"], "OUT.XLSX", pd.read_excel),
    (["metrics"], "OUT.CSV", pd.read_csv),
    (["metrics"], "Out.Json", lambda p: pd.DataFrame(json.loads(p.read_text(encoding="utf-8")))),
    (["metrics"], "OUT.TSV", lambda p: pd.read_csv(p, sep="\t")),
    (["themes"], "THEMES.XLSX", pd.read_excel),
    (["panel"], "PANEL.XLSX", pd.read_excel),
])
def test_an_upper_case_extension_writes_the_format_it_names(reports, tmp_path, args, name, read):
    out = tmp_path / name
    result = run(*args, "-q", str(reports), "-o", str(out))
    assert result.exit_code == 0, result.output
    table = read(out)
    assert len(table) > 0 and "doc_id" in table.columns
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


@pytest.mark.parametrize("args, line", [
    (["metrics"], "no metrics found in {a}, {b}"),
    (["themes"], "no themes found in {a}, {b}"),
    (["themes", "--brands"], "no brands found in {a}, {b}"),
    (["compare", "--what", "shared"], "no shared passages found in {a}, {b}"),
    (["panel"], "no measures found in {a}, {b}"),
    (["panel", "--what", "changes"], "no changes found in {a}, {b} (no measure given in two years of one place)"),
])
def test_an_empty_result_is_one_plain_line_and_status_0(tmp_path, args, line):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("会议听取了各专门委员会的情况通报，大家一致表示赞同。", encoding="utf-8")
    b.write_text("与会同志围绕议题进行了认真讨论，提出了意见和建议。", encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "-q", str(a), str(b)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [line.format(a=a, b=b)]
    out = tmp_path / "empty.csv"  # a file still gets the table's columns
    assert CliRunner().invoke(main, [*args, "-q", str(a), str(b), "-o", str(out)]).exit_code == 0
    assert pd.read_csv(out).empty and len(pd.read_csv(out).columns) > 3


@pytest.mark.parametrize("args, column", [
    (["themes"], "theme"), (["themes", "--matrix", "count"], "提案工作"), (["themes", "--brands"], "documents"),
    (["compare", "--what", "distinctive"], "term"), (["compare", "--what", "shared"], "text_a"),
    (["metrics", "--summary"], "proposals_submitted"),
])
def test_every_table_command_writes_xlsx(tmp_path, args, column):
    out = tmp_path / "table.xlsx"
    result = run(*args, "-q", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_excel(out)
    assert len(table) > 0 and column in table.columns
    assert not table[column].astype(str).str.startswith("[").any()  # lists written as text, not Python reprs


def test_split_and_pipeline_and_report_and_segment(reports, tmp_path):
    split = run("split", str(ROOT / "corpus" / "compilation-2024.txt"), "-o", str(tmp_path / "split"))
    assert split.exit_code == 0, split.output
    lines = split.output.strip().splitlines()
    assert lines[-1].startswith("3 documents and toc.csv written to")
    assert "1 entry of the table of contents without a body" in lines[-1]
    notes = [line for line in lines if line.startswith("note:")]
    assert len(notes) == 1 and "entry 3" in notes[0]  # said once, as a note
    assert "WARNING" not in split.output and "warning" not in split.output
    pipe = run("pipeline", str(reports), "-o", str(tmp_path / "results"), "--format", "csv")
    assert pipe.exit_code == 0, pipe.output
    assert "2 documents read; 7 metrics and" in pipe.output and "{" not in pipe.output
    report = run("report", "-q", str(reports), "-o", str(tmp_path / "r.html"))
    assert report.exit_code == 0 and (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    seg = run("segment", "-q", str(reports / "qingchuan.txt"), "--sep", "/")
    assert seg.exit_code == 0 and "办复率/100%" in seg.output


@pytest.mark.parametrize("args, status, message", [
    (["metrics", "nope.txt"], 2, "nope.txt"),
    (["metrics", "-o", "x.doc"], 2, "unsupported table format .doc"),
    (["report", "-o", "x.pdf"], 2, "HTML file"),
    (["compare", "-k", "0"], 2, "-k"),
    (["pipeline", "-o", "out", "--chunk-size", "0"], 2, "chunk-size"),
    (["themes", "--lexicon", "{lex}", "--only-lexicon", "{lex}"], 2, "not both"),
    (["themes", "--lexicon", "{bad}"], 1, "bad.toml"),
    (["metrics", "{empty}"], 1, "no document could be read"),
    (["compare", "{one}"], 1, "at least two documents"),
    (["metrics", "-o", "{folder}"], 2, "is a folder"),
])
def test_errors_are_one_line_with_the_documented_status(tmp_path, args, status, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_bytes(b"")
    (tmp_path / "one.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "lex.toml").write_text('[[theme]]\nid = "茶产业"\nkeywords = {"茶农" = 1.0}\n', encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[[theme]]\nid = 1\n", encoding="utf-8")
    names = {"empty": tmp_path / "empty", "one": tmp_path / "one.txt", "lex": tmp_path / "lex.toml",
             "bad": tmp_path / "bad.toml", "folder": tmp_path / "empty"}
    result = run(*[a.format(**names) for a in args])
    assert result.exit_code == status, result.output
    assert message in result.output
    assert no_traceback(result), result.output


def test_nothing_readable_lists_every_file_and_fails(tmp_path):
    for name, data in {"old.doc": b"\xd0\xcf\x11\xe0" + bytes(50), "scan.pdf": b"%PDF-1.4", "data.json": b"{}"}.items():
        (tmp_path / name).write_bytes(data)
    result = run("metrics", str(tmp_path))
    assert result.exit_code == 1
    assert "3 files skipped:" in result.output
    for name in ("old.doc", "scan.pdf", "data.json"):
        assert name in result.output
    assert "Traceback" not in result.output


def test_missing_optional_part_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the parquet extra were not installed
    result = run("metrics", "-o", str(tmp_path / "m.parquet"))
    assert result.exit_code == 1
    assert "pip install 'summarytext[parquet]'" in result.output and "Traceback" not in result.output
    pipe = run("pipeline", "-o", str(tmp_path / "out"))
    assert pipe.exit_code == 1 and "summarytext[parquet]" in pipe.output and "--format csv" in pipe.output
    assert not (tmp_path / "out").exists()  # checked before any work


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(monkeypatch):
    import summarytext.metrics

    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(summarytext.metrics, "extract_metrics", broken)
    plain = run("metrics", "-q")
    assert plain.exit_code == 1 and "something inside broke" in plain.output and "--debug" in plain.output
    assert "Traceback" not in plain.output
    debug = run("metrics", "-q", "--debug")
    assert isinstance(debug.exception, RuntimeError)


@pytest.mark.parametrize("width", [60, 100, 140])
def test_terminal_tables_fit_columns(width):
    from summarytext.display import display_width

    for args in (["metrics", "--summary"], ["metrics"], ["themes"], ["compare", "--what", "distinctive"]):
        result = run(*args, env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert max(display_width(line) for line in lines) <= width, args
        assert "WARNING" not in result.output and "warning" not in result.output


def test_summary_shows_headline_measures_and_masked_bounds():
    result = run("metrics", "--summary", env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header[:4] == ["doc_id", "metrics", "proposals", "registered"]
    row = next(line for line in lines if line.lstrip().startswith("compilation-2024#1"))
    assert "100–999" in row  # a masked figure, shown by its bounds rather than left empty
    assert "Write the whole table with -o" in result.stdout


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_a_written_summary_keeps_the_bounds_of_masked_figures(tmp_path, suffix):
    report = tmp_path / "tongxi.txt"
    report.write_text("桐溪区政协2024年工作综述\n全年收到提案xxx件，立案xx件，参与委员300余人次。", encoding="utf-8")
    from summarytext.display import summary_table

    shown = summary_table(st.extract_metrics(report))  # what the terminal shows
    assert shown.iloc[0, 2:4].tolist() == ["100–999", "10–99"]
    out = tmp_path / f"summary{suffix}"
    assert run("metrics", "--summary", "-q", str(report), "-o", str(out)).exit_code == 0
    table = read_written(out)
    row = table.iloc[0]
    figures = {m: (row[m], row[f"{m}_low"], row[f"{m}_high"]) for m in ("proposals_submitted", "proposals_registered", "people_took_part")}
    assert pd.isna(figures["proposals_submitted"][0]) and figures["proposals_submitted"][1:] == (100, 999)
    assert pd.isna(figures["proposals_registered"][0]) and figures["proposals_registered"][1:] == (10, 99)
    assert figures["people_took_part"] == (300, 300, 300)  # a figure as written: its own bounds


def test_long_tables_are_shortened_with_a_hint():
    result = run("metrics", env={"COLUMNS": "120"})
    n = len(st.extract_metrics(st.load_sample()))  # every metric of the sample corpus, which the command reads
    assert n > 40 and f"40 of {n} rows shown." in result.stdout.replace("\n", " ")
    assert "-o FILE.csv" in result.stdout


def test_lexicon_adds_to_the_shipped_themes_and_only_lexicon_replaces_them(tmp_path):
    lex = tmp_path / "tea.toml"
    lex.write_text('[[theme]]\nid = "茶产业"\ndescription = "tea"\nkeywords = {"茶农" = 1.0, "茶园" = 1.0}\n', encoding="utf-8")
    text = tmp_path / "tea.txt"
    text.write_text("枫林县政协2024年工作总结\n组织委员走访茶园，帮助茶农增收。开展提案办理协商，推动书香政协建设。", encoding="utf-8")
    added = run("themes", "-q", str(text), "--lexicon", str(lex), "-o", str(tmp_path / "a.csv"))
    only = run("themes", "-q", str(text), "--only-lexicon", str(lex), "-o", str(tmp_path / "b.csv"))
    assert added.exit_code == 0 and only.exit_code == 0, added.output + only.output
    with_shipped = set(pd.read_csv(tmp_path / "a.csv")["theme"])
    alone = set(pd.read_csv(tmp_path / "b.csv")["theme"])
    assert "茶产业" in with_shipped and "书香政协" in with_shipped
    assert alone == {"茶产业"}
