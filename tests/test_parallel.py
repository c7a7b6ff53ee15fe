"""Streaming folders and worker processes: same results, in the same order, memory kept flat."""
from __future__ import annotations

import warnings

import pytest

import summarytext as st
from summarytext.parallel import chunked, effective_jobs, map_documents


def _sample_docs(copies: int = 3) -> list[st.Document]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
    return [st.Document.from_text(d.text, doc_id=f"{d.doc_id}@{i}") for i in range(copies) for d in corpus]


def test_metrics_identical_across_processes_and_chunkings():
    docs = _sample_docs()
    one = st.extract_metrics(docs)
    assert not one.empty
    for n_jobs, chunk in ((2, 1), (2, 5), (2, 64)):
        other = st.extract_metrics(docs, n_jobs=n_jobs, chunk_size=chunk)
        assert other.equals(one), (n_jobs, chunk)


def test_map_documents_keeps_order():
    docs = [st.Document.from_text(f"立案{i}件。", doc_id=str(i)) for i in range(1, 40)]
    from summarytext.metrics import metrics_rows

    values = [rows[0]["value"] for rows in map_documents(metrics_rows, docs, n_jobs=2, chunk_size=3)]
    assert values == [float(i) for i in range(1, 40)]


def test_effective_jobs_and_chunked():
    import os

    assert effective_jobs(-1) == (os.cpu_count() or 1)
    assert effective_jobs(3) == 3
    assert [len(c) for c in chunked(range(7), 3)] == [3, 3, 1]
    with pytest.raises(ValueError):
        list(chunked([1], 0))


def test_lazy_corpus_streams_and_records_skipped(tmp_files):
    folder = tmp_files({"a.txt": "青川市政协2023年工作报告\n立案268件。", "b/c.txt": "视察12次。", "bad.txt": b""})
    lazy = st.Corpus.from_dir(folder, lazy=True, errors="ignore")
    assert isinstance(lazy, st.corpus.LazyCorpus)
    first = [d.doc_id for d in lazy]
    assert first == ["a", "c"]
    assert [s.reason for s in lazy.skipped] == ["file is empty"]
    assert [d.doc_id for d in lazy] == first  # can be iterated again
    frame = st.extract_metrics(lazy)
    assert frame["doc_id"].tolist() == ["a", "c"]
    assert lazy.load().ids == first
    assert lazy.to_frame()["year"].tolist()[0] == 2023
    assert len(lazy.files()) == 3


def test_themes_identical_across_processes():
    docs = _sample_docs(2)
    one = st.tag_themes(docs)
    assert not one.empty
    two = st.tag_themes(docs, n_jobs=2, chunk_size=3)
    assert two.equals(one)
