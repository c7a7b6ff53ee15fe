"""Brand and slogan discovery: cues, recurrence, speech and emphasis filtered out, known brands,
the seed compilation and the sample corpus's hand-made brand list.

The texts below were written for these tests (fictional places: 岚山县, 清河市, 桂溪区).
"""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

import summarytext as st
from summarytext.brands import COLUMNS, BrandCues, discover_brands
from summarytext.errors import LexiconError
from summarytext.themes import ThemeLexicon

from .conftest import ROOT, shared_path


def brands(text, **kw) -> dict[str, dict]:
    df = discover_brands(text, **kw)
    return {r["brand"]: r for r in df.to_dict("records")}


# --------------------------------------------------------------------------------------------
# cues: how a brand is introduced (table-driven)

CUED = [
    ("岚山县政协擦亮“竹乡夜话”协商品牌，每月开展一次。", "竹乡夜话", "brand", "品牌"),
    ("清河市政协打造“清风议事坊”，让群众说事有地方。", "清风议事坊", "brand", "打造"),
    ("桂溪区政协深入开展“委员进社区”活动。", "委员进社区", "campaign", "活动"),
    ("实施“履职能力提升”工程，全年培训委员500人次。", "履职能力提升", "campaign", "工程"),
    ("依托“桂溪书房”读书平台开展荐书交流。", "桂溪书房", "platform", "平台"),
    ("形成“群众点单、委员接单”的协商模式。", "群众点单、委员接单", "model", "模式"),
    ("县政协叫响了“岚山同心汇”这块牌子。", "岚山同心汇", "brand", "叫响"),
    ("推出读书品牌“书润岚山——委员在行动”。", "书润岚山——委员在行动", "brand", "品牌"),
    ("深入实施“委员履职提升工程”，实行积分管理。", "委员履职提升工程", "campaign", "工程"),
    ("组织开展“清河同心行”。", "清河同心行", "name", "行"),
]


@pytest.mark.parametrize("text, name, kind, cue", CUED)
def test_cued_brands_are_found_with_kind_and_cue(text, name, kind, cue):
    found = brands(text)
    assert name in found, found.keys()
    assert found[name]["kind"] == kind and found[name]["cue"] == cue
    assert found[name]["known"] is False and found[name]["quoted"] == 1


def test_a_quote_without_cue_needs_to_recur():
    once = "会场上，“金色田野”四个大字格外醒目。"
    assert "金色田野" not in brands(once)
    twice = once + "“金色田野”如今已成为村里的名片之一，大家都知道“金色田野”。"
    found = brands(twice)
    assert "金色田野" in found and found["金色田野"]["kind"] in ("recurring", "brand")
    assert found["金色田野"]["count"] == 3


# --------------------------------------------------------------------------------------------
# what is not a brand: speech, statements, emphasis, national formulas

NOT_BRANDS = [
    "“有了议事厅，大家的事有地方说了。”居民王阿姨说。",
    "“这条路修好了，孩子上学方便多了。”村民告诉记者。",
    "县政协主席在会上表示：“要把协商成果转化为工作实效。”",
    "市政协委员李华介绍，“今年我们重点关注养老服务。”",
    '"路灯亮了,心里也亮了。"一位老党员感慨道。',
    "委员们交出了一份厚实的“答卷”。",
    "围绕“十四五”规划开展调研，坚决做到“两个维护”。",
    "把“急难愁盼”问题作为协商重点，当好群众的“娘家人”。",
    "报告提出：“全面发展协商民主”。",
]


@pytest.mark.parametrize("text", NOT_BRANDS)
def test_speech_and_emphasis_are_not_brands(text):
    df = discover_brands(text, known=False)
    assert df.empty, df[["brand", "kind", "cue"]].values.tolist()


def test_speech_with_a_nested_brand_yields_only_the_brand():
    text = "“这次‘清风议事坊’活动让我们很受启发，协商更接地气了。”委员张敏说。"
    assert list(brands(text)) == ["清风议事坊"]


def test_ascii_quotes_pair_left_to_right():
    text = '委员们说"办实事要实"，县政协打造"岚山茶语"协商品牌。'
    found = brands(text)
    assert "岚山茶语" in found and not any("，" in b for b in found)


# --------------------------------------------------------------------------------------------
# known brands, themes, sub-brands, scripts


def test_known_brands_are_found_without_quotes_and_marked_known():
    text = "桂溪区建成委员会客厅12个，推进书香政协建设。"
    found = brands(text)
    assert found["委员会客厅"]["known"] and found["委员会客厅"]["theme"] == "有事来协商"
    assert found["委员会客厅"]["kind"] == "known" and found["委员会客厅"]["quoted"] == 0
    assert found["书香政协"]["theme"] == "书香政协"
    assert discover_brands(text, known=False).empty


def test_sub_brand_is_new_and_its_known_stem_is_listed_too():
    text = "依托“有事来协商·清风议事坊”平台协商。推动“有事来协商”向村延伸。"
    found = brands(text)
    sub = found["有事来协商·清风议事坊"]
    assert sub["known"] is False and sub["theme"] == "有事来协商"
    assert found["有事来协商"]["known"] is True


def test_theme_of_a_new_brand_comes_from_its_words():
    found = brands("打造“竹乡书香”读书品牌。擦亮“竹乡夜话”协商品牌。")
    assert found["竹乡书香"]["theme"] == "书香政协" and found["竹乡书香"]["known"] is False
    assert found["竹乡夜话"]["theme"] is None


def test_traditional_script_brands_keep_their_spelling():
    found = brands("縣政協打造“請你來協商”平臺，開展“委員助學行”活動。")
    assert found["請你來協商"]["known"] and found["請你來協商"]["theme"] == "有事来协商"
    assert found["委員助學行"]["kind"] == "campaign"


# --------------------------------------------------------------------------------------------
# the table


def test_columns_types_ranks_and_documents_across_a_corpus():
    corpus = st.Corpus.from_texts(
        ["岚山县开展“委员进社区”活动。", "清河市深化“委员进社区”活动，擦亮“清风议事坊”协商品牌。", "没有品牌的一段话。"],
        ids=["lanshan", "qinghe", "none"],
    )
    df = discover_brands(corpus)
    assert list(df.columns) == COLUMNS
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert df["score"].is_monotonic_decreasing
    row = df[df.brand == "委员进社区"].iloc[0]
    assert row["count"] == 2 and row["n_documents"] == 2 and row["documents"] == ["lanshan", "qinghe"]
    assert row["first_doc"] == "lanshan" and "委员进社区" in row["first_context"]
    for col, dtype in (("rank", "int64"), ("count", "int64"), ("quoted", "int64"), ("n_documents", "int64"), ("score", "float64"), ("known", "bool")):
        assert str(df[col].dtype) == dtype
    assert df["documents"].dtype == object  # lists of document ids
    for col in ("brand", "kind", "cue", "theme", "first_doc", "first_context"):
        assert df[col].dtype == "string"
    # recurring across documents ranks the campaign above a one-off brand of equal cue strength
    assert df.iloc[0]["brand"] in ("清风议事坊", "委员进社区")


def test_min_count_and_empty_input():
    text = "开展“委员进社区”活动。擦亮“清风议事坊”协商品牌，“清风议事坊”越办越好。"
    assert set(brands(text, min_count=2)) == {"清风议事坊"}
    empty = discover_brands("没有任何引号。")
    assert empty.empty and list(empty.columns) == COLUMNS


def test_user_cues_and_lexicon(tmp_path):
    cues = tmp_path / "cues.toml"
    cues.write_text('[after.campaign]\nwords = ["专项"]\nstrength = 2.0\n[speech]\nverbs = ["说"]\n', encoding="utf-8")
    text = "清河市“清河护水”专项成效明显。"
    found = brands(text, cues=cues)
    assert found["清河护水"]["cue"] == "专项" and found["清河护水"]["kind"] == "campaign"
    assert "清河护水" not in brands(text)  # the shipped cues do not know 专项
    lex = ThemeLexicon.default().with_theme("河湖长制", brands=["清河护水"])
    known = brands("推进清河护水。", lexicon=lex)
    assert known["清河护水"]["known"] and known["清河护水"]["theme"] == "河湖长制"


def test_bad_cues_file(tmp_path):
    bad = tmp_path / "cues.toml"
    bad.write_text("[after.brand]\nwords = [\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad TOML"):
        discover_brands("开展“x”活动。", cues=bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[after.brand]\nwords = "品牌"\nstrength = 3\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="list of non-empty strings"):
        BrandCues.from_file(wrong)


# --------------------------------------------------------------------------------------------
# the seed compilation and the sample corpus


@pytest.mark.shared
def test_seed_brands_found_and_speech_not_reported():
    text = shared_path("seeds", "000_7da50cce248715ad.txt").read_text(encoding="utf-8")
    df = discover_brands(text)
    names = set(df.brand)
    for name in ("五心五聚", "绵言细语", "有事来协商", "书香政协", "悦读——书伴委员行·文润科技城"):
        assert name in names, name
    assert df[df.brand == "书香政协"].iloc[0]["known"]
    assert not df[df.brand == "五心五聚"].iloc[0]["known"]
    # no reported name is a sentence, and the quoted speeches of the seed are absent
    assert not any(ch in b for b in names for ch in "。！？!?")
    for speech in ("这次协商会是落实市委、市政府决策部署的具体行动", "再也不怕日晒雨淋了", "金点子", "答卷"):
        assert not any(speech in b for b in names), speech


def test_sample_corpus_brand_gold():
    gold = [json.loads(x) for x in (ROOT / "tests" / "gold" / "sample-brands.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    found = missed = speech_reported = 0
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.stem not in by_doc:
            continue
        names = set(discover_brands(st.read_file(path).text).brand)
        for g in by_doc[path.stem]:
            if g["kind"] == "speech":
                quote = g["quote"].rstrip("。")
                speech_reported += any(quote in n or (len(n) > 6 and n in quote) for n in names)
            elif g["brand"] in names:
                found += 1
            else:
                missed += 1
    assert found / (found + missed) >= 0.9 and speech_reported == 0, (found, missed, speech_reported)
