"""Throughput of summarytext.extract_metrics against jieba.cut on the same text.

Three texts, from the density of real reports to a stress case:

* "report density": the sample corpus with narrative paragraphs between its lines, one metric
  per 210 characters, the density of the real compilation in ../shared/seeds;
* "real compilation": that compilation itself, repeated (only where ../shared is present);
* "sample corpus": the sample corpus as it is, one metric per about 55 characters, four times
  as dense as real reports: per metric, the rules that read subject, category and stage cost
  more than a pass of jieba over the same characters, so this is the worst case.

Two measures each: end to end from a string (normalisation, structure, DataFrame) and on a
ready Document.

Run: python benchmarks/bench_metrics.py   (target: 10x jieba.cut)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import best_of, benchmark_texts, jieba_baseline, machine, report  # noqa: E402


def main(chars: int = 1_000_000) -> list[dict]:
    import summarytext as st
    from summarytext.metrics import metrics_rows

    results = []
    for name, text in benchmark_texts(chars).items():
        st.extract_metrics(text[:5000])  # warm caches
        jieba_s = best_of(jieba_baseline(text))
        per_metric = len(text) / max(1, len(st.extract_metrics(text)))
        end_to_end = best_of(lambda: st.extract_metrics(text), 5)
        results.append(report(f"metrics ({name}, 1 per {per_metric:.0f} chars), from str", len(text), end_to_end, jieba_s, 10))
        doc = st.Document.from_text(text)
        doc.sentence_offsets, doc.sections
        rows = best_of(lambda: metrics_rows(doc), 5)
        results.append(report(f"metrics ({name}), on a Document", len(text), rows, jieba_s, 10))
    return results


if __name__ == "__main__":
    print(machine())
    main()
