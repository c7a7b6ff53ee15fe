"""Segmentation: domain terms and quantities stay whole, tokens join back, no global side effects."""
from __future__ import annotations

import threading

import pytest

import summarytext as st
from summarytext.segment import Segmenter, load_stopwords, segment, tokens

from .conftest import run_score, score_figures, shared_path

TEXT = (
    "全年收集社情民意信息1,205条，被全国政协采用12篇；召开专题协商会6次，开展小微协商xx场次，"
    "办复率99.84%，参与委员1.2万人次，增长x.x%。中共党员委员积极参与“有事来协商”和书香政协建设。"
)


@pytest.mark.parametrize(
    "term",
    ["社情民意信息", "有事来协商", "书香政协", "小微协商", "专题协商会", "中共党员委员"],
)
def test_domain_terms_stay_whole(term):
    assert term in segment(TEXT)


@pytest.mark.parametrize("quantity", ["1,205", "99.84%", "1.2万", "xx", "x.x%"])
def test_quantities_stay_whole(quantity):
    assert quantity in segment(TEXT)


def test_tokens_join_back_into_input():
    for text in [TEXT, "", "  \n ", "ABC abc 123", "政協(xié)委員", "…………", "xx市xx镇"]:
        assert "".join(segment(text)) == text


def test_tokens_for_analysis():
    toks = tokens(TEXT)
    assert "，" not in toks and "“" not in toks and " " not in toks
    assert "99.84%" in toks
    no_numbers = tokens(TEXT, numbers=False)
    assert "99.84%" not in no_numbers and "xx" not in no_numbers
    stop = tokens("坚持以人民为中心，开展协商议政活动", stopwords=True)
    assert "以" not in stop and "坚持" not in stop and "协商议政" in stop
    custom = tokens("开展协商议政活动", stopwords={"活动"})
    assert "活动" not in custom and "开展" in custom


def test_stopword_list_is_data_and_sane():
    words = load_stopwords()
    assert len(words) >= 300
    for content_word in ("提案", "协商", "调研", "委员", "社情民意信息"):
        assert content_word not in words


def test_user_words_and_user_dict(tmp_path):
    text = "擦亮云岭议事坊协商品牌，打造青川民情驿站"
    plain = Segmenter()
    assert "云岭议事坊" not in plain.cut(text) and "青川民情驿站" not in plain.cut(text)
    custom = Segmenter(user_words=["云岭议事坊"])
    assert "云岭议事坊" in custom.cut(text)
    lex = tmp_path / "my.txt"
    lex.write_text("# my terms\n青川民情驿站 300000 nz\n云岭议事坊\n", encoding="utf-8")
    from_file = Segmenter(user_dict=lex)
    cut = from_file.cut(text)
    assert "青川民情驿站" in cut and "云岭议事坊" in cut
    assert "".join(cut) == text
    # the shared default segmenter is untouched by user segmenters
    assert "云岭议事坊" not in segment(text)


def test_bad_user_dict_is_rejected_with_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("好词 100 n\n坏 词 行 太多\n", encoding="utf-8")
    with pytest.raises(st.LexiconError, match=r"bad.txt:2"):
        Segmenter(user_dict=bad)


def test_jieba_global_tokenizer_untouched():
    import jieba

    before = dict(jieba.dt.FREQ) if jieba.dt.initialized else None
    segment("社情民意信息和有事来协商")
    Segmenter(user_words=["某某新词"]).cut("某某新词")
    if before is not None:
        assert jieba.dt.FREQ == before
    else:
        assert not jieba.dt.initialized
    assert "某某新词" not in jieba.dt.FREQ


def test_threads_give_same_result():
    seg = Segmenter(user_words=["绵言细语"])
    expected = Segmenter(user_words=["绵言细语"]).cut(TEXT)
    results = []

    def work():
        results.append(seg.cut(TEXT))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 6


def test_segment_rejects_non_text():
    with pytest.raises(TypeError):
        segment(b"bytes")  # type: ignore[arg-type]


@pytest.mark.shared
def test_seed_terms_kept_whole():
    shared_path("seeds")
    out = run_score("terms", "--terms", "../shared/gold/seed-terms.txt", "--docs", "../shared/seeds")
    assert score_figures(out)["whole"] == 1.0, out


def test_rjieba_backend_gives_identical_tokens():
    pytest.importorskip("rjieba")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = [d.text for d in st.load_sample()]
    from .conftest import SHARED

    seed = SHARED / "seeds" / "000_7da50cce248715ad.txt"
    if seed.exists():
        texts.append(seed.read_text(encoding="utf-8"))
    jieba_seg = Segmenter(hmm=False)
    rust_seg = Segmenter(backend="rjieba", hmm=False)
    for text in texts:
        assert rust_seg.cut(text) == jieba_seg.cut(text)
    with pytest.raises(ValueError, match="backend"):
        Segmenter(backend="nope")


def _cut_lengths(tokens_):
    return [len(t) for t in tokens_]


def test_traditional_text_is_cut_as_its_simplified_form():
    from summarytext.normalize import convert_script

    assert segment("港澳委員積極參與提升履職能力") == ["港澳", "委員", "積極參與", "提升", "履職能力"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = [TEXT] + [d.text for d in st.load_sample()][:6]
    for text in texts:
        traditional = convert_script(text, "traditional")
        assert traditional != text
        cut = segment(traditional)
        assert "".join(cut) == traditional  # tokens in the text's own characters
        assert _cut_lengths(cut) == _cut_lengths(segment(text))
    # mixed script: each character is read as its simplified form
    assert _cut_lengths(segment("政協委员履職能力")) == _cut_lengths(segment("政协委员履职能力"))


@pytest.mark.parametrize("term", ["政協委員履職能力", "政协委员履职能力"])
def test_a_user_term_holds_in_both_scripts(term):
    seg = Segmenter(user_words=[term])
    assert "政协委员履职能力" in seg.cut("加强政协委员履职能力建设")
    assert "政協委員履職能力" in seg.cut("加強政協委員履職能力建設")


def _whole_share(text, terms, tokens_):
    cuts, pos = {0}, 0
    for tok in tokens_:
        pos += len(tok)
        cuts.add(pos)
    whole = total = 0
    for term in terms:
        start = text.find(term)
        while start >= 0:
            end = start + len(term)
            total += 1
            whole += start in cuts and end in cuts and not any(c in cuts for c in range(start + 1, end))
            start = text.find(term, end)
    return whole, total


@pytest.mark.shared
def test_seed_terms_kept_whole_in_traditional_script():
    from summarytext.normalize import convert_script

    seeds = shared_path("seeds")
    terms = [t.strip() for t in shared_path("gold", "seed-terms.txt").read_text(encoding="utf-8").splitlines()
             if t.strip() and not t.startswith("#")]
    whole = total = 0
    for path in sorted(seeds.glob("*.txt")):
        text = convert_script(path.read_text(encoding="utf-8"), "traditional")
        w, t = _whole_share(text, [convert_script(term, "traditional") for term in terms], segment(text))
        whole, total = whole + w, total + t
    assert total >= 50 and whole / total >= 0.98, (whole, total)


def test_brands_found_by_discover_brands_stay_whole_in_one_call():
    corpus = st.load_sample()
    brands = st.discover_brands(corpus)
    text = "打造白鹭同心荟协商品牌，办好茶山夜话"
    assert "白鹭同心荟" not in st.segment(text)  # jieba alone cuts the new brand
    for seg in (st.Segmenter(user_words=brands), st.Segmenter().with_words(brands)):
        tokens = st.segment(text, segmenter=seg)
        assert "白鹭同心荟" in tokens and "茶山夜话" in tokens
    with pytest.raises(ValueError, match="'brand' column"):
        st.Segmenter(user_words=corpus.to_frame())


# --------------------------------------------------------------------------------------------
# the dictionary cache: trusted only in a private folder of one's own


def _plant(folder, monkeypatch):
    """A cache under the name the segmenter looks for, whose words cut 收集社情民意信息 otherwise."""
    import marshal

    import jieba

    from summarytext.segment import _cache_name

    monkeypatch.setenv("SUMMARYTEXT_CACHE_DIR", str(folder))
    planted = {"收": 100, "收集": 0, "收集社": 1000000, "集": 100, "社": 100, "情": 100, "民": 100, "意": 100, "信": 100, "息": 100}
    path = folder / _cache_name(jieba.Tokenizer())
    with open(path, "wb") as handle:
        marshal.dump((planted, sum(planted.values())), handle)
    return path


def _cut(text: str) -> list[str]:
    return Segmenter(domain_lexicon=False, hmm=False).cut(text)


def test_a_cache_in_a_private_folder_is_used(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    _plant(folder, monkeypatch)
    assert _cut("收集社情")[0] == "收集社"  # the control: a trusted cache is read as it is


@pytest.mark.parametrize("case", ["world-writable folder", "group-writable file", "another user's folder"])
def test_a_planted_cache_where_others_can_write_is_refused(tmp_path, monkeypatch, caplog, case):
    import logging
    import os

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = _plant(folder, monkeypatch)
    if case == "world-writable folder":
        folder.chmod(0o777)
        reason = "writable by everyone (mode 777)"
    elif case == "group-writable file":
        path.chmod(0o664)
        reason = "writable by the group (mode 664)"
    else:
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("giving a folder to another user needs root")
        os.chown(folder, 12345, 12345)
        reason = "belongs to another user (uid 12345)"
    with caplog.at_level(logging.WARNING, logger="summarytext"):
        cut = _cut("收集社情民意信息")
    assert cut[0] != "收集社" and "".join(cut) == "收集社情民意信息"
    notices = [r.getMessage() for r in caplog.records if "is not used" in r.getMessage()]
    assert notices and reason in notices[0] and "without a cache" in notices[0]
    assert path.exists() and sorted(p.name for p in folder.iterdir()) == [path.name]  # nothing written there


def test_a_changed_dictionary_file_gets_a_cache_of_its_own(tmp_path):
    # the dictionary's hash is kept per process, keyed by the file's size and time: an edited
    # dictionary is hashed again, so an old cache is never read for it
    import os

    import jieba

    from summarytext.segment import _cache_name

    path = tmp_path / "dict.txt"
    path.write_text("有事来协商 10 n\n", encoding="utf-8")
    first = _cache_name(jieba.Tokenizer(str(path)))
    assert _cache_name(jieba.Tokenizer(str(path))) == first
    path.write_text("小微协商 10 n\n有事来协商 10 n\n", encoding="utf-8")
    state = path.stat()
    os.utime(path, ns=(state.st_atime_ns, state.st_mtime_ns + 2_000_000_000))
    assert _cache_name(jieba.Tokenizer(str(path))) != first
