"""Throughput of summarytext.segment against jieba.cut on the same text.

Run: python benchmarks/bench_segment.py   (target: no slower than 0.9x jieba.cut)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import best_of, jieba_baseline, machine, report, sample_text  # noqa: E402


def main(chars: int = 1_000_000) -> list[dict]:
    from summarytext.segment import default_segmenter

    text = sample_text(chars)
    seg = default_segmenter()
    seg.cut(text[:1000])  # load the dictionary outside the timing
    baseline = jieba_baseline(text)
    jieba_s = best_of(baseline)
    ours = best_of(lambda: seg.cut(text))
    return [report("segment", len(text), ours, jieba_s, 0.9)]


if __name__ == "__main__":
    print(machine())
    main()
