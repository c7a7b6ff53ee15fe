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


def test_sending_documents_to_workers_leaves_their_text_as_it_was():
    # pickling a str with the C pickler stores a UTF-8 copy inside it for as long as it lives:
    # a corpus sent to workers would keep 1.5 times its text's memory again
    import sys

    docs = [st.Document.from_text("县政协围绕营商环境开展民主监督，立案" + str(i) + "件。" * 20, doc_id=str(i)) for i in range(12)]
    texts = [d.text for d in docs]
    sizes = [sys.getsizeof(t) for t in texts]
    from summarytext.metrics import metrics_rows

    rows = list(map_documents(metrics_rows, docs, n_jobs=2, chunk_size=5))
    assert len(rows) == len(docs)
    assert [sys.getsizeof(d.text) for d in docs] == sizes
    from summarytext.compare.features import fit_features
    from summarytext.compare.terms import TermConfig

    features = fit_features(docs, terms=TermConfig(), clauses=True, n_jobs=2)
    assert features.counts.shape[0] == len(docs)
    assert [sys.getsizeof(t) for t in texts] == sizes


def test_a_pipeline_over_documents_leaves_their_text_as_it_was(tmp_path):
    # the pipeline sends documents in batches that can be run again (map_batches): they travel
    # packed as well
    import sys

    docs = [st.Document.from_text("县政协围绕营商环境开展民主监督，立案" + str(i) + "件。" * 20, doc_id=str(i)) for i in range(12)]
    sizes = [sys.getsizeof(d.text) for d in docs]
    from summarytext.pipeline import run_pipeline

    run_pipeline(st.Corpus(docs), tmp_path / "out", n_jobs=2, chunk_size=5, format="csv")
    assert [sys.getsizeof(d.text) for d in docs] == sizes


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


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_pipeline_writes_what_the_functions_return(tmp_path, fmt):
    import pandas as pd

    from summarytext.pipeline import run_pipeline

    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    docs = _sample_docs(2)
    result = run_pipeline(iter(docs), tmp_path / "out", format=fmt, n_jobs=2, chunk_size=3)
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    metrics = read(result.paths["metrics"])
    themes = read(result.paths["themes"])
    documents = read(result.paths["documents"])
    expected_m = st.extract_metrics(docs)
    expected_t = st.tag_themes(docs)
    assert result.documents == len(docs) == len(documents)
    assert result.rows["metrics"] == len(expected_m) == len(metrics)
    assert metrics["text"].tolist() == expected_m["text"].tolist()
    assert metrics["value"].fillna(-1).tolist() == expected_m["value"].fillna(-1).tolist()
    assert themes["theme"].tolist() == expected_t["theme"].tolist()
    assert documents["doc_id"].tolist() == [d.doc_id for d in docs]


def test_pipeline_on_a_folder_records_skipped_and_handles_empty_input(tmp_files, tmp_path):
    import pandas as pd

    from summarytext.pipeline import run_pipeline

    folder = tmp_files({"a.txt": "云岭县政协2024年工作总结\n立案120件。", "bad.txt": b""})
    result = run_pipeline(folder, tmp_path / "out1", format="csv")
    assert result.documents == 1 and result.skipped == 1
    assert pd.read_csv(result.paths["skipped"])["reason"].tolist() == ["file is empty"]
    empty = run_pipeline([], tmp_path / "out2", format="csv")
    assert empty.documents == 0
    assert "value" in pd.read_csv(empty.paths["metrics"]).columns
    with pytest.raises(ValueError, match="stage"):
        run_pipeline([], tmp_path / "out3", stages=["nope"])


def test_interrupted_pipeline_keeps_previous_results(tmp_path, monkeypatch):
    import pandas as pd

    from summarytext import pipeline

    docs = _sample_docs(1)
    out = tmp_path / "out"
    first = pipeline.run_pipeline(docs, out, format="csv", chunk_size=2)
    before = {p: p.read_bytes() for p in first.paths.values()}
    calls = {"n": 0}
    real = pipeline._process

    def failing(doc, **options):
        calls["n"] += 1
        if calls["n"] > 3:
            raise KeyboardInterrupt
        return real(doc, **options)

    monkeypatch.setattr(pipeline, "_process", failing)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_pipeline(docs, out, format="csv", chunk_size=2, force=True)
    assert {p: p.read_bytes() for p in first.paths.values()} == before
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in first.paths.values()] + ["_SUCCESS"])
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no staging folder, lock or partial file left
    assert len(pd.read_csv(first.paths["metrics"])) == first.rows["metrics"]


def test_pipeline_rejects_a_missing_location(tmp_path):
    from summarytext.pipeline import run_pipeline

    with pytest.raises(st.ReadError, match="no such file or folder"):
        run_pipeline(str(tmp_path / "typo_reports/"), tmp_path / "out")
    single = tmp_path / "one.txt"
    single.write_text("云岭县政协2024年工作总结\n立案120件。", encoding="utf-8")
    assert run_pipeline(str(single), tmp_path / "out2", format="csv").documents == 1


def _refuse_second(doc: st.Document) -> int:
    from summarytext.errors import ReadError

    if doc.doc_id == "b":
        raise ReadError(f"{doc.doc_id}.txt", "cannot be analysed here")
    return len(doc.text)


def test_an_error_raised_in_a_worker_reaches_the_caller_as_it_is():
    from summarytext.errors import ReadError

    docs = [st.Document.from_text("立案26件。", doc_id=d) for d in "abc"]
    with pytest.raises(ReadError, match=r"^b\.txt: cannot be analysed here$") as caught:
        list(map_documents(_refuse_second, docs, n_jobs=2, chunk_size=1))
    assert (caught.value.path, caught.value.reason) == ("b.txt", "cannot be analysed here")


def _total(batch: list[int]) -> int:
    return sum(batch)


def test_a_pool_that_breaks_between_results_costs_no_batch(monkeypatch):
    # a worker can die after one result is read and before the next batch is sent: sending
    # then fails at once, and that batch is run again with the others, not lost
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from summarytext import parallel

    class Breaking(ProcessPoolExecutor):
        sent = 0

        def submit(self, fn, /, *args, **kwargs):
            Breaking.sent += 1
            if Breaking.sent == 3:
                raise BrokenProcessPool("a child process terminated abruptly")
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Breaking)
    batches = [[1, 2], [3, 4], [5, 6], [7, 8], [9]]
    out = list(parallel.map_batches(_total, batches, n_jobs=2, lost=lambda item: None))
    # results in order: whole batches before the break, then one per item run again
    assert out[:2] == [3, 7] and sum(out) == 45 and None not in out
