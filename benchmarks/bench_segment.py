"""Throughput of summarytext.segment against jieba.cut on the same text.

Two texts: the real compilation of ../shared/seeds repeated to about 400,000 characters and
passed as one str (only where ../shared is present), and the same in traditional script
(segmented through its simplified view; jieba.cut timed on that traditional text too).

Run: python benchmarks/bench_segment.py   (target: no slower than 0.9x jieba.cut)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import best_of, jieba_baseline, machine, real_compilation, report, sample_text  # noqa: E402


def main(chars: int = 400_000) -> list[dict]:
    from summarytext.normalize import convert_script
    from summarytext.segment import default_segmenter

    text = real_compilation(chars)
    name = "real compilation"
    if text is None:
        text, name = sample_text(chars), "sample corpus"
    seg = default_segmenter()
    seg.cut(text[:1000])  # load the dictionary outside the timing
    results = []
    for label, t in ((name, text), (f"{name}, traditional script", convert_script(text, "traditional"))):
        jieba_s = best_of(jieba_baseline(t))
        ours = best_of(lambda: seg.cut(t))
        results.append(report(f"segment ({label})", len(t), ours, jieba_s, 0.9))
    return results


if __name__ == "__main__":
    print(machine())
    main()
