"""Shared and templated passages: the clause index (near-duplicate clauses found by MinHash).

How it works (no word segmentation, no comparison of every clause with every other):

1. Each document is cut into *clauses* (at ，；。！？： and line ends).  A clause is
   normalised for matching: punctuation and spaces are dropped and every run of digits or
   masks (``2023``, ``xxxx``, ``x.x``, ``***``) becomes one ``#``, so masked and unmasked
   numbers match.  Clauses shorter than ``min_unit_chars`` after normalising are not matched
   on their own (they can sit inside a longer passage).  This step runs in worker processes
   (``n_jobs``); each clause comes back as its span, a 64-bit key of its normalised text and
   whether it ends a sentence.
2. Identical normalised clauses share one id: keys are deduplicated as documents stream in,
   and each distinct text is kept once, in a compact store.  For the distinct texts, MinHash
   signatures of their character shingles (``shingle`` characters) are computed with numpy
   and kept as 16-bit values; locality sensitive hashing (bands of ``rows`` values) proposes
   candidate pairs, and a pair is kept when its estimated Jaccard similarity reaches
   ``threshold`` (the exact similarity decides near the threshold).  The cost grows with the
   number of clauses, not with its square.
3. Clauses linked by identity or similarity form groups (connected components).  Groups found
   in many documents are *boilerplate*; groups found in a few are *shared passages*: pairs of
   occurrences, chained along the text into runs (see :mod:`summarytext.compare.passages` and
   :mod:`summarytext.compare.boilerplate`).  A sentence copied whole whose clauses are each
   common on their own is found through runs of consecutive clauses (pairs and triples within
   a sentence), indexed as units of their own when their parts are too common to be matched
   alone.

>>> from summarytext import Corpus
>>> corpus = Corpus.from_texts([
...     "今年我们在青川开展了大量调研。县政协坚持以人民为中心，围绕乡村振兴开展专题协商12次。",
...     "县政协坚持以人民为中心，围绕乡村振兴开展专题协商xx次。另外的内容完全不同。",
... ], ids=["a", "b"])
>>> df = shared_passages(corpus, min_chars=10)
>>> df[["doc_a", "text_a", "doc_b", "text_b", "similarity"]].values.tolist()
[['a', '县政协坚持以人民为中心，围绕乡村振兴开展专题协商12次。', 'b', '县政协坚持以人民为中心，围绕乡村振兴开展专题协商xx次。', 1.0]]
"""
from __future__ import annotations

import difflib
import logging
from array import array
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import regex

from .analyzers import Analyzer
from .corpus import Corpus
from .document import Document, as_documents, caller_spans
from .normalize import code_points, simplified_view
from .patterns import SPACE, compile_fast

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

logger = logging.getLogger("summarytext")

__all__ = [
    "PassageIndex",
    "ClauseFeatures",
    "ClauseStore",
    "ClauseStoreBuilder",
    "ClauseUnits",
    "ClausesAnalyzer",
    "shared_passages",
    "boilerplate",
    "clause_spans",
    "clause_features",
    "clause_keys",
    "document_clauses",
    "normalize_for_matching",
    "passage_similarity",
    "minhash_signatures",
    "lsh_candidates",
    "exact_jaccard",
    "PASSAGE_COLUMNS",
    "PASSAGE_DTYPES",
    "BOILERPLATE_COLUMNS",
    "BOILERPLATE_DTYPES",
    "SPAN_COLUMNS",
    "SPAN_DTYPES",
    "caller_span",
    "trim_span",
    "groups_of",
    "pairs_in_groups",
    "distinct",
    "distinct_counts",
    "distinct_inverse",
    "band_key",
    "band_keys",
    "bucket_pairs",
]

#: columns of :meth:`PassageIndex.shared_passages` and their dtypes
PASSAGE_DTYPES = {
    "doc_a": "string", "start_a": "int64", "end_a": "int64", "text_a": "string",
    "doc_b": "string", "start_b": "int64", "end_b": "int64", "text_b": "string",
    "similarity": "float64", "clauses": "int64", "shared_by": "int64",
}
PASSAGE_COLUMNS = list(PASSAGE_DTYPES)
#: columns of :meth:`PassageIndex.boilerplate` and their dtypes (``doc_ids``: lists)
BOILERPLATE_DTYPES = {
    "passage_id": "int64", "passage": "string", "documents": "int64", "share": "float64", "occurrences": "int64",
    "variants": "int64", "doc_ids": "object", "doc_id": "string", "start": "int64", "end": "int64",
}
BOILERPLATE_COLUMNS = list(BOILERPLATE_DTYPES)
#: columns of :meth:`PassageIndex.boilerplate_spans` and their dtypes (``passage_ids``: lists)
SPAN_DTYPES = {"doc_id": "string", "start": "int64", "end": "int64", "text": "string", "passage_ids": "object"}
SPAN_COLUMNS = list(SPAN_DTYPES)

#: defaults of the shared-passage measures (:func:`shared_passages`, :meth:`PassageIndex.shared_passages`,
#: ``Comparison.shared_passages``): shortest passage, least similarity of a pair, most documents a
#: clause may be in to count as shared rather than boilerplate, most clauses skipped inside a passage
SHARED_MIN_CHARS, SHARED_MIN_SIMILARITY, SHARED_MAX_DOCUMENTS, SHARED_MAX_GAP = 15, 0.75, 20, 1
#: the shortest passage the boilerplate measures report
BOILERPLATE_MIN_CHARS = 8

#: a clause: text up to (and with) its closing punctuation, without surrounding spaces
_CLAUSE = compile_fast(
    rf"[^{SPACE}，,；;。！？!?：:…](?:[^，,；;。！？!?：:…\n]*[^{SPACE}，,；;。！？!?：:…])?"
    rf"(?:[{SPACE}]*[，,；;。！？!?：:…]+[”’」』》)）\"']*)?"
)
#: a run of digits or masks (with a decimal part) — one ``#`` when matching
_NUMBER = compile_fast(r"(?<![A-Za-z])[0-9xX×*＊]+(?:[.．][0-9xX×*＊]+)*(?![A-Za-z])")
#: what matching ignores: punctuation, symbols, spaces (the clause separator \x00 is kept)
_DROP = regex.compile(r"[^\p{L}\p{N}#\x00]+")
#: a line end
_NEWLINE = regex.compile(r"\n")
#: soft punctuation trimmed from the end of a reported passage
_SOFT_END = "，,、：:；; \t\u3000"
_SEP = "\x00"


def normalize_for_matching(text: str) -> str:
    """The form in which passages are compared: no punctuation or spaces, numbers as ``#``.

    >>> normalize_for_matching("全年开展协商xx次，办复率99.8%！")
    '全年开展协商#次办复率#'
    >>> normalize_for_matching("2023年，***总书记") == normalize_for_matching("xxxx年,习总书记")
    False
    """
    return _DROP.sub("", _NUMBER.sub("#", text)).lower()


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every clause of a text, closing punctuation included, spaces trimmed.

    >>> t = "一是政治引领，二是协商议政。\\n全年立案120件"
    >>> [t[s:e] for s, e in clause_spans(t)]
    ['一是政治引领，', '二是协商议政。', '全年立案120件']
    """
    return [m.span() for m in _CLAUSE.finditer(text)]


def document_clauses(text: str, *, fold_script: bool = True) -> tuple[list[tuple[int, int]], list[str]]:
    """Clause spans of a text and their normalised forms (one regex pass for the whole text).

    With ``fold_script`` a traditional-script text is matched in simplified characters.

    >>> document_clauses("政協委員開展調研12次，形成報告。")
    ([(0, 12), (12, 17)], ['政协委员开展调研#次', '形成报告'])
    """
    if fold_script:
        text = simplified_view(text)
    spans = clause_spans(text)
    if not spans:
        return [], []
    joined = _SEP.join(text[s:e] for s, e in spans)
    norms = normalize_for_matching(joined).split(_SEP)
    return spans, norms


# --------------------------------------------------------------------------------------------
# the clauses of one document, as the index takes them (run in worker processes)


def _mix(x: "np.ndarray") -> "np.ndarray":
    """SplitMix64's finaliser: a bijection of 64-bit integers that spreads every bit."""
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def clause_keys(texts: Sequence[str]) -> "np.ndarray":
    """A 64-bit key of each (non-empty) normalised clause, the same in every process: the sum
    of a mixed hash of each character with its position, mixed with the length.  Two
    different texts get the same key with a chance of about 2**-64.

    >>> k = clause_keys(["政协委员开展调研#次", "形成报告", "政协委员开展调研#次"])
    >>> bool(k[0] == k[2] != k[1]), k.dtype.name
    (True, 'uint64')
    """
    import numpy as np

    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    cp = code_points("".join(texts)).astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = (np.arange(len(cp), dtype=np.int64) - np.repeat(starts, lengths)).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = _mix(cp * np.uint64(0x9E3779B97F4A7C15) + (position + np.uint64(1)) * np.uint64(0xC2B2AE3D27D4EB4F))
        sums = np.add.reduceat(h, starts) if len(cp) else np.zeros(n, dtype=np.uint64)
        return _mix(sums ^ (lengths.astype(np.uint64) * np.uint64(0x165667B19E3779F9)))


#: characters that end a sentence, and closing quotes or brackets that may follow them
_ENDERS = frozenset("。！？!?…")
_CLOSERS = frozenset("”’」』》)）\"'")


@dataclass
class ClauseFeatures:
    """The clauses of one document that have anything to match (numpy arrays, one entry per
    clause, in text order): ``start`` and ``end`` in the text, ``key`` of the normalised text,
    ``sentence_end`` (the clause ends a sentence or a line) and the normalised ``texts``."""

    start: "np.ndarray"
    end: "np.ndarray"
    key: "np.ndarray"
    sentence_end: "np.ndarray"
    texts: list[str]

    def __len__(self) -> int:
        return len(self.texts)


def clause_features(text: str, *, fold_script: bool = True, view: str | None = None) -> ClauseFeatures:
    """The clauses of a text for the index: spans, keys, sentence ends, normalised texts.

    ``view`` is the text's simplified view when the caller has it already (with ``fold_script``
    a traditional-script text is matched in simplified characters; offsets are the same).

    >>> f = clause_features("一是开展调研12次，形成报告。\\n二是视察")
    >>> f.texts, f.start.tolist(), f.sentence_end.tolist()
    (['一是开展调研#次', '形成报告', '二是视察'], [0, 10, 16], [False, True, True])
    """
    import numpy as np

    if fold_script:
        text = view if view is not None else simplified_view(text)
    spans, norms = document_clauses(text, fold_script=False)
    keep = [i for i, norm in enumerate(norms) if norm]
    n = len(keep)
    start = np.fromiter((spans[i][0] for i in keep), dtype=np.uint32, count=n)
    end = np.fromiter((spans[i][1] for i in keep), dtype=np.uint32, count=n)
    texts = [norms[i] for i in keep]
    key = clause_keys(texts)
    # a clause ends a sentence when its last character (before closing quotes) ends one, or
    # when no other clause follows it on its line
    last = []
    for s_, e_ in zip(start.tolist(), end.tolist()):
        j = e_ - 1
        while j > s_ and text[j] in _CLOSERS:
            j -= 1
        last.append(text[j] in _ENDERS)
    newlines = np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
    next_newline = np.append(newlines, len(text))[np.searchsorted(newlines, end.astype(np.int64))]
    next_start = np.append(start[1:].astype(np.int64), len(text) + 1)
    sentence_end = np.fromiter(last, dtype=bool, count=n) | (next_start > next_newline)
    return ClauseFeatures(start, end, key, sentence_end, texts)


# --------------------------------------------------------------------------------------------
# distinct values by sorting (numpy's hashing unique is slow on large integer arrays)


def distinct(values: "np.ndarray") -> "np.ndarray":
    """The sorted distinct values of an array (by sorting, whatever numpy's unique does).

    >>> import numpy as np
    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    import numpy as np

    out = np.sort(values, kind="stable")
    if len(out) < 2:
        return out
    return out[np.concatenate(([True], out[1:] != out[:-1]))]


def distinct_counts(values: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """The sorted distinct values of an array and how often each occurs.

    >>> import numpy as np
    >>> [a.tolist() for a in distinct_counts(np.array([3, 1, 3, 2]))]
    [[1, 2, 3], [1, 1, 2]]
    """
    import numpy as np

    ordered = np.sort(values, kind="stable")
    if len(ordered) == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.concatenate((starts, [len(ordered)])))


def distinct_inverse(values: "np.ndarray") -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Sorted distinct values, the first position of each in ``values``, and for each value
    its index among the distinct ones.

    >>> import numpy as np
    >>> [a.tolist() for a in distinct_inverse(np.array([7, 5, 7, 9]))]
    [[5, 7, 9], [1, 0, 3], [1, 0, 1, 2]]
    """
    import numpy as np

    order = np.argsort(values, kind="stable")
    ordered = values[order]
    if len(ordered) == 0:
        return ordered, order, np.zeros(0, dtype=np.int64)
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], order[new], inverse


# --------------------------------------------------------------------------------------------
# distinct clause texts, deduplicated as documents stream in


class ClauseStore:
    """Distinct normalised clause texts, kept compactly (a few long strings and an offset
    array): ``store[i]`` is text ``i``; ``lengths`` gives every length at once.

    >>> b = ClauseStoreBuilder()
    >>> b.add(clause_features("开展调研，形成报告。开展调研。"))
    >>> store, units = b.finish()
    >>> list(store), units.uid.tolist()
    (['开展调研', '形成报告'], [0, 1, 0])
    """

    def __init__(self, chunks: list[str], offsets: list["np.ndarray"]):
        import numpy as np

        self._chunks = chunks
        sizes = [len(o) - 1 for o in offsets]
        # where each chunk's texts begin among all texts, and each text's span in its chunk
        self._first = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))) if sizes else np.zeros(1, dtype=np.int64)
        self._starts = np.concatenate([o[:-1] for o in offsets]).astype(np.int32) if offsets else np.zeros(0, dtype=np.int32)
        self._ends = np.concatenate([o[1:] for o in offsets]).astype(np.int32) if offsets else np.zeros(0, dtype=np.int32)
        self.lengths = self._ends - self._starts

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, i: int) -> str:
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.take([i])[0]

    def __iter__(self) -> Iterator[str]:
        step = 1 << 16
        for lo in range(0, len(self), step):
            yield from self.slice(lo, min(lo + step, len(self)))

    def take(self, ids: "Sequence[int] | np.ndarray") -> list[str]:
        """The texts ``ids``, as a list."""
        import numpy as np

        ids = np.asarray(ids, dtype=np.int64)
        chunk = np.searchsorted(self._first, ids, side="right") - 1
        chunks = self._chunks
        return [chunks[c][a:b] for c, a, b in zip(chunk.tolist(), self._starts[ids].tolist(), self._ends[ids].tolist())]

    def slice(self, lo: int, hi: int) -> list[str]:
        """Texts ``lo`` … ``hi - 1``, as a list."""
        import numpy as np

        return self.take(np.arange(lo, hi, dtype=np.int64))


@dataclass
class ClauseUnits:
    """Every clause of every document, in document and text order (numpy arrays): document
    index, start and end in the text, id of its distinct normalised text, whether it ends a
    sentence, and where each document's clauses begin (``first``, one more than documents)."""

    doc: "np.ndarray"  # document index (int32)
    start: "np.ndarray"  # uint32
    end: "np.ndarray"  # uint32
    uid: "np.ndarray"  # id of the distinct normalised text (int32)
    sentence_end: "np.ndarray"  # bool
    first: "np.ndarray"  # index of each document's first clause (len = documents + 1)


#: candidate pairs whose exact Jaccard similarity is computed together (their texts' shingles are held at once)
_EXACT_PAIRS = 1 << 19


class ClauseStoreBuilder:
    """Takes the :class:`ClauseFeatures` of one document after another; :meth:`finish` gives the
    :class:`ClauseStore` of distinct texts and the clause arrays.

    Keys are deduplicated a batch at a time against a sorted array of the keys seen so far, so
    only compact arrays and each distinct text once are held, never a dictionary of strings.
    Ids are given in order of first occurrence.
    """

    def __init__(self, *, batch: int = 1 << 18):
        import numpy as np

        self.batch = batch
        self._known = np.zeros(0, dtype=np.uint64)  # sorted keys seen so far
        self._known_uid = np.zeros(0, dtype=np.int32)
        self._chunks: list[str] = []
        self._offsets: list[Any] = []
        self._pending_keys: list[Any] = []
        self._pending_texts: list[list[str]] = []
        self._pending = 0
        self._uid_parts: list[Any] = []
        self.start = array("I")
        self.end = array("I")
        self.sentence_end = array("B")
        self.first = array("q", [0])

    def add(self, f: ClauseFeatures) -> None:
        """Append one document's clauses."""
        self.start.extend(f.start.tolist())
        self.end.extend(f.end.tolist())
        self.sentence_end.extend(f.sentence_end.tolist())
        self.first.append(self.first[-1] + len(f))
        if len(f):
            self._pending_keys.append(f.key)
            self._pending_texts.append(f.texts)
            self._pending += len(f)
            if self._pending >= self.batch:
                self._flush()

    def _flush(self) -> None:
        import numpy as np

        if not self._pending_keys:
            return
        keys = np.concatenate(self._pending_keys)
        texts = [t for part in self._pending_texts for t in part]
        self._pending_keys, self._pending_texts, self._pending = [], [], 0
        uniq, first_at, inverse = distinct_inverse(keys)
        pos = np.searchsorted(self._known, uniq)
        pos_c = np.minimum(pos, max(len(self._known) - 1, 0))
        known = (pos < len(self._known)) & (self._known[pos_c] == uniq) if len(self._known) else np.zeros(len(uniq), dtype=bool)
        uid = np.empty(len(uniq), dtype=np.int32)
        uid[known] = self._known_uid[pos_c[known]]
        new = np.flatnonzero(~known)
        new = new[np.argsort(first_at[new], kind="stable")]  # ids in order of first occurrence
        start_id = len(self._known)
        uid[new] = np.arange(start_id, start_id + len(new), dtype=np.int32)
        if len(new):
            new_texts = [texts[i] for i in first_at[new].tolist()]
            self._chunks.append("".join(new_texts))
            lengths = np.fromiter((len(t) for t in new_texts), dtype=np.int64, count=len(new_texts))
            self._offsets.append(np.concatenate(([0], np.cumsum(lengths))))
            # merge the new keys (sorted, as unique returns them) into the sorted known keys
            fresh = np.flatnonzero(~known)
            at = pos[fresh]
            self._known = np.insert(self._known, at, uniq[fresh])
            self._known_uid = np.insert(self._known_uid, at, uid[fresh])
        self._uid_parts.append(uid[inverse.ravel()])

    def finish(self) -> tuple[ClauseStore, ClauseUnits]:
        """The store of distinct texts and the clause arrays (the builder is emptied)."""
        import numpy as np

        self._flush()
        first = np.frombuffer(self.first, dtype=np.int64).copy()
        counts = np.diff(first)
        uid = np.concatenate(self._uid_parts) if self._uid_parts else np.zeros(0, dtype=np.int32)
        self._uid_parts = []

        def view(buffer: array, dtype: Any) -> "np.ndarray":
            # the arrays take the builder's buffers as they are (no copy)
            return np.frombuffer(buffer, dtype=dtype) if len(buffer) else np.zeros(0, dtype=dtype)

        units = ClauseUnits(
            doc=np.repeat(np.arange(len(counts), dtype=np.int32), counts),
            start=view(self.start, np.uint32),
            end=view(self.end, np.uint32),
            uid=uid,
            sentence_end=view(self.sentence_end, np.uint8).view(bool),
            first=first,
        )
        store = ClauseStore(self._chunks, self._offsets)
        self.__init__(batch=self.batch)  # type: ignore[misc]
        return store, units


# --------------------------------------------------------------------------------------------
# MinHash and LSH (numpy)


def _shingle_ids(strings: Sequence[str], k: int) -> tuple["np.ndarray", "np.ndarray"]:
    """Exact ids of the character k-grams (k <= 3) of each string, and each string's first index."""
    import numpy as np

    lengths = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
    counts = np.maximum(lengths - k + 1, 0)
    cp = code_points("".join(strings)).astype(np.uint64)
    if len(cp) < k:
        return np.zeros(0, dtype=np.uint64), np.zeros(len(strings), dtype=np.int64)
    ids = cp[: len(cp) - k + 1].copy()
    for j in range(1, k):
        ids = (ids << np.uint64(21)) | cp[j : len(cp) - k + 1 + j]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    total = int(counts.sum())
    within = np.arange(total, dtype=np.int64) - np.repeat(first, counts)
    return ids[np.repeat(starts, counts) + within], first


def minhash_signatures(
    strings: Sequence[str], *, shingle: int = 2, num_perm: int = 32, seed: int = 1, chunk: int = 1 << 20, bits: int = 32,
) -> "np.ndarray":
    """MinHash signatures (``len(strings)`` x ``num_perm``) of character shingles.

    Every string must have at least ``shingle`` characters.  Hash functions are
    multiply-shift hashes of the exact shingle ids; equal strings get equal signatures, and
    the share of equal positions estimates the Jaccard similarity of the shingle sets.
    ``bits=16`` keeps the top 16 bits of each value (uint16, half the memory; two values of
    different minima agree by chance once in 65,536), ``bits=32`` all of them (uint32).

    >>> sig = minhash_signatures(["政协委员开展调研", "政协委员开展视察", "完全不同的句子"], num_perm=64)
    >>> bool((sig[0] == sig[1]).mean() > (sig[0] == sig[2]).mean())
    True
    """
    import numpy as np

    if not 1 <= shingle <= 3:
        raise ValueError("shingle must be 1, 2 or 3 characters")
    if bits not in (16, 32):
        raise ValueError("bits must be 16 or 32")
    n = len(strings)
    dtype = np.uint16 if bits == 16 else np.uint32
    out = np.empty((n, num_perm), dtype=dtype)
    if n == 0:
        return out
    if min(len(s) for s in strings) < shingle:
        raise ValueError(f"every string needs at least {shingle} characters")
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    shift = np.uint64(64 - bits)
    # strings in chunks of about ``chunk`` shingles, to bound the temporary arrays
    cum = np.cumsum(np.fromiter((len(s) - shingle + 1 for s in strings), dtype=np.int64, count=n))
    lo = 0
    while lo < n:
        done = int(cum[lo - 1]) if lo else 0
        hi = min(max(int(np.searchsorted(cum, done + chunk, side="right")), lo + 1), n)
        ids, first = _shingle_ids(strings[lo:hi], shingle)
        for p in range(num_perm):
            h = ((ids * a[p] + b[p]) >> shift).astype(dtype)
            out[lo:hi, p] = np.minimum.reduceat(h, first)
        lo = hi
    return out


def _pairs_in_groups(order: "np.ndarray", starts: "np.ndarray", sizes: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
    """Every pair (i < j by position) inside each group ``order[start:start+size]``."""
    import numpy as np

    if len(sizes) == 0:
        empty = np.zeros(0, dtype=order.dtype)
        return empty, empty
    total = int(sizes.sum())
    group_first = np.repeat(np.cumsum(sizes) - sizes, sizes)
    rank = np.arange(total, dtype=np.int64) - group_first
    pos = np.repeat(starts, sizes) + rank
    follow = np.repeat(sizes, sizes) - 1 - rank
    n_pairs = int(follow.sum())
    left = np.repeat(pos, follow)
    offs = np.arange(n_pairs, dtype=np.int64) - np.repeat(np.cumsum(follow) - follow, follow)
    right = left + 1 + offs
    return order[left], order[right]


def groups_of(keys: "np.ndarray", *, min_size: int = 2, max_size: int | None = None) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Sort order, group starts and group sizes of equal keys (sizes within bounds).

    >>> import numpy as np
    >>> order, starts, sizes = groups_of(np.array([5, 3, 5, 3, 3, 9]))
    >>> order.tolist(), starts.tolist(), sizes.tolist()
    ([1, 3, 4, 0, 2, 5], [0, 3], [3, 2])
    """
    import numpy as np

    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    if len(sk) == 0:
        z = np.zeros(0, dtype=np.int64)
        return order, z, z
    brk = np.flatnonzero(sk[1:] != sk[:-1]) + 1
    starts = np.concatenate(([0], brk))
    sizes = np.diff(np.concatenate((starts, [len(sk)])))
    keep = sizes >= min_size
    if max_size is not None:
        keep &= sizes <= max_size
    return order, starts[keep], sizes[keep]


def pairs_in_groups(keys: "np.ndarray", *, max_size: int | None = None) -> tuple["np.ndarray", "np.ndarray"]:
    """Every pair of positions (i, j), i before j in the sort order, whose keys are equal.

    >>> import numpy as np
    >>> [a.tolist() for a in pairs_in_groups(np.array([7, 1, 7, 7]))]
    [[0, 0, 2], [2, 3, 3]]
    """
    order, starts, sizes = groups_of(keys, max_size=max_size)
    return _pairs_in_groups(order, starts, sizes)


def band_key(signatures: "np.ndarray", band: int, rows: int) -> "np.ndarray":
    """The LSH key of one band (``rows`` values) of every signature (uint64).

    >>> import numpy as np
    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint16)
    >>> bool(band_key(sig, 0, 2)[0] == band_key(sig, 0, 2)[1]), bool(band_key(sig, 1, 2)[0] == band_key(sig, 1, 2)[1])
    (True, False)
    """
    import numpy as np

    block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = block[:, 0].copy()
    with np.errstate(over="ignore"):
        for r in range(1, rows):
            key = key * np.uint64(0x9E3779B97F4A7C15) + block[:, r]
    return key


def band_keys(signatures: "np.ndarray", rows: int) -> list["np.ndarray"]:
    """The keys of every band (:func:`band_key`), band after band."""
    return [band_key(signatures, band, rows) for band in range(signatures.shape[1] // rows)]


def bucket_pairs(*bucket: "np.ndarray", all_pairs_up_to: int = 16, max_bucket: int | None = None) -> tuple["np.ndarray", "np.ndarray"]:
    """Candidate pairs among members sorted by bucket (runs of equal values in the ``bucket``
    arrays), in the order that ranks them inside a bucket: every pair of a bucket of at most
    ``all_pairs_up_to`` members, each member and the next in a larger one, none in a bucket of
    more than ``max_bucket``.  Positions in the sorted arrays.

    >>> import numpy as np
    >>> [a.tolist() for a in bucket_pairs(np.array([1, 1, 1, 2, 3, 3]), all_pairs_up_to=2)]
    [[4, 0, 1], [5, 1, 2]]
    """
    import numpy as np

    n = len(bucket[0])
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    change = np.zeros(n - 1, dtype=bool)
    for b in bucket:
        change |= b[1:] != b[:-1]
    starts = np.concatenate(([0], np.flatnonzero(change) + 1))
    sizes = np.diff(np.concatenate((starts, [n])))
    if max_bucket is not None:
        fits = sizes <= max_bucket
        starts, sizes = starts[fits], sizes[fits]
    small = (sizes >= 2) & (sizes <= all_pairs_up_to)
    left, right = _pairs_in_groups(np.arange(n, dtype=np.int64), starts[small], sizes[small])
    large = sizes > all_pairs_up_to
    if large.any():
        ls, lz = starts[large], sizes[large]
        pos = np.repeat(ls, lz - 1) + (np.arange(int((lz - 1).sum())) - np.repeat(np.cumsum(lz - 1) - (lz - 1), lz - 1))
        left = np.concatenate((left, pos))
        right = np.concatenate((right, pos + 1))
    return left, right


def lsh_candidates(signatures: "np.ndarray", *, rows: int = 2, all_pairs_up_to: int = 16, max_bucket: int | None = None) -> "np.ndarray":
    """Candidate pairs (i < j, shape P x 2) that share all ``rows`` values of some band.

    In a bucket of at most ``all_pairs_up_to`` members every pair is a candidate; in a larger
    one (many variants of one template, or one very common shingle) members are ordered by
    their next band and each is paired with its neighbour, so the number of candidates grows
    linearly, not quadratically, with the bucket (similar members meet as neighbours, and
    near duplicates also meet in other bands); see :func:`bucket_pairs`.  Buckets over
    ``max_bucket`` are skipped.  Band keys are made one band at a time and candidates merged
    as they come, so memory stays at a few arrays of the signatures' length plus the
    distinct candidates.

    >>> import numpy as np
    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 6, 7, 8]], dtype=np.uint32)
    >>> lsh_candidates(sig, rows=2).tolist()
    [[0, 1]]
    """
    import numpy as np

    n, k = signatures.shape
    if k % rows:
        raise ValueError(f"num_perm ({k}) must be a multiple of rows ({rows})")
    bands = k // rows
    codes = np.zeros(0, dtype=np.uint64)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    nxt = band_key(signatures, 0, rows)
    for band in range(bands):
        key = nxt
        nxt = band_key(signatures, (band + 1) % bands, rows)
        order = np.lexsort((nxt, key))
        left, right = bucket_pairs(key[order], all_pairs_up_to=all_pairs_up_to, max_bucket=max_bucket)
        left, right = order[left], order[right]
        codes = distinct(np.concatenate((codes, pair_codes(np.minimum(left, right), np.maximum(left, right), n))))
    return code_pairs(codes, n)


def pair_codes(a: "np.ndarray", b: "np.ndarray", n: int) -> "np.ndarray":
    """Pairs of numbers below ``n`` as one uint64 each (``a * n + b``), to be sorted and made
    distinct as single numbers (:func:`distinct`) and read back with :func:`code_pairs`.

    >>> import numpy as np
    >>> code_pairs(distinct(pair_codes(np.array([2, 0, 2]), np.array([1, 3, 1]), 4)), 4).tolist()
    [[0, 3], [2, 1]]
    """
    import numpy as np

    return a.astype(np.uint64) * np.uint64(n) + b.astype(np.uint64)


def code_pairs(codes: "np.ndarray", n: int) -> "np.ndarray":
    """The pairs (int64, shape P x 2) that :func:`pair_codes` coded."""
    import numpy as np

    return np.stack([(codes // np.uint64(n)).astype(np.int64), (codes % np.uint64(n)).astype(np.int64)], axis=1)


# --------------------------------------------------------------------------------------------
# the index


class PassageIndex:
    """Near-duplicate clauses of a corpus, for shared passages and boilerplate.

    Fit it on a corpus once; :meth:`shared_passages`, :meth:`boilerplate` and
    :meth:`boilerplate_spans` then read the fitted groups.  Options (see the module
    docstring): ``shingle`` characters per shingle, ``num_perm`` MinHash values, ``rows``
    per LSH band, ``threshold`` (estimated Jaccard similarity for two distinct clauses to
    count as the same), ``min_unit_chars`` (shorter clauses are not matched on their own),
    ``all_pairs_up_to`` (LSH buckets up to this size give all their pairs, larger ones
    neighbours only: see :func:`lsh_candidates`), ``max_run`` (runs of up to this many
    consecutive clauses of a sentence are indexed as units when their parts are too common to
    be matched alone; 1 turns this off), ``fold_script`` (match traditional-script documents
    in simplified characters), ``n_jobs`` (processes for cutting clauses), ``seed``.

    Learned state: ``documents_`` (the documents), ``units_`` (clauses: document, start,
    end, text id, sentence end), ``texts_`` (distinct normalised clause texts, a
    :class:`ClauseStore`), ``group_`` (group of each distinct text, -1 for texts too short to
    match), ``unit_group_`` (group of each clause, -1 when too short to match),
    ``group_docs_`` (documents per group), ``n_similar_pairs_`` (pairs of distinct texts
    linked by MinHash).

    >>> from summarytext import Corpus
    >>> template = "坚持以人民为中心的发展思想，全面贯彻落实上级决策部署。"
    >>> c = Corpus.from_texts([template + "甲县开展调研。", template + "乙县召开协商会。", "丙县" + template])
    >>> idx = PassageIndex().fit(c)
    >>> idx.boilerplate(min_documents=3)[["passage", "documents"]].values.tolist()
    [['坚持以人民为中心的发展思想', 3], ['全面贯彻落实上级决策部署。', 3]]
    """

    def __init__(
        self,
        *,
        shingle: int = 2,
        num_perm: int = 32,
        rows: int = 2,
        threshold: float = 0.5,
        min_unit_chars: int = 6,
        all_pairs_up_to: int = 16,
        max_run: int = 3,
        fold_script: bool = True,
        n_jobs: int | None = 1,
        seed: int = 1,
    ):
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if min_unit_chars < shingle:
            raise ValueError("min_unit_chars must be at least shingle")
        if max_run < 1:
            raise ValueError("max_run must be at least 1")
        self.shingle = shingle
        self.num_perm = num_perm
        self.rows = rows
        self.threshold = threshold
        self.min_unit_chars = min_unit_chars
        self.all_pairs_up_to = all_pairs_up_to
        self.max_run = max_run
        self.fold_script = fold_script
        self.n_jobs = n_jobs
        self.seed = seed

    def get_params(self) -> dict[str, Any]:
        """The options of the index (as scikit-learn estimators give theirs).

        >>> PassageIndex(threshold=0.6).get_params()["threshold"]
        0.6
        """
        return {name: getattr(self, name) for name in (
            "shingle", "num_perm", "rows", "threshold", "min_unit_chars", "all_pairs_up_to", "max_run", "fold_script", "n_jobs", "seed",
        )}

    def __repr__(self) -> str:
        state = f"{len(self.documents_)} documents, {len(self.units_.doc)} clauses" if hasattr(self, "units_") else "not fitted"
        return f"PassageIndex({state})"

    # --- fitting ------------------------------------------------------------------------------
    def fit(self, corpus: "Corpus | Iterable[Document | str]") -> "PassageIndex":
        """Cut the documents into clauses, hash them and group near-duplicates."""
        from .parallel import map_documents

        docs = list(corpus.documents) if isinstance(corpus, Corpus) else list(as_documents(corpus, caller="PassageIndex.fit"))
        builder = ClauseStoreBuilder()
        # the simplified view (same offsets) is built once per document and shared with other stages
        texts_in = (d.simplified if self.fold_script else d.text for d in docs)
        for features in map_documents(partial(_clause_features_of_view, fold_script=False), texts_in, n_jobs=self.n_jobs, chunk_size=64):  # type: ignore[arg-type]
            builder.add(features)
        store, units = builder.finish()
        return self.fit_clauses(docs, store, units)

    def fit_clauses(
        self,
        documents: Sequence[Document],
        store: ClauseStore,
        units: ClauseUnits,
        *,
        signatures: "np.ndarray | None" = None,
        candidates: "np.ndarray | None" = None,
    ) -> "PassageIndex":
        """Group the clauses a :class:`ClauseStoreBuilder` collected from ``documents`` (as
        :meth:`fit` does after cutting them; the comparison collects them in its own pass).

        ``signatures`` (of the texts of at least ``min_unit_chars`` characters, in id order,
        as :meth:`signatures` makes them) and ``candidates`` (pairs of rows of them, as
        :func:`lsh_candidates` proposes them) may come computed elsewhere (on a cluster:
        :func:`summarytext.dask.compare`); the result is the same.
        """
        import numpy as np

        n_docs = len(documents)
        if len(units.first) != n_docs + 1:
            raise ValueError(f"clauses of {len(units.first) - 1} documents for {n_docs} documents")
        long_ids = self.matchable(store)
        if signatures is None:
            signatures = self.signatures(store.take(long_ids)) if len(long_ids) >= 2 else None
        if candidates is None and signatures is not None:
            candidates = lsh_candidates(signatures, rows=self.rows, all_pairs_up_to=self.all_pairs_up_to)
        pairs = self.similar_pairs(store, long_ids, signatures, candidates)
        labels = _components(len(long_ids), pairs)
        group = np.full(len(store), -1, dtype=np.int32)
        group[long_ids] = labels
        g_of_unit = group[units.uid] if len(units.uid) else np.zeros(0, dtype=np.int32)
        n_groups = int(labels.max()) + 1 if len(labels) else 0
        group_docs = _documents_per_group(g_of_unit, units.first, n_groups)
        self.documents_ = list(documents)
        self.units_ = units
        self.texts_ = store
        self.group_ = group
        self.unit_group_ = g_of_unit
        self.group_docs_ = group_docs
        self.n_similar_pairs_ = len(pairs)
        logger.info(
            "passage index: %d documents, %d clauses, %d distinct, %d near-duplicate pairs, %d groups",
            n_docs, len(units.uid), len(store), len(pairs), n_groups,
        )
        return self

    def matchable(self, store: ClauseStore) -> "np.ndarray":
        """Ids of the distinct texts long enough to be matched on their own (signed and grouped)."""
        import numpy as np

        return np.flatnonzero(store.lengths >= self.min_unit_chars)

    def signatures(self, texts: Sequence[str]) -> "np.ndarray":
        """16-bit MinHash signatures of texts, with this index's shingles, values and seed."""
        import numpy as np

        sig = np.empty((len(texts), self.num_perm), dtype=np.uint16)
        step = 1 << 16
        for lo in range(0, len(texts), step):
            sig[lo : lo + step] = minhash_signatures(texts[lo : lo + step], shingle=self.shingle, num_perm=self.num_perm, seed=self.seed, bits=16)
        return sig

    def similar_pairs(self, store: ClauseStore, ids: "np.ndarray", sig: "np.ndarray | None", cand: "np.ndarray | None") -> "np.ndarray":
        """Of the candidate pairs (rows of ``sig``, i.e. positions in ``ids``), those similar
        enough to be one clause."""
        import numpy as np

        if sig is None or cand is None or len(ids) < 2:
            return np.zeros((0, 2), dtype=np.int64)
        # the estimate decides when it is far from the threshold (its error is about 0.09 with
        # 32 values); in between, the exact Jaccard similarity of the shingle sets decides
        est = np.empty(len(cand), dtype=np.float32)
        step = max(1, (1 << 22) // self.num_perm)
        for lo in range(0, len(cand), step):
            c = cand[lo : lo + step]
            est[lo : lo + step] = (sig[c[:, 0]] == sig[c[:, 1]]).mean(axis=1)
        margin = 0.25
        sure = est >= self.threshold + margin
        unsure = np.flatnonzero(~sure & (est >= self.threshold - margin))
        del est
        # the unsure pairs a share at a time, so that the shingles held are those of a share's texts
        for lo in range(0, len(unsure), _EXACT_PAIRS):
            part = unsure[lo : lo + _EXACT_PAIRS]
            check = cand[part]
            used = distinct(check.ravel())
            texts = store.take(ids[used])
            exact = exact_jaccard(texts, np.searchsorted(used, check), shingle=self.shingle) >= self.threshold
            sure[part[exact]] = True
            del check, used, texts, exact
        logger.debug("MinHash: %d candidate pairs, %d checked exactly, %d kept", len(cand), len(unsure), int(sure.sum()))
        return cand[sure]

    def check_fitted(self) -> None:
        """Raise RuntimeError unless the index is fitted."""
        if not hasattr(self, "units_"):
            raise RuntimeError("PassageIndex is not fitted yet: call fit(corpus) first")

    # --- what the measures read ------------------------------------------------------------
    def matched_units(self, *, max_documents: int) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """The units that shared passages are built from, for groups found in 2 to
        ``max_documents`` documents: ``(position, length, key)`` of each occurrence, where a unit
        is a clause (length 1) or, up to :attr:`max_run`, a run of consecutive clauses of one
        sentence whose parts are too common (or too short) to be matched alone, and occurrences
        of one key are copies of each other.

        A run is indexed only where it may tell documents apart: every clause in it occurs in
        at least two documents, and at least one of its shorter runs is not matched alone.  So
        the units stay within a small multiple of the clauses.
        """
        import numpy as np

        self.check_fitted()
        units = self.units_
        n = len(units.uid)
        g = self.unit_group_
        gdocs = self.group_docs_
        n_groups = len(gdocs)
        docs = units.doc

        def part_of(at_: "np.ndarray") -> "np.ndarray":
            # the part id of clauses: its group, or its text for clauses too short to match
            # (looked up where needed, never held for every clause)
            group = g[at_].astype(np.int64)
            return np.where(group >= 0, group, units.uid[at_].astype(np.int64) + n_groups)

        short = g < 0
        # (these arrays have one value per clause: built in place, in the narrowest type)
        part_docs = np.zeros(n, dtype=np.int32)
        if n_groups:
            np.copyto(part_docs, gdocs.astype(np.int32)[np.maximum(g, 0)], where=~short)
        if short.any():
            where = np.flatnonzero(short)
            _, counted = _documents_per_key(part_of(where), docs, at=where)
            part_docs[where] = counted
            del where, counted
        alone = (~short) & (part_docs >= 2) & (part_docs <= max_documents)
        del short
        at = np.int32 if n < 2**31 else np.int64  # clause positions
        positions = [np.flatnonzero(alone).astype(at)]
        lengths = [np.ones(len(positions[0]), dtype=np.int32)]
        keys = [g[positions[0]].astype(np.int64)]
        # runs of clauses: level by level, a run at i of length L joins runs i and i+1 of length L-1
        level_key = None  # key of the run of the current length starting at each clause (parts for L = 1)
        level_ok = part_docs >= 2  # the run exists and is not unique
        del part_docs
        level_alone = alone
        key_base = np.int64(n_groups)
        text_chars = self.texts_.lengths.astype(np.int32)
        for length in range(2, self.max_run + 1):
            if n < length:
                break
            ok = np.zeros(n, dtype=bool)
            # runs of length L-1 at i and i+1, not both matched alone (else they chain anyway);
            # for L = 2 they are two clauses of one sentence of one document
            ok[: n - 1] = level_ok[: n - 1] & level_ok[1:] & ~(level_alone[: n - 1] & level_alone[1:])
            if length == 2:
                ok[: n - 1] &= (docs[: n - 1] == docs[1:]) & ~units.sentence_end[: n - 1]
            where = np.flatnonzero(ok).astype(at)
            del ok
            if len(where) == 0:
                break
            def run_keys(items: "np.ndarray", where: "np.ndarray" = where, length: int = length, level_key: "np.ndarray | None" = level_key) -> "np.ndarray":
                # the key of a run: the key of its first L-1 clauses and the part of its last
                at_ = where[items]
                key = level_key[at_].astype(np.int64) if level_key is not None else part_of(at_)
                key *= np.int64(n + n_groups + 1)
                key += part_of(at_ + length - 1)
                return key

            compact, n_run_docs = _documents_per_key(run_keys, docs, at=where)
            chars = np.zeros(len(where), dtype=np.int32)
            for j in range(length):
                chars += text_chars[units.uid[where + j]]
            matched = (n_run_docs >= 2) & (n_run_docs <= max_documents) & (chars >= self.min_unit_chars)
            del chars
            positions.append(where[matched])
            lengths.append(np.full(int(matched.sum()), length, dtype=np.int32))
            keys.append(key_base + compact[matched])
            key_base += np.int64(int(compact.max()) + 1)
            level_key = np.full(n, -1, dtype=np.int32)
            level_key[where] = compact
            level_ok = np.zeros(n, dtype=bool)
            level_ok[where] = n_run_docs >= 2
            level_alone = np.zeros(n, dtype=bool)
            level_alone[where] = matched
            del compact, n_run_docs, matched, where, run_keys
        return np.concatenate(positions), np.concatenate(lengths), np.concatenate(keys)

    def documents_of(self, units: "np.ndarray") -> "np.ndarray":
        """Document index of each clause (by global clause index)."""
        return self.units_.doc[units]

    # --- measures ------------------------------------------------------------------------------
    def shared_passages(
        self,
        *,
        min_chars: int = SHARED_MIN_CHARS,
        min_similarity: float = SHARED_MIN_SIMILARITY,
        max_documents: int = SHARED_MAX_DOCUMENTS,
        max_gap: int = SHARED_MAX_GAP,
    ) -> "pd.DataFrame":
        """Passages two documents share exactly or nearly, one row per passage and pair (see
        :func:`summarytext.compare.passages.shared_passages_table`)."""
        from .compare.passages import shared_passages_table

        return shared_passages_table(self, min_chars=min_chars, min_similarity=min_similarity, max_documents=max_documents, max_gap=max_gap)

    def boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
        """Clauses used (exactly or nearly) by many documents: one row per template passage
        (see :func:`summarytext.compare.boilerplate.boilerplate_table`)."""
        from .compare.boilerplate import boilerplate_table

        return boilerplate_table(self, min_documents=min_documents, min_chars=min_chars)

    def boilerplate_spans(self, *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> "pd.DataFrame":
        """Where boilerplate occurs: one row per stretch of consecutive boilerplate clauses
        (see :func:`summarytext.compare.boilerplate.boilerplate_spans_table`)."""
        from .compare.boilerplate import boilerplate_spans_table

        return boilerplate_spans_table(self, min_documents=min_documents, min_chars=min_chars)

    def without_boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = BOILERPLATE_MIN_CHARS) -> Corpus:
        """A new corpus whose documents have their boilerplate stretches cut out (see
        :func:`summarytext.compare.boilerplate.without_boilerplate`)."""
        from .compare.boilerplate import without_boilerplate

        return without_boilerplate(self, min_documents=min_documents, min_chars=min_chars)


class ClausesAnalyzer(Analyzer):
    """The clauses of a document as rows, as the passage index takes them: ``doc_id``,
    ``clause`` (its number in the document), ``start``, ``end``, ``key`` (64-bit, of the
    normalised text), ``sentence_end``, ``text`` (normalised), and with ``signatures`` the
    16-bit MinHash values ``h0`` … of texts long enough to be matched on their own (0 for
    shorter ones).  ``index``: the :class:`PassageIndex` whose options apply (default one).

    >>> from summarytext import Document
    >>> a = ClausesAnalyzer()
    >>> a.frame([a.rows(Document.from_text("开展调研12次，形成报告。", doc_id="d"))])[["clause", "start", "text"]].values.tolist()
    [[0, 0, '开展调研#次'], [1, 8, '形成报告']]
    """

    name = "clauses"

    def __init__(self, *, index: "PassageIndex | None" = None, signatures: bool = False):
        self.options = index.get_params() if index is not None else PassageIndex().get_params()
        self.signatures = signatures

    @property
    def index(self) -> "PassageIndex":
        """An (unfitted) index with the options that apply."""
        return PassageIndex(**self.options)

    @property
    def dtypes(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": "string", "clause": "int64", "start": "int64", "end": "int64", "key": "uint64",
            "sentence_end": bool, "text": "string",
        }
        if self.signatures:
            out.update({f"h{i}": "uint16" for i in range(self.options["num_perm"])})
        return out

    def rows(self, doc: Document) -> dict[str, Any]:
        import numpy as np

        index = self.index
        f = clause_features(doc.text, fold_script=index.fold_script, view=doc.simplified if index.fold_script else None)
        n = len(f)
        out: dict[str, Any] = {
            "doc_id": [doc.doc_id] * n, "clause": np.arange(n, dtype=np.int64), "start": f.start.astype(np.int64),
            "end": f.end.astype(np.int64), "key": f.key, "sentence_end": f.sentence_end, "text": f.texts,
        }
        if self.signatures:
            sig = np.zeros((n, index.num_perm), dtype=np.uint16)
            long = np.fromiter((len(t) >= index.min_unit_chars for t in f.texts), dtype=bool, count=n)
            if long.any():
                sig[long] = index.signatures([t for t, ok in zip(f.texts, long.tolist()) if ok])
            for i in range(index.num_perm):
                out[f"h{i}"] = sig[:, i]
        return out


def _documents_per_group(group: "np.ndarray", first: "np.ndarray", n_groups: int, *, per_block: int = 1 << 22) -> "np.ndarray":
    """How many documents hold a clause of each group (``group`` of each clause, -1 for none;
    ``first`` the index of each document's first clause).  Documents are taken a block of
    about ``per_block`` clauses at a time: a group's documents in one block are distinct from
    those in another, so memory is that of a block, not of the corpus.

    >>> import numpy as np
    >>> _documents_per_group(np.array([0, 0, 1, -1, 0, 1]), np.array([0, 3, 4, 6]), 2, per_block=2).tolist()
    [2, 2]
    """
    import numpy as np

    out = np.zeros(n_groups, dtype=np.int64)
    n_docs = len(first) - 1
    lo = 0
    while lo < n_docs:
        hi = int(np.searchsorted(first, first[lo] + per_block, side="right")) - 1
        hi = min(max(hi, lo + 1), n_docs)
        g = group[first[lo] : first[hi]]
        doc = np.repeat(np.arange(hi - lo, dtype=np.int64), np.diff(first[lo : hi + 1]))
        matched = g >= 0
        pairs = distinct(g[matched].astype(np.int64) * (hi - lo) + doc[matched])
        out += np.bincount(pairs // (hi - lo), minlength=n_groups)
        lo = hi
    return out


def _documents_per_key(
    keys: "np.ndarray | Callable[[np.ndarray], np.ndarray]", docs: "np.ndarray", *, at: "np.ndarray | None" = None, per_pass: int = 1 << 20
) -> tuple["np.ndarray", "np.ndarray"]:
    """For items with a key and a document (``docs[at]``, or ``docs`` itself without ``at``;
    documents in corpus order, so nondecreasing among the items of one key): a compact id of
    each item's key (int32) and how many documents have that key.

    ``keys``: the items' keys (int64), or a function giving the keys of the items at given
    positions (with ``at``, one item per entry of ``at``), so that all keys are never held at
    once.  Keys are taken a share at a time (by their value modulo the number of passes): the
    sorting needs memory for ``per_pass`` items, not for all, and the documents of a share
    are looked up when it is sorted."""
    import numpy as np

    key_of = keys if callable(keys) else keys.__getitem__
    m = len(at) if callable(keys) else len(keys)  # type: ignore[arg-type]
    compact = np.empty(m, dtype=np.int32)
    counted = np.empty(m, dtype=np.int32)
    passes = max(1, -(-m // per_pass))
    share = None
    if passes > 1:  # the share of each key, computed a block at a time, in the narrowest type
        share = np.empty(m, dtype=np.uint8 if passes <= 255 else np.int32)
        for lo in range(0, m, per_pass):
            share[lo : lo + per_pass] = key_of(np.arange(lo, min(lo + per_pass, m))) % passes
    next_id = 0
    for b in range(passes):
        sel = np.flatnonzero(share == b) if share is not None else np.arange(m)
        if len(sel) == 0:
            continue
        k = key_of(sel)
        order = np.argsort(k, kind="stable")
        k = k[order]
        target = sel[order]
        del sel, order
        d = docs[at[target]] if at is not None else docs[target]
        new_key = np.concatenate(([True], k[1:] != k[:-1]))
        del k
        new_doc = new_key | np.concatenate(([True], d[1:] != d[:-1]))
        del d
        run = np.cumsum(new_key) - 1
        per_run = np.bincount(run, weights=new_doc).astype(np.int32)
        compact[target] = next_id + run
        counted[target] = per_run[run]
        next_id += len(per_run)
    return compact, counted


def _clause_features_of_view(view: str, fold_script: bool = False) -> ClauseFeatures:
    # module-level so that worker processes can run it; texts travel, not Document objects
    return clause_features(view, fold_script=fold_script)


def caller_span(doc: Document, start: int, end: int, passage: str) -> tuple[int, int, str]:
    """A span of ``doc.text`` as the caller reads it: itself for a document, mapped into the
    string the caller passed for a ``str`` (see :func:`~summarytext.document.caller_spans`).

    >>> from summarytext import Document
    >>> caller_span(Document.from_text("立案26件"), 2, 5, "26件")
    (2, 5, '26件')
    """
    s, e, given = caller_spans(doc, [start], [end])
    if given is doc.text:
        return start, end, passage
    a, b = int(s[0]), int(e[0])
    return a, b, given[a:b]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without trailing soft punctuation (commas, colons) and surrounding spaces.

    >>> trim_span(" 开展调研，", 0, 6)
    (1, 5)
    """
    while end > start and text[end - 1] in _SOFT_END:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def passage_similarity(a: str, b: str) -> float:
    """Similarity of two passages in [0, 1]: ``difflib`` ratio of their normalised forms.

    Numbers, masks and punctuation do not count, so a masked copy scores 1.0.

    >>> passage_similarity("立案120件。", "立案xxx件")
    1.0
    >>> round(passage_similarity("为加快建设中国科技城", "为加快建设中国红城"), 2)
    0.84
    """
    na, nb = normalize_for_matching(a), normalize_for_matching(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=len(na) + len(nb) > 4000).ratio()


def exact_jaccard(strings: Sequence[str], pairs: "np.ndarray", *, shingle: int = 2, chunk: int = 1 << 16) -> "np.ndarray":
    """Jaccard similarity of the character-shingle sets of each pair ``(i, j)`` of ``strings``.

    Vectorised: the shingles of both members of many pairs are tagged with the pair, sorted
    together, and shared shingles show up as equal neighbours.

    >>> import numpy as np
    >>> exact_jaccard(["政协委员", "政协委员会", "读书"], np.array([[0, 1], [0, 2]])).tolist()
    [0.75, 0.0]
    """
    import numpy as np

    out = np.zeros(len(pairs), dtype=np.float64)
    if len(pairs) == 0:
        return out
    used = distinct(np.asarray(pairs).ravel())
    sub = [strings[i] for i in used.tolist()]
    local = np.searchsorted(used, pairs)
    ids, first = _shingle_ids(sub, shingle)
    counts = np.diff(np.concatenate((first, [len(ids)])))
    owner = np.repeat(np.arange(len(sub), dtype=np.int64), counts)
    order = np.lexsort((ids, owner))
    ids, owner = ids[order], owner[order]
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = (ids[1:] != ids[:-1]) | (owner[1:] != owner[:-1])
    ids, owner = ids[keep], owner[keep]
    size = np.bincount(owner, minlength=len(sub))
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    with np.errstate(over="ignore"):
        tag = (ids * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(19)  # 45 bits
    for lo in range(0, len(pairs), chunk):
        a, b = local[lo : lo + chunk, 0], local[lo : lo + chunk, 1]
        m = len(a)
        la, lb = size[a], size[b]
        def gather(members: "np.ndarray", lengths: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
            pair = np.repeat(np.arange(m, dtype=np.uint64), lengths)
            within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            return pair, tag[np.repeat(start[members], lengths) + within]
        pa, ta = gather(a, la)
        pb, tb = gather(b, lb)
        key = np.concatenate(((pa << np.uint64(45)) | ta, (pb << np.uint64(45)) | tb))
        key.sort()
        dup = key[1:][key[1:] == key[:-1]]
        inter = np.bincount((dup >> np.uint64(45)).astype(np.int64), minlength=m)
        union = la + lb - inter
        out[lo : lo + m] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return out


def _components(n: int, pairs: "np.ndarray") -> "np.ndarray":
    """Connected-component label of each of ``n`` nodes linked by ``pairs``."""
    import numpy as np

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if len(pairs) == 0:
        return np.arange(n, dtype=np.int64)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels.astype(np.int64)


# --------------------------------------------------------------------------------------------
# functions


def shared_passages(
    corpus: "Corpus | Iterable[Document | str]",
    *,
    min_chars: int = SHARED_MIN_CHARS,
    min_similarity: float = SHARED_MIN_SIMILARITY,
    max_documents: int = SHARED_MAX_DOCUMENTS,
    max_gap: int = SHARED_MAX_GAP,
    **options: Any,
) -> "pd.DataFrame":
    """Passages that pairs of documents share exactly or nearly (see :class:`PassageIndex`).

    ``options`` go to :class:`PassageIndex` (``threshold``, ``shingle``, ``n_jobs`` …).

    >>> from summarytext import Corpus
    >>> c = Corpus.from_texts(["甲县政协围绕营商环境开展民主监督，提出意见建议20条。", "乙县政协围绕营商环境开展民主监督，提出意见建议xx条。"])
    >>> shared_passages(c)[["text_a", "similarity"]].values.tolist()
    [['甲县政协围绕营商环境开展民主监督，提出意见建议20条。', 0.9583]]
    """
    index = PassageIndex(**options).fit(corpus)
    return index.shared_passages(min_chars=min_chars, min_similarity=min_similarity, max_documents=max_documents, max_gap=max_gap)


def boilerplate(
    corpus: "Corpus | Iterable[Document | str]",
    *,
    min_documents: int | float | None = None,
    min_chars: int = BOILERPLATE_MIN_CHARS,
    **options: Any,
) -> "pd.DataFrame":
    """Template passages used by many documents (see :meth:`PassageIndex.boilerplate`).

    >>> from summarytext import Corpus
    >>> opening = "坚持以人民为中心的发展思想，"
    >>> c = Corpus.from_texts([opening + "开展调研。", opening + "召开协商会。", opening + "组织视察。", "其他内容。"])
    >>> boilerplate(c)[["passage", "documents", "share"]].values.tolist()
    [['坚持以人民为中心的发展思想', 3, 0.75]]
    """
    return PassageIndex(**options).fit(corpus).boilerplate(min_documents=min_documents, min_chars=min_chars)
