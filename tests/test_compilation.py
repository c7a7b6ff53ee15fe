"""Compilations: table of contents, present/missing/truncated documents, nothing lost."""
from __future__ import annotations

import warnings

import pytest

import summarytext as st
from summarytext.compilation import looks_like_compilation

from .conftest import score_gold

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
    assert [str(w.message) for w in caught] == []  # what the input lacks is a problem on record, not a warning
    return comp, comp.problems


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
    figures, out = score_gold("documents", "seed-documents.jsonl", "seeds")
    assert figures["score"] == 1.0, out


def _split(text: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        comp = st.read_compilation(text)
    assert "".join(p.text for p in comp.pieces) == text
    assert [str(w.message) for w in caught] == []  # what the input lacks is a problem on record, not a warning
    return comp, comp.problems


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


def test_titles_that_never_appear_give_one_document_and_a_problem_on_record():
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


# --------------------------------------------------------------------------------------------
# tables of contents of any length and script; entries that cannot be read are reported


def _entries_body(titles: list[str]) -> str:
    return "".join(f"{t}\n全年开展协商活动{i + 3}次，立案{i + 20}件。\n" for i, t in enumerate(titles))


def test_long_and_non_chinese_titles_are_entries_like_any_other():
    long_title = "关于" + "深入推进基层协商民主建设与委员履职能力提升" * 7 + "的报告"
    titles = ["青川市政协2024年工作总结", long_title, "Annual Report of the Lanjiang Committee", "云岭县政协2024年工作总结"]
    assert len(long_title) > 122
    text = "汇编\n目录\n" + "".join(f"{i + 1}.{t}……{2 + 5 * i}\n" for i, t in enumerate(titles)) + _entries_body(titles)
    comp, messages = _read(text)
    assert comp.toc["title"].tolist() == titles and comp.toc["page"].tolist() == [2, 7, 12, 17]
    assert [d.title for d in comp.documents] == titles and not messages
    assert [d.text for d in comp.documents][1:3] == ["全年开展协商活动4次，立案21件。", "全年开展协商活动5次，立案22件。"]


def test_an_entry_without_its_page_number_is_reported_not_merged():
    titles = ["青川市政协2024年工作总结", "云岭县政协2024年工作总结", "桐溪区政协2024年工作综述"]
    toc = f"1.{titles[0]} 2\n2.{titles[1]}\n3.{titles[2]} 12\n"
    comp, messages = _read("汇编\n目录\n" + toc + _entries_body(titles))
    assert len(comp.documents) == 3 and comp.toc["page"].tolist()[::2] == [2, 12]
    assert comp.documents[0].text == "全年开展协商活动3次，立案20件。"  # not merged with the second
    problem = [m for m in messages if "could not be read as an entry" in m]
    assert len(problem) == 1 and "line 4" in problem[0] and "entry 2" in problem[0]
    assert comp.meta["toc_problems"] == [problem[0].split(": ", 1)[1]]


def test_an_unnumbered_entry_without_its_page_number_is_reported_when_the_table_goes_on():
    titles = ["青川市政协2024年工作总结", "云岭县政协2024年工作总结", "桐溪区政协2024年工作综述"]
    toc = f"{titles[0]} 2\n{titles[1]}\n{titles[2]} 12\n"
    comp, messages = _read("汇编\n目录\n" + toc + _entries_body(titles))
    assert len(comp.documents) == 3 and any("could not be read as an entry" in m for m in messages)


def test_entries_after_the_end_of_the_table_are_reported():
    titles = ["青川市政协2024年工作总结", "云岭县政协2024年工作总结"]
    toc = f"1.{titles[0]} 2\n2.{titles[1]} 7\n（附：委员名单，另册印发。）\n3.桐溪区政协2024年工作综述 12\n"
    comp, messages = _read("汇编\n目录\n" + toc + _entries_body(titles + ["桐溪区政协2024年工作综述"]))
    assert len(comp.toc) == 2
    stray = [m for m in messages if "reads as a table-of-contents entry" in m]
    assert len(stray) == 1 and "line 6" in stray[0] and "line 5" in stray[0]


def _split_seconds(n: int, *, present: bool) -> float:
    import time

    toc = "".join(f"{i}.第{i}号县政协工作总结 {i % 900 + 1}\n" for i in range(1, n + 1))
    if present:
        body = "".join(f"第{i}号县政协工作总结\n全年立案{i}件。\n" for i in range(1, n + 1, 2))
    else:
        body = "第1号县政协工作总结\n" + "".join(f"全年立案{i}件，办复率百分之百。\n" for i in range(n))
    text = "汇编\n目录\n" + toc + body
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = st.read_compilation(text)
    seconds = time.process_time() - start
    assert len(comp.toc) == n and len(comp.missing) == (n // 2 if present else n - 1)
    return seconds


@pytest.mark.parametrize("present", [False, True], ids=["missing", "half-present"])
def test_splitting_grows_linearly_with_entries_and_body_lines(present):
    # every listed title is looked for once in an index of the body lines: 8x the entries and
    # lines take about 8x the time (looking each up line by line took 64x)
    _split_seconds(100, present=present)
    small = min(_split_seconds(250, present=present) for _ in range(2))
    large = min(_split_seconds(2_000, present=present) for _ in range(2))
    assert large < 24 * small, (small, large)


@pytest.mark.parametrize("line", ["1." + "…" * 20_000 + "2", "甲" + " " * 20_000 + "3", "1." + "-" * 20_000, "目" * 20_000 + " 12"])
def test_table_of_contents_lines_are_read_in_linear_time(line):
    import time

    from summarytext.compilation import _toc_line

    def run(n: int) -> float:
        s = line[:2] + line[2:-2][: n] + line[-2:]
        start = time.process_time()
        for _ in range(20):
            _toc_line(s)
        return time.process_time() - start

    small = min(run(2_000) for _ in range(3))
    large = min(run(16_000) for _ in range(3))
    assert large < 24 * max(small, 1e-5), (small, large)
