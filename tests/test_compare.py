"""Document comparison: similarity, distinctive terms (log-odds), shared passages, boilerplate, tables."""
from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd
import pytest

import summarytext as st
from summarytext import Corpus, Document, Segmenter
from summarytext.compare import Comparison, compare, top_k_similar
from summarytext.logodds import dirichlet_prior, distinctive, log_odds
from summarytext.passages import (
    PASSAGE_COLUMNS,
    PassageIndex,
    clause_spans,
    lsh_candidates,
    minhash_signatures,
    normalize_for_matching,
    passage_similarity,
    simplified_view,
)

from .conftest import shared_path

SEED = "000_7da50cce248715ad.txt"


@pytest.fixture(scope="module")
def sample() -> Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return st.load_sample()


@pytest.fixture(scope="module")
def sample_cmp(sample) -> Comparison:
    return compare(sample)


def _corpus(items: list[tuple[str, str, dict]]) -> Corpus:
    return Corpus(Document.from_text(text, doc_id=doc_id, meta=meta) for doc_id, text, meta in items)


# --------------------------------------------------------------------------------------------
# similarity


def test_similarity_is_symmetric_with_ones_on_the_diagonal(sample_cmp, sample):
    sim = sample_cmp.similarity
    assert list(sim.index) == sample.ids and list(sim.columns) == sample.ids
    values = sim.to_numpy()
    assert np.allclose(values, values.T)
    assert np.allclose(np.diag(values), 1.0)
    off = values[~np.eye(len(values), dtype=bool)]
    assert (off >= 0).all() and (off < 1).all()
    # the documents of one genre are alike, but not copies
    assert off.max() < 0.9 and off.mean() > 0.02


def test_similarity_equals_a_plain_scikit_learn_tfidf(sample_cmp, sample):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from summarytext.compare import document_terms

    config = sample_cmp.term_config
    vec = TfidfVectorizer(analyzer=lambda text: document_terms(text, config), sublinear_tf=True)
    X = vec.fit_transform([d.text for d in sample])
    brute = (X @ X.T).toarray()
    np.fill_diagonal(brute, 1.0)
    assert np.allclose(sample_cmp.similarity.to_numpy(), brute, atol=1e-5)
    assert sorted(vec.vocabulary_) == list(sample_cmp.terms_)
    # counts are the tokens of the library's segmenter, without stopwords, numbers or single characters
    counts = sample_cmp.counts_
    terms = sample_cmp.terms_
    row = counts.getrow(sample.ids.index("lanjiang-province-2022-proposal-report"))
    got = {terms[j]: int(v) for j, v in zip(row.indices, row.data)}
    assert got["提案"] >= 10 and "的" not in got and "2022" not in got
    assert all(len(t) >= 2 for t in got)


def test_most_similar_orders_by_similarity():
    base = "县政协围绕乡村振兴开展专题调研，组织委员深入乡镇走访农户，形成调研报告，提出意见建议二十条。"
    c = compare(
        Corpus.from_texts(
            [
                base,
                base.replace("二十条", "三十条").replace("走访农户", "走访农户和企业"),  # a light edit
                "县政协围绕乡村振兴召开专题协商会，委员建言献策。市民参观书画展览。",  # shares a topic
                "图书馆举办书法展览，市民踊跃参观书画作品，场馆秩序井然。",  # unrelated
            ],
            ids=["a", "a-edit", "topic", "other"],
        )
    )
    top = c.most_similar("a", k=3)
    assert list(top.columns) == ["doc_id", "similarity", "rank"]
    assert top["doc_id"].tolist() == ["a-edit", "topic", "other"]
    assert top["rank"].tolist() == [1, 2, 3]
    assert top["similarity"].is_monotonic_decreasing
    assert top["similarity"].iloc[0] > 0.6 and top["similarity"].iloc[-1] < 0.1
    assert "a" not in top["doc_id"].tolist()
    with pytest.raises(KeyError):
        c.most_similar("missing")


def test_top_k_agrees_with_the_full_matrix(sample_cmp, sample):
    X = sample_cmp.tfidf_
    sim = pd.DataFrame((X @ X.T).toarray(), index=sample.ids, columns=sample.ids)
    top = sample_cmp.top_k(3)
    assert list(top.columns) == ["doc_id", "rank", "other", "similarity"]
    assert len(top) == 3 * len(sample)
    for doc_id, rows in top.groupby("doc_id", sort=False):
        expected = sim.loc[doc_id].drop(doc_id).sort_values(ascending=False)
        assert rows["other"].tolist() == expected.index[:3].tolist()
        assert np.allclose(rows["similarity"].to_numpy(), expected.to_numpy()[:3], atol=1e-5)


def test_top_k_in_chunks_with_sparse_tail_matches_brute_force():
    rng = np.random.default_rng(5)
    from scipy import sparse

    dense = rng.random((37, 60)) * (rng.random((37, 60)) < 0.2)
    dense[:, :5] += rng.random((37, 5))  # a head of common terms
    X = sparse.csr_matrix(dense / np.linalg.norm(dense, axis=1, keepdims=True))
    full = (X @ X.T).toarray()
    np.fill_diagonal(full, -np.inf)
    # 8 head columns as dense, the rest sparse; three rows per chunk
    idx, sim = top_k_similar(X, 4, chunk_size=3, dense_bytes=4 * 37 * 8)
    for i in range(37):
        want = np.argsort(-full[i], kind="stable")[:4]
        assert np.allclose(sim[i], full[i, want], atol=1e-5)
        assert set(idx[i]) == set(want) or np.allclose(np.sort(full[i, idx[i]]), np.sort(full[i, want]), atol=1e-5)
        assert i not in idx[i]


# --------------------------------------------------------------------------------------------
# log-odds


def test_log_odds_formula_by_hand():
    # group A uses 读书 12 times in 34 tokens, group B once in 38; the prior is the pooled
    # counts (13, 17, 42 of 72) scaled to alpha0 = 50, so a(读书) = 13 * 50 / 72 = 9.02778.
    # delta = ln(21.02778 / 62.97222) - ln(10.02778 / 77.97222) = 0.95414
    # var   = 1 / 21.02778 + 1 / 10.02778 = 0.14728;  z = 0.95414 / sqrt(0.14728) = 2.48624
    m = np.array([[12, 2, 20], [1, 15, 22]])
    df = distinctive(m, ["读书", "提案", "委员"], ["A", "B"], n=3, alpha0=50)
    row = df[(df["group"] == "A") & (df["term"] == "读书")].iloc[0]
    assert row["delta"] == pytest.approx(0.95414, abs=1e-4)
    assert row["z"] == pytest.approx(2.48624, abs=1e-4)
    assert (row["count"], row["count_rest"]) == (12, 1)
    delta, var, z = log_odds(np.array([12.0]), np.array([1.0]), np.array([13 * 50 / 72]), n_i=34, n_j=38, alpha0=50)
    assert var[0] == pytest.approx(0.147279, abs=1e-5)
    # two groups: the comparison is antisymmetric
    b = df[(df["group"] == "B") & (df["term"] == "读书")].iloc[0]
    assert b["z"] == pytest.approx(-row["z"])
    assert dirichlet_prior([13, 17, 42], alpha0=72).tolist() == [13.0, 17.0, 42.0]


def test_log_odds_ranks_the_terms_that_must_come_out_on_top():
    # A talks about reading, B about proposals; both use 委员 and 协商 about equally.
    # 书香 is rarer than 读书 in A, so it must rank below it; 委员 is common to both.
    terms = ["读书", "书香", "提案", "办理", "委员", "协商"]
    m = np.array([[40, 8, 2, 1, 50, 30], [3, 0, 35, 20, 52, 31]])
    df = distinctive(m, terms, [2023, 2024], n=6, alpha0=200)
    a = df[df["group"] == 2023].set_index("term")
    b = df[df["group"] == 2024].set_index("term")
    assert a.index[:2].tolist() == ["读书", "书香"]
    assert b.index[:2].tolist() == ["提案", "办理"]
    assert abs(a.loc["委员", "z"]) < 1.0 and abs(a.loc["协商", "z"]) < 1.0
    assert a.loc["提案", "z"] < -3 and b.loc["读书", "z"] < -3
    assert (a["rank"].tolist() == list(range(1, len(a) + 1)))
    assert a["z"].is_monotonic_decreasing


def test_distinctive_terms_of_written_documents_name_their_places_and_brands():
    docs = [
        ("songling", "松岭县政协擦亮“松风夜谈”协商品牌。松风夜谈开到茶园地头，松岭县茶农踊跃参加。委员围绕茶产业开展调研，松岭县委采纳建议。", {}),
        ("meixi", "梅溪区政协打造“梅溪书声”读书品牌。梅溪书声每月举办读书分享，梅溪区委员读书热情高涨。委员围绕全民阅读开展调研，梅溪区委肯定成效。", {}),
        ("liuhe", "柳河市政协建设“柳河议事厅”。柳河议事厅围绕停车难开展协商，柳河市居民参与议事。委员围绕城市更新开展调研，柳河市政府吸纳建议。", {}),
    ]
    words = ["松岭县", "松风夜谈", "梅溪区", "梅溪书声", "柳河市", "柳河议事厅"]
    c = compare(_corpus(docs), segmenter=Segmenter(user_words=words))
    dt = c.distinctive_terms(n=4)
    assert list(dt.columns) == ["doc_id", "term", "rank", "z", "delta", "count", "count_rest", "rate", "rate_rest"]
    top = {d: set(dt.loc[dt["doc_id"] == d, "term"]) for d in ["songling", "meixi", "liuhe"]}
    assert {"松岭县", "松风夜谈"} <= top["songling"]
    assert {"梅溪区", "梅溪书声"} <= top["meixi"]
    assert {"柳河市", "柳河议事厅"} <= top["liuhe"]
    # shared vocabulary is never distinctive
    assert not any({"委员", "调研"} & t for t in top.values())


def test_distinctive_terms_by_year_compares_groups():
    docs = [
        ("r1", "委员读书活动持续开展，读书群每周分享读书心得，书香政协建设见效。委员参与协商。", {"year": 2023}),
        ("r2", "县政协组织读书沙龙，委员读书交流，书香政协品牌更响。委员参与协商。", {"year": 2023}),
        ("p1", "全年收到提案三百件，提案办理协商推动提案落实，提案办复率提高。委员参与协商。", {"year": 2024}),
        ("p2", "重点提案督办见效，提案办理质量提升，承办单位答复提案。委员参与协商。", {"year": 2024}),
        ("x", "文史资料编撰出版，文史馆收藏地方文献。委员参与协商。", {"year": 2022}),
    ]
    c = compare(_corpus(docs))
    both = c.distinctive_terms(n=3, by="year", groups=[2023, 2024])
    assert list(both.columns)[0] == "group"
    assert both["group"].drop_duplicates().tolist() == [2023, 2024]
    top23 = both.loc[both["group"] == 2023, "term"].tolist()
    top24 = both.loc[both["group"] == 2024, "term"].tolist()
    assert {"读书", "书香政协"} <= set(top23)
    assert top24[0] == "提案"
    assert "文史资料" not in set(top23 + top24)  # the 2022 document is left out
    # antisymmetry over the two groups: a term both use has opposite z
    full = c.distinctive_terms(n=100, by="year", groups=[2023, 2024]).set_index(["group", "term"])["z"]
    assert full[(2023, "协商")] == pytest.approx(-full[(2024, "协商")])
    # all three years, and the same grouping given as a mapping or a function
    three = c.distinctive_terms(n=2, by="year")
    assert three["group"].drop_duplicates().tolist() == [2022, 2023, 2024]
    mapping = {"r1": "read", "r2": "read", "p1": "prop", "p2": "prop"}
    by_map = c.distinctive_terms(n=3, by=mapping)
    by_fn = c.distinctive_terms(n=3, by=lambda d: mapping.get(d.doc_id))
    pd.testing.assert_frame_equal(by_map, by_fn)
    assert "读书" in by_map.loc[by_map["group"] == "read", "term"].tolist()
    with pytest.raises(ValueError):
        c.distinctive_terms(by="year", groups=[2023])


# --------------------------------------------------------------------------------------------
# passages: building blocks


def test_normalisation_makes_masked_and_unmasked_numbers_match():
    assert normalize_for_matching("立案120件，办复率99.8%。") == normalize_for_matching("立案xxx件,办复率x.x%")
    assert normalize_for_matching("***总书记") == normalize_for_matching("xx总书记")
    assert normalize_for_matching("立案120件") != normalize_for_matching("立案120条")
    assert passage_similarity("开展调研12次。", "开展调研xx次") == 1.0
    assert 0.8 < passage_similarity("为加快建设中国科技城", "为加快建设中国红城") < 1.0
    assert simplified_view("政協委員") == "政协委员" and len(simplified_view("政協委員")) == 4


def test_clause_spans_index_the_text():
    text = "  一是政治引领更加有力，党组理论学习。\n二是协商议政：全年召开专题协商会5场！“好！”他说"
    spans = clause_spans(text)
    pieces = [text[s:e] for s, e in spans]
    assert pieces[0] == "一是政治引领更加有力，"
    assert "二是协商议政：" in pieces and "全年召开专题协商会5场！" in pieces
    assert all(p == p.strip() and p for p in pieces)


def test_minhash_estimates_jaccard_and_lsh_finds_near_duplicates():
    a = "县政协围绕营商环境开展专项民主监督提出意见建议"
    b = a.replace("营商环境", "营商环境优化")
    c = "图书馆举办书法展览市民踊跃参观书画作品"
    sig = minhash_signatures([a, b, c], num_perm=128)
    grams = lambda s: {s[i : i + 2] for i in range(len(s) - 1)}  # noqa: E731
    true_ab = len(grams(a) & grams(b)) / len(grams(a) | grams(b))
    assert abs((sig[0] == sig[1]).mean() - true_ab) < 0.15
    assert (sig[0] == sig[2]).mean() < 0.1
    pairs = lsh_candidates(sig[:, :32])
    assert [0, 1] in pairs.tolist() and [0, 2] not in pairs.tolist()


def test_unfitted_index_says_so():
    with pytest.raises(RuntimeError):
        PassageIndex().shared_passages()


# --------------------------------------------------------------------------------------------
# passages: planted copies are found, and nothing else


def _plant(b_text: str, passages: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """Insert each passage as a paragraph of its own between B's paragraphs; their spans in the new text."""
    paras = b_text.split("\n")
    slots = sorted(rng.sample(range(1, len(paras)), len(passages)))
    out, spans, pos, k = [], [], 0, 0
    for i, para in enumerate(paras):
        if k < len(slots) and i == slots[k]:
            p = passages[k]
            spans.append((pos, pos + len(p)))
            out.append(p)
            pos += len(p) + 1
            k += 1
        out.append(para)
        pos += len(para) + 1
    return "\n".join(out), spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _check_planted(a_doc: Document, b_doc: Document, sources: list[str], edited: list[str], seed: int) -> None:
    base = compare(Corpus([a_doc, b_doc])).shared_passages()
    new_text, spans = _plant(b_doc.text, edited, random.Random(seed))
    planted_b = Document.from_text(new_text, doc_id=b_doc.doc_id)
    assert planted_b.text == new_text
    found = compare(Corpus([a_doc, planted_b])).shared_passages()
    assert list(found.columns) == PASSAGE_COLUMNS
    src_spans = [(a_doc.text.index(s), a_doc.text.index(s) + len(s)) for s in sources]
    explained = set()
    for k, (src, dst) in enumerate(zip(src_spans, spans)):
        hits = [
            i
            for i, r in found.iterrows()
            if _overlap((r.start_a, r.end_a), src) >= 0.9 * (src[1] - src[0]) and _overlap((r.start_b, r.end_b), dst) >= 0.9 * (dst[1] - dst[0])
        ]
        assert hits, f"planted passage {k} not found: {edited[k]}"
        explained.update(hits)
    # every other row is a passage the two documents genuinely shared before planting
    genuine = {(r.start_a, r.end_a, r.text_b) for r in base.itertuples()}
    for i, r in found.iterrows():
        if i in explained:
            continue
        assert (r.start_a, r.end_a, r.text_b) in genuine, f"unexpected passage: {r.text_a} / {r.text_b}"
    # spans index the documents' texts
    for r in found.itertuples():
        assert a_doc.text[r.start_a : r.end_a] == r.text_a
        assert planted_b.text[r.start_b : r.end_b] == r.text_b


def test_planted_passages_with_small_edits_are_all_found(sample):
    a = sample["qingchuan-city-2023-standing-committee-report"]
    b = sample["yunling-county-2024-annual-summary"]
    sources = [
        # a place name changed
        "在《人民政协报》《澜江日报》等媒体刊发稿件136篇，青川政协微信公众号全年推送信息1800余条，讲好了政协故事。",
        # numbers masked
        "围绕推动制造业提质扩量、建设区域消费中心城市等重大议题召开专题协商会4场，围绕部门重点工作召开对口协商会、界别协商会和提案办理协商会共11场",
        # a character deleted
        "城市更新与老旧小区改造专题调研历时三个多月，课题组形成的报告被市政府吸纳，转化为年度民生政策。",
        # copied as it is, two sentences
        "落实党组、机关党组、专委会分党组“三个一”工作机制，在各专门委员会建立功能型党支部，实现党的组织和党的工作在委员队伍中全覆盖。组织中共党员委员开展“亮身份、作表率”活动21次",
    ]
    edited = [
        sources[0].replace("青川", "云岭"),
        "".join("x" if ch.isdigit() else ch for ch in sources[1]),
        sources[2].replace("三个多月", "三个月"),
        sources[3],
    ]
    assert all(e != s for e, s in zip(edited[:3], sources[:3]))
    _check_planted(a, b, sources, edited, seed=3)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_random_planted_passages_are_all_found(sample, seed):
    rng = random.Random(seed)
    ids = [d.doc_id for d in sample if len(d.text) > 1500 and not d.doc_id.startswith("wulan")]
    a_id, b_id = rng.sample(ids, 2)
    a, b = sample[a_id], sample[b_id]
    base = compare(Corpus([a, b])).shared_passages()
    taken = [(r.start_a, r.end_a) for r in base.itertuples()]
    candidates = [
        s for s in a.sentences if len(s.text) >= 30 and "\n" not in s.text and a.text.count(s.text) == 1
        and not any(_overlap((s.start, s.end), t) for t in taken) and s.text not in b.text
    ]
    chosen = rng.sample(candidates, 4)
    chosen.sort(key=lambda s: s.start)
    sources, edited = [], []
    for k, s in enumerate(chosen):
        text = s.text
        sources.append(text)
        han = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
        if k % 3 == 0:  # a character deleted
            i = han[len(han) // 2]
            text = text[:i] + text[i + 1 :]
        elif k % 3 == 1:  # numbers masked, or two characters replaced (a place name)
            masked = "".join("x" if ch.isdigit() else ch for ch in text)
            if masked != text:
                text = masked
            else:
                i = han[len(han) // 3]
                text = text[:i] + "松岭" + text[i + 2 :]
        edited.append(text)
    _check_planted(a, b, sources, edited, seed=seed)


# --------------------------------------------------------------------------------------------
# boilerplate


def test_boilerplate_finds_a_template_sentence_in_several_documents():
    template = "坚持以人民为中心的发展思想，全面落实协商民主制度安排，推动政协工作高质量发展。"
    docs = [
        ("a", "甲县政协2023年工作总结\n" + template + "全年开展调研12次，形成报告5篇。\n读书活动覆盖全体委员。", {}),
        ("b", "乙县政协2023年工作总结\n乙县政协" + template.replace("高质量", "高水平") + "\n召开专题协商会3场，提出建议40条。", {}),
        ("c", "丙县政协2023年工作总结\n收集社情民意信息xxx条。\n" + template, {}),
        ("d", "丁县政协2024年工作总结\n" + template + "委员会客厅新建10个。", {}),
        ("e", "文史资料编撰出版，文史馆收藏地方文献。\n港口物流提速，岸线整合。", {}),
        ("f", "图书馆举办书法展览，市民踊跃参观书画作品。", {}),
    ]
    c = compare(_corpus(docs))
    plate = c.boilerplate(min_documents=3)
    assert list(plate.columns) == ["passage_id", "passage", "documents", "share", "occurrences", "variants", "doc_ids", "doc_id", "start", "end"]
    row = plate[plate["passage"].str.contains("坚持以人民为中心的发展思想")].iloc[0]
    assert row["documents"] == 4 and row["doc_ids"] == ["a", "b", "c", "d"]
    assert row["share"] == pytest.approx(4 / 6)
    assert c.corpus[row["doc_id"]].text[row["start"] : row["end"]] == row["passage"]
    assert (plate["documents"] >= 3).all()
    joined = "".join(plate["passage"])
    assert "文史" not in joined and "书法" not in joined and "读书" not in joined
    # the default threshold (at least 3 documents here) finds it too
    assert c.boilerplate()["passage"].str.contains("全面落实协商民主制度安排").any()
    # spans, and a corpus without them
    spans = c.boilerplate_spans(min_documents=3)
    for r in spans.itertuples():
        assert c.corpus[r.doc_id].text[r.start : r.end] == r.text
    assert set(spans["doc_id"]) == {"a", "b", "c", "d"}
    clean = c.without_boilerplate(min_documents=3)
    assert len(clean) == 6 and clean.ids == c.ids
    for doc in clean:
        assert "全面落实协商民主制度安排" not in doc.text
    assert "全年开展调研12次" in clean["a"].text and clean["e"].text == c.corpus["e"].text
    assert clean["a"].meta["boilerplate_removed"] > 30


# --------------------------------------------------------------------------------------------
# the seed compilation


@pytest.mark.shared
def test_seed_template_sentences_and_distinctive_terms():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = st.read_compilation(shared_path("seeds", SEED))
    docs = list(comp.documents)
    assert len(docs) == 2
    c = compare(docs)
    shared = c.shared_passages()
    texts = " | ".join(shared["text_a"])
    # the opening about the guiding thought, identical up to masks
    opening = shared[shared["text_a"].str.contains("新时代中国特色社会主义思想为指导")]
    assert len(opening) == 1 and opening["similarity"].iloc[0] == 1.0
    assert opening["text_b"].iloc[0].startswith("xx市政协及其常委会坚持以")
    # the closing formula, nearly the same (新篇章贡献力量 / 篇章贡献智慧力量)
    closing = shared[shared["text_a"].str.contains("谱写中国式现代化")]
    assert len(closing) == 1 and 0.85 < closing["similarity"].iloc[0] < 1.0
    assert len(shared) == 2, texts
    for r in shared.itertuples():
        assert c.corpus[r.doc_a].text[r.start_a : r.end_a] == r.text_a
        assert c.corpus[r.doc_b].text[r.start_b : r.end_b] == r.text_b
    # distinctive terms: each document's own brands and places
    dt = c.distinctive_terms(n=20)
    first, second = c.ids
    top1 = dt.loc[dt["doc_id"] == first, "term"].tolist()
    top2 = dt.loc[dt["doc_id"] == second, "term"].tolist()
    assert {"五心五聚", "有事来协商", "李白"} <= set(top1)
    assert {"党建品牌", "先锋", "中共党员委员"} <= set(top2)
    top2_30 = set(c.distinctive_terms(n=30).query("doc_id == @second")["term"])
    assert {"黄金水道", "自治区政协"} <= top2_30
    assert not set(top1) & set(top2)
    # rarer place and brand words: over-represented in their own document only
    full = c.distinctive_terms(n=1000)
    z = full.set_index(["doc_id", "term"])["z"]
    for doc_id, words in ((first, ["绵言细语", "科技城", "候车亭"]), (second, ["右江", "黄金水道"])):
        for w in words:
            assert z[(doc_id, w)] > 0
            other = second if doc_id == first else first
            assert (other, w) not in z.index


# --------------------------------------------------------------------------------------------
# tables and notebook display


def test_metrics_and_themes_tables_line_up(sample_cmp, sample):
    metrics = sample_cmp.metrics_table()
    themes = sample_cmp.themes_table()
    assert list(metrics.index) == sample.ids and metrics.index.name == "doc_id"
    assert list(themes.index) == sample.ids and themes.index.name == "doc_id"
    assert list(metrics.columns[:5]) == ["title", "year", "level", "place", "chars"]
    assert {"metrics", "masked", "proposals_registered", "handling_rate"} <= set(metrics.columns)
    assert metrics["metrics"].dtype == "int64" and (metrics["metrics"] > 0).all()
    lex = st.ThemeLexicon.default()
    assert list(themes.columns) == list(lex.ids)
    assert (themes.to_numpy() >= 0).all()
    # a proposal report leads on proposals, the reading feature on reading
    assert themes["提案工作"].idxmax() in ("lanjiang-province-2022-proposal-report", "meichuan-city-2023-proposal-report")
    panel = themes.index.str.startswith(("meichuan-", "yutang-"))
    assert themes.loc[~panel, "书香政协"].idxmax() == "fenglin-county-2023-consultation-reading-feature"
    # in the panel, only the reports of the years each committee took up reading
    reading = themes.loc[panel, "书香政协"]
    assert set(reading[reading > 0].index) == {"yutang-county-2022-work-summary", "yutang-county-2023-work-summary",
                                               "meichuan-city-2023-work-summary"}
    side = pd.concat([metrics, themes], axis=1)
    assert side.shape == (len(sample), metrics.shape[1] + themes.shape[1])
    counts = sample_cmp.themes_table(normalize="count")
    assert counts.dtypes.unique().tolist() == [np.dtype("int64")]


def test_repr_html_shows_the_summary(sample_cmp, sample):
    html = sample_cmp._repr_html_()
    assert f"of {len(sample)} documents" in html
    assert "Most similar pairs" in html and "Distinctive terms" in html
    assert "Shared passages" in html and "boilerplate" in html
    pair = sample_cmp.similar_pairs(1).iloc[0]
    assert pair["doc_a"] in html and pair["doc_b"] in html
    top_term = sample_cmp.distinctive_terms(1)["term"].iloc[0]
    assert top_term in html
    boilerplate = sample_cmp.boilerplate()
    assert boilerplate["passage"].iloc[0] in html  # the top template passage
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in set(boilerplate["passage"])
    assert "<script" not in html and "http" not in html
    assert repr(sample_cmp) == f"Comparison(documents={len(sample)})"


def test_compare_accepts_strings():
    c = compare(["书香政协建设，委员读书活动。", "提案办理协商，提案办复率。"])
    assert isinstance(c, Comparison) and c.ids == ["doc0", "doc1"]
    assert c.shared_passages().empty and c.boilerplate().empty
    assert c.similarity.shape == (2, 2)


def test_package_exports_compare():
    import summarytext.compare  # noqa: F401  (importing the submodule must not shadow the function)

    assert st.compare is compare and st.Comparison is Comparison


def test_generator_is_deterministic_and_streams():
    import itertools

    gen = pytest.importorskip("benchmarks.generate")
    stream = gen.generate_documents(10**9, chars=600, seed=4)  # never materialised
    first = list(itertools.islice(stream, 3))
    again = list(gen.generate_documents(1, chars=600, seed=4, start=2))
    assert first[2].text == again[0].text and first[2].doc_id == again[0].doc_id
    assert first[0].text != first[1].text
    assert all(550 <= len(d.text) <= 900 for d in first)
    assert all(not any(p in d.text for p in ("青川", "云岭", "澜江")) or d.meta["place"].startswith(("青川", "云岭")) for d in first)
    other = next(gen.generate_documents(1, chars=600, seed=5))
    assert other.text != first[0].text


def test_worker_processes_give_the_same_results(sample):
    one = compare(sample, n_jobs=1)
    two = compare(sample, n_jobs=2)
    assert (one.counts_ != two.counts_).nnz == 0 and list(one.terms_) == list(two.terms_)
    pd.testing.assert_frame_equal(one.shared_passages(), two.shared_passages())
    pd.testing.assert_frame_equal(one.boilerplate(), two.boilerplate())


@pytest.mark.parametrize("texts", [[], ["只有一篇：开展调研。"], ["", "空的"], ["。。。", "，，"]])
def test_degenerate_corpora_give_empty_tables(texts):
    c = compare(Corpus.from_texts(texts))
    n = len(texts)
    assert c.similarity.shape == (n, n)
    assert len(c.top_k(3)) == n * max(0, min(3, n - 1))
    assert c.distinctive_terms().empty and c.shared_passages().empty and c.boilerplate().empty
    assert list(c.shared_passages().columns) == PASSAGE_COLUMNS
    assert c.metrics_table().shape[0] == n and c.themes_table().shape[0] == n
    assert f"of {n} documents" in c._repr_html_()


def test_top_k_breaks_ties_by_corpus_order_like_most_similar():
    templates = [
        "甲县政协召开专题协商会，围绕乡村振兴建言献策。",
        "乙区政协开展民主监督视察，推动问题整改落实。",
        "丙市政协收集社情民意信息，报送省政协采用。",
    ]
    corpus = st.Corpus.from_texts([templates[i % 3] for i in range(30)])
    c = st.compare(corpus)
    top = c.top_k(4)
    for doc_id in c.ids:
        ours = top[top["doc_id"] == doc_id]["other"].tolist()
        assert ours == c.most_similar(doc_id, 4)["doc_id"].tolist()
    i = c.ids.index("doc7")
    same = [d for j, d in enumerate(c.ids) if j % 3 == i % 3 and d != "doc7"]
    assert top[top["doc_id"] == "doc7"]["other"].tolist() == same[:4]


def test_distinctive_terms_leave_out_units_and_function_word_fragments():
    import warnings

    texts = {
        "a": "县政协开展协商活动12场次，组织委员视察36场次。委员们深有感触地说，协商要与党委政府同频共振。" * 3,
        "b": "市政协收到提案120件，立案108件，办复率100%。提案办理协商推动解决一批民生难题。" * 3,
        "c": "区政协编报社情民意信息56期，被采用23条。信息员围绕热点问题深入调研。" * 3,
    }
    corpus = st.Corpus.from_texts(list(texts.values()), ids=list(texts))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        terms = st.compare(corpus).distinctive_terms(n=None)
    found = set(terms["term"])
    assert {"场次", "地说"}.isdisjoint(found)
    assert "同频共振" in found and "协商活动" in found  # whole phrases and content words stay


def test_distinctive_terms_warn_when_the_corpus_is_too_small():
    corpus = st.Corpus.from_texts(["县政协开展视察12次。", "市政协开展视察15次。"], ids=["a", "b"])
    with pytest.warns(UserWarning, match="no term of any of the 2 documents reaches z = 1.96"):
        st.compare(corpus).distinctive_terms(n=5)
