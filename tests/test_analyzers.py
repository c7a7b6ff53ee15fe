"""The per-document analyzer interface: every analyzer's table as the library's functions give it."""
from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import summarytext as st
from summarytext.analyzers import ANALYZERS, Analyzer, analyze, analyzer


@pytest.fixture(scope="module")
def sample() -> st.Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return st.load_sample()


@pytest.fixture(scope="module")
def tables(sample) -> dict[str, pd.DataFrame]:
    return analyze(sample, list(ANALYZERS))


@pytest.mark.parametrize("name", sorted(ANALYZERS))
def test_each_analyzer_declares_its_table(name, tables, sample):
    a = analyzer(name)
    assert isinstance(a, Analyzer) and a.name == name
    table = tables[name]
    assert list(table.columns) == a.columns == list(a.dtypes)
    assert {c: str(t) for c, t in table.dtypes.items()} == {c: str(pd.Series([], dtype=t).dtype) for c, t in a.dtypes.items()}
    empty = a.empty()
    assert empty.empty and list(empty.columns) == a.columns and (empty.dtypes == table.dtypes).all()
    assert len(table) > 0 and set(table["doc_id"]) <= set(sample.ids)
    # rows come document by document, in corpus order
    order = table["doc_id"].map({d: i for i, d in enumerate(sample.ids)})
    assert order.is_monotonic_increasing
    # an analyzer travels to worker processes as it is
    assert pickle.loads(pickle.dumps(a)) == a


def test_tables_are_those_of_the_library_functions(tables, sample):
    pd.testing.assert_frame_equal(tables["metrics"], st.extract_metrics(sample))
    pd.testing.assert_frame_equal(tables["themes"], st.tag_themes(sample))
    pd.testing.assert_frame_equal(tables["documents"], sample.to_frame())
    from summarytext.brands import rank_brands

    pd.testing.assert_frame_equal(rank_brands(tables["brands"], sample.documents), st.discover_brands(sample))
    c = st.compare(sample)
    terms = tables["terms"]
    column = {t: j for j, t in enumerate(c.terms_)}
    rows = terms["doc_id"].map({d: i for i, d in enumerate(sample.ids)}).to_numpy()
    dense = np.zeros(c.counts_.shape)
    dense[rows, terms["term"].map(column).to_numpy()] = terms["count"].to_numpy()
    assert (dense == c.counts_.toarray()).all()
    clauses = tables["clauses"]
    index = c.passage_index_
    assert len(clauses) == len(index.units_.uid)
    assert (clauses["start"].to_numpy() == index.units_.start).all()
    assert clauses["text"].tolist() == index.texts_.take(index.units_.uid)


def test_worker_processes_give_the_same_tables(sample, tables):
    two = sample.analyze("metrics", "themes", "clauses", n_jobs=2)
    for name, table in two.items():
        pd.testing.assert_frame_equal(table, tables[name])


def test_corpus_analyze_and_options():
    c = st.Corpus.from_texts(["委员们开展读书活动。他出身书香门第。\n全年立案12件。"], ids=["a"])
    sentences = c.analyze(analyzer("themes", level="sentence"))
    assert sentences["level"].unique().tolist() == ["sentence"] and sentences["unit"].tolist() == [0, 2]
    assert c.metrics()["text"].tolist() == ["12件"] == c.analyze("metrics")["text"].tolist()
    with pytest.raises(ValueError, match="unknown analyzer"):
        analyzer("sentiment")
    with pytest.raises(ValueError):
        analyzer("themes", level="chapter")
    with pytest.raises(TypeError):
        c.analyze()
    with pytest.raises(ValueError, match="each analyzer once"):
        c.analyze("metrics", "metrics")


@pytest.mark.parametrize("values", [np.array([np.nan]), [2.7]])
def test_a_whole_number_column_refuses_what_is_not_a_whole_number(values):
    from summarytext.tables import typed_frame

    with pytest.raises((ValueError, TypeError)):
        typed_frame({"n": values}, {"n": "int64"})


def _objects(values):
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):  # one by one: a buffer would otherwise become a row of bytes
        out[i] = value
    return out


@pytest.mark.parametrize("values", [
    ["提案", None, "社情民意信息"],  # text and missing values
    [1, "件"],  # a number among the text: pandas makes it text
    [float("nan"), "办复率"],  # NaN is a missing value
    [],
    ["\ud800"],  # a lone surrogate: not text that Arrow can hold
    [None, None],  # nothing but missing values
    [pd.NA, "提案"],
    [b"ab", "提案"],  # bytes and other buffers: pandas writes what they are, it does not decode them
    [bytearray(b"ab")],
    [memoryview(b"ab")],
    [np.str_("提案"), "件"],
])
def test_a_string_column_reads_as_pandas_reads_it(values):
    from summarytext.tables import typed_frame

    try:
        expected = pd.Series(values, dtype="string")
    except Exception as error:  # what pandas refuses is refused alike
        for given in (values, _objects(values)):
            with pytest.raises(type(error)):
                typed_frame({"s": given}, {"s": "string"})
        return
    for given in (values, _objects(values)):  # a list, and an object array as tag_themes joins them
        got = typed_frame({"s": given}, {"s": "string"})["s"]
        assert got.dtype == expected.dtype
        assert got.isna().tolist() == expected.isna().tolist()
        assert got.fillna("<missing>").tolist() == expected.fillna("<missing>").tolist()


def test_text_columns_are_built_by_arrow_where_pandas_keeps_text_in_arrow():
    from summarytext.tables import _arrow_strings

    kind = pd.StringDtype()
    if kind.storage != "pyarrow":
        pytest.skip("this pandas keeps text as Python objects: the Arrow path does not apply")
    assert _arrow_strings(["提案", None, "社情民意信息"], kind) is not None
    assert _arrow_strings(np.array(["提案", None], dtype=object), kind) is not None
    for other in ([1, "件"], [bytearray(b"ab")], [float("nan")], ["\ud800"]):
        assert _arrow_strings(other, kind) is None  # left to pandas
