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
