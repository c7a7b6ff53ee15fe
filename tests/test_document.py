"""Documents: paragraphs, sentences, sections and metadata with exact offsets."""
from __future__ import annotations

import pytest

from summarytext import Corpus, Document

REPORT = """云岭县政协2024年工作总结

2024年，县政协坚持以人民为中心，扎实履职。
一、协商议政提质增效
（一）专题协商。全年召开专题协商会6次！形成报告12篇；提出建议40余条……
1.围绕乡村振兴开展调研
组织委员视察12次?参与委员300余人次
x、加强自身建设
深化委员主题读书活动
如若转载,请注明出处:https://example.com/news/1.html
"""


@pytest.fixture(scope="module")
def doc() -> Document:
    return Document.from_text(REPORT, doc_id="yunling-2024")


def test_meta_and_notices(doc):
    assert doc.title == "云岭县政协2024年工作总结"
    assert doc.meta["year"] == 2024
    assert doc.meta["level"] == "county"
    assert doc.meta["place"] == "云岭县"
    assert doc.meta["notices"] == ["如若转载,请注明出处:https://example.com/news/1.html"]
    assert "转载" not in doc.text
    assert doc.raw == REPORT


def test_paragraphs_are_non_empty_lines_with_offsets(doc):
    expected = [ln.strip() for ln in REPORT.splitlines() if ln.strip()][:-1]  # notice moved to meta
    assert [p.text for p in doc.paragraphs] == expected
    assert [p.index for p in doc.paragraphs] == list(range(len(expected)))
    for p in doc.paragraphs:
        assert doc.text[p.start : p.end] == p.text


def test_sentences_split_and_index_text(doc):
    texts = [s.text for s in doc.sentences]
    assert "全年召开专题协商会6次！" in texts
    assert "形成报告12篇；" in texts
    assert "提出建议40余条……" in texts
    assert "（一）专题协商。" in texts
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
    # sentences cover every non-space character exactly once
    covered = sorted((s.start, s.end) for s in doc.sentences)
    for (a1, b1), (a2, _) in zip(covered, covered[1:]):
        assert b1 <= a2
    assert sum(len(s.text.replace(" ", "")) for s in doc.sentences) == sum(len(p.text.replace(" ", "")) for p in doc.paragraphs)


def test_sections_and_levels(doc):
    titles = [(s.title, s.level) for s in doc.sections]
    assert titles == [
        ("云岭县政协2024年工作总结", 1),
        ("一、协商议政提质增效", 1),
        ("（一）专题协商", 2),
        ("1.围绕乡村振兴开展调研", 3),
        ("x、加强自身建设", 1),
        ("深化委员主题读书活动", 1),
    ]
    one = doc.sections[1]
    assert doc.sections[2].parent == one.index
    assert doc.sections[3].parent == doc.sections[2].index
    # every paragraph belongs to exactly one section
    members = [i for s in doc.sections for i in s.paragraphs]
    assert sorted(members) == list(range(len(doc.paragraphs)))


def test_locate(doc):
    at = doc.text.index("300余人次")
    sentence, paragraph, section = doc.locate(at)
    assert "300余人次" in doc.sentences[sentence].text
    assert "300余人次" in doc.paragraphs[paragraph].text
    assert doc.sections[section].title == "1.围绕乡村振兴开展调研"


def test_from_text_never_splits_and_keeps_each_line():
    text = "目录\n1.甲县政协工作总结 2\n2.乙县政协工作总结 5\n甲县政协工作总结\n正文。"
    d = Document.from_text(text)
    assert len(d.paragraphs) == 5
    assert d.text == text


def test_generated_ids_are_stable_and_distinct():
    a = Document.from_text("立案120件。")
    b = Document.from_text("立案120件。")
    c = Document.from_text("立案121件。")
    assert a.doc_id == b.doc_id != c.doc_id


def test_simplified_script_option():
    d = Document.from_text("澜江省政協2019年工作報告\n全年提案辦理一百件。", script="simplified")
    assert d.text == "澜江省政协2019年工作报告\n全年提案办理一百件。"
    assert d.meta["level"] == "provincial"


def test_corpus_lookup_and_frame():
    corpus = Corpus.from_texts(["青川市政协2023年工作报告\n立案268件。", "桐溪区政协2022年工作总结\n视察12次。"], ids=["qc", "tx"])
    assert corpus["tx"].meta["level"] == "county"
    assert corpus[0].doc_id == "qc"
    assert "qc" in corpus and "zz" not in corpus
    frame = corpus.to_frame()
    assert list(frame["doc_id"]) == ["qc", "tx"]
    assert list(frame["year"]) == [2023, 2022]
    assert {"title", "level", "place", "chars", "paragraphs"} <= set(frame.columns)
    with pytest.raises(KeyError, match="zz"):
        corpus["zz"]
    with pytest.raises(ValueError, match="duplicate"):
        corpus.add(Document.from_text("x", doc_id="qc"))


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("全年立案120件。办复率100%！", ["全年立案120件。", "办复率100%！"]),
        ("“好！”他说。", ["“好！”", "他说。"]),
        ("提出建议40余条……形成报告", ["提出建议40余条……", "形成报告"]),
        ("等等...然后..两点", ["等等...", "然后..两点"]),
        ("（一）专题协商。 二是民主监督；", ["（一）专题协商。", "二是民主监督；"]),
        ("第一句。\n第二句？」\n\n  第三句", ["第一句。", "第二句？」", "第三句"]),
        ("…", ["…"]),
        ("", []),
    ],
)
def test_sentence_table(text, sentences):
    doc = Document.from_text(text, normalize=False)
    assert [s.text for s in doc.sentences] == sentences
    assert [(s.start, s.end) for s in doc.sentences] == [(a, b) for a, b, _ in doc.sentence_offsets]


def test_text_that_is_not_unicode_text_gets_a_clear_error_or_a_repair():
    with pytest.raises(ValueError, match="lone surrogate"):
        Document.from_text("立案\ud800120件。", normalize=False)
    doc = Document.from_text("立案\ud800120件。")
    assert doc.text == "立案\ufffd120件。"


def test_offsets_into_the_text_as_read():
    raw = "政協(xié)委員提交提案２６件。\r\n办复率99%。"
    doc = Document.from_text(raw)
    assert doc.raw is raw and doc.text == "政協委員提交提案26件。\n办复率99%。"
    s = doc.text.index("26件")
    a, b = doc.raw_span(s, s + 3)
    assert raw[a:b] == "２６件"
    s = doc.text.index("办复率")
    a, b = doc.raw_span(s, len(doc.text))
    assert raw[a:b] == "办复率99%。"
    assert [r.kind for r in doc.repairs] == ["gloss", "full_width", "line_end"]
    assert doc.offset_map is doc.offset_map  # built once
    with pytest.raises(ValueError, match="not inside"):
        doc.raw_span(3, 999)


def test_offsets_of_a_clean_text_are_its_own():
    doc = Document.from_text("全年立案268件。\n办复率100%。\n\n来源:青川日报")
    assert doc.meta["notices"] == ["来源:青川日报"]
    assert doc.offset_map.is_identity and doc.repairs == []
    assert doc.raw_span(2, 8) == (2, 8)


def test_offsets_of_a_converted_text():
    raw = "政協委員(xié)提交提案２６件"
    doc = Document.from_text(raw, script="simplified")
    assert doc.text == "政协委员提交提案26件"
    assert doc.raw_span(8, 11) == (13, 16) and raw[13:16] == "２６件"


def test_raw_offsets_of_an_edited_text_are_refused():
    doc = Document("改过的文本", raw="原来的文本")
    with pytest.raises(ValueError, match="not the normalised form"):
        doc.raw_span(0, 2)


def test_simplified_view_is_built_once():
    doc = Document.from_text("政協委員提案辦理")
    assert doc.simplified == "政协委员提案办理" and doc.simplified is doc.simplified
