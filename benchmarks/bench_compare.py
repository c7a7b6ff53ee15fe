"""Benchmark of document comparison: similarity top-k and shared passages at 1k, 3k and 10k documents.

The documents come from :mod:`benchmarks.generate` (sample-corpus paragraphs, shuffled and
edited: places swapped, numbers changed or masked, sentences dropped, 1% of characters
mistyped), about 5,000 characters each.  Each stage runs in a fresh process, so its time
and peak memory are its own:

* ``similarity``: terms of every document (rjieba backend without HMM, ``n_jobs`` processes),
  TF-IDF, and the 10 nearest documents of every document (:meth:`Comparison.top_k`, in
  chunks: no documents x documents matrix is ever held);
* ``passages``: clauses, MinHash/LSH, groups, :meth:`Comparison.shared_passages` and
  :meth:`Comparison.boilerplate`.

Peak memory is the stage process's maximum resident set (``ru_maxrss``, corpus included)
plus, with ``n_jobs`` > 1, that many times the largest worker's maximum.  Generating the
corpus is not timed.

    python benchmarks/bench_compare.py                 # 1000 3000 10000 documents
    python benchmarks/bench_compare.py --sizes 500 1000 --jobs 1
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _mb(kb: float) -> float:
    return kb / 1024.0


def run_stage(stage: str, n: int, *, chars: int, jobs: int, typo_rate: float, seed: int) -> dict:
    """Run one stage on ``n`` generated documents in this process; timings and memory."""
    import logging

    from generate import generate_corpus

    from summarytext import Segmenter
    from summarytext.compare import compare

    logging.getLogger("summarytext").setLevel(logging.WARNING)
    corpus = generate_corpus(n, chars=chars, seed=seed, typo_rate=typo_rate)
    total_chars = sum(len(d.text) for d in corpus)
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = compare(corpus, segmenter=Segmenter(backend="rjieba", hmm=False), n_jobs=jobs)
    out: dict = {"stage": stage, "documents": n, "chars": total_chars, "jobs": jobs}
    start = time.perf_counter()
    if stage == "similarity":
        _ = c.counts_
        t_terms = time.perf_counter()
        top = c.top_k(10)
        end = time.perf_counter()
        out.update(terms_s=t_terms - start, topk_s=end - t_terms, vocabulary=int(c.counts_.shape[1]), rows=len(top))
        out["mean_top1"] = float(top.loc[top["rank"] == 1, "similarity"].mean())
    elif stage == "passages":
        index = c.passage_index_
        t_fit = time.perf_counter()
        shared = c.shared_passages()
        t_shared = time.perf_counter()
        plate = c.boilerplate()
        end = time.perf_counter()
        out.update(
            fit_s=t_fit - start,
            shared_s=t_shared - t_fit,
            boilerplate_s=end - t_shared,
            clauses=int(len(index.units_.doc)),
            distinct_clauses=len(index.texts_),
            near_pairs=int(index.n_similar_pairs_),
            passages=len(shared),
            boilerplate=len(plate),
        )
    else:
        raise ValueError(stage)
    out["seconds"] = end - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if jobs > 1 else 0
    out["corpus_mb"] = _mb(base_kb)
    out["main_peak_mb"] = _mb(self_kb)
    out["worker_peak_mb"] = _mb(child_kb)
    out["peak_mb"] = _mb(self_kb + jobs * child_kb) if jobs > 1 else _mb(self_kb)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--typo-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stage", choices=["similarity", "passages"], help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    if args.stage:  # child process: one stage, one size, result as JSON on stdout
        result = run_stage(args.stage, args.sizes[0], chars=args.chars, jobs=args.jobs, typo_rate=args.typo_rate, seed=args.seed)
        print(json.dumps(result))
        return 0

    from common import machine

    print(f"machine: {machine()}; {args.chars} chars per document, n_jobs={args.jobs}, typo rate {args.typo_rate}")
    results = []
    for n in args.sizes:
        for stage in ("similarity", "passages"):
            cmd = [
                sys.executable, __file__, "--stage", stage, "--sizes", str(n), "--chars", str(args.chars),
                "--jobs", str(args.jobs), "--typo-rate", str(args.typo_rate), "--seed", str(args.seed),
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stderr[-3000:], file=sys.stderr)
                return proc.returncode
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            results.append(result)
            detail = (
                f"terms {result['terms_s']:.1f}s, top-k {result['topk_s']:.1f}s, {result['vocabulary']} terms"
                if stage == "similarity"
                else f"fit {result['fit_s']:.1f}s, pairs {result['shared_s']:.1f}s; {result['clauses']:,} clauses "
                f"({result['distinct_clauses']:,} distinct), {result['passages']:,} shared passages, {result['boilerplate']:,} boilerplate"
            )
            print(f"  {n:>6} {stage:<10} {result['seconds']:7.1f} s  peak {result['peak_mb']:7.0f} MB  ({detail})", flush=True)

    print()
    print(f"{'documents':>10} | {'similarity top-k':>22} | {'shared passages':>22} | {'both':>8}")
    print(f"{'':>10} | {'seconds':>10} {'peak MB':>11} | {'seconds':>10} {'peak MB':>11} | {'seconds':>8}")
    by = {(r["documents"], r["stage"]): r for r in results}
    for n in args.sizes:
        s, p = by[(n, "similarity")], by[(n, "passages")]
        print(f"{n:>10} | {s['seconds']:>10.1f} {s['peak_mb']:>11.0f} | {p['seconds']:>10.1f} {p['peak_mb']:>11.0f} | {s['seconds'] + p['seconds']:>8.1f}")
    print()
    sizes = args.sizes
    for a, b in zip(sizes, sizes[1:]):
        ratio = b / a
        s = by[(b, "similarity")]["seconds"] / by[(a, "similarity")]["seconds"]
        p = by[(b, "passages")]["seconds"] / by[(a, "passages")]["seconds"]
        print(f"growth {a} -> {b} documents (x{ratio:.2f}): similarity x{s:.2f}, shared passages x{p:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
