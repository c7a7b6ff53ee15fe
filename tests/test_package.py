"""The package as users get it: cheap import, bundled sample corpus, data files, CLI."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import summarytext as st
from summarytext.cli import main

from .conftest import ROOT


def test_import_is_cheap_and_loads_nothing_heavy():
    heavy = ("jieba", "pandas", "numpy", "sklearn", "scipy", "opencc", "matplotlib", "docx")
    code = f"import summarytext, sys; print(json.dumps([m in sys.modules for m in {heavy!r}]))"
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False] * len(heavy)


def test_lazy_exports_resolve():
    for name in ("Document", "Corpus", "read_text", "read_compilation", "segment", "tokens", "parse_number",
                 "extract_metrics", "metrics_summary", "load_sample", "normalize_text"):
        assert callable(getattr(st, name))
    with pytest.raises(AttributeError):
        st.no_such_thing  # noqa: B018


def test_sample_corpus():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = st.load_sample()
    frame = corpus.to_frame()
    assert len(corpus) >= 6
    assert "README" not in corpus.ids
    assert {"city", "county", "provincial"} <= set(frame["level"].dropna())
    assert frame["year"].nunique() >= 4
    encodings = set(frame["encoding"])
    assert {"gb18030", "docx", "utf-8"} <= encodings
    assert any(i.startswith("compilation-2024#") for i in corpus.ids)
    assert [str(w.message) for w in caught] == []  # the sample reads without a warning
    from summarytext.report import compilation_problems

    problems = compilation_problems(corpus)  # the compilation's absent entry is on record, once
    assert len(problems) == 1 and "entry 3" in problems[0] and "body is missing" in problems[0]
    for doc in corpus:
        assert doc.text.strip()
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end] == p.text


def test_corpus_readme_describes_every_sample_file():
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "corpus").iterdir():
        if path.name != "README.md":
            assert path.name in readme, path.name


def test_cli_metrics_on_sample_corpus(tmp_path):
    out = tmp_path / "metrics.csv"
    result = CliRunner().invoke(main, ["metrics", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = st.extract_metrics(st.load_sample())
    assert len(table) == len(direct)
    assert table["value"].sum() == pytest.approx(direct["value"].sum())
    assert not list(tmp_path.glob("*.part"))


def test_cli_reports_bad_files_and_strict_exit(tmp_path):
    (tmp_path / "good.txt").write_text("青川市政协2023年工作报告\n立案268件。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    ok = runner.invoke(main, ["metrics", str(tmp_path)])
    assert ok.exit_code == 0
    assert "empty.txt: file is empty" in ok.output
    strict = runner.invoke(main, ["metrics", "--strict", str(tmp_path)])
    assert strict.exit_code == 1
    missing = runner.invoke(main, ["metrics", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0 and "nope.txt" in missing.output
    bad_format = runner.invoke(main, ["metrics", str(tmp_path), "-o", str(tmp_path / "x.doc")])
    assert bad_format.exit_code != 0 and "unsupported table format" in bad_format.output


def test_cli_split_and_segment(tmp_path):
    comp = ROOT / "corpus" / "compilation-2024.txt"
    result = CliRunner().invoke(main, ["split", str(comp), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "out").glob("*.txt"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = st.read_compilation(comp)
    assert len(files) == len(expected.documents)
    assert (tmp_path / "out" / "toc.csv").exists()
    seg = CliRunner().invoke(main, ["segment", "-q", str(comp)])
    assert seg.exit_code == 0 and "社情民意信息" in seg.output


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "summarytext.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "metrics" in out.stdout and "Examples" in out.stdout


@pytest.mark.slow
def test_wheel_ships_data_and_sample_corpus(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 and "hatchling" in proc.stderr:
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("summarytext-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("lexicon.txt", "stopwords.txt", "units.tsv", "numerals.tsv", "categories.tsv", "stages.tsv"):
        assert f"summarytext/data/{data}" in names
    for page in ("schema.md", "design.md", "reliability.md"):  # the pages docstrings point to travel with the package
        assert f"summarytext/docs/{page}" in names
    samples = [n for n in names if n.startswith("summarytext/sample/")]
    corpus_files = [p.name for p in (ROOT / "corpus").iterdir()]
    assert sorted(Path(n).name for n in samples) == sorted(corpus_files)


def test_cli_pipeline_streams_sample_corpus(tmp_path):
    import pandas as pd

    result = CliRunner().invoke(main, ["pipeline", "-q", "-o", str(tmp_path / "out"), "--format", "csv", "-j", "2"])
    assert result.exit_code == 0, result.output
    metrics = pd.read_csv(tmp_path / "out" / "metrics.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = st.extract_metrics(st.load_sample())
    assert metrics["text"].tolist() == direct["text"].tolist()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_SUCCESS", "documents.csv", "metrics.csv", "skipped.csv", "themes.csv"]


def test_cli_themes_compare_report(tmp_path):
    runner = CliRunner()
    themes = runner.invoke(main, ["themes", "-q", "--matrix", "presence", "-o", str(tmp_path / "m.csv")])
    assert themes.exit_code == 0, themes.output
    import pandas as pd

    matrix = pd.read_csv(tmp_path / "m.csv")
    assert "提案工作" in matrix.columns and len(matrix) >= 6
    brands = runner.invoke(main, ["themes", "-q", "--brands"])
    assert brands.exit_code == 0 and "有事来协商" in brands.output
    top = runner.invoke(main, ["compare", "-q", "--what", "top", "-k", "2", "-o", str(tmp_path / "top.csv")])
    assert top.exit_code == 0, top.output
    assert set(pd.read_csv(tmp_path / "top.csv")["rank"]) == {1, 2}
    report = runner.invoke(main, ["report", "-q", "-o", str(tmp_path / "r.html")])
    assert report.exit_code == 0, report.output
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[theme]]\nid = 1\n", encoding="utf-8")
    rejected = runner.invoke(main, ["themes", "-q", "--lexicon", str(bad)])
    assert rejected.exit_code != 0 and "bad.toml" in rejected.output


def test_rich_display_in_notebooks():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
    doc = corpus[0]
    html = doc._repr_html_()
    assert doc.doc_id in html and "<table>" in html
    chtml = corpus._repr_html_()
    assert f"{len(corpus)} documents" in chtml and corpus.ids[-1] in chtml
    comparison = st.compare(corpus)
    shtml = comparison._repr_html_()
    assert "<" in shtml and str(len(corpus)) in shtml


def test_cli_segment_rejects_a_bad_user_lexicon(tmp_path):
    bad = tmp_path / "bad_terms.txt"
    bad.write_text("a b c d\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["segment", "-q", "--lexicon", str(bad)])
    assert result.exit_code != 0 and "bad_terms.txt:1" in result.output and "Traceback" not in result.output
