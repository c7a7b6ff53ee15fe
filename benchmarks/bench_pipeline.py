"""The whole pipeline (metrics and themes, streamed to Parquet) on generated corpora.

Documents come from :mod:`benchmarks.generate` (sample-corpus paragraphs shuffled and
edited, about 5,000 characters each), written to a folder of .txt files first (not
timed).  The run streams the folder: workers read and analyse the files, the main
process appends results to Parquet; nothing holds the corpus.  Each run is a fresh
process; its peak memory is the largest resident set of the whole process tree (the
run and its workers together), sampled from /proc.

    python benchmarks/bench_pipeline.py                          # 1k, 10k, 100k documents, n_jobs=2
    python benchmarks/bench_pipeline.py --sizes 2000 --jobs 1 2  # speed-up of two processes
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def run_once(folder: str, n: int, *, chars: int, jobs: int) -> dict:
    """One pipeline run in this process: a folder of generated reports in, Parquet out."""
    import shutil
    import warnings

    warnings.simplefilter("ignore")
    from summarytext.pipeline import run_pipeline

    out = tempfile.mkdtemp(prefix="summarytext-bench-out-")
    from common import TreeMemory

    with TreeMemory(0.25, field="Rss") as sampler:
        start = time.perf_counter()
        result = run_pipeline(folder, out, n_jobs=jobs, chunk_size=16)
        seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    chars_total = n * chars
    return {
        "documents": n, "jobs": jobs, "seconds": seconds, "peak_mb": sampler.peak, "metrics": result.rows["metrics"],
        "themes": result.rows["themes"], "docs_per_s": n / seconds, "approx_chars_per_s": chars_total / seconds,
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_once(args.child, args.sizes[0], chars=args.chars, jobs=args.jobs[0])))
        return []
    import shutil

    from generate import write_corpus

    results = []
    for n in args.sizes:
        folder = tempfile.mkdtemp(prefix=f"summarytext-bench-{n}-")
        write_corpus(folder, n, chars=args.chars, seed=args.seed)
        for jobs in args.jobs:
            cmd = [sys.executable, __file__, "--child", folder, "--sizes", str(n), "--jobs", str(jobs), "--chars", str(args.chars)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr[-3000:])
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{n:>7} documents, n_jobs={jobs}: {r['seconds']:8.1f} s, {r['docs_per_s']:7.1f} docs/s, peak {r['peak_mb']:6.0f} MB, "
                  f"{r['metrics']:,} metrics, {r['themes']:,} theme rows", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    return results


if __name__ == "__main__":
    main()
