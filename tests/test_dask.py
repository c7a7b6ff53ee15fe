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
