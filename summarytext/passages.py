"""Shared and templated passages: near-duplicate clauses found by MinHash, lined up into runs.

How it works (no word segmentation, no comparison of every clause with every other):

1. Each document is cut into *clauses* (at ，；。！？： and line ends).  A clause is
   normalised for matching: punctuation and spaces are dropped and every run of digits or
   masks (``2023``, ``xxxx``, ``x.x``, ``***``) becomes one ``#``, so masked and unmasked
   numbers match.  Clauses shorter than ``min_unit_chars`` after normalising are not matched
   on their own (they can sit inside a longer passage).
2. Identical normalised clauses share one id.  For the distinct ones, a MinHash signature of
   their character shingles (``shingle`` characters) is computed with numpy, and locality
   sensitive hashing (bands of ``rows`` hash values) proposes candidate pairs; a pair is kept
   when its estimated Jaccard similarity reaches ``threshold``.  The cost grows with the
   number of clauses, not with its square.
3. Clauses linked by identity or similarity form groups (connected components).  A group
   found in at most ``max_documents`` documents yields pairs of occurrences; pairs of
   documents are then chained along the text into *runs* (consecutive clauses in both
   documents, with up to ``max_gap`` unmatched clauses in between: an edited clause, a
   dropped one).  Each run is a shared passage, scored by the similarity of the two
   normalised texts (``difflib`` ratio: 1.0 when identical up to numbers and punctuation).
4. Groups found in many documents are *boilerplate*: template phrases such as the standard
   opening about the guiding thought.  They are listed once, with the documents using them,
   instead of as every pair.

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
import math
from array import array
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import regex

from .corpus import Corpus
from .document import Document, as_documents, caller_spans
from .normalize import simplified_view

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

from .tables import with_string_columns

logger = logging.getLogger("summarytext")

__all__ = [
    "PassageIndex",
    "shared_passages",
    "boilerplate",
    "clause_spans",
    "normalize_for_matching",
    "minhash_signatures",
    "lsh_candidates",
    "exact_jaccard",
    "PASSAGE_COLUMNS",
    "BOILERPLATE_COLUMNS",
    "SPAN_COLUMNS",
]

#: occurrences of one clause per document considered for shared passages (more are a refrain)
_MAX_REPEATS_PER_DOCUMENT = 8
#: columns of :meth:`PassageIndex.shared_passages`
PASSAGE_COLUMNS = [
    "doc_a", "start_a", "end_a", "text_a", "doc_b", "start_b", "end_b", "text_b", "similarity", "clauses", "shared_by",
]
#: columns of :meth:`PassageIndex.boilerplate`
BOILERPLATE_COLUMNS = [
    "passage_id", "passage", "documents", "share", "occurrences", "variants", "doc_ids", "doc_id", "start", "end",
]
#: columns of :meth:`PassageIndex.boilerplate_spans`
SPAN_COLUMNS = ["doc_id", "start", "end", "text", "passage_ids"]

#: a clause: text up to (and with) its closing punctuation, without surrounding spaces
_CLAUSE = regex.compile(
    r"[^\s，,；;。！？!?：:…](?:[^，,；;。！？!?：:…\n]*[^\s，,；;。！？!?：:…])?"
    r"(?:\s*[，,；;。！？!?：:…]+[”’」』》)）\"']*)?"
)
#: a run of digits or masks (with a decimal part) — one ``#`` when matching
_NUMBER = regex.compile(r"(?<![A-Za-z])[0-9xX×*＊]+(?:[.．][0-9xX×*＊]+)*(?![A-Za-z])")
#: what matching ignores: punctuation, symbols, spaces (the clause separator \x00 is kept)
_DROP = regex.compile(r"[^\p{L}\p{N}#\x00]+")
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


def _text_clauses(text: str, fold_script: bool = True) -> tuple[list[tuple[int, int]], list[str]]:
    # module-level so that worker processes can run it; texts travel, not Document objects
    return document_clauses(text, fold_script=fold_script)


# --------------------------------------------------------------------------------------------
# MinHash and LSH (numpy)

_MASK64 = (1 << 64) - 1


def _shingle_ids(strings: Sequence[str], k: int) -> tuple["np.ndarray", "np.ndarray"]:
    """Exact ids of the character k-grams (k <= 3) of each string, and each string's first index."""
    import numpy as np

    lengths = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
    counts = np.maximum(lengths - k + 1, 0)
    cp = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
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


def minhash_signatures(strings: Sequence[str], *, shingle: int = 2, num_perm: int = 32, seed: int = 1, chunk: int = 1 << 20) -> "np.ndarray":
    """MinHash signatures (``len(strings)`` x ``num_perm``, uint32) of character shingles.

    Every string must have at least ``shingle`` characters.  Hash functions are
    multiply-shift hashes of the exact shingle ids; equal strings get equal signatures, and
    the share of equal positions estimates the Jaccard similarity of the shingle sets.

    >>> sig = minhash_signatures(["政协委员开展调研", "政协委员开展视察", "完全不同的句子"], num_perm=64)
    >>> bool((sig[0] == sig[1]).mean() > (sig[0] == sig[2]).mean())
    True
    """
    import numpy as np

    if not 1 <= shingle <= 3:
        raise ValueError("shingle must be 1, 2 or 3 characters")
    n = len(strings)
    out = np.empty((n, num_perm), dtype=np.uint32)
    if n == 0:
        return out
    if min(len(s) for s in strings) < shingle:
        raise ValueError(f"every string needs at least {shingle} characters")
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    shift = np.uint64(32)
    # strings in chunks of about ``chunk`` shingles, to bound the temporary arrays
    cum = np.cumsum(np.fromiter((len(s) - shingle + 1 for s in strings), dtype=np.int64, count=n))
    lo = 0
    while lo < n:
        done = int(cum[lo - 1]) if lo else 0
        hi = min(max(int(np.searchsorted(cum, done + chunk, side="right")), lo + 1), n)
        ids, first = _shingle_ids(strings[lo:hi], shingle)
        for p in range(num_perm):
            h = ((ids * a[p] + b[p]) >> shift).astype(np.uint32)
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


def _groups(keys: "np.ndarray", *, min_size: int = 2, max_size: int | None = None) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Sort order, group starts and group sizes of equal keys (sizes within bounds)."""
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


def lsh_candidates(signatures: "np.ndarray", *, rows: int = 2, all_pairs_up_to: int = 16, max_bucket: int | None = None) -> "np.ndarray":
    """Candidate pairs (i < j, shape P x 2) that share all ``rows`` values of some band.

    In a bucket of at most ``all_pairs_up_to`` members every pair is a candidate; in a larger
    one (many variants of one template, or one very common shingle) members are ordered by
    their next band and each is paired with its neighbour, so the number of candidates grows
    linearly, not quadratically, with the bucket (similar members meet as neighbours, and
    near duplicates also meet in other bands).  Buckets over ``max_bucket`` are skipped.

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
    found = []
    with np.errstate(over="ignore"):
        keys = []
        for band in range(bands):
            block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
            key = block[:, 0].copy()
            for r in range(1, rows):
                key = key * np.uint64(0x9E3779B97F4A7C15) + block[:, r]
            keys.append(key)
        for band in range(bands):
            key = keys[band]
            order = np.lexsort((keys[(band + 1) % bands], key))
            sk = key[order]
            if n < 2:
                break
            brk = np.flatnonzero(sk[1:] != sk[:-1]) + 1
            starts = np.concatenate(([0], brk))
            sizes = np.diff(np.concatenate((starts, [n])))
            if max_bucket is not None:
                fits = sizes <= max_bucket
                starts, sizes = starts[fits], sizes[fits]
            small = (sizes >= 2) & (sizes <= all_pairs_up_to)
            left, right = _pairs_in_groups(order, starts[small], sizes[small])
            large = sizes > all_pairs_up_to
            if large.any():
                # neighbours inside large buckets
                ls, lz = starts[large], sizes[large]
                pos = np.repeat(ls, lz - 1) + (np.arange(int((lz - 1).sum())) - np.repeat(np.cumsum(lz - 1) - (lz - 1), lz - 1))
                left = np.concatenate((left, order[pos]))
                right = np.concatenate((right, order[pos + 1]))
            lo, hi = np.minimum(left, right), np.maximum(left, right)
            found.append(lo.astype(np.uint64) * np.uint64(n) + hi.astype(np.uint64))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([(codes // np.uint64(n)).astype(np.int64), (codes % np.uint64(n)).astype(np.int64)], axis=1)


# --------------------------------------------------------------------------------------------
# the index


@dataclass
class _Units:
    """Every clause of every document, in document and text order (numpy arrays)."""

    doc: "np.ndarray"  # document index
    start: "np.ndarray"
    end: "np.ndarray"
    uid: "np.ndarray"  # id of the distinct normalised text, -1 when too short to match
    first: "np.ndarray"  # index of each document's first clause (len = documents + 1)


class PassageIndex:
    """Near-duplicate clauses of a corpus, for shared passages and boilerplate.

    Fit it on a corpus once; :meth:`shared_passages`, :meth:`boilerplate` and
    :meth:`boilerplate_spans` then read the fitted groups.  Options (see the module
    docstring): ``shingle`` characters per shingle, ``num_perm`` MinHash values, ``rows``
    per LSH band, ``threshold`` (estimated Jaccard similarity for two distinct clauses to
    count as the same), ``min_unit_chars`` (shorter clauses are not matched on their own),
    ``all_pairs_up_to`` (LSH buckets up to this size give all their pairs, larger ones
    neighbours only: see :func:`lsh_candidates`), ``fold_script`` (match traditional-script
    documents in simplified characters), ``n_jobs`` (processes for cutting
    clauses), ``seed``.

    Learned state: ``documents_`` (the documents), ``units_`` (clauses: document, start,
    end, text id), ``texts_`` (distinct normalised clause texts), ``group_`` (group of each
    distinct text), ``unit_group_`` (group of each clause, -1 when too short to match),
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
        fold_script: bool = True,
        n_jobs: int | None = 1,
        seed: int = 1,
    ):
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if min_unit_chars < shingle:
            raise ValueError("min_unit_chars must be at least shingle")
        self.shingle = shingle
        self.num_perm = num_perm
        self.rows = rows
        self.threshold = threshold
        self.min_unit_chars = min_unit_chars
        self.all_pairs_up_to = all_pairs_up_to
        self.fold_script = fold_script
        self.n_jobs = n_jobs
        self.seed = seed

    def __repr__(self) -> str:
        state = f"{len(self.documents_)} documents, {len(self.units_.doc)} clauses" if hasattr(self, "units_") else "not fitted"
        return f"PassageIndex({state})"

    # --- fitting ------------------------------------------------------------------------------
    def fit(self, corpus: "Corpus | Iterable[Document | str]") -> "PassageIndex":
        """Cut the documents into clauses, hash them and group near-duplicates."""
        import numpy as np

        from .parallel import map_documents

        docs = list(corpus.documents) if isinstance(corpus, Corpus) else list(as_documents(corpus, caller="PassageIndex.fit"))
        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        doc_idx = array("i")
        starts = array("q")
        ends = array("q")
        uids = array("q")
        first = array("q", [0])
        min_len = self.min_unit_chars
        # the simplified view (same offsets) is built once per document and shared with other stages
        texts_in = (d.simplified if self.fold_script else d.text for d in docs)
        clauses = map_documents(partial(_text_clauses, fold_script=False), texts_in, n_jobs=self.n_jobs, chunk_size=64)  # type: ignore[arg-type]
        for d, (spans, norms) in enumerate(clauses):
            keep = [i for i, norm in enumerate(norms) if norm]
            starts.extend([spans[i][0] for i in keep])
            ends.extend([spans[i][1] for i in keep])
            # a new text gets the next id (len(ids) is read before setdefault inserts)
            uids.extend([setdefault(norms[i], len(ids)) if len(norms[i]) >= min_len else -1 for i in keep])
            doc_idx.extend([d] * len(keep))
            first.append(len(uids))
        texts = list(ids)
        units = _Units(
            np.frombuffer(doc_idx, dtype=np.int32).copy() if len(doc_idx) else np.zeros(0, dtype=np.int32),
            np.frombuffer(starts, dtype=np.int64).copy() if len(starts) else np.zeros(0, dtype=np.int64),
            np.frombuffer(ends, dtype=np.int64).copy() if len(ends) else np.zeros(0, dtype=np.int64),
            np.frombuffer(uids, dtype=np.int64).copy() if len(uids) else np.zeros(0, dtype=np.int64),
            np.frombuffer(first, dtype=np.int64).copy(),
        )
        del doc_idx, starts, ends, uids, ids
        n_texts = len(texts)
        pairs = self._similar_pairs(texts)
        group = _components(n_texts, pairs)
        # documents per group
        matched = units.uid >= 0
        g_of_unit = np.full(len(units.uid), -1, dtype=np.int64)
        g_of_unit[matched] = group[units.uid[matched]]
        n_groups = int(group.max()) + 1 if n_texts else 0
        gd = np.unique(g_of_unit[matched] * np.int64(max(len(docs), 1)) + units.doc[matched])
        group_docs = np.bincount((gd // max(len(docs), 1)).astype(np.int64), minlength=n_groups)
        self.documents_ = docs
        self.units_ = units
        self.texts_ = texts
        self.group_ = group
        self.unit_group_ = g_of_unit
        self.group_docs_ = group_docs
        self.n_similar_pairs_ = len(pairs)
        logger.info(
            "passage index: %d documents, %d clauses, %d distinct, %d near-duplicate pairs, %d groups",
            len(docs), len(units.uid), n_texts, len(pairs), n_groups,
        )
        return self

    def _similar_pairs(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        if len(texts) < 2:
            return np.zeros((0, 2), dtype=np.int64)
        sig = minhash_signatures(texts, shingle=self.shingle, num_perm=self.num_perm, seed=self.seed)
        cand = lsh_candidates(sig, rows=self.rows, all_pairs_up_to=self.all_pairs_up_to)
        # the estimate decides when it is far from the threshold (its error is about 0.09 with
        # 32 values); in between, the exact Jaccard similarity of the shingle sets decides
        est = np.empty(len(cand), dtype=np.float64)
        step = max(1, (1 << 22) // self.num_perm)
        for lo in range(0, len(cand), step):
            c = cand[lo : lo + step]
            est[lo : lo + step] = (sig[c[:, 0]] == sig[c[:, 1]]).mean(axis=1)
        margin = 0.25
        sure = est >= self.threshold + margin
        unsure = np.flatnonzero(~sure & (est >= self.threshold - margin))
        check = cand[unsure]
        exact = exact_jaccard(texts, check, shingle=self.shingle) >= self.threshold
        sure[unsure[exact]] = True
        logger.debug("MinHash: %d candidate pairs, %d checked exactly, %d kept", len(cand), len(check), int(sure.sum()))
        return cand[sure]

    def _check(self) -> None:
        if not hasattr(self, "units_"):
            raise RuntimeError("PassageIndex is not fitted yet: call fit(corpus) first")

    # --- shared passages ---------------------------------------------------------------------
    def shared_passages(
        self,
        *,
        min_chars: int = 15,
        min_similarity: float = 0.75,
        max_documents: int = 20,
        max_gap: int = 1,
    ) -> "pd.DataFrame":
        """Passages two documents share exactly or nearly, one row per passage and pair.

        Columns :data:`PASSAGE_COLUMNS`: both spans (``doc.text[start:end] == text``), the
        ``similarity`` of the two passages (1.0 = identical up to numbers and punctuation),
        ``clauses`` matched and ``shared_by`` (how many documents of the corpus use the most
        widely shared clause of the passage).  Only clauses found in at most
        ``max_documents`` documents are listed pair by pair; the more common ones are
        boilerplate (:meth:`boilerplate`).  ``min_chars`` applies to the shorter side.
        """
        import numpy as np
        import pandas as pd

        self._check()
        units = self.units_
        g = self.unit_group_
        gdocs = self.group_docs_
        matched = g >= 0
        per_unit = gdocs[g[matched]]
        ok = matched.copy()
        ok[matched] = (per_unit >= 2) & (per_unit <= max_documents)
        sel = np.flatnonzero(ok)
        skipped = int((per_unit > max_documents).sum())
        if skipped:
            logger.info("shared passages: %d clause occurrences in more than %d documents left to boilerplate()", skipped, max_documents)
        # occurrences sorted by group, then document (then position)
        order = sel[np.lexsort((sel, units.doc[sel], g[sel]))]
        # a clause repeated many times inside one document (a form's field, a refrain) would
        # make every pair of its occurrences a candidate: keep its first few per document
        if len(order):
            key_g, key_d = g[order], units.doc[order]
            new_run = np.ones(len(order), dtype=bool)
            new_run[1:] = (key_g[1:] != key_g[:-1]) | (key_d[1:] != key_d[:-1])
            run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(order)), 0))
            order = order[np.arange(len(order)) - run_start < _MAX_REPEATS_PER_DOCUMENT]
        order_g = g[order]
        _, starts, sizes = _groups(order_g)  # order_g is sorted: _groups' argsort is the identity
        left, right = _pairs_in_groups(order, starts, sizes)
        da, db = units.doc[left], units.doc[right]
        diff = da != db
        left, right = left[diff], right[diff]
        swap = units.doc[left] > units.doc[right]
        left, right = np.where(swap, right, left), np.where(swap, left, right)
        rows = self._runs(left, right, max_gap=max_gap)
        out = []
        docs = self.documents_
        for a0, a1, b0, b1, n_units in rows:
            da_i = int(units.doc[a0])
            db_i = int(units.doc[b0])
            text_a, text_b = docs[da_i].text, docs[db_i].text
            sa, ea = _trim(text_a, int(units.start[a0]), int(units.end[a1]))
            sb, eb = _trim(text_b, int(units.start[b0]), int(units.end[b1]))
            if min(ea - sa, eb - sb) < min_chars:
                continue
            pa, pb = text_a[sa:ea], text_b[sb:eb]
            sim = passage_similarity(pa, pb)
            if sim < min_similarity:
                continue
            shared_by = int(max(gdocs[g[i]] for i in range(a0, a1 + 1) if g[i] >= 0))
            sa, ea, pa = _for_caller(docs[da_i], sa, ea, pa)
            sb, eb, pb = _for_caller(docs[db_i], sb, eb, pb)
            out.append((docs[da_i].doc_id, sa, ea, pa, docs[db_i].doc_id, sb, eb, pb, round(sim, 4), n_units, shared_by))
        frame = pd.DataFrame(out, columns=PASSAGE_COLUMNS)
        for col in ("start_a", "end_a", "start_b", "end_b", "clauses", "shared_by"):
            frame[col] = frame[col].astype("int64")
        frame["similarity"] = frame["similarity"].astype("float64")
        return with_string_columns(frame)

    def _runs(self, left: "np.ndarray", right: "np.ndarray", *, max_gap: int) -> list[tuple[int, int, int, int, int]]:
        """Chain matched clause pairs (global unit indices, doc(left) < doc(right)) into runs."""
        import numpy as np

        if len(left) == 0:
            return []
        units = self.units_
        da = units.doc[left].astype(np.int64)
        db = units.doc[right].astype(np.int64)
        pa = left - units.first[da]
        pb = right - units.first[db]
        # one match per clause of A and per clause of B within a document pair: drop exact duplicates
        diag = pb - pa
        order = np.lexsort((pa, diag, db, da))
        da, db, pa, pb, diag = da[order], db[order], pa[order], pb[order], diag[order]
        new = np.ones(len(da), dtype=bool)
        new[1:] = (da[1:] != da[:-1]) | (db[1:] != db[:-1]) | (diag[1:] != diag[:-1]) | (pa[1:] - pa[:-1] > 1 + max_gap)
        run = np.cumsum(new) - 1
        idx_first = np.flatnonzero(new)
        idx_last = np.concatenate((idx_first[1:] - 1, [len(da) - 1]))
        n_units = np.diff(np.concatenate((idx_first, [len(da)])))
        r_da, r_db = da[idx_first], db[idx_first]
        r_a0, r_a1 = pa[idx_first], pa[idx_last]
        r_b0, r_b1 = pb[idx_first], pb[idx_last]
        del run
        # second pass: join runs of the same pair that follow each other in both documents
        # (a clause inserted or dropped on one side shifts the diagonal)
        order = np.lexsort((r_a0, r_db, r_da))
        merged: list[list[int]] = []
        for i in order.tolist():
            cur = merged[-1] if merged else None
            a0, a1, b0, b1 = int(r_a0[i]), int(r_a1[i]), int(r_b0[i]), int(r_b1[i])
            if (
                cur is not None
                and cur[0] == r_da[i]
                and cur[1] == r_db[i]
                and 0 <= a0 - cur[3] <= 1 + max_gap
                and 0 <= b0 - cur[5] <= 1 + max_gap
            ):
                cur[3] = max(cur[3], a1)
                cur[5] = max(cur[5], b1)
                cur[6] += int(n_units[i])
                continue
            if cur is not None and cur[0] == r_da[i] and cur[1] == r_db[i] and a0 <= cur[3] and b0 <= cur[5] and a1 <= cur[3] and b1 <= cur[5] and a0 >= cur[2] and b0 >= cur[4]:
                continue  # contained in the current run (a repeated clause)
            merged.append([int(r_da[i]), int(r_db[i]), a0, a1, b0, b1, int(n_units[i])])
        first = units.first
        return [(int(first[m[0]] + m[2]), int(first[m[0]] + m[3]), int(first[m[1]] + m[4]), int(first[m[1]] + m[5]), m[6]) for m in merged]

    # --- boilerplate -------------------------------------------------------------------------
    def _min_documents(self, min_documents: int | float | None) -> int:
        n = len(self.documents_)
        if min_documents is None:
            value = max(3, math.ceil(0.05 * n))
        elif isinstance(min_documents, float) and 0 < min_documents < 1:
            value = math.ceil(min_documents * n)
        else:
            value = int(min_documents)
        return max(2, min(value, n)) if n >= 2 else 2

    def boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> "pd.DataFrame":
        """Clauses used (exactly or nearly) by many documents: one row per template passage.

        ``min_documents`` is a count, or a share of the corpus when a float below 1; by
        default 5% of the documents and at least 3 (all of them in a corpus of two or three).
        Columns :data:`BOILERPLATE_COLUMNS`: ``passage`` (its most common wording),
        ``documents`` using it, their ``share`` of the corpus, ``occurrences``, ``variants``
        (distinct wordings), ``doc_ids``, and one example span (``doc_id``, ``start``,
        ``end``).  Sorted by documents, most first, then by where the passage first occurs.
        """
        import numpy as np
        import pandas as pd

        self._check()
        need = self._min_documents(min_documents)
        units = self.units_
        g = self.unit_group_
        gdocs = self.group_docs_
        big = np.flatnonzero(gdocs >= need)
        rows = []
        if len(big):
            is_big = np.zeros(len(gdocs), dtype=bool)
            is_big[big] = True
            occ = np.flatnonzero((g >= 0) & is_big[np.maximum(g, 0)])
            occ = occ[np.argsort(g[occ], kind="stable")]
            _, starts, sizes = _groups(g[occ], min_size=1)
            docs = self.documents_
            n = len(docs)
            for s, size in zip(starts.tolist(), sizes.tolist()):
                members = occ[s : s + size]
                uids, counts = np.unique(units.uid[members], return_counts=True)
                best = uids[np.argmax(counts)]
                example = int(members[np.flatnonzero(units.uid[members] == best)[0]])
                d = int(units.doc[example])
                text = docs[d].text
                st, en = _trim(text, int(units.start[example]), int(units.end[example]))
                if en - st < min_chars:
                    continue
                doc_list = sorted(set(units.doc[members].tolist()))
                passage = text[st:en]
                st, en, _ = _for_caller(docs[d], st, en, passage)
                rows.append(
                    (
                        int(g[example]), passage, len(doc_list), len(doc_list) / n, int(size), int(len(uids)),
                        [docs[i].doc_id for i in doc_list], docs[d].doc_id, st, en, int(members.min()),
                    )
                )
        frame = pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS + ["_first"])
        frame = frame.sort_values(["documents", "_first"], ascending=[False, True], kind="stable").drop(columns="_first")
        frame = frame.reset_index(drop=True)
        for col in ("passage_id", "documents", "occurrences", "variants", "start", "end"):
            frame[col] = frame[col].astype("int64")
        frame["share"] = frame["share"].astype("float64")
        return with_string_columns(frame)

    def boilerplate_spans(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> "pd.DataFrame":
        """Where boilerplate occurs: one row per stretch of consecutive boilerplate clauses.

        Columns :data:`SPAN_COLUMNS` (``passage_ids`` lists the :meth:`boilerplate` ids of
        the clauses in the stretch).  Use it to cut templates out before other analysis, or
        :meth:`without_boilerplate`.
        """
        import pandas as pd

        docs = self.documents_
        out = []
        for d, s, e, ids in self._boilerplate_stretches(min_documents, min_chars):
            text = docs[d].text
            s, e, given = _for_caller(docs[d], s, e, text[s:e])
            out.append((docs[d].doc_id, s, e, given, ids))
        frame = pd.DataFrame(out, columns=SPAN_COLUMNS)
        for col in ("start", "end"):
            frame[col] = frame[col].astype("int64")
        return with_string_columns(frame)

    def _boilerplate_stretches(self, min_documents: int | float | None, min_chars: int) -> list[tuple[int, int, int, list[int]]]:
        """(document index, start, end in ``doc.text``, passage ids) of each boilerplate stretch."""
        import numpy as np

        table = self.boilerplate(min_documents=min_documents, min_chars=min_chars)
        wanted = set(table["passage_id"].tolist())
        units = self.units_
        g = self.unit_group_
        docs = self.documents_
        rows = []
        if wanted:
            mask = np.isin(g, np.fromiter(wanted, dtype=np.int64, count=len(wanted)))
            idx = np.flatnonzero(mask).tolist()
            cur: list[Any] | None = None
            for i in idx:
                d = int(units.doc[i])
                if cur is not None and cur[0] == d and cur[3] == i - 1:
                    cur[2] = int(units.end[i])
                    cur[3] = i
                    cur[4].append(int(g[i]))
                    continue
                if cur is not None:
                    rows.append(cur)
                cur = [d, int(units.start[i]), int(units.end[i]), i, [int(g[i])]]
            if cur is not None:
                rows.append(cur)
        out = []
        for d, s, e, _, ids in rows:
            s, e = _trim(docs[d].text, s, e)
            out.append((d, s, e, list(dict.fromkeys(ids))))
        return out

    def without_boilerplate(self, *, min_documents: int | float | None = None, min_chars: int = 8) -> Corpus:
        """A new corpus whose documents have their boilerplate stretches cut out.

        Each new document keeps the id, title and metadata (``meta["boilerplate_removed"]``
        counts the characters cut); offsets into it are new.
        """
        by_doc: dict[int, list[tuple[int, int]]] = {}
        for d, s, e, _ in self._boilerplate_stretches(min_documents, min_chars):
            by_doc.setdefault(d, []).append((s, e))
        out = []
        for d, doc in enumerate(self.documents_):
            cuts = by_doc.get(d)
            if not cuts:
                out.append(doc)
                continue
            pieces, pos, removed = [], 0, 0
            for s, e in sorted(cuts):
                pieces.append(doc.text[pos:s])
                removed += e - s
                pos = e
            pieces.append(doc.text[pos:])
            text = regex.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", "".join(pieces)).strip()
            meta = dict(doc.meta)
            meta["boilerplate_removed"] = removed
            out.append(Document(text, doc_id=doc.doc_id, title=doc.title, raw=doc.raw, source=doc.source, meta=meta))
        return Corpus(out)


def _for_caller(doc: Document, start: int, end: int, passage: str) -> tuple[int, int, str]:
    """A span of ``doc.text`` as the caller reads it: itself for a document, mapped into the
    string the caller passed for a ``str`` (see :func:`~summarytext.document.caller_spans`)."""
    s, e, given = caller_spans(doc, [start], [end])
    if given is doc.text:
        return start, end, passage
    a, b = int(s[0]), int(e[0])
    return a, b, given[a:b]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without trailing soft punctuation (commas, colons) and surrounding spaces."""
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
    used = np.unique(pairs)
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
    min_chars: int = 15,
    min_similarity: float = 0.75,
    max_documents: int = 20,
    max_gap: int = 1,
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
    min_chars: int = 8,
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
