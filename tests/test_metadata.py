"""Metadata of a report: place, level, year covered, year published, kind, region.

The texts here were written for these tests.  The real places named (义乌市, 丰县, 沛县, 广西 …)
are used only as names; every sentence is invented.
"""
from __future__ import annotations

import csv

import pandas as pd
import pytest
import regex

import summarytext as st
from summarytext.document import Document
from summarytext.metadata import FIELDS, metadata_table, place_level, read_metadata, with_metadata

from .conftest import shared_path


def meta(text: str, title: str | None = None) -> dict:
    doc = Document.from_text(text, title=title)
    return {k: doc.meta.get(k) for k in FIELDS}


# --- place --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "翻开xx市政协xxxx年履职答卷，一组组数字记录着委员们的足迹。",
    "这是近年来xx县政协持续推进协商议事的一个缩影。",
    "笔者从xx区政协了解到，今年以来共开展视察12次。",
    "第十三届xx县政协委员积极参与读书活动。",
    "全省共有12个市政协参与联动协商。",
    "会上，3名区政协委员作了交流发言。",
    "按照市政协统一部署，各界别开展了专题调研。",
    "关于县政协九届四次会议以来提案工作情况的报告",
])
def test_a_sentence_fragment_or_a_masked_name_is_never_a_place(text):
    m = read_metadata(None, text)
    assert m["place"] is None, m


@pytest.mark.parametrize("title, level", [
    ("某县政协2023年工作总结", "county"), ("某市政协2022年工作报告", "city"), ("某某区政协2024年工作综述", "county"),
    ("XX县政协2023年工作总结", "county"), ("xx区政协2023年工作总结", "county"), ("××市政协2023年工作总结", "city"),
    ("临江省某县政协2023年工作总结", "county"), ("云某县政协2023年工作总结", "county"),
])
def test_a_masked_or_anonymised_place_is_left_missing(title, level):
    committee, rest = title.split("政协")
    m = read_metadata(title, f"{committee}政协全年立案120件，开展视察12次。")
    assert (m["place"], m["level"], m["year"]) == (None, level, int(rest[:4]))


def test_a_real_name_beside_masked_ones_is_still_read():
    assert read_metadata("云岭县政协2023年工作总结", "全年立案120件。")["place"] == "云岭县"


@pytest.mark.parametrize("title", ["发挥市政协优势 助推产业升级", "关于县政协十届三次会议以来提案工作情况的报告", "市委县政协联席会议召开"])
def test_a_headline_is_not_read_as_a_place(title):
    assert read_metadata(title, "正文第一段。")["place"] is None


def test_a_name_not_in_the_list_of_divisions_begins_a_report_title_or_is_written_again():
    assert read_metadata("苇湖县政协2023年工作总结", "")["place"] == "苇湖县"
    assert read_metadata("苇湖县政协关于2023年提案工作情况的报告", "")["place"] == "苇湖县"
    assert read_metadata("苇湖县政协召开常委会议", "")["place"] is None  # a headline: written once, not taken
    assert read_metadata("苇湖县政协召开常委会议", "会上，苇湖县政协主席作了讲话。")["place"] == "苇湖县"


def test_formal_committee_name_date_line_and_review_heading():
    text = ("——2024年1月9日在政协梅川市第七届委员会第三次会议上\n市政协主席 王某\n各位委员：\n"
            "一、2023年工作回顾\n过去一年，市政协围绕中心工作开展协商议政。")
    m = meta(text, title="政协梅川市第七届委员会常务委员会工作报告")
    assert m == {"place": "梅川市", "level": "city", "year": 2023, "year_published": 2024, "report_kind": "work_report", "region": None}


def test_session_report_without_a_year_reviews_the_year_before_its_date():
    text = "——2021年2月3日在政协苇湖县第九届委员会第五次会议上\n各位委员：\n我受常务委员会委托，报告四次会议以来的提案工作。"
    m = meta(text, title="政协苇湖县第九届委员会常务委员会关于四次会议以来提案工作情况的报告")
    assert (m["place"], m["level"], m["year"], m["year_published"], m["report_kind"]) == ("苇湖县", "county", 2020, 2021, "proposal_report")


def test_known_places_give_their_level_and_region():
    # a county-level city is county level; a municipality is provincial
    m = read_metadata(None, "浙江省义乌市政协近日组织委员视察城乡供水工程。")
    assert (m["place"], m["region"], m["level"]) == ("义乌市", "浙江省", "county")
    assert read_metadata("北京市政协2022年工作综述", "")["level"] == "provincial"
    # a province by its short name, before 政协
    m = read_metadata(None, "广西政协召开专题协商会，围绕边境贸易建言献策。")
    assert (m["place"], m["level"]) == ("广西壮族自治区", "provincial")
    # a place not in the list of divisions, written within a known one
    m = read_metadata(None, "陕西省商洛市榆塘县政协出台文件，榆塘县政协着手改革。")
    assert (m["place"], m["region"], m["level"]) == ("榆塘县", "陕西省商洛市", "county")
    assert place_level("全国") == "national" and place_level("和县") == "county" and place_level("青川市") == "city"


def test_one_character_names_stand_on_their_own_and_generic_words_are_not_places():
    assert read_metadata(None, "省、市和县政协联动开展协商。")["place"] is None  # not 和县
    assert read_metadata(None, "主城区政协委员工作室揭牌。")["place"] is None
    assert read_metadata(None, "有关人民团体及区县政协报送信息。")["place"] is None
    assert read_metadata("沛县政协2023年工作总结", "")["place"] == "沛县"


def test_addressees_sources_and_list_entries_are_not_the_reports_committee():
    text = ("按照市政协部署，全市政协系统信息工作成效明显。\n"
            "各县报送信息被采用情况：丰县政协采用12篇；沛县政协9篇。\n全年共有8篇被全国政协采用。")
    m = read_metadata(None, text)
    assert m["place"] is None and m["level"] == "city"
    m = read_metadata(None, "社情民意信息工作成效明显，被省政协采用21篇。\n县政协召开信息工作会议。")
    assert m["level"] == "county"


def test_a_municipality_is_called_shi_zhengxie_at_home():
    m = read_metadata(None, "昨天，市政协召开主席会议。\n会议贯彻中共天津市委有关部署。")
    assert (m["place"], m["level"]) == ("天津市", "provincial")


def test_national_committee_in_its_formal_name():
    m = read_metadata(None, "■中國人民政治協商會議第十四屆全國委員會第二次會議在京開幕。")
    assert (m["place"], m["level"]) == ("全国", "national")


def test_traditional_script_keeps_the_place_as_written():
    m = meta("霧嵐縣政協2019年工作總結\n2019年，縣政協在中共霧嵐縣委領導下開展工作。")
    assert (m["place"], m["level"], m["year"], m["report_kind"]) == ("霧嵐縣", "county", 2019, "summary")


def test_government_report_on_proposals_names_the_place():
    text = "标  题: 义乌市人民政府关于2022年政协委员提案办理情况的报告 发布日期: 2023 年 02 月 14 日\n全年共承办政协提案188件。"
    m = read_metadata(None, text)
    assert (m["place"], m["level"], m["year"], m["year_published"], m["report_kind"]) == ("义乌市", "county", 2022, 2023, "news")
    # a place not in the list of divisions is taken when it is written again
    text = "标  题: 杉溪市人民政府关于2022年政协委员提案办理情况\n内容概述: 杉溪市人民政府关于2022年政协委员提案办理情况"
    assert read_metadata(None, text)["place"] == "杉溪市"
    assert read_metadata(None, "按照市人民政府统一部署，开展专项行动。")["place"] is None


# --- years --------------------------------------------------------------------------------


def test_year_covered_and_year_published_kept_apart():
    text = "2024-01-16 10:20 来源：榆塘融媒\n记者 李某\n2023年，榆塘县政协共收到提案126件。"
    m = read_metadata("榆塘县政协去年立案126件", text)
    assert (m["year"], m["year_published"], m["report_kind"]) == (2023, 2024, "news")


def test_a_range_gives_its_last_year_and_dates_in_running_text_are_not_publication():
    m = read_metadata(None, "常委会主要工作\n2018年~2022年，县政协委员共提出提案812件。")
    assert m["year"] == 2022 and m["year_published"] is None
    m = read_metadata(None, "2022年6月30日，县政协召开常委会议，审议通过工作方案。")
    assert m["year_published"] is None and m["year"] is None


def test_year_after_a_comma_heads_the_clause():
    assert read_metadata(None, "记者从发布会上获悉，2021年，市政协共开展协商活动80余场。")["year"] == 2021


def test_signature_date_at_the_end_is_the_publication_year():
    text = "2024年，县政协立案提案131件。\n……\n政协云岭县委员会\n2025年1月6日"
    m = read_metadata("云岭县政协2024年工作总结", text)
    assert (m["year"], m["year_published"]) == (2024, 2025)


def test_title_year_is_not_a_count_and_file_name_year_is_the_fallback(tmp_path):
    assert read_metadata("县政协收到提案2000余件", "")["year"] is None
    p = tmp_path / "heyuan-2021.txt"
    p.write_text("县政协工作综述\n一年来，县政协履职尽责。", encoding="utf-8")
    assert st.read_document(p).meta["year"] == 2021


# --- kind ---------------------------------------------------------------------------------


@pytest.mark.parametrize("title,kind", [
    ("政协梅川市第七届委员会常务委员会工作报告", "work_report"),
    ("梅川市政协2023年提案工作情况的报告", "proposal_report"),
    ("桐溪区政协2024年社情民意信息工作综述", "information_review"),
    ("云岭县政协2024年工作总结", "summary"),
    ("白鹭市政协2024年工作综述", "summary"),
    ("梓溪县政协2025年工作要点", "plan"),
    ("在全县政协工作会议上的讲话", "speech"),
    ("委员履职故事一则", None),
])
def test_kind_of_report_from_its_title(title, kind):
    assert read_metadata(title, "")["report_kind"] == kind


# --- the sample corpus (values written down by hand from corpus/README.md) ---------------------------------


def test_sample_corpus_metadata():
    frame = metadata_table(st.load_sample()).set_index("doc_id")
    expected = {
        "qingchuan-city-2023-standing-committee-report": ("青川市", "city", 2022, 2023, "work_report"),
        "lanjiang-province-2022-proposal-report": ("澜江省", "provincial", 2021, 2022, "proposal_report"),
        "yunling-county-2024-annual-summary": ("云岭县", "county", 2024, None, "summary"),
        "tongxi-district-2024-sheqing-minyi-review": ("桐溪区", "county", 2024, None, "information_review"),
        "fenglin-county-2023-consultation-reading-feature": ("枫林县", "county", 2023, 2023, "news"),
        "heyuan-county-2021-work-summary-gb18030": ("禾源县", "county", 2021, None, "summary"),
        "xijiang-city-2022-work-summary": ("曦江市", "city", 2022, None, "summary"),
        "wulan-county-2019-work-summary-traditional": ("霧嵐縣", "county", 2019, None, "summary"),
        "compilation-2024#1": ("澄岭县", "county", 2024, None, "summary"),
        "compilation-2024#2": ("白鹭市", "city", 2024, None, "summary"),
        "compilation-2024#4": ("鹤溪县", "county", 2024, None, "summary"),
    }
    for doc_id, (place, level, year, published, kind) in expected.items():
        row = frame.loc[doc_id]
        got = (row.place, row.level, row.year, None if pd.isna(row.year_published) else row.year_published, row.report_kind)
        assert got == (place, level, year, published, kind), doc_id


# --- overrides ------------------------------------------------------------------------------


def test_overrides_from_keywords_and_a_csv(tmp_path):
    texts = ["县政协全年立案120件。", "2023年，县政协立案131件。"]
    corpus = st.Corpus.from_texts(texts, ids=["a", "b"])
    assert corpus["a"].meta["place"] is None and corpus["b"].meta["year"] == 2023
    table = tmp_path / "meta.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "place", "year", "report_kind", "chars"])
        w.writerow(["a", "榆塘县", "2022", "summary", "99"])
        w.writerow(["b", "", "", "", ""])
        w.writerow(["zz", "杉溪市", "2022", "", ""])
    with pytest.warns(UserWarning, match="meta.csv: 1 row matches no document: zz$") as caught:
        out = with_metadata(corpus, table, year_published=2024)
    assert [w.filename for w in caught] == [__file__]  # said at the caller's line, not inside the library
    a, b = out["a"].meta, out["b"].meta
    assert (a["place"], a["level"], a["year"], a["report_kind"], a["year_published"]) == ("榆塘县", "county", 2022, "summary", 2024)
    assert (b["place"], b["year"], b["year_published"]) == (None, 2023, 2024)  # empty cells keep what was read
    assert corpus["a"].meta["place"] is None  # the input is not changed
    # the table written by metadata_table reads back
    metadata_table(out).to_csv(tmp_path / "round.csv", index=False)
    again = with_metadata(corpus, tmp_path / "round.csv")
    assert again["a"].meta["place"] == "榆塘县" and again["a"].meta["year"] == 2022


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_metadata_csv_is_read_in_the_encodings_reports_come_in(tmp_path, encoding):
    corpus = st.Corpus.from_texts(["县政协全年立案120件。", "市政协全年立案80件。"], ids=["a", "b"])
    table = tmp_path / "meta.csv"
    table.write_bytes("doc_id,place,report_kind\na,榆塘县,summary\nb,梅川市,summary\n".encode(encoding))
    out = with_metadata(corpus, table)
    assert [(d.meta["place"], d.meta["level"]) for d in out] == [("榆塘县", "county"), ("梅川市", "city")]


@pytest.mark.parametrize("header, message", [
    ("doc_id,plcae", r"meta.csv: unknown column 'plcae' \(did you mean 'place'\?\)"),
    ("doc_id,place,yaer", r"meta.csv: unknown column 'yaer' \(did you mean 'year'\?\)"),
    ("doc_id,place,备注", r"meta.csv: unknown column '备注'; the columns are doc_id or source"),
])
def test_a_misspelled_metadata_column_is_an_error_naming_it(tmp_path, header, message):
    corpus = st.Corpus.from_texts(["县政协全年立案120件。"], ids=["a"])
    table = tmp_path / "meta.csv"
    table.write_text(header + "\na" + ",榆塘县" * (header.count(",")) + "\n", encoding="utf-8")
    with pytest.raises(st.SummaryTextError, match=message):
        with_metadata(corpus, table)


def test_the_metadata_command_option_names_bad_columns_and_ids_that_match_nothing(tmp_path):
    from click.testing import CliRunner

    from summarytext.cli import main

    report = tmp_path / "yutang.txt"
    report.write_text("县政协2023年工作总结\n全年立案120件。", encoding="utf-8")
    misspelled = tmp_path / "bad.csv"
    misspelled.write_text("doc_id,plcae\nyutang,榆塘县\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["panel", str(report), "--metadata", str(misspelled)])
    assert result.exit_code == 2 and "unknown column 'plcae' (did you mean 'place'?)" in result.output
    unmatched = tmp_path / "ids.csv"
    unmatched.write_bytes("doc_id,place\nyutang,榆塘县\nyutnag,榆塘县\n".encode("gbk"))
    result = CliRunner().invoke(main, ["panel", "-q", str(report), "--metadata", str(unmatched), "--what", "metadata"])
    assert result.exit_code == 0 and "榆塘县" in result.output
    result = CliRunner().invoke(main, ["panel", str(report), "--metadata", str(unmatched), "--what", "metadata"])
    assert result.output.count("ids.csv: 1 row matches no document: yutnag") == 1


def test_overrides_by_source_file_name(tmp_path):
    (tmp_path / "r1.txt").write_text("县政协全年立案120件。", encoding="utf-8")
    corpus = st.Corpus.from_dir(tmp_path)
    out = with_metadata(corpus, pd.DataFrame({"source": ["r1.txt"], "place": ["杉溪市"]}))
    assert (out[0].meta["place"], out[0].meta["level"]) == ("杉溪市", "city")


def test_bad_metadata_values_name_the_row_and_column(tmp_path):
    corpus = st.Corpus.from_texts(["县政协全年立案120件。"], ids=["a"])
    with pytest.raises(ValueError, match=r"row 0: level 'town' is not one of national"):
        with_metadata(corpus, pd.DataFrame({"doc_id": ["a"], "level": ["town"]}))
    with pytest.raises(ValueError, match=r"row 2: year '二〇二三' is not a year"):
        table = tmp_path / "m.csv"
        table.write_text("doc_id,year\na,二〇二三\n", encoding="utf-8")
        with_metadata(corpus, table)
    with pytest.raises(ValueError, match="needs a doc_id or source column"):
        with_metadata(corpus, pd.DataFrame({"name": ["a"], "place": ["x县"]}))
    with pytest.raises(ValueError, match="no such metadata file"):
        with_metadata(corpus, tmp_path / "none.csv")
    with pytest.raises(TypeError, match="unknown field town"):
        with_metadata(corpus, town="x")


# --- real reports (../shared; skipped when absent) ----------------------------------------------

_BLIND = {"x05", "x15", "x19", "x20", "x21", "x29", "x37"}


def _real_reports():
    for name in ("dev", "dev2"):
        root = shared_path("gold", name)
        with open(root / "sources.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["doc"] not in _BLIND:
                    yield row, st.read_document(root / f"{row['doc']}.txt")


_ENDING = regex.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|县|区|旗)$")


@pytest.mark.shared
def test_real_reports_places_are_clean_and_years_match_their_sources():
    from summarytext.normalize import simplified_view

    counts = {"docs": 0, "place": 0, "year": 0, "year_published": 0, "level": 0}
    for row, doc in _real_reports():
        m = doc.meta
        counts["docs"] += 1
        place = m.get("place")
        if place is not None:
            counts["place"] += 1
            s = simplified_view(place)
            # an administrative name: Han characters with an administrative ending, no mask,
            # written in the text, and no counter, determiner or verb before its ending
            assert place == "全国" or (_ENDING.search(s) and regex.fullmatch(r"\p{Han}{2,12}", s)), (row["doc"], place)
            assert place in doc.text or place in (doc.title or "") or place_level(place) in ("national", "provincial"), (row["doc"], place)
            assert not regex.search("[个名位届第全本我该各从在是了的]", s[:-1]) or place_level(place) is not None, (row["doc"], place)
        for key in ("year", "year_published"):
            if m.get(key) is not None:
                counts[key] += 1
                assert row["year"] != "n.d." and abs(int(row["year"]) - m[key]) <= 1, (row["doc"], key, m[key], row["year"])
        if m.get("level") is not None:
            counts["level"] += 1
            assert m["level"] == row["level"], (row["doc"], m["level"], row["level"])
    # how many are filled in (30 reports: 16 dev, 14 dev2 that are not blind)
    assert counts["docs"] == 30
    assert counts["place"] >= 18 and counts["year"] >= 9 and counts["year_published"] >= 11 and counts["level"] >= 28, counts
