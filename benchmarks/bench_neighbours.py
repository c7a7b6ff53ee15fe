"""Nearest documents: the exact method against approximate ones, on the TF-IDF of 10,000 generated reports.

What picks the method (and the dependency) that :mod:`summarytext.compare.neighbours` uses
above :data:`~summarytext.compare.neighbours.EXACT_UP_TO` documents.  Every method gives each
document its 10 nearest by cosine similarity; recall is the share of the exact 10 it finds.
Each method runs in a fresh process on the same matrix (saved once), with its time and the
peak memory of its process (PSS, the matrix included):

* ``exact``: the documents x documents product in chunks (:func:`exact_neighbours`);
* ``svd+hnswlib``: what the library does (:func:`approximate_neighbours` with its default
  :class:`ApproximateOptions`: singular vectors, an HNSW graph built by one thread, candidates
  ranked exactly);
* ``random-projection LSH``: signs of random projections of the TF-IDF rows (16 tables of 12
  bits, numpy only), the members of a document's buckets ranked exactly (at most 200 per
  table);
* ``svd+pynndescent``: NN-descent (pynndescent) on the same singular vectors, its 30
  nearest ranked exactly (30 neighbours per node: the graph's cost grows with their square);
* ``pynndescent (sparse)``: NN-descent on the TF-IDF itself.  The last two only when
  pynndescent is installed (it is not a dependency of the library).

The corpus generator is the one of ``bench_compare.py``; terms with the rjieba backend.

    python benchmarks/bench_neighbours.py                 # 10,000 documents
    python benchmarks/bench_neighbours.py --documents 3000 --methods exact svd+hnswlib
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

METHODS = ("exact", "svd+hnswlib", "random-projection LSH", "svd+pynndescent", "pynndescent (sparse)")


def _rank(X, cand):
    """The 10 best of each row's candidates by exact cosine (row ids, -1 padding dropped)."""
    import numpy as np

    from summarytext.compare.neighbours import pair_similarities

    n = X.shape[0]
    cand = np.where(cand < 0, np.arange(n)[:, None], cand)
    sims = pair_similarities(X, cand)
    sims[cand == np.arange(n)[:, None]] = -np.inf
    order = np.argsort(-sims, axis=1, kind="stable")[:, :10]
    return np.take_along_axis(cand, order, axis=1)


def _lsh(X, *, tables: int = 16, bits: int = 12, cap: int = 200, seed: int = 0):
    """Random-projection LSH candidates: rows sharing a bucket of some table (a bucket's
    members in order, at most ``cap`` around each row)."""
    import numpy as np

    n, v = X.shape
    rng = np.random.default_rng(seed)
    cand = [[] for _ in range(n)]
    for _ in range(tables):
        R = rng.standard_normal((v, bits)).astype(np.float32)
        code = ((X @ R) > 0).astype(np.int64) @ (1 << np.arange(bits, dtype=np.int64))
        order = np.argsort(code, kind="stable")
        sc = code[order]
        starts = np.flatnonzero(np.concatenate(([True], sc[1:] != sc[:-1])))
        ends = np.concatenate((starts[1:], [n]))
        for s, e in zip(starts.tolist(), ends.tolist()):
            members = order[s:e]
            for k, i in enumerate(members.tolist()):
                lo = max(0, k - cap // 2)
                cand[i].extend(members[lo : lo + cap].tolist())
    width = max(len(set(c)) for c in cand)
    out = np.full((n, width), -1, dtype=np.int64)
    for i, c in enumerate(cand):
        u = np.array(sorted(set(c)), dtype=np.int64)
        out[i, : len(u)] = u
    return out


def run_method(method: str, matrix: str) -> dict:
    """One method on the saved matrix, in this process."""
    import numpy as np
    from scipy import sparse

    from common import TreeMemory

    from summarytext.compare.neighbours import ApproximateOptions, approximate_neighbours, exact_neighbours, svd_projection

    X = sparse.load_npz(matrix).astype(np.float32).tocsr()
    with TreeMemory() as memory:
        start = time.perf_counter()
        if method == "exact":
            idx, _ = exact_neighbours(X, 10)
        elif method == "svd+hnswlib":
            idx, _ = approximate_neighbours(X, 10, options=ApproximateOptions(), n_jobs=2)
        elif method == "random-projection LSH":
            idx = _rank(X, _lsh(X))
        elif method == "svd+pynndescent":
            import pynndescent

            options = ApproximateOptions()
            Z = svd_projection(X, dims=options.dims, sample=options.svd_sample, seed=options.seed, iterations=options.svd_iterations)
            graph, _ = pynndescent.NNDescent(Z, metric="cosine", n_neighbors=31, random_state=0, n_jobs=2).neighbor_graph
            idx = _rank(X, graph.astype(np.int64))
        elif method == "pynndescent (sparse)":
            import pynndescent

            graph, _ = pynndescent.NNDescent(X, metric="cosine", n_neighbors=31, random_state=0, n_jobs=2).neighbor_graph
            idx = _rank(X, graph.astype(np.int64))
        else:
            raise ValueError(method)
        seconds = time.perf_counter() - start
    return {"method": method, "seconds": seconds, "peak_mb": memory.peak, "matrix_mb": memory.start, "neighbours": idx.tolist()}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--matrix", help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.one:
        out = Path(args.matrix).with_suffix(f".{METHODS.index(args.one)}.json")
        out.write_text(json.dumps(run_method(args.one, args.matrix)), encoding="utf-8")
        return []

    import importlib.util

    import numpy as np
    from scipy import sparse

    from bench_compare import generate

    from summarytext import Corpus, Segmenter
    from summarytext.compare import compare

    corpus = Corpus(generate(args.documents, chars=5000, seed=0, typo_rate=0.01, jobs=2))
    X = compare(corpus, segmenter=Segmenter(backend="rjieba", hmm=False), n_jobs=2).tfidf_
    folder = Path(tempfile.mkdtemp())
    matrix = folder / "tfidf.npz"
    sparse.save_npz(matrix, X)
    print(f"{args.documents:,} documents, {X.shape[1]:,} terms, {X.nnz:,} stored values", flush=True)
    results, exact = [], None
    for method in args.methods:
        if "pynndescent" in method and importlib.util.find_spec("pynndescent") is None:
            print(f"{method}: pynndescent is not installed, left out", flush=True)
            continue
        proc = subprocess.run([sys.executable, __file__, "--one", method, "--matrix", str(matrix)], capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(proc.returncode)
        r = json.loads(matrix.with_suffix(f".{METHODS.index(method)}.json").read_text(encoding="utf-8"))
        idx = np.array(r.pop("neighbours"))
        if exact is None:
            from summarytext.compare.neighbours import exact_neighbours

            exact = idx if method == "exact" else exact_neighbours(X, 10)[0]
        r["recall_at_10"] = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(idx.tolist(), exact.tolist())]))
        r["documents"] = args.documents
        results.append(r)
        print(f"{method:<24} {r['seconds']:7.1f} s  peak {r['peak_mb']:6.0f} MB (matrix {r['matrix_mb']:.0f} MB)  recall@10 {r['recall_at_10']:.3f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
