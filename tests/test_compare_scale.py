"""Comparison at scale: reuse made of stock parts, approximate neighbours, compact state, the registry."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from summarytext import Corpus
from summarytext.compare import Comparison, compare
from summarytext.compare.neighbours import ApproximateOptions, approximate_neighbours, exact_neighbours, pair_similarities
from summarytext.passages import ClauseStoreBuilder, PassageIndex, clause_features

from .templated import STOCK_CLAUSES, templated_corpus, templated_texts


def _found(shared: pd.DataFrame, planted) -> float:
    """Share of planted sentences covered (at least 90% on both sides) by a passage of their pair."""
    def overlap(a, b):
        return max(0, min(a[1], b[1]) - max(a[0], b[0]))

    hits = 0
    for p in planted:
        rows = shared[((shared["doc_a"] == p.source) & (shared["doc_b"] == p.target)) | ((shared["doc_a"] == p.target) & (shared["doc_b"] == p.source))]
        for r in rows.itertuples():
            src, dst = ((r.start_a, r.end_a), (r.start_b, r.end_b)) if r.doc_a == p.source else ((r.start_b, r.end_b), (r.start_a, r.end_a))
            need = 0.9 * len(p.text)
            if overlap(src, p.source_span) >= need and overlap(dst, p.target_span) >= need:
                hits += 1
                break
    return hits / len(planted)


@pytest.fixture(scope="module")
def templated():
    ids, texts, planted = templated_corpus(120, planted=12)
    return Corpus.from_texts(texts, ids=ids), planted


def test_planted_sentences_of_stock_clauses_are_found(templated):
    corpus, planted = templated
    c = compare(corpus)
    index = c.passage_index_
    # every clause is common (the stock clauses, and the title, the same up to place and year):
    # none is matched on its own
    assert (index.group_docs_ > 20).all() and len(index.group_docs_) == len(STOCK_CLAUSES) + 1
    shared = c.shared_passages()
    assert _found(shared, planted) >= 0.9
    for r in shared.itertuples():
        assert corpus[r.doc_a].text[r.start_a : r.end_a] == r.text_a and corpus[r.doc_b].text[r.start_b : r.end_b] == r.text_b
    # passages built of stock parts say so: their most common clause is used everywhere
    assert (shared["shared_by"] > 20).all()
    # matched one clause at a time, as before runs of clauses were indexed, they are missed
    single = compare(corpus, passage_options={"max_run": 1}).shared_passages()
    assert _found(single, planted) < 0.2


def test_runs_of_clauses_keep_the_cost_bounded(templated):
    corpus, _ = templated
    index = PassageIndex().fit(corpus)
    positions, lengths, keys = index.matched_units(max_documents=20)
    clauses = len(index.units_.uid)
    assert len(positions) <= index.max_run * clauses
    assert set(np.unique(lengths)) <= {2, 3}  # no clause alone (all common), runs of two or three
    # a run never crosses the end of a sentence or a document
    ends = index.units_.sentence_end
    for p, n in zip(positions.tolist(), lengths.tolist()):
        assert not ends[p : p + n - 1].any()
        assert index.units_.doc[p] == index.units_.doc[p + n - 1]


def test_documents_per_key_is_the_same_a_share_at_a_time():
    from summarytext.passages import _documents_per_key

    rng = np.random.default_rng(4)
    keys = rng.integers(0, 50, size=2000).astype(np.int64)
    docs = np.sort(rng.integers(0, 300, size=2000)).astype(np.int32)
    one_id, one_count = _documents_per_key(keys, docs)
    many_id, many_count = _documents_per_key(keys, docs, per_pass=70)
    assert (one_count == many_count).all()
    # the same grouping, whatever the ids
    assert len(set(zip(one_id.tolist(), many_id.tolist()))) == len(set(one_id.tolist())) == len(set(keys.tolist()))
    expected = {k: len(set(docs[keys == k].tolist())) for k in set(keys.tolist())}
    assert all(one_count[i] == expected[k] for i, k in enumerate(keys.tolist()))
    # documents looked up by position (``docs[at]``), a share at a time: the same result
    at = np.sort(rng.choice(5000, size=2000, replace=False))
    spread = np.full(5000, -1, dtype=np.int32)  # a document read from anywhere else would count
    spread[at] = docs
    looked_id, looked_count = _documents_per_key(keys, spread, at=at, per_pass=70)
    assert (looked_count == one_count).all() and (looked_id == many_id).all()


def test_sentence_ends_of_clauses():
    f = clause_features("一是开展调研12次，形成报告。\n二是视察，“好！”他说\n")
    assert f.texts == ["一是开展调研#次", "形成报告", "二是视察", "好", "他说"]
    assert f.sentence_end.tolist() == [False, True, False, True, True]
    assert f.start.dtype == np.uint32 and f.key.dtype == np.uint64


def test_clause_store_is_the_same_whatever_the_batch():
    texts = templated_texts(30, sentences=8, seed=3) + ["开展调研，形成报告。开展调研。"]
    results = []
    for batch in (5, 1 << 20):
        b = ClauseStoreBuilder(batch=batch)
        for t in texts:
            b.add(clause_features(t))
        store, units = b.finish()
        results.append((list(store), units.uid.tolist(), units.first.tolist()))
    assert results[0] == results[1]
    store_texts, uids, first = results[0]
    assert len(store_texts) == len(set(store_texts))  # each distinct text once
    # ids in order of first occurrence
    seen = []
    for u in uids:
        if u not in seen:
            seen.append(u)
    assert seen == list(range(len(store_texts)))


def test_state_is_compact(templated):
    corpus, _ = templated
    c = compare(corpus)
    assert c.counts_.indices.dtype == np.int32 and c.counts_.data.dtype == np.float32
    assert c.tfidf_.data.dtype == np.float32
    assert np.shares_memory(c.tfidf_.indices, c.counts_.indices)  # TF-IDF shares the count matrix's structure
    units = c.passage_index_.units_
    assert units.start.dtype == np.uint32 and units.uid.dtype == np.int32 and units.doc.dtype == np.int32


def _recall(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(got, want)]))


def test_approximate_neighbours_find_the_exact_ones():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = templated_texts(400, sentences=10, seed=5)
    X = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    want, want_sim = exact_neighbours(X, 10)
    got, got_sim = approximate_neighbours(X, 10, options=ApproximateOptions(dims=48, candidates=40))
    assert got.shape == want.shape == (400, 10)
    assert _recall(got, want) >= 0.95
    # the similarities are exact: the same as a direct product, best first
    direct = np.asarray([[X[i].multiply(X[j]).sum() for j in row] for i, row in enumerate(got)])
    assert np.allclose(got_sim, direct, atol=1e-5)
    assert (np.diff(got_sim, axis=1) <= 1e-7).all()
    assert not (got == np.arange(400)[:, None]).any()
    # a poor projection still ranks its candidates exactly, so what it finds is right, if less
    low, _ = approximate_neighbours(X, 10, options=ApproximateOptions(dims=4, candidates=10))
    assert _recall(low, want) < _recall(got, want)
    # the same graph every time, whatever the threads
    again, _ = approximate_neighbours(X, 10, options=ApproximateOptions(dims=48, candidates=40), n_jobs=2)
    assert (again == got).all()


def test_pair_similarities_are_dot_products():
    rng = np.random.default_rng(2)
    from scipy import sparse

    dense = sparse.random(30, 50, density=0.2, dtype=np.float32, random_state=3).toarray()
    dense[[4, 29]] = 0  # empty rows, the last one included
    X = sparse.csr_matrix(dense)
    rows = rng.integers(0, 30, size=(30, 6))
    got = pair_similarities(X, rows, block_bytes=4 * 50 * 7)  # blocks of 7 rows
    assert np.allclose(got, np.einsum("ij,ikj->ik", dense, dense[rows]), atol=1e-6)


def test_comparison_top_k_methods_agree_on_a_clear_corpus():
    base = ["县政协围绕乡村振兴开展专题调研，形成调研报告。", "市政协开展民主监督视察，推动问题整改。", "区政协收集社情民意信息，报送采用。"]
    texts = [base[i % 3] + f"第{i}篇。" for i in range(24)]
    c = compare(Corpus.from_texts(texts))
    exact = c.top_k(3, method="exact")
    approx = c.top_k(3, method="approximate")
    assert list(approx.columns) == list(exact.columns)
    same = lambda f: {(a, b) for a, b in zip(f["doc_id"], f["other"])}  # noqa: E731
    assert len(same(exact) & same(approx)) / len(exact) >= 0.95
    with pytest.raises(ValueError):
        c.top_k(3, method="fast")
    with pytest.raises(ValueError):
        compare(Corpus.from_texts(texts), neighbours="fast")


def test_measures_dispatch_and_cache():
    from summarytext.compare.registry import measures

    c = compare(Corpus.from_texts(["书香政协建设，委员读书活动。", "提案办理协商，提案办复率。", "读书活动，书香政协。"]))
    names = set(measures())
    assert {"similarity", "top_k", "most_similar", "similar_pairs", "distinctive_terms", "shared_passages", "boilerplate",
            "boilerplate_spans", "without_boilerplate", "metrics_table", "themes_table"} <= names
    for name in ("top_k", "distinctive_terms", "boilerplate"):  # each measure is a method that dispatches to it
        assert getattr(c, name)().equals(c.measure(name))
    first = c.top_k(2)
    first.loc[0, "other"] = "changed"  # a copy is handed out: the cache is not touched
    assert c.top_k(2)["other"].iloc[0] != "changed"
    assert c.top_k(2).equals(c.measure("top_k", 2)) and c.top_k(k=2).equals(c.top_k(2))
    with pytest.raises(KeyError, match="no measure"):
        c.measure("nothing")
    import inspect

    assert list(inspect.signature(Comparison.shared_passages).parameters)[:2] == ["self", "min_chars"]
    assert "boilerplate" in (Comparison.boilerplate.__doc__ or "")
