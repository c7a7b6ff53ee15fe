"""Hostile and oversized inputs, measured: time and peak memory of the cases docs/reliability.md
reports.  Each case runs in a fresh process; peak memory is the largest resident set of the
whole process tree (the run and its workers), sampled from /proc.  Inputs are generated into a
temporary folder first (not timed).  Nothing here is a test: the figures depend on the machine.

    python benchmarks/bench_hostile.py            # every case (about ten minutes on 2 cores)
    python benchmarks/bench_hostile.py --quick    # a 30 MB text file instead of 300 MB
    python benchmarks/bench_hostile.py --cases docx compilation
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

REPORT = "云岭县政协2024年工作总结\n全年收到提案186件，立案172件，办复率100%。\n组织委员视察12次，参与委员300余人次。\n"
DENSE = "全年立案12件，办复率99%，视察5次。\n"  # a figure every seven characters


def bomb_docx(path: Path, xml_mb: float) -> None:
    """A .docx whose document.xml holds ``xml_mb`` MB of repeated paragraphs (a few hundred KB packed)."""
    import docx

    d = docx.Document()
    d.add_paragraph("云岭县政协2024年工作总结")
    buf = io.BytesIO()
    d.save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    xml = source.read("word/document.xml").decode("utf-8")
    head, tail = xml.split("<w:body>", 1)
    paragraph = "<w:p><w:r><w:t>全年收到提案186件，立案172件，办复率100%。组织委员视察12次，参与委员300余人次。</w:t></w:r></w:p>"
    body = head + "<w:body>" + paragraph * int(xml_mb * 1e6 / len(paragraph.encode("utf-8"))) + tail
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            z.writestr(info.filename, body if info.filename == "word/document.xml" else source.read(info.filename))


def big_text(path: Path, mb: float, unit: str | None = None) -> None:
    """A UTF-8 text file of ``mb`` MB: the sample corpus repeated (four times as dense with
    figures as real reports), or ``unit`` repeated."""
    if unit is None:
        from common import sample_text

        unit = sample_text(200_000)
    data = unit.encode("utf-8")
    with open(path, "wb") as f:
        written = 0
        while written < mb * 1e6:
            f.write(data)
            written += len(data)


def compilation_text(n: int) -> str:
    toc = "".join(f"{i}.第{i}号县政协工作总结 {i % 900 + 1}\n" for i in range(1, n + 1))
    body = "第1号县政协工作总结\n" + "".join(f"全年立案{i}件，办复率百分之百。\n" for i in range(n))
    return "汇编\n目录\n" + toc + body


# --------------------------------------------------------------------------------------------
# the cases, each run in a child process


def case_docx_read(folder: str) -> dict:
    from summarytext.errors import ReadError
    from summarytext.io import decode_file

    try:
        decode_file(Path(folder) / "a-bomb.docx")
        outcome = "read"
    except ReadError as exc:
        outcome = "skipped: " + exc.reason
    return {"outcome": outcome}


def case_pipeline(folder: str, jobs: int = 1) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from summarytext.pipeline import run_pipeline

    out = Path(tempfile.mkdtemp(prefix="summarytext-hostile-")) / "out"
    try:
        r = run_pipeline(folder, out, n_jobs=jobs, format="parquet")
        import pandas as pd

        skipped = pd.read_csv(r.paths["skipped"])["reason"].tolist()
        return {"documents": r.documents, "metrics": r.rows["metrics"], "themes": r.rows["themes"], "skipped": skipped}
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def case_compilation(n: str) -> dict:
    import warnings

    import summarytext as st

    text = compilation_text(int(n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        st.read_compilation(compilation_text(3))  # the library's tables loaded, as in any run after the first file
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = st.read_compilation(text)
    return {"entries": len(comp.toc), "missing": len(comp.missing), "split_seconds": time.perf_counter() - start}


def case_patterns(_: str) -> dict:
    import summarytext as st
    from summarytext.errors import LexiconError, PatternTimeout

    start = time.perf_counter()
    try:
        st.ThemeLexicon.default().with_theme("x", patterns=["(a+)+$"])
        rejected = "accepted"
    except LexiconError as exc:
        rejected = str(exc)
    reject_seconds = time.perf_counter() - start
    lex = st.ThemeLexicon.default().with_theme("y", patterns=[r"\p{L}*\p{L}*\p{L}*\d"])
    st.tag_themes("预热", lexicon=lex)
    start = time.perf_counter()
    try:
        st.tag_themes("a" * 5000 + "!", lexicon=lex)
        stopped = "finished"
    except PatternTimeout as exc:
        stopped = exc.reason
    return {"(a+)+$": rejected, "reject_seconds": reject_seconds, "cubic pattern": stopped, "stopped_after_seconds": time.perf_counter() - start}


def case_two_pipelines(folder: str) -> dict:
    out = Path(tempfile.mkdtemp(prefix="summarytext-hostile-")) / "results"
    code = "from summarytext.cli import main; main()"
    runs = [subprocess.Popen([sys.executable, "-c", code, "pipeline", "-q", folder, "-o", str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(), p.communicate()[1].strip()) for p in runs]
    import pandas as pd

    readable = len(pd.read_parquet(out / "metrics.parquet")) if (out / "metrics.parquet").exists() else None
    shutil.rmtree(out.parent, ignore_errors=True)
    return {"exit_codes": sorted(code for code, _ in results), "refusal": next((err for code, err in results if code), ""),
            "metrics_rows_readable": readable}


CASES = {
    "docx": case_docx_read,
    "pipeline": case_pipeline,
    "compilation": case_compilation,
    "patterns": case_patterns,
    "two-pipelines": case_two_pipelines,
}


def child(name: str, arg: str, jobs: int) -> None:
    from common import TreeMemory

    with TreeMemory(0.1, field="Rss") as sampler:
        start = time.perf_counter()
        result = CASES[name](arg, jobs) if name == "pipeline" else CASES[name](arg)
        seconds = time.perf_counter() - start
    result.update({"seconds": seconds, "peak_mb": sampler.peak})
    print(json.dumps(result, ensure_ascii=False))


def run_case(label: str, name: str, arg: str, jobs: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--child", name, arg, str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    shown = {k: v for k, v in result.items() if k not in ("seconds", "peak_mb")}
    print(f"{label:<58} {result['seconds']:7.1f} s  peak {result['peak_mb']:6.0f} MB  {json.dumps(shown, ensure_ascii=False)[:300]}", flush=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 30 MB text file instead of 300 MB")
    parser.add_argument("--cases", nargs="+", default=["docx", "text", "dense", "compilation", "patterns", "two-pipelines"])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    base = Path(tempfile.mkdtemp(prefix="summarytext-hostile-inputs-"))
    try:
        if "docx" in args.cases:
            folder = base / "docx"
            folder.mkdir()
            bomb_docx(folder / "a-bomb.docx", 100)
            for k in range(3):
                (folder / f"report{k}.txt").write_text(REPORT.replace("186", str(186 + k)), encoding="utf-8")
            packed = (folder / "a-bomb.docx").stat().st_size
            xml = zipfile.ZipFile(folder / "a-bomb.docx").getinfo("word/document.xml").file_size
            run_case(f".docx, {xml / 1e6:.0f} MB of XML in {packed / 1e3:.0f} KB: read", "docx", str(folder))
            run_case("a folder holding it and three reports: pipeline, -j 2", "pipeline", str(folder), 2)
        if "text" in args.cases:
            mb = 30 if args.quick else 300
            folder = base / "text"
            folder.mkdir()
            big_text(folder / "big.txt", mb)
            for jobs in (1, 2):
                run_case(f"text file of {mb} MB (sample-corpus density): pipeline, -j {jobs}", "pipeline", str(folder), jobs)
            shutil.rmtree(folder)
        if "dense" in args.cases:
            folder = base / "dense"
            folder.mkdir()
            big_text(folder / "dense.txt", 7, DENSE)
            run_case("text file of 7 MB, a figure every 7 characters: pipeline", "pipeline", str(folder), 1)
        if "compilation" in args.cases:
            for n in (4000, 16000):
                run_case(f"compilation, {n:,} entries missing, {n:,} body lines: split", "compilation", str(n))
        if "patterns" in args.cases:
            run_case("user theme patterns (a+)+$ and \\p{L}*\\p{L}*\\p{L}*\\d", "patterns", "-")
        if "two-pipelines" in args.cases:
            folder = base / "two"
            folder.mkdir()
            for k in range(40):
                (folder / f"r{k:02d}.txt").write_text(REPORT * 20, encoding="utf-8")
            run_case("two pipelines into one folder at once", "two-pipelines", str(folder))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
