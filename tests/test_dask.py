"""The pipeline on a Dask cluster gives the same rows as in process."""
from __future__ import annotations

import warnings

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import pandas as pd  # noqa: E402

import summarytext as st  # noqa: E402
import summarytext.dask as sd  # noqa: E402
from summarytext.samples import sample_dir  # noqa: E402


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: Dask stores text as pyarrow strings with <NA>, pandas as objects with None."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return st.Corpus.from_dir(sample_dir(), exclude=("README*",))


def test_metrics_from_bag_of_files_match_in_process(client, corpus):
    bag = sd.read_bag(sample_dir(), exclude=("README*",), npartitions=4)
    got = sd.metrics_frame(bag).compute()
    expected = st.extract_metrics(corpus)
    assert len(got) == len(expected) > 100
    pd.testing.assert_frame_equal(_plain(got), _plain(expected))


def test_metrics_from_dataframe_of_texts_match_in_process(client, corpus):
    import dask.dataframe as dd

    texts = pd.DataFrame({"doc_id": corpus.ids, "text": [d.text for d in corpus]})
    got = sd.metrics_frame(dd.from_pandas(texts, npartitions=3)).compute()
    expected = st.extract_metrics(corpus)
    pd.testing.assert_frame_equal(_plain(got), _plain(expected))


def test_skipped_files_are_listed(tmp_path):
    (tmp_path / "ok.txt").write_text("立案120件。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    skipped = sd.skipped_files(tmp_path)
    assert skipped.to_dict("records") == [{"path": str(tmp_path / "empty.txt"), "reason": "file is empty"}]
    bag = sd.read_bag(tmp_path)
    assert [d.doc_id for d in bag.compute(scheduler="sync")] == ["ok"]


def test_themes_from_bag_match_in_process(client, corpus):
    bag = sd.read_bag(sample_dir(), exclude=("README*",), npartitions=3)
    got = sd.themes_frame(bag).compute()
    expected = st.tag_themes(corpus)
    assert len(got) == len(expected) > 50
    pd.testing.assert_frame_equal(_plain(got), _plain(expected))


def _with_copies(corpus: st.Corpus) -> st.Corpus:
    """The sample corpus and edited copies of some of its documents (places swapped, numbers
    masked, a clause dropped), so that passages are shared, near-duplicate clauses linked and
    templates found in many documents."""
    docs = list(corpus)
    extra = []
    for k, doc in enumerate(docs[:5]):
        text = doc.text.replace("青川", "松岭").replace("云岭", "梅溪")
        text = "".join("x" if ch.isdigit() and (i + k) % 3 == 0 else ch for i, ch in enumerate(text))
        cut = text.find("，", len(text) // 2)
        if cut > 0:
            text = text[:cut] + text[text.find("，", cut + 1):] if text.find("，", cut + 1) > 0 else text
        extra.append(st.Document.from_text(text, doc_id=f"copy-{k}"))
    return st.Corpus(docs + extra)


def test_comparison_on_the_cluster_equals_in_process(client, corpus):
    import dask.dataframe as dd

    both = _with_copies(corpus)
    texts = pd.DataFrame({"doc_id": both.ids, "text": [d.text for d in both]})
    options = {"passage_options": {"max_run": 3}}
    local = st.compare(both, **options)
    remote = sd.compare(dd.from_pandas(texts, npartitions=4), **options)
    assert remote.ids == local.ids
    assert list(remote.terms_) == list(local.terms_) and (remote.counts_ != local.counts_).nnz == 0
    li, ri = local.passage_index_, remote.passage_index_
    assert list(ri.texts_) == list(li.texts_)
    assert (ri.units_.uid == li.units_.uid).all() and (ri.units_.start == li.units_.start).all()
    assert ri.n_similar_pairs_ == li.n_similar_pairs_ > 0
    assert (ri.unit_group_ == li.unit_group_).all()
    pd.testing.assert_frame_equal(remote.top_k(3), local.top_k(3))
    pd.testing.assert_frame_equal(remote.top_k(3, method="approximate"), local.top_k(3, method="approximate"))
    pd.testing.assert_frame_equal(remote.distinctive_terms(5), local.distinctive_terms(5))
    shared = local.shared_passages()
    assert len(shared) > 5 and shared["doc_b"].str.startswith("copy-").any()
    pd.testing.assert_frame_equal(remote.shared_passages(), shared)
    plate = local.boilerplate(min_documents=3)
    assert len(plate) > 0
    pd.testing.assert_frame_equal(remote.boilerplate(min_documents=3), plate)


def test_comparison_of_a_bag_of_files(client, corpus):
    bag = sd.read_bag(sample_dir(), exclude=("README*",), npartitions=3)
    remote = sd.compare(bag)
    local = st.compare(corpus)
    assert remote.ids == local.ids
    pd.testing.assert_frame_equal(remote.top_k(2), local.top_k(2))
    pd.testing.assert_frame_equal(remote.shared_passages(), local.shared_passages())


def test_any_analyzer_on_the_cluster(client, corpus):
    bag = sd.read_bag(sample_dir(), exclude=("README*",), npartitions=3)
    got = sd.analyzer_frame(bag, "brands").compute()
    from summarytext.analyzers import analyze

    expected = analyze(corpus, ["brands"])["brands"]
    assert len(got) == len(expected) > 5
    pd.testing.assert_frame_equal(_plain(got), _plain(expected))
