"""Run every benchmark and write the results as tables to docs/benchmarks.md.

    python benchmarks/run.py            # everything (about 40 minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes (a few minutes), for a check

Stage throughputs are ratios to ``jieba.cut`` (a fresh ``jieba.Tokenizer``, HMM on) on the
same text in the same run; the whole pipeline and the comparison run on generated corpora in
fresh processes, with time and peak memory.  Nothing here is a test: numbers depend on the
machine, which the page describes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    import jieba
    import pandas
    import sklearn

    return (f"{cpu}, {os.cpu_count()} CPUs{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}; "
            f"jieba {jieba.__version__}, pandas {pandas.__version__}, scikit-learn {sklearn.__version__}")


def import_time(repeat: int = 7) -> float:
    """Best wall time of ``import summarytext`` in a fresh interpreter, in seconds."""
    code = "import time; t = time.perf_counter(); import summarytext; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(repeat)]
    return min(times)


def stage_ratios(mb: float) -> list[dict]:
    """Each stage against jieba.cut on the same text (see common.benchmark_texts)."""
    import warnings

    warnings.simplefilter("ignore")
    import summarytext as st
    from common import benchmark_texts, best_of, jieba_baseline
    from summarytext.metrics import metrics_rows
    from summarytext.segment import Segmenter
    from summarytext.themes import tag_themes

    rows = []
    for label, text in benchmark_texts(int(mb * 1_000_000 / 3)).items():  # about 3 bytes of UTF-8 per character
        jieba_s = best_of(jieba_baseline(text))
        doc = st.Document.from_text(text)
        doc.sentences, doc.sections
        st.extract_metrics(text[:5000])
        per_metric = len(text) / max(1, len(st.extract_metrics(text)))
        stages = {}
        if label in ("real compilation", "sample corpus"):
            seg = Segmenter()
            seg.cut(text[:1000])
            stages["segment (jieba backend)"] = best_of(lambda: seg.cut(text))
            try:
                fast = Segmenter(backend="rjieba", hmm=False)
                fast.cut(text[:1000])
                stages["segment (rjieba backend, HMM off)"] = best_of(lambda: fast.cut(text))
            except ImportError:
                pass
        tag_themes(doc)
        stages["tag_themes on a Document"] = best_of(lambda: tag_themes(doc), 5)
        stages["tag_themes from a str"] = best_of(lambda: tag_themes(text), 5)
        stages["extract_metrics on a Document"] = best_of(lambda: metrics_rows(doc), 5)
        stages["extract_metrics from a str"] = best_of(lambda: st.extract_metrics(text), 5)
        for name, seconds in stages.items():
            rows.append({"text": label, "chars_per_metric": per_metric, "stage": name, "chars_per_s": len(text) / seconds,
                         "jieba_chars_per_s": len(text) / jieba_s, "ratio": jieba_s / seconds, "chars": len(text)})
    return rows


def run_json(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return proc.stdout


def pipeline_runs(sizes: list[int], jobs: list[int]) -> list[dict]:
    import bench_pipeline

    return bench_pipeline.main(["--sizes", *map(str, sizes), "--jobs", *map(str, jobs)])


def compare_runs(sizes: list[int]) -> list[dict]:
    out = Path(tempfile.mkdtemp()) / "compare.json"
    subprocess.run([sys.executable, str(HERE / "bench_compare.py"), "--sizes", *map(str, sizes), "--json", str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def neighbours_runs(documents: int) -> list[dict]:
    out = Path(tempfile.mkdtemp()) / "neighbours.json"
    subprocess.run([sys.executable, str(HERE / "bench_neighbours.py"), "--documents", str(documents), "--json", str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def compare_markdown(compare: list[dict], neighbours: list[dict]) -> list[str]:
    """The comparison sections: nearest-neighbour methods, then the whole comparison at scale."""
    lines: list[str] = []
    if neighbours:
        n = neighbours[0]["documents"]
        lines += ["", "## Comparison: nearest documents\n",
                  f"The 10 nearest documents of each of {n:,} generated reports (TF-IDF of rjieba terms), by each method, in a fresh",
                  "process each; recall = share of the exact 10 found; peak = PSS of the process, the matrix included",
                  "(`benchmarks/bench_neighbours.py`). The library uses exact up to 20,000 documents and svd+hnswlib above.", "",
                  "| method | seconds | peak MB | recall@10 |", "|---|---:|---:|---:|"]
        for r in neighbours:
            lines.append(f"| {r['method']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['recall_at_10']:.3f} |")
    if compare:
        lines += ["", "## Comparison: scale\n",
                  "Generated reports of 5,000 characters (1% of characters mistyped), held in memory; terms with the rjieba backend",
                  "(HMM off), n_jobs=2; `top_k(10)`, `shared_passages()` and `boilerplate()` in one run per size, in a fresh process",
                  "(`benchmarks/bench_compare.py`). Peak = PSS of the whole process tree (the run and its workers; the corpus",
                  "included); recall = share of the exact 10 nearest found, for 500 documents drawn at random; load = the",
                  "machine's load average during the run (other work shared its 2 cores).", "",
                  "| documents | seconds | CPU seconds | load | peak MB | corpus MB | terms s | top-10 s | method | recall@10 | passages s | shared passages | boilerplate | time growth |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
        prev = None
        for r in compare:
            growth = "" if prev is None else f"x{r['seconds'] / prev['seconds']:.2f} for x{r['documents'] / prev['documents']:.1f} documents"
            passages = r["index_s"] + r["shared_s"] + r["boilerplate_s"]
            lines.append(
                f"| {r['documents']:,} | {r['seconds']:.0f} | {r['cpu_s']:.0f} | {r['load']:.1f} | {r['peak_mb']:.0f} | {r['corpus_mb']:.0f} | "
                f"{r['features_s']:.0f} | {r['top_k_s']:.0f} | {r['method']} | {r['recall_at_10']:.3f} | {passages:.0f} | {r['passages']:,} | "
                f"{r['boilerplate']:,} | {growth} |"
            )
            prev = r
    return lines


def panel_runs(sizes: list[int]) -> list[dict]:
    out = Path(tempfile.mkdtemp()) / "panel.json"
    subprocess.run([sys.executable, str(HERE / "bench_panel.py"), "--sizes", *map(str, sizes), "--json", str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def panel_markdown(panel: list[dict]) -> list[str]:
    """The section on :func:`summarytext.panel` (see bench_panel.py)."""
    lines = ["", "## Panel: scale\n",
             "`panel_of` on a synthetic metrics table: rows drawn from the sample corpus's metrics, 91 per document (as",
             "the generated reports above give), values jittered and 5% masked, 3,000 places over 2015–2024. The baseline,",
             "in the same process on the same table, is `groupby([\"doc_id\", \"category\", \"stage\"])[\"value\"].max()`.",
             "Target: 100,000 documents under a minute.", "",
             "| documents | metric rows | panel rows | seconds | groupby max seconds | ratio |", "|---:|---:|---:|---:|---:|---:|"]
    for r in panel:
        lines.append(f"| {r['documents']:,} | {r['metric_rows']:,} | {r['panel_rows']:,} | {r['seconds']:.1f} | "
                     f"{r['baseline_seconds']:.1f} | {r['ratio']:.1f}x |")
    return lines


def write_markdown(path: Path, *, machine: str, imp: float, stages: list[dict], speedup: list[dict], scale: list[dict], compare: list[dict],
                   panel: list[dict] | None = None, neighbours: list[dict] | None = None) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Run with `python benchmarks/run.py` on {dt.date.today().isoformat()}.",
        "",
        f"Machine: {machine}.",
        "",
        "Ratios compare a stage with `jieba.cut` (a fresh `jieba.Tokenizer`, HMM on) on the same text in the same run:",
        "a ratio of 10 means ten times jieba's throughput. Each is the best of several runs in CPU seconds of the process",
        "(since 2026-12-06; wall-clock time before), so that other work on the machine does not count. Three texts: \"report density\" is the sample corpus with",
        "narrative paragraphs between its lines, one metric per 210 characters, the density of the real compilation",
        "in `../shared/seeds` (29 metrics in 6,188 characters); \"real compilation\" is that compilation itself,",
        "repeated; \"sample corpus\" is the sample corpus as it is, dense with figures (one metric per 55 characters,",
        "four times real reports), the worst case for metrics: their cost grows with the number of figures, as the",
        "rules that read subject, category and stage run for each.",
        "",
        f"## Import\n\n`import summarytext`: {imp * 1000:.0f} ms (best of 7 fresh interpreters; target under 200 ms).",
        "",
        "## Stages\n",
        "| text | chars per metric | stage | chars/s | jieba.cut chars/s | ratio | target |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    targets = {"segment (jieba backend)": "0.9x", "extract_metrics": "10x", "tag_themes": "20x"}
    for r in stages:
        target = next((v for k, v in targets.items() if r["stage"].startswith(k)), "")
        lines.append(f"| {r['text']} | {r['chars_per_metric']:.0f} | {r['stage']} | {r['chars_per_s']:,.0f} | {r['jieba_chars_per_s']:,.0f} | {r['ratio']:.1f}x | {target} |")
    lines += ["", "## Pipeline: processes\n", "Metrics and themes of a folder of generated reports (5,000 characters each), streamed to Parquet.", "",
              "| documents | n_jobs | seconds | documents/s | peak MB | speed-up |", "|---:|---:|---:|---:|---:|---:|"]
    base = {r["documents"]: r["seconds"] for r in speedup if r["jobs"] == 1}
    for r in speedup:
        up = base.get(r["documents"], r["seconds"]) / r["seconds"]
        lines.append(f"| {r['documents']:,} | {r['jobs']} | {r['seconds']:.1f} | {r['docs_per_s']:.0f} | {r['peak_mb']:.0f} | {up:.2f}x |")
    lines += ["", "## Pipeline: scale\n", "Same pipeline, n_jobs=2; peak memory of the whole process tree (main process and workers).", "",
              "| documents | seconds | documents/s | peak MB | metrics | theme rows | time growth |", "|---:|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for r in scale:
        growth = "" if prev is None else f"x{r['seconds'] / prev['seconds']:.1f} for x{r['documents'] / prev['documents']:.0f} documents"
        lines.append(f"| {r['documents']:,} | {r['seconds']:.1f} | {r['docs_per_s']:.0f} | {r['peak_mb']:.0f} | {r['metrics']:,} | {r['themes']:,} | {growth} |")
        prev = r
    lines += compare_markdown(compare, neighbours or [])
    if panel:
        lines += panel_markdown(panel)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller texts and corpora")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    mb = 0.5 if args.quick else 1.0
    scale_sizes = [500, 2000] if args.quick else [1000, 10000, 100000]
    compare_sizes = [1000, 2000] if args.quick else [10000, 30000, 100000]
    speed_size = 500 if args.quick else 2000

    machine = machine_description()
    print(machine, flush=True)
    imp = import_time()
    print(f"import summarytext: {imp * 1000:.0f} ms", flush=True)
    stages = stage_ratios(mb)
    for r in stages:
        print(f"{r['text']:>15} | {r['stage']:<36} {r['ratio']:6.1f}x jieba.cut", flush=True)
    speedup = pipeline_runs([speed_size], [1, 2])
    scale = pipeline_runs(scale_sizes, [2])
    compare = compare_runs(compare_sizes)
    neighbours = neighbours_runs(2000 if args.quick else 10000)
    panel = panel_runs([1000, 10000] if args.quick else [1000, 10000, 100000])
    write_markdown(Path(args.out), machine=machine, imp=imp, stages=stages, speedup=speedup, scale=scale, compare=compare, panel=panel,
                   neighbours=neighbours)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
