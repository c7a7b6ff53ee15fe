"""Outputs under hostile conditions: nothing overwritten unasked, two runs into one folder,
runs killed part-way, and cells built to act as formulas or to reorder what they show."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from summarytext.cli import main
from summarytext.errors import OutputError
from summarytext.outputs import SUCCESS_MARKER, check_output_folder, output_lock, staged_folder

from .conftest import ROOT

COMPILATION = ROOT / "corpus" / "compilation-2024.txt"
REPORT = "青川市政协2023年工作报告\n一年来，全年立案268件，办复率100%。开展视察12次，参与委员300余人次。"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "qingchuan.txt").write_text(REPORT, encoding="utf-8")
    (folder / "yunling.txt").write_text("云岭县政协2024年工作总结\n收到提案146件，立案131件。", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------------
# nothing overwritten unless asked


def test_split_into_a_folder_that_is_not_empty_refuses_and_changes_nothing(tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "01-mine.txt").write_text("my own notes", encoding="utf-8")
    (out / "toc.csv").write_text("a table of my own\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    result = run("split", str(COMPILATION), "-o", str(out))
    assert result.exit_code == 2 and "not empty (2 entries)" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["documents"]
    forced = run("split", "-q", "--force", str(COMPILATION), "-o", str(out))
    assert forced.exit_code == 0, forced.output
    names = sorted(p.name for p in out.iterdir())
    assert "01-mine.txt" not in names and "toc.csv" in names and SUCCESS_MARKER in names and len(names) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents"]  # no staging folder or lock left


def test_split_never_writes_over_its_input_even_with_force(tmp_path):
    source = tmp_path / "01-x.txt"
    source.write_bytes(COMPILATION.read_bytes())
    before = _snapshot(tmp_path)
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(main, ["split", *extra, str(source), "-o", str(tmp_path)])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert _snapshot(tmp_path) == before
    assert "holds an input" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_output_over_an_existing_file_refuses_unless_forced(reports, tmp_path, suffix):
    out = tmp_path / f"m{suffix}"
    out.write_bytes(b"an earlier table")
    result = run("metrics", "-q", str(reports), "-o", str(out))
    assert result.exit_code == 2 and "exists; add --force" in result.output
    assert out.read_bytes() == b"an earlier table"
    result = run("metrics", "-q", "--force", str(reports), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out)) == 6


def test_output_options_pointing_at_a_folder_or_file_give_one_line(reports, tmp_path):
    for args in (["metrics", str(reports), "-o", str(tmp_path)], ["report", str(reports), "-o", str(tmp_path)]):
        result = run(*args)
        assert result.exit_code == 2 and "is a folder" in result.output and "Traceback" not in result.output
    a_file = tmp_path / "results"
    a_file.write_text("x", encoding="utf-8")
    result = run("pipeline", str(reports), "-o", str(a_file))
    assert result.exit_code == 2 and "is a file" in result.output


def test_pipeline_refuses_a_folder_that_is_not_empty_or_holds_its_input(reports, tmp_path):
    from summarytext.pipeline import run_pipeline

    out = tmp_path / "results"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("pipeline", "-q", str(reports), "-o", str(out))
    assert result.exit_code == 2 and "not empty" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    with pytest.raises(OutputError, match="holds an input"):
        run_pipeline(reports, tmp_path, format="csv", force=True)
    with pytest.raises(OutputError, match="holds an input"):
        run_pipeline(reports, reports, format="csv", force=True)
    assert sorted(p.name for p in reports.iterdir()) == ["qingchuan.txt", "yunling.txt"]


# --------------------------------------------------------------------------------------------
# one run at a time; a whole folder or nothing


def test_a_second_run_into_a_locked_folder_fails_at_once(reports, tmp_path):
    out = tmp_path / "results"
    with output_lock(out):
        started = time.perf_counter()
        result = run("pipeline", "-q", str(reports), "-o", str(out), "--format", "csv")
        waited = time.perf_counter() - started
        assert result.exit_code == 1 and f"(process {os.getpid()}) is writing it" in result.output
        assert "Traceback" not in result.output
        split = run("split", "-q", str(COMPILATION), "-o", str(out))
        assert split.exit_code == 1 and "is writing it" in split.output
    assert not out.exists() and waited < 30
    assert run("pipeline", "-q", str(reports), "-o", str(out), "--format", "csv").exit_code == 0  # released


def _pipeline_process(source: Path, out: Path, *extra: str) -> subprocess.Popen:
    code = "from summarytext.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "pipeline", "-q", str(source), "-o", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_two_pipelines_into_one_folder_give_one_complete_output_and_one_refusal(reports, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "results"
    runs = [_pipeline_process(reports, out, "--format", fmt) for _ in range(2)]
    finished = [(p.wait(timeout=120), p.communicate()) for p in runs]
    codes = sorted(code for code, _ in finished)
    assert codes == [0, 1], finished
    refusal = next(err for code, (_, err) in finished if code == 1)
    assert ("is writing it" in refusal or "not empty" in refusal) and "Traceback" not in refusal
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    metrics = read(out / f"metrics.{fmt}")
    assert metrics["text"].tolist() == ["268件", "100%", "12次", "300余人次", "146件", "131件"]
    assert len(read(out / f"documents.{fmt}")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "results"]


# The command runs with one step made slow, as on a slow disk, so that the signal always comes
# while the output is being written: the outcome does not depend on how busy the machine is.
_SLOW = """
import time, importlib
module, _, name = {target!r}.rpartition(":")
owner, _, attr = name.rpartition(".")
obj = importlib.import_module(module)
for part in filter(None, owner.split(".")):
    obj = getattr(obj, part)
original = getattr(obj, attr)
def slow(*args, **kwargs):
    result = original(*args, **kwargs)
    time.sleep(10)
    return result
setattr(obj, attr, slow)
from summarytext.cli import main
main()
"""


def _terminated(command: list[str], started, *, slow: str) -> int:
    """Run the command line in a process whose step ``slow`` ("module:Owner.function") takes
    10 s longer, send it SIGTERM as soon as ``started()`` (its first partial output exists),
    and return its exit status.  (A signal that library code swallowed is acted on only before
    the output is made final, after every slowed step: hence the long wait.)"""
    code = _SLOW.format(target=slow)
    proc = subprocess.Popen([sys.executable, "-c", code, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    deadline = time.monotonic() + 120
    while not started() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()  # still running: the slow step has not ended
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=180)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"no exit 180 s after SIGTERM: {proc.communicate()[1][-3000:]}") from None


def test_a_terminated_pipeline_leaves_the_previous_output_and_no_partial_file(reports, tmp_path):
    out = tmp_path / "results"
    first = run("pipeline", "-q", str(reports), "-o", str(out), "--format", "csv")
    assert first.exit_code == 0, first.output
    before = _snapshot(out)
    command = ["pipeline", "-q", str(reports), "-o", str(out), "--format", "csv", "--force"]
    status = _terminated(command, lambda: list(tmp_path.glob(".results.staging-*/*")), slow="summarytext.pipeline:_Sink.write")
    assert status == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "results"]  # no staging folder, lock or part
    assert _snapshot(out) == before


def test_a_terminated_table_write_leaves_no_partial_file(reports, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(out)
    command = ["metrics", "-q", "--force", str(reports), "-o", str(out / "m.xlsx")]
    status = _terminated(command, lambda: list(out.glob(".m.*")), slow="pandas:DataFrame.to_excel")
    assert status == 128 + signal.SIGTERM
    assert list(out.iterdir()) == [] and _snapshot(out) == before  # the whole table or nothing, no part


def test_leftovers_of_a_killed_run_are_cleared_and_the_old_output_restored(tmp_path):
    out = tmp_path / "results"
    old = tmp_path / ".results.old-abc123"  # killed between the two renames of a swap
    old.mkdir()
    (old / "metrics.csv").write_text("complete\n", encoding="utf-8")
    (tmp_path / ".results.staging-xyz").mkdir()
    with output_lock(out), pytest.raises(RuntimeError):
        with staged_folder(out):
            assert (out / "metrics.csv").read_text(encoding="utf-8") == "complete\n"  # back before the work starts
            raise RuntimeError("the work fails")
    assert (out / "metrics.csv").read_text(encoding="utf-8") == "complete\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]
    with pytest.raises(OutputError, match="not empty"):
        check_output_folder(out)


# --------------------------------------------------------------------------------------------
# cells: no live formula, no bidirectional control, whatever the input

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/x","点击")'


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "=1+2.txt").write_text(HOSTILE_TITLE + "\n@SUM(1)全年立案268件，办复率100%。\n", encoding="utf-8")
    (folder / "+cmd.txt").write_text("-2+3云岭县政协\u202e2024年工作总结\n-1全年收到提案146件。\n", encoding="utf-8")
    return folder


def _cells(path: Path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


@pytest.mark.parametrize("args", [["metrics"], ["metrics", "--summary"], ["themes", "--level", "document"]])
def test_no_xlsx_cell_is_a_live_formula(hostile, tmp_path, args):
    from summarytext.patterns import BIDI_CONTROLS

    out = tmp_path / "table.xlsx"
    result = run(*args, "-q", str(hostile), "-o", str(out))
    assert result.exit_code == 0, result.output
    cells = list(_cells(out))
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in cells)
    assert not [t for t in texts if t[:1] in "=+-@"]
    assert not [t for t in texts if any(ch in t for ch in "\u202e\u2066\u200f")], BIDI_CONTROLS
    assert any(t.startswith("'=1+2") for t in texts)  # the file name, kept readable


def test_csv_cells_from_the_command_and_the_pipeline_are_neutralised(hostile, tmp_path):
    result = run("metrics", "-q", str(hostile), "-o", str(tmp_path / "m.csv"))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "m.csv", dtype=str)
    pipe = run("pipeline", "-q", str(hostile), "-o", str(tmp_path / "results"), "--format", "csv")
    assert pipe.exit_code == 0, pipe.output
    documents = pd.read_csv(tmp_path / "results" / "documents.csv", dtype=str)
    for frame in (table, documents, pd.read_csv(tmp_path / "results" / "metrics.csv", dtype=str)):
        values = [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
        assert values and not [v for v in values if v[:1] in "=+-@"]
    assert sorted(documents["doc_id"]) == ["'+cmd", "'=1+2"]


def test_titles_lose_bidirectional_controls_which_stay_in_the_repair_record():
    import summarytext as st

    doc = st.Document.from_text("云岭县政协\u202e2024年工作总结\n立案\u2066120\u2069件。")
    assert doc.title == "云岭县政协2024年工作总结" and doc.text.endswith("立案120件。")
    assert [(r.kind, r.raw) for r in doc.repairs] == [("bidi_control", "\u202e"), ("bidi_control", "\u2066"), ("bidi_control", "\u2069")]
    assert st.extract_metrics(doc)["text"].tolist() == ["120件"]


def test_spreadsheet_cells_are_safe_for_any_text():
    from hypothesis import given, settings, strategies as sp

    from summarytext.tables import FORMULA_STARTS, spreadsheet_safe

    bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    pieces = sp.sampled_from(list(FORMULA_STARTS + bidi) + [" ", "立案", "1", "A1", "|", "!", "'"])

    @settings(max_examples=100, deadline=None)
    @given(sp.lists(sp.one_of(sp.text(max_size=6), sp.lists(pieces, max_size=8).map("".join)), min_size=1, max_size=6))
    def check(values):
        frame = pd.DataFrame({"a": pd.Series(values, dtype="string"), "b": pd.Series(values, dtype=object)})
        safe = spreadsheet_safe(frame)
        for col in ("a", "b"):
            for before, after in zip(values, safe[col]):
                stripped = "".join(ch for ch in before if ch not in bidi)
                assert after in (stripped, "'" + stripped)
                assert not after.startswith(tuple(FORMULA_STARTS)) and not set(after) & set(bidi)

    check()


def test_a_signal_that_library_code_swallowed_still_ends_the_write(tmp_path):
    # a module imported during a write may catch what a signal raised under it (openpyxl does so
    # when the import of lxml fails); the write must still not complete, and no part may remain
    from summarytext.io import atomic_write
    from summarytext.outputs import terminate_cleanly

    target = tmp_path / "m.csv"
    target.write_text("old", encoding="utf-8")

    def write(tmp: str) -> None:
        Path(tmp).write_text("new", encoding="utf-8")
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs here
        except BaseException:
            pass  # swallowed

    with pytest.raises(SystemExit) as ended, terminate_cleanly():
        atomic_write(target, write)
    assert ended.value.code == 128 + signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["m.csv"] and target.read_text(encoding="utf-8") == "old"
    atomic_write(target, lambda tmp: Path(tmp).write_text("next", encoding="utf-8"))  # later runs are not affected
    assert target.read_text(encoding="utf-8") == "next"
