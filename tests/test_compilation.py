"""Compilations: table of contents, present/missing/truncated documents, nothing lost."""
from __future__ import annotations

import warnings

import pytest

import summarytext as st
from summarytext.compilation import looks_like_compilation

from .conftest import run_score, score_figures, shared_path

COMPILATION = """澜江省政协系统2024年工作材料汇编(3篇)
目录
1.青川市政协2024年工作总结……………2
2.云岭县政协2024年工作总结 7
3.桐溪区政协2024年工作综述 12
青川市政协2024年工作总结
2024年，市政协全年召开专题协商会6次，立案提案268件。
办复率100%。
桐溪区政协2024年工作综述
区政协开展小微协商32场次，收集社情民意信息150条，其中
来源:澜江日报
责任编辑:周敏
"""


def _read(text: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        comp = st.read_compilation(text)
    return comp, [str(w.message) for w in caught]


def test_toc_present_missing_and_truncated():
    comp, messages = _read(COMPILATION)
    toc = comp.toc
    assert list(toc.columns[:4]) == ["index", "title", "page", "present"]
    assert toc["title"].tolist() == ["青川市政协2024年工作总结", "云岭县政协2024年工作总结", "桐溪区政协2024年工作综述"]
    assert toc["page"].tolist() == [2, 7, 12]
    assert toc["present"].tolist() == [True, False, True]
    assert any("entry 2" in m and "missing" in m for m in messages)
    first, third = comp.documents
    assert first.title == "青川市政协2024年工作总结"
    assert first.text == "2024年，市政协全年召开专题协商会6次，立案提案268件。\n办复率100%。"
    assert not first.meta["truncated"]
    assert third.text == "区政协开展小微协商32场次，收集社情民意信息150条，其中"
    assert third.meta["truncated"] is True
    assert third.meta["level"] == "county" and third.meta["place"] == "桐溪区"
    assert comp.missing == [2]


def test_pieces_join_back_into_input():
    comp, _ = _read(COMPILATION)
    assert "".join(p.text for p in comp.pieces) == COMPILATION
    assert comp.preamble == "澜江省政协系统2024年工作材料汇编(3篇)\n"
    assert comp.toc_text.startswith("目录\n1.青川市")
    assert comp.trailer == "来源:澜江日报\n责任编辑:周敏\n"
    assert comp.meta["notices"] == ["来源:澜江日报", "责任编辑:周敏"]
    kinds = [p.kind for p in comp.pieces]
    assert kinds == ["preamble", "toc", "title", "body", "title", "body", "trailer"]


def test_duplicate_titles_are_matched_in_order():
    text = "汇编\n目录\n1.市政协工作总结 2\n2.市政协工作总结 9\n市政协工作总结\n甲文。\n市政协工作总结\n乙文。"
    comp, messages = _read(text)
    assert [d.text for d in comp.documents] == ["甲文。", "乙文。"]
    assert comp.toc["present"].all()
    assert not messages


def test_text_without_toc_is_one_document():
    comp, _ = _read("青川市政协2023年工作报告\n全年立案268件。")
    assert len(comp.documents) == 1
    assert comp.toc.empty and list(comp.toc.columns[:4]) == ["index", "title", "page", "present"]
    assert not looks_like_compilation("全年立案268件。")
    assert looks_like_compilation(COMPILATION)


def test_read_compilation_from_path(tmp_path):
    p = tmp_path / "huibian.txt"
    p.write_bytes(COMPILATION.encode("gb18030"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = st.read_compilation(p)
    assert comp.meta["encoding"] == "gb18030"
    assert [d.doc_id for d in comp.documents] == ["huibian#1", "huibian#3"]
    assert comp.documents[0].source == str(p)


def test_corpus_from_dir_splits_compilations(tmp_files):
    folder = tmp_files({"a.txt": COMPILATION, "b.txt": "云岭县政协2022年工作总结\n视察12次。"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(folder)
        whole = st.Corpus.from_dir(folder, split_compilations=False)
    assert corpus.ids == ["a#1", "a#3", "b"]
    assert whole.ids == ["a", "b"]


@pytest.mark.shared
def test_seed_compilation_scores_every_check():
    shared_path("seeds")
    out = run_score("documents", "--gold", "../shared/gold/seed-documents.jsonl", "--docs", "../shared/seeds")
    assert score_figures(out)["score"] == 1.0, out


def _split(text: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        comp = st.read_compilation(text)
    assert "".join(p.text for p in comp.pieces) == text
    return comp, [str(w.message) for w in caught]


BODIES = "甲县政协2023年工作总结\n全年立案120件。\n乙县政协2023年工作总结\n全年立案80件。"


@pytest.mark.parametrize(
    "toc",
    [
        "目录\n1.甲县政协2023年工作总结……2\n2.乙县政协2023年工作总结……9\n",
        "目录\n（一）甲县政协2023年工作总结……２\n（二）乙县政协2023年工作总结……９\n",
        "目录\n\n1.甲县政协2023年工作总结 2\n\n2.乙县政协2023年工作总结 9\n\n",
        "目錄\n1.甲县政协2023年工作总结 2\n2.乙县政协2023年工作总结 9\n",
        "目录\n1.甲县政协2023年\u200b工作总结 2\n2.乙县政协2023年工作总结 9\n",
        "目录\n一、甲县政协2023年工作总结\n二、乙县政协2023年工作总结\n",
    ],
    ids=["dots", "paren-fullwidth", "blank-lines", "traditional-heading", "zero-width", "no-pages"],
)
def test_table_of_contents_variants(toc):
    comp, messages = _split("汇编\n" + toc + BODIES)
    assert [d.text for d in comp.documents] == ["全年立案120件。", "全年立案80件。"]
    assert comp.toc["present"].tolist() == [True, True]
    assert not any("missing" in m for m in messages)


def test_numbered_body_titles_are_not_taken_for_more_entries():
    text = "汇编\n目录\n1.甲县政协2023年工作总结……2\n2.乙县政协2023年工作总结……9\n1.甲县政协2023年工作总结\n全年立案120件。\n2.乙县政协2023年工作总结\n全年立案80件。"
    comp, _ = _split(text)
    assert len(comp.toc) == 2
    assert [d.text for d in comp.documents] == ["全年立案120件。", "全年立案80件。"]
    numbered = "汇编\n目录\n1.甲县政协2023年工作总结\n2.乙县政协2023年工作总结\n1.甲县政协2023年工作总结\n全年立案120件。\n2.乙县政协2023年工作总结\n全年立案80件。"
    comp2, _ = _split(numbered)
    assert len(comp2.toc) == 2 and [d.text for d in comp2.documents] == ["全年立案120件。", "全年立案80件。"]


def test_traditional_compilation_and_old_mac_line_ends():
    text = "彙編\r目錄\r1.甲縣政協2023年工作總結 2\r2.乙縣政協2023年工作總結 9\r甲縣政協2023年工作總結\r全年立案120件。\r乙縣政協2023年工作總結\r全年立案80件。\r來源：甲縣日報"
    assert looks_like_compilation(text)
    comp, _ = _split(text)
    assert comp.toc["title"].tolist() == ["甲縣政協2023年工作總結", "乙縣政協2023年工作總結"]
    assert [d.meta["year"] for d in comp.documents] == [2023, 2023]
    assert comp.documents[1].text == "全年立案80件。"
    assert comp.trailer.strip() == "來源：甲縣日報"


def test_notice_inside_an_entry_moves_to_meta():
    text = "汇编\n目录\n1.甲县政协工作总结 2\n2.乙县政协工作总结 9\n甲县政协工作总结\n立案120件。\n来源：甲县日报\n乙县政协工作总结\n立案80件。"
    comp, _ = _split(text)
    first = comp.documents[0]
    assert first.text == "立案120件。" and first.meta["notices"] == ["来源：甲县日报"] and not first.meta["truncated"]


def test_titles_that_never_appear_give_one_document_and_a_warning():
    text = "汇编\n目录\n1.丙县政协工作总结 2\n2.丁县政协工作总结 9\n正文没有标题行。\n全年立案80件。"
    comp, messages = _split(text)
    assert [d.text for d in comp.documents] == [text]
    assert comp.toc["present"].tolist() == [False, False]
    assert any("none of the 2" in m for m in messages)


def test_a_path_that_does_not_exist_is_an_error_not_a_text(tmp_path):
    with pytest.raises(st.ReadError, match="no such file"):
        st.read_compilation("huibian-2024.txt")
    with pytest.raises(st.ReadError):
        st.read_compilation(tmp_path / "missing.txt")
