"""The library on a Dask cluster, for corpora that outgrow one machine (extra ``dask``).

* :func:`read_bag` — a ``dask.bag`` of :class:`~summarytext.document.Document` read
  from files or folders by the workers themselves (the client never holds the texts);
* :func:`analyzer_frame` — the table of any per-document analyzer
  (:mod:`summarytext.analyzers`) as a Dask DataFrame, from such a bag or from a Dask
  DataFrame with a text column; :func:`metrics_frame` and :func:`themes_frame` for the
  two tables of the pipeline;
* :func:`compare` — a :class:`~summarytext.compare.Comparison` whose term counts and
  MinHash signatures are computed on the workers, whose distinct clauses are found with a
  shuffle on their keys, and whose candidate pairs of near-duplicate clauses come from LSH
  bands grouped with a shuffle; its results equal those of :func:`summarytext.compare` on
  the same documents.

Results are the same rows, in the same order, as the in-process functions
(:func:`summarytext.extract_metrics`, :func:`summarytext.tag_themes`).

On one machine, ``distributed.LocalCluster()``; on a real cluster, start a scheduler and
workers (``dask scheduler``, ``dask worker tcp://scheduler:8786``, or a deployment such as
dask-jobqueue or dask-kubernetes) with summarytext installed on every worker, and connect
before calling these functions; the files must be readable by the workers under the same
paths (a shared file system), since they read them::

    from distributed import Client
    client = Client("tcp://scheduler:8786")
    bag = sd.read_bag("/shared/reports/", npartitions=200)
    cmp = sd.compare(bag, segmenter=st.Segmenter(backend="rjieba", hmm=False))
    cmp.top_k(10); cmp.shared_passages(); cmp.boilerplate()

>>> import summarytext.dask as sd                              # doctest: +SKIP
>>> bag = sd.read_bag("reports/", npartitions=8)               # doctest: +SKIP
>>> sd.metrics_frame(bag).to_parquet("metrics/")               # doctest: +SKIP
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from .analyzers import Analyzer
    from .compare import Comparison
    from .document import Document


def _require_dask():
    from .errors import require

    require("dask.bag", what="summarytext.dask", extra="dask", package="dask")
    require("dask.dataframe", what="summarytext.dask", extra="dask", package="dask")


def _files(paths: str | PathLike | Iterable[str | PathLike], pattern: str, exclude: tuple[str, ...] = ()) -> list[str]:
    from .corpus import iter_files
    from .io import SUPPORTED_SUFFIXES

    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(str(f) for f, problem in iter_files(p, pattern, exclude=exclude) if problem is None)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            out.append(str(p))
        else:
            raise FileNotFoundError(f"{p}: not a folder or a .txt/.md/.docx file")
    return out


def _read_partition(items: list[tuple[str, str]], script: str | None) -> list["Document"]:
    import warnings

    from .corpus import iter_file_documents

    docs: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path, doc_id in items:
            # a bad file never stops a partition; skipped_files() lists them
            docs.extend(iter_file_documents(path, doc_id=doc_id, script=script, errors="ignore"))
    return docs


def read_bag(
    paths: str | PathLike | Iterable[str | PathLike],
    *,
    pattern: str = "*",
    exclude: Iterable[str] = (),
    script: str | None = None,
    npartitions: int | None = None,
) -> "db.Bag":
    """A bag of documents read by the workers from files and folders (compilations split).

    Unreadable files are left out of the bag; :func:`skipped_files` lists them.
    """
    _require_dask()
    import dask.bag as db

    from .corpus import file_ids

    files = _files(paths, pattern, tuple(exclude))
    if not files:
        raise FileNotFoundError(f"no .txt/.md/.docx files in {paths}")
    root = Path(paths) if isinstance(paths, (str, PathLike)) and Path(paths).is_dir() else Path("/")
    ids = file_ids([Path(f) for f in files], root)
    items = [(f, ids[Path(f)]) for f in files]
    n = npartitions or min(len(items), 64)
    return db.from_sequence(items, npartitions=n).map_partitions(_read_partition, script)


def skipped_files(paths: str | PathLike | Iterable[str | PathLike], *, pattern: str = "*", exclude: Iterable[str] = ()) -> "pd.DataFrame":
    """Files under ``paths`` that cannot be read, with the reason (columns path, reason)."""
    import pandas as pd

    from .errors import ReadError
    from .io import read_file

    rows = []
    for f in _files(paths, pattern, tuple(exclude)):
        try:
            read_file(f)
        except ReadError as exc:
            rows.append((f, exc.reason))
    return pd.DataFrame(rows, columns=["path", "reason"])


def _analyze_partition(docs: list["Document"], analyzer: "Analyzer") -> "pd.DataFrame":
    return analyzer.frame([analyzer.rows(doc) for doc in docs])


def _texts_to_docs(part: "pd.DataFrame", text_column: str, id_column: str | None, script: str | None) -> list["Document"]:
    """Documents of a partition's text column; like any text a caller passes, their rows' spans
    index the text as given (see :func:`~summarytext.document.caller_document`)."""
    from .document import caller_document

    ids = part[id_column].astype(str).tolist() if id_column and id_column in part.columns else [str(i) for i in part.index]
    return [caller_document(t, i, script) for t, i in zip(part[text_column].tolist(), ids)]


def _from_bag(bag: "db.Bag", func, meta: "pd.DataFrame") -> "dd.DataFrame":
    import dask.dataframe as dd
    from dask import delayed

    parts = [delayed(func)(part) for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def analyzer_frame(
    source: "db.Bag | dd.DataFrame",
    analyzer: "str | Analyzer",
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
    **options: Any,
) -> "dd.DataFrame":
    """A Dask DataFrame of a per-document analyzer's table (a name of
    :data:`~summarytext.analyzers.ANALYZERS` with its ``options``, or an
    :class:`~summarytext.analyzers.Analyzer`), computed by the workers.

    ``source`` is a bag of documents (:func:`read_bag`) or a Dask DataFrame with a
    text column (and an id column, else the index is the document id).
    """
    _require_dask()
    from functools import partial

    from .analyzers import analyzer as make

    chosen = make(analyzer, **options)
    meta = chosen.empty()
    if hasattr(source, "map_partitions") and hasattr(source, "columns"):
        return source.map_partitions(
            lambda part: _analyze_partition(_texts_to_docs(part, text_column, id_column, script), chosen), meta=meta
        )
    return _from_bag(source, partial(_analyze_partition, analyzer=chosen), meta)


def metrics_frame(
    source: "db.Bag | dd.DataFrame",
    *,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
) -> "dd.DataFrame":
    """A Dask DataFrame of metrics (the columns of :func:`summarytext.extract_metrics`).

    ``source`` is a bag of documents (:func:`read_bag`) or a Dask DataFrame with a
    text column (and an id column, else the index is the document id).
    """
    return analyzer_frame(source, "metrics", text_column=text_column, id_column=id_column, script=script)


def themes_frame(
    source: "db.Bag | dd.DataFrame",
    *,
    level: str = "paragraph",
    lexicon: Any = None,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
) -> "dd.DataFrame":
    """A Dask DataFrame of themes (the columns of :func:`summarytext.tag_themes`)."""
    return analyzer_frame(source, "themes", text_column=text_column, id_column=id_column, script=script, level=level, lexicon=lexicon)


# --------------------------------------------------------------------------------------------
# comparison


def _documents_bag(source: "db.Bag | dd.DataFrame", text_column: str, id_column: str | None, script: str | None) -> "db.Bag":
    """A bag of documents from a bag (as it is) or from a Dask DataFrame with a text column."""
    import dask.bag as db
    from dask import delayed

    if hasattr(source, "map_partitions") and hasattr(source, "columns"):
        parts = [delayed(_texts_to_docs)(part, text_column, id_column, script) for part in source.to_delayed()]
        return db.from_delayed(parts)
    return source


def _with_position(part: "pd.DataFrame", offsets: list[int], partition_info: dict | None = None) -> "pd.DataFrame":
    """Clause rows with their position among all clauses of the corpus (corpus order)."""
    import numpy as np

    number = partition_info["number"] if partition_info else 0
    part = part.copy()
    part["position"] = np.arange(offsets[number], offsets[number] + len(part), dtype=np.int64)
    return part


def _first_of_each_key(part: "pd.DataFrame") -> "pd.DataFrame":
    """One row per clause key: its first occurrence in the corpus."""
    return part.sort_values(["key", "position"], kind="stable").drop_duplicates("key")


def _band_rows(part: "pd.DataFrame", num_perm: int, rows: int) -> "pd.DataFrame":
    """The LSH band keys of matchable distinct clauses: one row per (clause, band), with the
    next band's key (the order of members inside a large bucket)."""
    import numpy as np
    import pandas as pd

    from .passages import band_keys

    sig = part[[f"h{i}" for i in range(num_perm)]].to_numpy(dtype=np.uint16)
    bands = num_perm // rows
    keys = band_keys(sig, rows)
    frames = []
    for band in range(bands):
        frames.append(pd.DataFrame({
            "bucket": keys[band] ^ np.uint64(band * 0x9E3779B97F4A7C15 % 2**64), "band": np.full(len(part), band, dtype=np.int64),
            "key": keys[band], "next": keys[(band + 1) % bands], "position": part["position"].to_numpy(),
        }))
    if not frames:
        return pd.DataFrame({"bucket": np.zeros(0, np.uint64), "band": np.zeros(0, np.int64), "key": np.zeros(0, np.uint64),
                             "next": np.zeros(0, np.uint64), "position": np.zeros(0, np.int64)})
    return pd.concat(frames, ignore_index=True)


def _bucket_pairs(part: "pd.DataFrame", all_pairs_up_to: int) -> "pd.DataFrame":
    """Candidate pairs of each band's buckets (as :func:`~summarytext.passages.lsh_candidates`
    forms them): every pair in a small bucket, neighbours by the next band in a large one."""
    import numpy as np
    import pandas as pd

    from .passages import bucket_pairs

    # a bucket is a (band, key); the sort puts its members together, in the order that ranks them
    part = part.sort_values(["band", "key", "next", "position"], kind="stable")
    left, right = bucket_pairs(part["band"].to_numpy(), part["key"].to_numpy(), all_pairs_up_to=all_pairs_up_to)
    position = part["position"].to_numpy()
    a, b = position[left], position[right]
    return pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b)})


def compare(
    source: "db.Bag | dd.DataFrame",
    *,
    segmenter: Any = None,
    stopwords: Any = True,
    min_term_chars: int = 2,
    sublinear_tf: bool = True,
    fold_script: bool = True,
    neighbours: str = "auto",
    passage_options: Any = None,
    text_column: str = "text",
    id_column: str | None = "doc_id",
    script: str | None = None,
) -> "Comparison":
    """Compare the documents of a bag (:func:`read_bag`) or of a Dask DataFrame with a text
    column, with the work on the cluster: the same :class:`~summarytext.compare.Comparison`,
    with the same results, as :func:`summarytext.compare` on the same documents.

    On the workers: every document's terms (:class:`~summarytext.compare.terms.TermsAnalyzer`)
    and clauses with their MinHash signatures (:class:`~summarytext.passages.ClausesAnalyzer`);
    a shuffle on the clause keys keeps the first occurrence of each distinct clause; the LSH
    band keys of the distinct clauses are grouped with a shuffle into buckets, which give the
    candidate pairs.  On the client: the vocabulary and the count matrix, the clause arrays,
    the decision on each candidate pair, and the measures.  The documents themselves come to
    the client once, for the measures that show text (passages, boilerplate, tables).
    Options as for :func:`summarytext.compare` (``n_jobs`` does not apply: the cluster's
    workers do the work).
    """
    _require_dask()
    import dask
    import numpy as np
    import pandas as pd
    from dask.dataframe.utils import make_meta
    from scipy import sparse

    from .compare import Comparison
    from .compare.features import Features
    from .compare.terms import TermsAnalyzer
    from .corpus import Corpus
    from .passages import ClauseStore, ClausesAnalyzer, ClauseUnits, PassageIndex, code_pairs, distinct, pair_codes

    options = dict(segmenter=segmenter, stopwords=stopwords, min_term_chars=min_term_chars, sublinear_tf=sublinear_tf,
                   fold_script=fold_script, neighbours=neighbours, passage_options=passage_options)
    settings = Comparison([], **options)
    index = PassageIndex(**settings.passage_settings())
    bag = _documents_bag(source, text_column, id_column, script).persist()  # read once, used three times
    documents = bag.compute()
    ids = [d.doc_id for d in documents]
    position_of = {d: i for i, d in enumerate(ids)}
    if len(position_of) != len(ids):
        raise ValueError("duplicate doc_id in the documents to compare")

    # terms: counted on the workers; vocabulary and matrix on the client
    terms = analyzer_frame(bag, TermsAnalyzer(config=settings.term_config)).compute()
    vocabulary = sorted(set(terms["term"].tolist()))
    column = {t: j for j, t in enumerate(vocabulary)}
    rows = np.fromiter((position_of[d] for d in terms["doc_id"].tolist()), dtype=np.int64, count=len(terms))
    cols = np.fromiter((column[t] for t in terms["term"].tolist()), dtype=np.int64, count=len(terms))
    counts = sparse.csr_matrix(
        (terms["count"].to_numpy(dtype=np.float32), (rows, cols)), shape=(len(ids), len(vocabulary)), dtype=np.float32
    )
    counts.indices = counts.indices.astype(np.int32)
    counts.indptr = counts.indptr.astype(np.int32 if counts.nnz < 2**31 else np.int64)
    counts.sort_indices()
    del terms, rows, cols

    # clauses and their signatures on the workers, each with its position in the corpus
    clauses = analyzer_frame(bag, ClausesAnalyzer(index=index, signatures=True)).persist()
    sizes = clauses.map_partitions(len).compute().tolist()
    offsets = np.concatenate(([0], np.cumsum(sizes))).tolist()
    placed = clauses.map_partitions(_with_position, offsets, meta=make_meta(clauses).assign(position=np.int64(0)))
    # distinct clauses: a shuffle on their keys, the first occurrence of each
    first = placed.shuffle("key").map_partitions(_first_of_each_key).persist()
    long = first[first["text"].str.len() >= index.min_unit_chars]
    meta = pd.DataFrame({"bucket": np.zeros(0, np.uint64), "band": np.zeros(0, np.int64), "key": np.zeros(0, np.uint64),
                         "next": np.zeros(0, np.uint64), "position": np.zeros(0, np.int64)})
    bands = long.map_partitions(_band_rows, index.num_perm, index.rows, meta=meta)
    # candidate pairs: members of a bucket (a band's key) meet in one partition after the shuffle
    pairs = bands.shuffle("bucket").map_partitions(_bucket_pairs, index.all_pairs_up_to, meta=pd.DataFrame({"a": np.zeros(0, np.int64), "b": np.zeros(0, np.int64)}))
    units_frame, distinct_frame, pair_frame = dask.compute(
        placed[["doc_id", "start", "end", "key", "sentence_end", "position"]], first, pairs
    )

    # on the client: ids by first occurrence, as a stream through the corpus gives them
    distinct_frame = distinct_frame.sort_values("position", kind="stable").reset_index(drop=True)
    texts = distinct_frame["text"].astype(str).tolist()
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    store = ClauseStore(["".join(texts)], [np.concatenate(([0], np.cumsum(lengths)))])
    order = np.argsort(distinct_frame["key"].to_numpy(), kind="stable")
    sorted_keys = distinct_frame["key"].to_numpy()[order]
    units_frame = units_frame.sort_values("position", kind="stable")
    doc = np.fromiter((position_of[d] for d in units_frame["doc_id"].tolist()), dtype=np.int32, count=len(units_frame))
    uid = order[np.searchsorted(sorted_keys, units_frame["key"].to_numpy())].astype(np.int32)
    per_doc = np.bincount(doc, minlength=len(ids)) if len(doc) else np.zeros(len(ids), dtype=np.int64)
    units = ClauseUnits(
        doc=doc, start=units_frame["start"].to_numpy().astype(np.uint32), end=units_frame["end"].to_numpy().astype(np.uint32),
        uid=uid, sentence_end=units_frame["sentence_end"].to_numpy().astype(bool), first=np.concatenate(([0], np.cumsum(per_doc))),
    )
    long_ids = index.matchable(store)
    signatures = distinct_frame.loc[long_ids, [f"h{i}" for i in range(index.num_perm)]].to_numpy(dtype=np.uint16)
    long_positions = distinct_frame["position"].to_numpy()[long_ids]
    a = np.searchsorted(long_positions, pair_frame["a"].to_numpy())
    b = np.searchsorted(long_positions, pair_frame["b"].to_numpy())
    n_long = max(len(long_ids), 1)
    candidates = code_pairs(distinct(pair_codes(a, b, n_long)), n_long)
    features = Features(vocabulary, counts, store, units, signatures=signatures if len(long_ids) >= 2 else None,
                        candidates=candidates if len(long_ids) >= 2 else None)
    return Comparison.from_features(Corpus(documents), features, **options)
