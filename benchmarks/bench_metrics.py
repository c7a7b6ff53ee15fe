"""Throughput of summarytext.extract_metrics against jieba.cut on the same text.

Two texts: the sample corpus (dense with figures: about one metric per 60 characters)
and a text with the density of real reports (the sample corpus with every other
paragraph replaced by narrative, about one metric per 200 characters).  Two measures:
end to end from a string (normalisation, structure, DataFrame) and on a ready Document.

Run: python benchmarks/bench_metrics.py   (target: 10x jieba.cut)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import best_of, jieba_baseline, machine, report, sample_text  # noqa: E402


def _narrative(text: str) -> str:
    lines = text.split("\n")
    filler = "委员们深入基层倾听群众呼声，围绕中心工作建言献策，推动协商成果转化落地，凝聚起团结奋进的强大合力。"
    return "\n".join(line if i % 2 == 0 else filler * max(1, len(line) // len(filler)) for i, line in enumerate(lines))


def main(chars: int = 1_000_000) -> list[dict]:
    import summarytext as st
    from summarytext.metrics import metrics_rows

    results = []
    dense = sample_text(chars)
    for name, text in (("metrics (sample corpus)", dense), ("metrics (report density)", _narrative(dense))):
        st.extract_metrics(text[:2000])  # warm caches
        jieba_s = best_of(jieba_baseline(text))
        end_to_end = best_of(lambda: st.extract_metrics(text))
        results.append(report(name + ", from str", len(text), end_to_end, jieba_s, 10))
        doc = st.Document.from_text(text)
        doc.sections, doc.sentences
        rows = best_of(lambda: metrics_rows(doc))
        results.append(report(name + ", on a Document", len(text), rows, jieba_s, 10))
    return results


if __name__ == "__main__":
    print(machine())
    main()
