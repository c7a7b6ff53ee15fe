"""Faults in a long run: a worker killed part-way, a document whose analysis fails, a text too
large to analyse at once.  Each costs only its own file, and memory stays flat in file size."""
from __future__ import annotations

import multiprocessing
import os
import signal
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd
import pytest

import summarytext as st
from summarytext import io as sio
from summarytext import pipeline

REPORT = "云岭县政协2024年工作总结\n全年收到提案186件，立案172件，办复率100%。\n组织委员视察12次，参与委员300余人次。\n"


def _folder(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _killing(doc, **options):
    """What the OOM killer does to a worker: the process ends at once, nothing is returned."""
    if "致命" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_process(doc, **options)


_real_process = pipeline._process


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the killing worker is patched in by fork")
def test_a_dead_worker_costs_only_its_file(tmp_path, monkeypatch):
    names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    texts = {name: REPORT.replace("186", str(100 + k)) for k, name in enumerate(names)}
    texts["c.txt"] += "致命的一行。\n"
    # a large file, read here a part at a time: only its second part kills its worker
    texts["g.txt"] = REPORT * 30 + "致命的一行。\n" + REPORT * 30
    monkeypatch.setattr(sio, "LARGE_FILE_BYTES", 2_000)
    monkeypatch.setattr(sio, "PART_CHARS", 1_300)
    folder = _folder(tmp_path, texts)
    monkeypatch.setattr(pipeline, "_process", _killing)
    result = pipeline.run_pipeline(folder, tmp_path / "out", format="csv", n_jobs=2, chunk_size=2)
    documents = pd.read_csv(result.paths["documents"])
    parts = [d for d in documents["doc_id"] if d.startswith("g#")]
    assert documents["doc_id"].tolist()[:5] == ["a", "b", "d", "e", "f"] and parts[:2] == ["g#p1", "g#p3"]
    skipped = pd.read_csv(result.paths["skipped"])
    assert skipped["path"].tolist() == [str(folder / "c.txt"), str(folder / "g.txt")]
    assert "worker process analysing it died" in skipped["reason"][0]
    assert skipped["reason"][1].startswith("g#p2: the worker process analysing it died")
    metrics = pd.read_csv(result.paths["metrics"])
    counts = metrics.groupby("doc_id").size().to_dict()
    assert {k: counts[k] for k in "abdef"} == {k: 5 for k in "abdef"} and set(counts) == set("abdef") | set(parts)
    pieces = sio.split_parts(sio.ReadResult("g.txt", texts["g.txt"], "utf-8", "txt"))
    assert [f"g#p{k}" for k, piece in enumerate(pieces, 1) if "致命" not in piece.text] == parts
    assert sum(counts[k] for k in parts) == sum(len(st.extract_metrics(piece.text)) for piece in pieces if "致命" not in piece.text)
    assert (tmp_path / "out" / "_SUCCESS").exists()


def test_a_document_whose_analysis_fails_is_skipped_with_the_reason(tmp_path, monkeypatch):
    from summarytext import theme_matcher

    lexicon = tmp_path / "mine.toml"
    lexicon.write_text('[[theme]]\nid = "字母"\n[theme.patterns]\n\'\\p{L}*\\p{L}*\\p{L}*\\d\' = 1\n', encoding="utf-8")
    lex = st.ThemeLexicon.default().merge(st.ThemeLexicon.from_file(lexicon))
    folder = _folder(tmp_path, {"a.txt": REPORT, "b.txt": REPORT + "a" * 4000 + "!\n", "c.txt": REPORT})
    monkeypatch.setattr(theme_matcher, "PATTERN_SECONDS", 0.2)
    result = pipeline.run_pipeline(folder, tmp_path / "out", format="csv", lexicon=lex)
    assert pd.read_csv(result.paths["documents"])["doc_id"].tolist() == ["a", "c"]
    skipped = pd.read_csv(result.paths["skipped"])
    assert skipped["path"].tolist() == [str(folder / "b.txt")]
    assert skipped["reason"][0].startswith(f"could not be analysed: {lexicon}: theme '字母'")


def test_a_long_text_read_whole_is_analysed_in_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(sio, "PART_CHARS", 2_000)
    folder = _folder(tmp_path, {"long.txt": REPORT * 100, "short.txt": REPORT})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(folder)
    parts = [d for d in corpus if d.doc_id.startswith("long#p")]
    assert len(parts) == 4 and all(len(d.text) <= 2_000 for d in parts) and "short" in corpus.ids
    assert "\n".join(d.text for d in parts) == (REPORT * 100).strip()
    assert sum(len(st.extract_metrics(d)) for d in parts) == 5 * 100


def _peak_bytes(folder: Path, out: Path) -> int:
    tracemalloc.start()
    try:
        result = pipeline.run_pipeline(folder, out, format="csv")
        return tracemalloc.get_traced_memory()[1] if result.documents else -1
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_in_the_size_of_a_large_text_file(tmp_path, monkeypatch):
    # sizes scaled down by monkeypatching the limits: a large file is read a part at a time and
    # its parts go into separate batches, so four times the file takes about the same memory
    monkeypatch.setattr(sio, "LARGE_FILE_BYTES", 6_000)
    monkeypatch.setattr(sio, "PART_CHARS", 2_000)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 4_000)
    monkeypatch.setattr(pipeline, "FLUSH_CHARS", 2_000)
    body = REPORT * 40
    warm = _folder(tmp_path / "warm", {"a.txt": REPORT})
    pipeline.run_pipeline(warm, tmp_path / "warm-out", format="csv")  # lexicons and dictionary loaded before measuring
    peaks = []
    for k, copies in enumerate((2, 8)):
        folder = _folder(tmp_path / f"run{k}", {"big.txt": body * copies})
        assert (folder / "big.txt").stat().st_size > 6_000 * copies / 2
        peaks.append(_peak_bytes(folder, tmp_path / f"out{k}"))
    small, large = peaks
    assert small > 0 and large < 1.6 * small, (small, large)  # analysed as one batch, it grew 4x
    metrics = pd.read_csv(tmp_path / "out1" / "metrics.csv")
    assert len(metrics) == 5 * 40 * 8 and metrics["doc_id"].str.startswith("big#p").all()


def _failing(doc, **options):
    raise RuntimeError("the analysis broke")


@pytest.mark.parametrize("case", ["unreadable", "analysis_fails", "no_reports"])
def test_a_run_that_reads_nothing_fails_and_claims_no_success(tmp_path, monkeypatch, case):
    from click.testing import CliRunner

    from summarytext.cli import main

    folder = tmp_path / "reports"
    folder.mkdir()
    if case == "unreadable":
        (folder / "a.txt").write_bytes(b"")
        (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    elif case == "analysis_fails":
        (folder / "a.txt").write_text(REPORT, encoding="utf-8")
        monkeypatch.setattr(pipeline, "_process", _failing)
    else:
        (folder / "notes.json").write_text("{}", encoding="utf-8")
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / "metrics.csv").write_text("kept\n", encoding="utf-8")
    with pytest.raises(st.ReadError, match="nothing written") as raised:
        pipeline.run_pipeline(folder, previous, format="csv", force=True)
    assert str(folder) in str(raised.value)
    # the earlier output is as it was, and nothing claims that the failed run completed
    assert sorted(p.name for p in previous.iterdir()) == ["metrics.csv"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["pipeline", str(folder), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 1 and "nothing written" in result.output and "Traceback" not in result.output
    assert not (out / "_SUCCESS").exists()
