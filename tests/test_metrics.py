"""Metric extraction: values, masks, qualifiers, units, subjects, categories and stages."""
from __future__ import annotations

import json
import math
import time
import warnings

import pandas as pd
import pytest

import summarytext as st
from summarytext.metrics import COLUMNS, metrics_summary

from .conftest import ROOT, agreements, run_score, score_figures, score_gold, shared_path
from .scoring import score_metrics, summarise

NAN = float("nan")


def _v(x):
    """A cell as a plain value: missing (NA/NaN) as None."""
    return None if pd.isna(x) else x


# (sentence, [(text, value, unit, qualifier, category, stage), ...]) — written by hand
CASES = [
    # counts with the verb before the object and the number after it
    ("全年开展专题调研12次。", [("12次", 12, "次", None, "activity", "held")]),
    ("收集社情民意信息356条。", [("356条", 356, "条", None, "information", "submitted")]),
    ("组织委员视察21次。", [("21次", 21, "次", None, "activity", "held")]),
    # number + counter + object
    ("报送12篇社情民意信息。", [("12篇", 12, "篇", None, "information", "submitted")]),
    ("举办3期政协讲堂。", [("3期", 3, "期", None, "activity", "held")]),
    # proposals: submitted, registered, rates
    ("全年提交提案共298件，经审查立案271件，立案率90.9%。",
     [("298件", 298, "件", None, "proposal", "submitted"), ("271件", 271, "件", None, "proposal", "registered"),
      ("90.9%", 90.9, "%", None, "rate", "registered")]),
    ("提案办复率达100%，满意率98.6%。", [("100%", 100, "%", None, "rate", "handled"), ("98.6%", 98.6, "%", None, "rate", None)]),
    ("立案率较上年提高3.2个百分点。", [("3.2个百分点", 3.2, "个百分点", None, "rate", "registered")]),
    ("全市生产总值同比增长5.2%。", [("5.2%", 5.2, "%", None, "rate", None)]),
    # a list sharing the verb after it
    ("8篇调研报告、5件重点提案和16期社情民意信息获市委主要领导批示。",
     [("8篇", 8, "篇", None, "report", "endorsed"), ("5件", 5, "件", None, "proposal", "endorsed"),
      ("16期", 16, "期", None, "information", "endorsed")]),
    # passive results, the subject named earlier
    ("社情民意信息被全国政协采用5篇、省政协采用23篇。",
     [("5篇", 5, "篇", None, "information", "adopted"), ("23篇", 23, "篇", None, "information", "adopted")]),
    ("他撰写的3篇社情民意信息被省政协采用。", [("3篇", 3, "篇", None, "information", "adopted")]),
    # money and volume: 万 and 亿 fold into the value, the unit is 元
    ("争取资金1.2亿元，捐款捐物折合380万元。",
     [("1.2亿元", 1.2e8, "元", None, "money", None), ("380万元", 3.8e6, "元", None, "money", None)]),
    ("编辑出版文史资料4辑60万字。", [("4辑", 4, "辑", None, "other", "reported"), ("60万字", 6e5, "字", None, "other", "reported")]),
    # people
    ("参与委员1200余人次，新增委员36名。",
     [("1200余人次", 1200, "人次", "over", "people", "held"), ("36名", 36, "名", None, "people", None)]),
    # approximations and ranges
    ("开展活动90余次，收到意见300多件。", [("90余次", 90, "次", "over", "activity", "held"), ("300多件", 300, "件", "over", "report", "submitted")]),
    ("收集群众诉求近千条。", [("近千条", 1000, "条", "under", "problem", "submitted")]),
    ("受益群众约2万人次。", [("约2万人次", 20000, "人次", "about", "people", None)]),
    ("举办读书活动超过100场。", [("超过100场", 100, "场", "over", "activity", "held")]),
    ("新建议事点3至5个。", [("3至5个", 3, "个", "about", "other", None)]),
    ("力争全年开展专题协商10场以上。", [("10场以上", 10, "场", "over", "activity", "planned")]),
    # Chinese numerals
    ("全年共收到提案三十二件，召开座谈会一百余次，报送两千多条信息。",
     [("三十二件", 32, "件", None, "proposal", "submitted"), ("一百余次", 100, "次", "over", "activity", "held"),
      ("两千多条", 2000, "条", "over", "information", "submitted")]),
    ("百分之九十五以上的提案已经办复。", [("百分之九十五以上", 95, "%", "over", "rate", "handled")]),
    ("人民团体提案两件。", [("两件", 2, "件", None, "proposal", None)]),
    # traditional script
    ("全年立案一百二十件，協調項目資金30多萬元。",
     [("一百二十件", 120, "件", None, "proposal", "registered"), ("30多萬元", 3e5, "元", "over", "money", None)]),
    # endorsed, reported, handled, planned
    ("形成调研报告15篇，获省领导批示6件次。", [("15篇", 15, "篇", None, "report", "submitted"), ("6件次", 6, "件次", None, "report", "endorsed")]),
    ("在人民政协报等媒体刊发稿件45篇。", [("45篇", 45, "篇", None, "media", "reported")]),
    ("推动解决群众急难愁盼问题200余件。", [("200余件", 200, "件", "over", "problem", "handled")]),
    ("计划开展专题协商6场。", [("6场", 6, "场", None, "activity", "planned")]),
    ("新闻稿件被人民政协报采用2篇。", [("2篇", 2, "篇", None, "media", "reported")]),
    ("已建成委员工作室18个。", [("18个", 18, "个", None, "other", None)]),
    # full-width digits are read
    # full-width digits: read as 12, and the text is the string's own slice, as written
    ("组织委员开展视察１２次。", [("１２次", 12, "次", None, "activity", "held")]),
    # a list by county committee goes on with the stage and the thing counted
    ("各县区新闻稿件被报刊采用情况：青山政协采用12篇；白河政协9篇；石门政协7篇。",
     [("12篇", 12, "篇", None, "media", "reported"), ("9篇", 9, "篇", None, "media", "reported"),
      ("7篇", 7, "篇", None, "media", "reported")]),
    # only proposals are registered, whatever the sentence before called them
    ("大会共收到以提案形式提出的意见建议215件。经审查，立案186件。",
     [("215件", 215, "件", None, "proposal", "submitted"), ("186件", 186, "件", None, "proposal", "registered")]),
    # 列入规划计划 classifies a proposal, it does not announce a plan: an outcome class of handled proposals
    ("已列入规划计划逐步落实的C类提案5件。", [("5件", 5, "件", None, "proposal", "handled")]),
    # a breakdown by outcome, its shares, and one by satisfaction (the stage conventions)
    ("从办理结果看，所提问题已经解决或基本解决的42件，占56%；正在解决的25件，占33.3%；因条件限制留作参考的8件，占10.7%。",
     [("42件", 42, "件", None, "proposal", "handled"), ("56%", 56, "%", None, "rate", "handled"),
      ("25件", 25, "件", None, "proposal", "handled"), ("33.3%", 33.3, "%", None, "rate", "handled"),
      ("8件", 8, "件", None, "proposal", "handled"), ("10.7%", 10.7, "%", None, "rate", "handled")]),
    ("提案者对办理结果表示满意的70件，基本满意的5件。",
     [("70件", 70, "件", None, "proposal", None), ("5件", 5, "件", None, "proposal", None)]),
    # shares of a breakdown by kind measure composition; a share of an outcome takes its stage
    ("收到提案120件，立案110件，占91.7%。其中集体提案22件，占20%。",
     [("120件", 120, "件", None, "proposal", "submitted"), ("110件", 110, "件", None, "proposal", "registered"),
      ("91.7%", 91.7, "%", None, "rate", "registered"), ("22件", 22, "件", None, "proposal", "registered"),
      ("20%", 20, "%", None, "rate", None)]),
    # a breakdown by topic takes the stage of the total it adds up to
    ("共收到提案130件，经审查立案120件，其中已办复118件。从内容看，经济类45件，社会类40件，文化类35件。",
     [("130件", 130, "件", None, "proposal", "submitted"), ("120件", 120, "件", None, "proposal", "registered"),
      ("118件", 118, "件", None, "proposal", "handled"), ("45件", 45, "件", None, "proposal", "registered"),
      ("40件", 40, "件", None, "proposal", "registered"), ("35件", 35, "件", None, "proposal", "registered")]),
    # people take the stage of what they did
    ("读书群吸引86名委员加入，参与提案撰写的委员42人。",
     [("86名", 86, "名", None, "people", "held"), ("42人", 42, "人", None, "people", "submitted")]),
    # instructions count what they were on
    ("市委领导就社情民意信息批示14次。", [("14次", 14, "次", None, "information", "endorsed")]),
    # a difference from last year, a threshold, a document code
    ("收到提案130件，比上年增加12件。", [("130件", 130, "件", None, "proposal", "submitted"), ("12件", 12, "件", None, "proposal", None)]),
    ("其中捐款5000元以上的委员16人。", [("16人", 16, "人", None, "people", None)]),
    # what a body did with items, in the passive, is uptake; the bodies themselves are only counted
    ("各区共报送信息860条，被市政协采用编发214条。", [("860条", 860, "条", None, "information", "submitted"),
                                                ("214条", 214, "条", None, "information", "adopted")]),
    ("有5个县(市、区)政协被市政协采用信息不足3篇。", [("5个", 5, "个", None, "other", None), ("不足3篇", 3, "篇", "under", "information", "adopted")]),
    # a view a breakdown is seen from, named by what was done
    ("从信息采用数量看，排在前两位的是：东湖区政协36条、西林区政协29条。",
     [("36条", 36, "条", None, "information", "adopted"), ("29条", 29, "条", None, "information", "adopted")]),
    # ○ for zero; small counts in Chinese numerals among results, not in narrative
    ("二○二三年，全县共办理提案一千○五件。", [("一千○五件", 1005, "件", None, "proposal", "handled")]),
    ("全年通报查处三起问题，带动两个合作社。", [("三起", 3, "起", None, "problem", None), ("两个", 2, "个", None, "other", None)]),
    ("调研组沿着两条公交线路走访，我们有两个平台。", []),
    # units written otherwise, sizes of media
    ("参与委员320人(次)，制作微视频12集、时长96分钟。",
     [("320人(次)", 320, "人次", None, "people", "held"), ("12集", 12, "集", None, "media", None), ("96分钟", 96, "分钟", None, "other", None)]),
    # characters a scraper lost (???) right before a number do not end its clause
    ("全年组织视察12次、编报社情民意??5期。", [("12次", 12, "次", None, "activity", "held"), ("5期", 5, "期", None, "information", "submitted")]),
    # acts counted after a verb that gives no stage of its own
    ("主席会议成员带队到承办单位督办12次。", [("12次", 12, "次", None, "activity", "held")]),
    ("来自各地的300余名乡贤共赴盛会。", [("300余名", 300, "名", "over", "people", "held")]),
    # classes in a breakdown count what the list counts, whatever their own words name
    ("全年收到提案200件，从内容看，经济发展类80件，占40%；乡村振兴类70件，占35%。",
     [("200件", 200, "件", None, "proposal", "submitted"), ("80件", 80, "件", None, "proposal", "submitted"),
      ("40%", 40, "%", None, "rate", None), ("70件", 70, "件", None, "proposal", "submitted"), ("35%", 35, "%", None, "rate", None)]),
    # an internal bulletin (专报, 简报) adopts items; a newspaper (政协报) publishes them
    ("报送信息86条，其中5条被省政协《社情民意》专报采用，2篇被人民政协报刊发。",
     [("86条", 86, "条", None, "information", "submitted"), ("5条", 5, "条", None, "information", "adopted"),
      ("2篇", 2, "篇", None, "media", "reported")]),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_metric_table(sentence, expected):
    df = st.extract_metrics(sentence)
    got = [
        (r.text, r.value, r.unit, _v(r.qualifier), _v(r.category), _v(r.stage))
        for r in df.itertuples()
    ]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert g[0] == e[0]
        assert math.isclose(g[1], e[1]), (g, e)
        assert g[2:] == e[2:], (g, e)


MASKED = [
    ("开展协商议政活动xxx场次。", "xxx场次", 3, 100, 999, None),
    ("增长x.x%。", "x.x%", 1, 0.0, 9.9, None),
    ("开展小微协商xx余次。", "xx余次", 2, 10, NAN, "over"),
    ("捐款xx万元。", "xx万元", 2, 1e5, 99e4, None),
    ("共收到提案＊＊＊件。", "＊＊＊件", 3, 100, 999, None),
    ("立案***件。", "***件", 3, 100, 999, None),
]


@pytest.mark.parametrize("sentence, text, digits, low, high, qualifier", MASKED)
def test_masked_numbers(sentence, text, digits, low, high, qualifier):
    row = st.extract_metrics(sentence).iloc[0]
    assert row.text == text
    assert bool(row.masked) is True and math.isnan(row.value)
    assert row.digits == digits
    assert math.isclose(row.low, low)
    assert (math.isnan(row.high) and math.isnan(high)) or math.isclose(row.high, high)
    assert _v(row.qualifier) == qualifier


@pytest.mark.parametrize(
    "sentence, low, high",
    [("开展调研90余次。", 90, NAN), ("收集信息近500条。", NAN, 500), ("新建3至5个议事点。", 3, 5), ("投入3-5万元。", 30000, 50000),
     ("立案120件。", 120, 120)],
)
def test_bounds(sentence, low, high):
    row = st.extract_metrics(sentence).iloc[0]
    for got, want in ((row.low, low), (row.high, high)):
        assert (math.isnan(got) and math.isnan(want)) or math.isclose(got, want)


NOT_METRICS = [
    "2023年3月，党的二十大精神深入人心。",
    "政协第十四届委员会第三次会议在京召开。",
    "区政协二届四次会议闭幕。",
    "“十四五”时期，坚持“两个确立”，做到“两个维护”。",
    "市政协开展“五心五聚”活动，实施“三大工程”，推进“六项重点工作”。",
    "践行“1453”履职总要求，落实“1+N”工作机制。",
    "书读百遍，其义自见。一人拾柴火不旺。",
    "召开一场协商会，沿着两条公交线路调研。",
    "活动至今已开展3个多月，短短20天内完成改造。",
    "每个小组由2名政协委员组成。",
    "复审工作分三批次进行。",
    "市县两级政协组织积极参与。",
    "实施四个“先行一步”活动。",
    "全市5个县(市、区)政协和12个市政协委室积极参与。",
    "详见https://www.example.com/news/2023/123456.html",
    "政协系统2023年工作材料汇编(4篇)",
]


@pytest.mark.parametrize("sentence", NOT_METRICS)
def test_not_metrics(sentence):
    df = st.extract_metrics(sentence)
    assert df.empty, df[["text", "context"]].values.tolist()


def test_subject_before_after_and_in_lists():
    df = st.extract_metrics("收集社情民意信息1200条，其中8篇社情民意信息被省政协采用，报送省政协、市委36篇。")
    assert df["subject"].tolist() == ["社情民意信息", "社情民意信息", "社情民意信息"]
    assert df["by"].tolist()[1] == "省政协"
    assert df["by"].isna().tolist() == [True, False, True]


def test_columns_types_and_spans():
    text = "青川市政协2023年工作报告\n一、主要工作\n全年立案268件，办复率99.6%。\n参与委员1.2万人次。"
    doc = st.Document.from_text(text, doc_id="qc")
    df = st.extract_metrics(doc)
    assert list(df.columns) == COLUMNS
    assert df["value"].dtype == "float64" and df["start"].dtype == "int64"
    assert df["digits"].dtype == "Int64" and df["masked"].dtype == bool
    for col in ("text", "unit", "category", "stage", "qualifier", "subject", "by", "context"):
        assert df[col].dtype == "string", col
    for row in df.itertuples():
        assert doc.text[row.start : row.end] == row.text
        assert row.text in row.context
        assert row.doc_id == "qc"
    assert df["paragraph"].tolist() == [2, 2, 3]
    assert df["sentence"].tolist() == [2, 2, 3]
    assert [doc.sections[i].title for i in df["section"]] == ["一、主要工作"] * 3


def test_corpus_and_list_inputs():
    corpus = st.Corpus.from_texts(["立案120件。", "视察5次，办复率100%。"], ids=["a", "b"])
    df = st.extract_metrics(corpus)
    assert df["doc_id"].tolist() == ["a", "b", "b"]
    assert corpus.metrics()["text"].tolist() == df["text"].tolist()
    df2 = st.extract_metrics(["立案120件。", st.Document.from_text("视察5次。", doc_id="z")])
    assert df2["doc_id"].tolist()[1] == "z"
    with pytest.raises(TypeError):
        st.extract_metrics(42)  # type: ignore[arg-type]


def test_planned_section_marks_targets():
    text = "一、2023年工作回顾\n开展专题协商8场。\n二、2024年工作安排\n（一）协商议政\n开展专题协商10场，报送信息100篇。"
    df = st.extract_metrics(text)
    assert df["stage"].tolist() == ["held", "planned", "planned"]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "没有任何数字的一段话。", "9" * 10000 + "件", "一" * 5000 + "件", "10..1万件", "一一件事", "x" * 3000 + "件",
     "立案" + "1," * 3000 + "件"],
)
def test_bad_input_gives_rows_or_nothing_but_no_crash(text):
    df = st.extract_metrics(text)
    assert list(df.columns) == COLUMNS
    assert all(isinstance(v, float) for v in df["value"])


def test_enormous_number_is_not_a_row():
    df = st.extract_metrics("立案" + "9" * 400 + "件。")
    assert df.empty or not math.isinf(df["value"].iloc[0])


@pytest.mark.parametrize("end", ["件", "年"])  # a unit after the run, or none
@pytest.mark.parametrize("unit_piece", ["一", "9", "x", "1,", "1.", "点5", "百分之", "近", "至"])
def test_long_adversarial_lines_scale_linearly(unit_piece, end):
    def run(n: int) -> float:
        text = unit_piece * n + end
        start = time.process_time()
        st.extract_metrics(text)
        return time.process_time() - start

    run(1000)  # warm up
    small = min(run(10_000) for _ in range(2))
    large = min(run(80_000) for _ in range(2))
    # linear work grows 8x; catastrophic backtracking would grow 64x
    assert large < 24 * max(small, 1e-4), (small, large)


def test_metrics_summary_takes_totals():
    df = st.extract_metrics(
        "全年收到提案300件，立案280件，其中集体提案30件。办复率100%。收集社情民意信息500条，被采用60篇。召开协商会12次。"
    )
    summary = metrics_summary(df)
    row = summary.iloc[0]
    assert row.proposals_submitted == 300 and row.proposals_registered == 280
    assert row.information_submitted == 500 and row.information_adopted == 60
    assert row.activities_held == 12 and row.handling_rate == 100
    assert math.isnan(row.items_endorsed)
    assert metrics_summary(df, how="sum").iloc[0].proposals_registered == 310


# --- hand-made answers for the sample corpus ---------------------------------------------------


def _sample_gold() -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    with open(ROOT / "tests" / "gold" / "sample-metrics.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                g = json.loads(line)
                gold.setdefault(g["doc"], []).append(g)
    return gold


def test_sample_corpus_against_hand_made_answers():
    gold = _sample_gold()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample(split_compilations=False)
    parts = []
    for doc in corpus:
        rows = st.extract_metrics(doc).to_dict("records")
        for r in rows:
            assert doc.text[r["start"] : r["end"]] == r["text"]
        parts.append(score_metrics(rows, gold.get(doc.doc_id, [])))
    assert set(gold) <= set(corpus.ids)
    result = summarise(parts)
    assert result["f1"] >= 0.97, result
    assert result["strict_f1"] >= 0.90, result
    assert min(result["agreement"].values()) >= 0.93, result


# --- the shared scorer (skipped when ../shared is absent) --------------------------------------


@pytest.mark.shared
def test_seed_metrics_targets():
    fig, out = score_gold("metrics", "seed-metrics.jsonl", "seeds")
    assert fig["F1"] == 1.0 and fig["strictF1"] == 1.0, out
    assert all(v >= 0.95 for v in agreements(out).values()), out


@pytest.mark.shared
def test_dev_metrics_hold_up():
    fig, out = score_gold("metrics", "dev-metrics.jsonl", "gold/dev")
    assert fig["F1"] >= 0.97 and fig["strictF1"] >= 0.95, out


@pytest.mark.shared
def test_second_dev_set_metrics_meet_their_targets():
    fig, out = score_gold("metrics", "dev2-metrics.jsonl", "gold/dev2")
    assert fig["F1"] >= 0.97 and fig["strictF1"] >= 0.92, out
    agreement = agreements(out)
    assert agreement["category"] >= 0.95 and agreement["stage"] >= 0.93, out


@pytest.mark.shared
def test_number_conformance():
    shared_path("peer-specs")
    out = run_score("numbers", "--docs", "../shared/peer-specs")
    assert score_figures(out)["accuracy"] >= 0.97, out


@pytest.mark.parametrize("text, expected", [
    ("开展一批调研", []),  # narrative "one": never read
    ("一个平台", []),
    ("一余万人参加", [(0, 1), (2, 3)]),  # a scale after a qualifier: 一余万 is a number (万人 a run of its own)
    ("一至三次", [(0, 1), (2, 3)]),  # a range goes on from it
    ("一—三次", [(0, 1), (2, 3)]),
    ("占百分之一的", [(1, 2), (4, 5)]),  # after 百分之 (百 before 分 is a run of its own)
    ("一万人", [(0, 2)]),  # not a lone 一
])
def test_a_lone_yi_is_a_candidate_only_with_a_scale_range_or_percent(text, expected):
    from summarytext.metrics.scan import candidates

    assert candidates(text) == expected


@pytest.mark.parametrize("text, start, end, expected", [
    ("开展“五个一”活动", 3, 5, True),
    ("“甲乙丙丁戊己庚12件”", 8, 11, True),  # ten characters from the opening mark to the closing one
    ("“甲乙丙丁戊己庚辛12件”", 9, 12, False),  # eleven: a sentence in quotes, not a slogan
    ("“甲”乙12件”", 4, 7, False),  # the quotation before the number is closed
    ("开展5场“活动”", 2, 4, False),
])
def test_a_short_quotation_is_measured_from_mark_to_mark(text, start, end, expected):
    from summarytext.metrics.exclude import in_short_quote

    assert in_short_quote(text, start, end) is expected


@pytest.mark.parametrize("phrase, category", [
    ("收到的新闻稿件", "media"),  # the longest keyword it ends with (新闻稿件), not the shorter one (稿件)
    ("撰写稿件", "report"),
    ("市委员会", "other"),  # 委员会, not 会
    ("座谈会", "activity"),
    ("茶话会", "activity"),  # a word that counts only as a head (会) counts there
    ("会员发展", None),  # and nowhere else
    ("信息和提案情况", "proposal"),  # no keyword at the end: the rightmost one
    ("提案和信息情况", "information"),
    ("", None),
])
def test_a_phrase_is_counted_by_its_head(phrase, category):
    from summarytext.metric_lexicon import metric_lexicon

    assert metric_lexicon().category_for(phrase) == category


@pytest.mark.parametrize("phrase, head", [
    ("茶话会", "activity"),  # a head-only word (会) is a head
    ("收到的新闻稿件", "media"),
    ("提案和信息情况", None),  # ends with no keyword
])
def test_the_head_of_a_phrase_is_the_keyword_it_ends_with(phrase, head):
    from summarytext.metric_lexicon import metric_lexicon

    assert metric_lexicon().head_category(phrase) == head
