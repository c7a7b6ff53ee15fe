"""Shared helpers for the benchmarks: a test text built from the sample corpus and
timing of a stage against ``jieba.cut`` on the same text in the same process."""
from __future__ import annotations

import platform
import time
import warnings
from typing import Callable


def sample_text(min_chars: int = 1_000_000) -> str:
    """The sample corpus joined and repeated to at least ``min_chars`` characters."""
    import summarytext as st

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
    text = "\n".join(d.text for d in corpus)
    return "\n".join([text] * (min_chars // len(text) + 1))


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def jieba_baseline(text: str) -> Callable[[], object]:
    """``jieba.cut`` with a fresh tokenizer (HMM on, as by default), dictionary loaded beforehand."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    return lambda: list(tk.cut(text))


def machine() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def report(name: str, chars: int, stage_s: float, jieba_s: float, target: float | None = None) -> dict:
    ratio = jieba_s / stage_s
    line = f"{name}: {chars / stage_s:,.0f} chars/s; jieba.cut {chars / jieba_s:,.0f} chars/s; ratio {ratio:.1f}x"
    if target is not None:
        line += f" (target {target:g}x)"
    print(line)
    return {"stage": name, "chars": chars, "seconds": stage_s, "jieba_seconds": jieba_s, "ratio": ratio, "target": target}
