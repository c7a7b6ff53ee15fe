"""Benchmark: theme tagging against jieba word segmentation on the same text.

Run from the project's root:  python benchmarks/bench_themes.py [--mb 1.0] [--repeat 5]

What is timed (best of ``--repeat`` runs, after one warm-up run of each):

* ``jieba.cut``: a fresh ``jieba.Tokenizer()`` (dictionary loaded during the warm-up),
  ``list(tk.cut(text))`` over the whole text;
* ``tag_themes(doc)``: paragraph-level tagging of a Document built beforehand (the lexicon is
  compiled during the warm-up); this is the headline ratio;
* ``tag_themes(text)``: the same from the raw string, so including ``Document.from_text``
  (normalisation, notices, paragraph spans);
* ``theme_matrix`` over the sample corpus repeated to the same size as separate documents.

The text is the bundled sample corpus (``summarytext.load_sample()``) joined and repeated to
about ``--mb`` megabytes of UTF-8.  The ratio is jieba's time divided by the tagger's time on the
same text in the same process; the target is at least 20.
"""
from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import best_of  # noqa: E402


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="size of the text in megabytes of UTF-8 (default 1.0)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step; the best counts (default 5)")
    args = parser.parse_args(argv)

    import jieba

    import summarytext as st
    from summarytext.themes import ThemeLexicon, tag_themes, theme_matrix

    logging.getLogger("jieba").setLevel(logging.WARNING)
    with warnings.catch_warnings():  # the sample compilation warns about its missing body
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
    texts = [doc.text for doc in corpus]
    unit = "\n".join(texts)
    copies = max(1, round(args.mb * 1_000_000 / len(unit.encode("utf-8"))))
    text = "\n".join([unit] * copies)
    size_mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {len(text):,} characters, {size_mb:.2f} MB UTF-8 ({copies} copies of the {len(corpus)} sample documents)")

    tk = jieba.Tokenizer()
    list(tk.cut(text))  # warm-up: loads the dictionary
    t_jieba = best_of(lambda: list(tk.cut(text)), args.repeat)

    lexicon = ThemeLexicon.default()
    doc = st.Document.from_text(text, doc_id="bench")
    doc.paragraphs  # built beforehand: the headline timing is tagging only
    tag_themes(doc, lexicon=lexicon)  # warm-up: compiles the lexicon
    rows = len(tag_themes(doc, lexicon=lexicon))
    t_doc = best_of(lambda: tag_themes(doc, lexicon=lexicon), args.repeat)
    t_text = best_of(lambda: tag_themes(text, lexicon=lexicon), args.repeat)
    docs = [st.Document.from_text(t, doc_id=f"d{i}") for i, t in enumerate(texts * copies)]
    t_matrix = best_of(lambda: theme_matrix(docs, lexicon=lexicon), args.repeat)

    def line(name: str, seconds: float) -> str:
        return f"{name:<44} {seconds * 1000:9.1f} ms {size_mb / seconds:8.1f} MB/s   jieba/this = {t_jieba / seconds:6.1f}x"

    print(line("jieba.cut (fresh Tokenizer, list(tk.cut))", t_jieba))
    print(line("tag_themes(doc), document built beforehand", t_doc) + f"   ({rows:,} rows)")
    print(line("tag_themes(text), incl. Document.from_text", t_text))
    print(line(f"theme_matrix({len(docs)} documents)", t_matrix))
    ratio = t_jieba / t_doc
    print(f"headline ratio (jieba.cut / tag_themes on a built Document): {ratio:.1f}x (target >= 20x)")
    return {"jieba": t_jieba, "tag_doc": t_doc, "tag_text": t_text, "matrix": t_matrix, "ratio": ratio}


if __name__ == "__main__":
    main()
