"""Synthetic corpora for benchmarks: N documents of about L characters from the sample corpus.

Each document is a title line and paragraphs of the bundled sample corpus drawn at random
(shuffled, with repeats across documents), edited so that no two documents are alike:

* place names swapped: every place of the sample corpus (青川, 云岭 …) becomes the
  document's own fictional place, drawn from a few hundred generated names;
* numbers changed or masked: each run of digits gets new digits of the same length, or
  is masked with ``x`` (as scraped copies are);
* sentences dropped (``drop_rate``), and optionally characters deleted, doubled or replaced
  by another character of the text (``typo_rate``, per character; 0 by default).

Generation is deterministic: document ``i`` depends only on ``seed`` and ``i`` (so any
slice can be regenerated alone), and :func:`generate_documents` is a generator: 100,000
documents never have to be in memory at once.

Usage::

    from benchmarks.generate import generate_documents
    for doc in generate_documents(1000, chars=5000, seed=7):
        ...
    python benchmarks/generate.py 1000 --chars 5000 --out /tmp/gen1k   # one .txt per document

>>> docs = list(generate_documents(3, chars=800, seed=1))
>>> [d.doc_id for d in docs], all(700 <= len(d.text) <= 1400 for d in docs)
(['gen-000000', 'gen-000001', 'gen-000002'], True)
>>> docs[1].text == list(generate_documents(3, chars=800, seed=1))[1].text
True
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Iterator

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarytext import Corpus, Document  # noqa: E402

#: places named in the sample corpus (simplified and traditional forms), longest first
SAMPLE_PLACES = ("澜江省", "青川市", "曦江市", "白鹭市", "云岭县", "枫林县", "禾源县", "雾岚县", "霧嵐縣", "澄岭县", "鹤溪县", "桐溪区", "鹭湾区")
_FIRST = "青云枫禾雾澄鹤桐鹭曦白澜松柏兰竹梅杏柳桂沅汀蓝翠金玉石泉溪岚"
_SECOND = "川岭林源岚溪湾江山河阳平宁丰川泽浦州坪原安峰"
_SUFFIX = {"省": "省", "市": "市", "县": "县", "縣": "县", "区": "区"}
_DIGITS = re.compile(r"[0-9]+")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』]*|[^。！？；]+$")


def place_names() -> list[str]:
    """The fictional place stems documents are given (青川, 松岭 …), in a fixed order."""
    seen: dict[str, None] = {}
    for a in _FIRST:
        for b in _SECOND:
            if a != b:
                seen.setdefault(a + b)
    return list(seen)


@lru_cache(maxsize=1)
def paragraph_pool() -> tuple[str, ...]:
    """The body paragraphs of the sample corpus, in simplified script (titles left out)."""
    import summarytext as st

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample(script="simplified")
    pool = []
    for doc in corpus:
        for para in doc.paragraphs:
            text = para.text
            if doc.title and text == doc.title:
                continue
            if len(text) >= 8:
                pool.append(text)
    return tuple(pool)


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    stems = sorted({p[:-1] for p in SAMPLE_PLACES}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, stems)))


def _edit_paragraph(text: str, rng: random.Random, stem: str, *, mask_rate: float, change_rate: float, drop_rate: float, typo_rate: float) -> str:
    text = _place_pattern().sub(stem, text)

    def number(m: re.Match[str]) -> str:
        r = rng.random()
        if r < mask_rate:
            return "x" * len(m.group(0))
        if r < mask_rate + change_rate:
            digits = m.group(0)
            first = str(rng.randint(1, 9)) if digits[0] != "0" or len(digits) == 1 else "0"
            return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
        return m.group(0)

    text = _DIGITS.sub(number, text)
    sentences = _SENTENCE.findall(text)
    if len(sentences) > 1 and drop_rate > 0:
        kept = [s for s in sentences if rng.random() >= drop_rate]
        text = "".join(kept or sentences[:1])
    if typo_rate > 0 and text:
        chars = list(text)
        n_typos = sum(1 for _ in range(len(chars)) if rng.random() < typo_rate)
        for _ in range(n_typos):
            i = rng.randrange(len(chars))
            kind = rng.random()
            if kind < 0.4 and len(chars) > 1:
                del chars[i]
            elif kind < 0.7:
                chars.insert(i, chars[i])
            else:
                chars[i] = chars[rng.randrange(len(chars))]
        text = "".join(chars)
    return text


def generate_text(
    i: int,
    *,
    chars: int = 5000,
    seed: int = 0,
    mask_rate: float = 0.2,
    change_rate: float = 0.5,
    drop_rate: float = 0.1,
    typo_rate: float = 0.0,
) -> tuple[str, str, dict]:
    """Document ``i`` of the synthetic corpus ``seed``: (title, text with the title line, meta).

    >>> title, text, meta = generate_text(5, chars=500, seed=3)
    >>> text.startswith(title + "\\n"), meta["year"] in range(2019, 2025)
    (True, True)
    """
    rng = random.Random(f"{seed}:{i}")
    pool = paragraph_pool()
    names = place_names()
    stem = names[rng.randrange(len(names))]
    kind = rng.choice(("县", "市", "区"))
    year = rng.randint(2019, 2024)
    title = f"{stem}{kind}政协{year}年工作总结"
    parts = [title]
    size = len(title)
    while size < chars:
        para = _edit_paragraph(
            pool[rng.randrange(len(pool))], rng, stem,
            mask_rate=mask_rate, change_rate=change_rate, drop_rate=drop_rate, typo_rate=typo_rate,
        )
        if not para:
            continue
        room = chars - size
        if len(para) > room + 200:
            # cut the last paragraph at a sentence end near the target length
            cut = 0
            for m in _SENTENCE.finditer(para):
                if m.end() > room and cut:
                    break
                cut = m.end()
            para = para[: max(cut, min(len(para), room))]
        parts.append(para)
        size += len(para) + 1
    meta = {"year": year, "place": stem + kind, "level": {"县": "county", "市": "city", "区": "county"}[kind], "synthetic": True}
    return title, "\n".join(parts), meta


def generate_documents(n: int, *, chars: int = 5000, seed: int = 0, start: int = 0, **edits: float) -> Iterator[Document]:
    """Documents ``start`` … ``start + n - 1`` of the synthetic corpus ``seed``, one at a time.

    ``edits`` are the rates of :func:`generate_text` (``mask_rate``, ``change_rate``,
    ``drop_rate``, ``typo_rate``).  Texts are already normalised, so documents are built
    directly (no :func:`~summarytext.normalize_text` pass).
    """
    for i in range(start, start + n):
        title, text, meta = generate_text(i, chars=chars, seed=seed, **edits)
        yield Document(text, doc_id=f"gen-{i:06d}", title=title, meta=meta)


def generate_corpus(n: int, *, chars: int = 5000, seed: int = 0, **edits: float) -> Corpus:
    """:func:`generate_documents` collected into a :class:`~summarytext.Corpus`."""
    return Corpus(generate_documents(n, chars=chars, seed=seed, **edits))


def write_corpus(folder: str | Path, n: int, *, chars: int = 5000, seed: int = 0, **edits: float) -> Path:
    """Write the synthetic documents as UTF-8 ``.txt`` files (``gen-000000.txt`` …) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for doc in generate_documents(n, chars=chars, seed=seed, **edits):
        (out / f"{doc.doc_id}.txt").write_text(doc.text + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--chars", type=int, default=5000, help="characters per document (about)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--typo-rate", type=float, default=0.0)
    parser.add_argument("--out", required=True, help="folder for the .txt files")
    args = parser.parse_args(argv)
    folder = write_corpus(args.out, args.n, chars=args.chars, seed=args.seed, typo_rate=args.typo_rate)
    print(f"wrote {args.n} documents to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
