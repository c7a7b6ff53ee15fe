"""Offsets into the text as given: normalisation's map, on random damaged text."""
from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

import summarytext as st
from tests.test_properties import genre_text
from summarytext.normalize import normalize_text, normalize_with_repairs
from summarytext.offsets import OffsetMap

#: damage on top of the genre text of the other properties, with the glosses and full-width
#: digits of reprints and the parentheticals that must stay
DAMAGE = [
    "\r\n", "\r", "\n\n", "<br>", "<b>", "&amp;nbsp;", "&#8220;", "&ldquo;", "\u00a0", "  ", "２６", "９．５",
    "(xie)", "( shāng )", "(ti)", "（lǜ）", "(A类)", "(APP)", "(a)",
]
damaged_text = st_.lists(st_.one_of(genre_text, st_.sampled_from(DAMAGE)), max_size=8).map("".join)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_EDGE = regex.compile(r"[\p{Han}0-9]")


@SETTINGS
@given(damaged_text)
def test_every_span_maps_to_the_text_it_came_from(raw):
    n = normalize_with_repairs(raw)
    text, m = n.text, n.offset_map
    assert text == normalize_text(raw)
    for r in n.repairs:
        assert 0 <= r.start <= r.end <= len(raw) and raw[r.start : r.end] == r.raw
    if not m.is_identity:
        assert len(m.starts) == len(text) + 1
        assert (m.starts[1:] >= m.starts[:-1]).all() and (m.ends[1:] >= m.ends[:-1]).all()
        assert m.starts.min() >= 0 and m.ends.max() <= len(raw)
    # spans inside one line that begin and end on a Han character or a digit: the text they
    # came from normalises to exactly them
    edges = [i for i, ch in enumerate(text) if _EDGE.match(ch)]
    for i in edges[:40]:
        for j in edges:
            if j < i:
                continue
            if "\n" in text[i : j + 1]:
                break
            a, b = m.span(i, j + 1)
            assert normalize_text(raw[a:b]) == text[i : j + 1], (i, j, raw[a:b])


@SETTINGS
@given(damaged_text)
def test_the_document_map_is_the_normalisation_map(raw):
    doc = st.Document.from_text(raw)
    for s, e in doc.paragraph_offsets:
        a, b = doc.raw_span(s, e)
        assert normalize_text(raw[a:b]).replace("\n", "") == doc.text[s:e].replace("\n", "")


def test_map_of_several_passes():
    # "ab&amp;c\r\nd" -> "ab&c\r\nd" -> "ab&c\nd"
    m = OffsetMap.from_edits(12, [(2, 7, "&")]).then([(4, 6, "\n")])
    assert m.span(0, 4) == (0, 8)  # "ab&c"
    assert m.span(5, 6) == (10, 11)  # "d"
    assert m.span(2, 3) == (2, 7)  # "&" is all of "&amp;"
    starts, ends = m.spans([0, 5, 3], [2, 6, 3])
    assert starts.tolist() == [0, 10, 7] and ends.tolist() == [2, 11, 7]


THEME_WORDS = ["专题协商会", "有事来协商", "书香政协", "读书活动", "提案", "办复率", "社情民意信息", "乡村振兴", "民主监督"]
themed_text = st_.lists(
    st_.one_of(st_.sampled_from(THEME_WORDS), st_.sampled_from(DAMAGE), genre_text), max_size=12
).map("".join)


@SETTINGS
@given(themed_text)
def test_theme_spans_index_the_callers_string(raw):
    df = st.tag_themes(raw)
    for row in df.itertuples():
        assert raw[row.start : row.end] == row.strongest
        # the span holds the strongest word and nothing else but repaired damage
        assert normalize_text(raw[row.start : row.end]) == row.evidence.split("、")[0]
    doc = st.Document.from_text(raw)
    for row in st.tag_themes(doc).itertuples():
        assert doc.text[row.start : row.end] == row.strongest


def test_themes_of_a_damaged_string():
    raw = "县政协召开专题协(xie)商会。\r\n全年收到提（tí）案１２０件，办复率100%。"
    df = st.tag_themes(raw)
    assert df["theme"].tolist() == ["专题协商", "提案工作"]
    assert [raw[s:e] for s, e in zip(df["start"], df["end"])] == ["专题协(xie)商会", "提（tí）案"]
    assert df["strongest"].tolist() == ["专题协(xie)商会", "提（tí）案"]
    assert df["evidence"].tolist() == ["专题协商会", "提案、办复率"]
    # for a Document, spans index its normalised text
    doc = st.Document.from_text(raw)
    df = st.tag_themes(doc)
    assert [doc.text[s:e] for s, e in zip(df["start"], df["end"])] == ["专题协商会", "提案"]


def test_passages_of_damaged_strings():
    from summarytext.passages import boilerplate, shared_passages

    common = "县政协围绕营商环境开展民主监督，提出意见建议２０条，推动问题整改落实。"
    a = "甲县政协工作。\r\n" + common.replace("民主", "民(min)主") + "\r\n其他。"
    b = "乙县另有安排。\n" + common
    c = "丙县。" + common
    df = shared_passages([a, b], min_chars=10)
    assert len(df) == 1
    row = df.iloc[0]
    assert a[row.start_a : row.end_a] == row.text_a and "民(min)主" in row.text_a
    assert b[row.start_b : row.end_b] == row.text_b
    table = boilerplate([a, b, c], min_documents=3)
    texts = {"doc0": a, "doc1": b, "doc2": c}
    for row in table.itertuples():
        given = texts[row.doc_id][row.start : row.end]
        assert normalize_text(given) == row.passage
    assert len(table) >= 1


@SETTINGS
@given(damaged_text)
def test_metric_spans_index_the_callers_string(raw):
    df = st.extract_metrics(raw)
    doc = st.Document.from_text(raw)
    ref = st.extract_metrics(doc)
    assert len(df) == len(ref)
    for row, same in zip(df.itertuples(), ref.itertuples()):
        assert raw[row.start : row.end] == row.text
        assert doc.text[same.start : same.end] == same.text
        assert normalize_text(row.text) == same.text  # the same words, as written
        assert doc.raw_span(same.start, same.end) == (row.start, row.end)


def test_metrics_of_a_damaged_string():
    raw = "提案\r\n立案26件"
    df = st.extract_metrics(raw)
    assert [(raw[s:e], t) for s, e, t in zip(df["start"], df["end"], df["text"])] == [("26件", "26件")]
    raw = "收到提(ti)案３２６件，协(xie)商(shang)议政活动１２次。"
    df = st.extract_metrics(raw)
    assert df["text"].tolist() == ["３２６件", "１２次"]
    assert df["value"].tolist() == [326.0, 12.0]
    assert df["category"].tolist() == ["proposal", "activity"]
    assert [raw[s:e] for s, e in zip(df["start"], df["end"])] == ["３２６件", "１２次"]


def test_spans_of_a_string_converted_to_simplified_script():
    raw = "全國政協(xié)委員提交提案２６件。\r\n開展讀書活動。"
    metrics = st.extract_metrics(raw, script="simplified")
    assert [raw[s:e] for s, e in zip(metrics["start"], metrics["end"])] == metrics["text"].tolist() == ["２６件"]
    themes = st.tag_themes(raw, script="simplified")
    assert [raw[s:e] for s, e in zip(themes["start"], themes["end"])] == themes["strongest"].tolist()
    assert "讀書活動" in themes["strongest"].tolist()


# --- review findings: every entry point, odd strings, words the view maps ------------------------

def test_dask_text_columns_give_spans_in_the_callers_strings():
    pytest.importorskip("dask.dataframe")
    import dask.dataframe as dd
    import pandas as pd

    import summarytext.dask as sd

    raw = "提案\r\n立案26件，收到提(ti)案３２６件"
    frame = dd.from_pandas(pd.DataFrame({"doc_id": ["a"], "text": [raw]}), npartitions=1)
    m = sd.metrics_frame(frame).compute()
    assert [raw[s:e] for s, e in zip(m["start"], m["end"])] == ["26件", "３２６件"]
    t = sd.themes_frame(frame).compute()
    assert [raw[s:e] for s, e in zip(t["start"], t["end"])] == t["strongest"].tolist()


@pytest.mark.parametrize("text, expected", [("~约300人参加", ["约300人"]), ("/", []), ("./", []), (".", []), ("~", [])])
def test_strings_of_punctuation_or_a_tilde_are_text(text, expected):
    df = st.extract_metrics(text)
    assert list(df.columns) == list(st.extract_metrics("立案26件").columns)
    assert [text[s:e] for s, e in zip(df["start"], df["end"])] == df["text"].tolist() == expected


def test_terms_holding_a_word_the_view_maps_hold_in_both_scripts():
    from summarytext.segment import Segmenter

    seg = Segmenter(user_words=["答覆件数"])
    assert "答覆件数" in seg.cut("委员答覆件数") and "答覆件数" in seg.cut("委員答覆件数")
    lex = st.ThemeLexicon.default().with_theme("统计", keywords={"答覆件数": 2})
    assert "统计" in set(st.tag_themes("统计答覆件数", lexicon=lex)["theme"])
    assert "统计" in set(st.tag_themes("統計答覆件数", lexicon=lex)["theme"])


def test_simplified_words_are_not_rewritten_in_a_traditional_text():
    from summarytext.normalize import simplified_view

    assert simplified_view("政協：打坏了一台机器") == "政协：打坏了一台机器"
    assert simplified_view("沈思明委員發言") == "沈思明委员发言"


def test_offset_maps_refuse_spans_outside_the_text():
    from summarytext.offsets import OffsetMap

    with pytest.raises(ValueError, match="not within the text"):
        OffsetMap.from_edits(5, [(1, 3, "")]).span(-1, 2)
    with pytest.raises(ValueError, match="within the text"):
        OffsetMap.identity(5).spans([3], [2])
