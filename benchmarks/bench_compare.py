"""Benchmark of document comparison at scale: top-10 similar documents, shared passages and
boilerplate of 10,000 to 100,000 generated reports, in one run each.

The documents come from :mod:`benchmarks.generate` (sample-corpus paragraphs, shuffled and
edited: places swapped, numbers changed or masked, sentences dropped, 1% of characters
mistyped), about 5,000 characters each, generated in memory before the clock starts.  Each
size runs in a fresh process:

* ``compare(corpus, segmenter=Segmenter(backend="rjieba", hmm=False), n_jobs=2)``, then
  ``top_k(10)`` (exact up to 20,000 documents, approximate above), ``shared_passages()`` and
  ``boilerplate()``; the time of each step and the total;
* peak memory of the whole process tree (the run and its worker processes), sampled from
  /proc as PSS, so that pages a forked worker shares with its parent count once; the
  generated corpus, held in memory, is included;
* recall of the exact top 10: for 500 documents drawn at random, their exact 10 nearest
  (one row of the similarity matrix each) against what ``top_k`` gave (not timed);
* CPU seconds and the machine's load average, since other work may share the machine.

    python benchmarks/bench_compare.py                          # 10,000, 30,000 and 100,000 documents
    python benchmarks/bench_compare.py --sizes 10000 40000      # the growth from 10,000 to 40,000
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _generate_part(args: tuple[int, int, int, int, float]) -> list:
    from generate import generate_documents

    start, n, chars, seed, typo_rate = args
    return list(generate_documents(n, chars=chars, seed=seed, start=start, typo_rate=typo_rate))


def generate(n: int, *, chars: int, seed: int, typo_rate: float, jobs: int) -> list:
    """The generated documents, made by ``jobs`` processes (not timed)."""
    from concurrent.futures import ProcessPoolExecutor

    step = 2000
    parts = [(lo, min(step, n - lo), chars, seed, typo_rate) for lo in range(0, n, step)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [doc for part in pool.map(_generate_part, parts) for doc in part]


def exact_recall(tfidf, top, ids: list[str], *, sample: int = 500, seed: int = 0) -> float:
    """Share of the exact 10 nearest documents of ``sample`` random documents found by ``top``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(tfidf.shape[0], min(sample, tfidf.shape[0]), replace=False))
    position = {d: i for i, d in enumerate(ids)}
    got = {}
    for doc_id, other in zip(top["doc_id"].tolist(), top["other"].tolist()):
        got.setdefault(position[doc_id], set()).add(position[other])
    found = []
    for lo in range(0, len(rows), 100):
        block = rows[lo : lo + 100]
        S = (tfidf[block] @ tfidf.T).toarray()
        S[np.arange(len(block)), block] = -np.inf
        for r, i in enumerate(block.tolist()):
            want = np.argsort(-S[r], kind="stable")[:10]
            found.append(len(set(want.tolist()) & got.get(i, set())) / 10)
    return float(np.mean(found))


def run_size(n: int, *, chars: int, jobs: int, typo_rate: float, seed: int) -> dict:
    """One size in this process: generate, then compare under the clock and the memory sampler."""
    import logging

    from common import TreeMemory, cpu_seconds, load_average

    from summarytext import Corpus, Segmenter
    from summarytext.compare import compare

    logging.getLogger("summarytext").setLevel(logging.WARNING)
    corpus = Corpus(generate(n, chars=chars, seed=seed, typo_rate=typo_rate, jobs=max(jobs, 1)))
    out: dict = {"documents": n, "chars": sum(len(d.text) for d in corpus), "jobs": jobs}
    cpu0, load0 = cpu_seconds(), load_average()
    with TreeMemory() as memory:
        start = time.perf_counter()
        c = compare(corpus, segmenter=Segmenter(backend="rjieba", hmm=False), n_jobs=jobs)
        _ = c.counts_
        t_features = time.perf_counter()
        memory.step("terms")
        top = c.top_k(10)
        t_top = time.perf_counter()
        memory.step("top_k")
        index = c.passage_index_
        t_index = time.perf_counter()
        memory.step("index")
        shared = c.shared_passages()
        t_shared = time.perf_counter()
        memory.step("shared")
        plate = c.boilerplate()
        end = time.perf_counter()
        memory.step("boilerplate")
    out.update(
        seconds=end - start, features_s=t_features - start, top_k_s=t_top - t_features, index_s=t_index - t_top,
        shared_s=t_shared - t_index, boilerplate_s=end - t_shared, cpu_s=cpu_seconds() - cpu0,
        load=(load0 + load_average()) / 2, corpus_mb=memory.start, peak_mb=memory.peak, step_peak_mb=memory.steps,
        method="exact" if n <= _exact_up_to() else "approximate", vocabulary=int(c.counts_.shape[1]),
        term_counts=int(c.counts_.nnz), clauses=int(len(index.units_.uid)), distinct_clauses=len(index.texts_),
        near_pairs=int(index.n_similar_pairs_), passages=len(shared), boilerplate=len(plate),
        mean_top1=float(top.loc[top["rank"] == 1, "similarity"].mean()),
    )
    out["recall_at_10"] = exact_recall(c.tfidf_, top, c.ids)
    return out


def _exact_up_to() -> int:
    from summarytext.compare.neighbours import EXACT_UP_TO

    return EXACT_UP_TO


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--typo-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    if args.one:  # child process: one size, result as JSON on stdout
        print(json.dumps(run_size(args.sizes[0], chars=args.chars, jobs=args.jobs, typo_rate=args.typo_rate, seed=args.seed)))
        return []

    from common import machine

    print(f"machine: {machine()}; {args.chars} chars per document, n_jobs={args.jobs}, typo rate {args.typo_rate}")
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", "--sizes", str(n), "--chars", str(args.chars), "--jobs", str(args.jobs),
               "--typo-rate", str(args.typo_rate), "--seed", str(args.seed)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(proc.returncode)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print(
            f"{n:>7} documents: {r['seconds']:6.1f} s ({r['cpu_s']:.0f} CPU s, load {r['load']:.1f}), peak {r['peak_mb']:6.0f} MB "
            f"(corpus {r['corpus_mb']:.0f} MB); terms {r['features_s']:.1f} s, top-10 {r['top_k_s']:.1f} s ({r['method']}, "
            f"recall {r['recall_at_10']:.3f}), index {r['index_s']:.1f} s, shared {r['shared_s']:.1f} s, boilerplate {r['boilerplate_s']:.1f} s; "
            f"{r['clauses']:,} clauses, {r['distinct_clauses']:,} distinct, {r['passages']:,} shared passages, {r['boilerplate']:,} boilerplate; "
            f"peak MB by step {json.dumps({k: round(v) for k, v in r['step_peak_mb'].items()})}",
            flush=True,
        )
    for a, b in zip(results, results[1:]):
        print(f"growth {a['documents']:,} -> {b['documents']:,} documents (x{b['documents'] / a['documents']:.1f}): "
              f"time x{b['seconds'] / a['seconds']:.2f}, peak x{b['peak_mb'] / a['peak_mb']:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
