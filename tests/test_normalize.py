"""Normalisation: scraping damage repaired, nothing lost, masked digits kept."""
from __future__ import annotations

import pytest

from summarytext.normalize import convert_script, is_notice, looks_traditional, normalize_text, simplified_view, split_notices


@pytest.mark.parametrize(
    "raw, expected",
    [
        # full-width digits, letters and percent to half-width
        ("立案２６８件，办复率９９．８４％", "立案268件，办复率99.84%"),
        ("ＡＰＰ上线", "APP上线"),
        # line ends unified, trailing spaces stripped
        ("第一行  \r\n第二行\u3000\r第三行\t", "第一行\n第二行\n第三行"),
        # a lone ?? is a lost ellipsis or dash
        ("“挖掘外贸新增量”??2023年10月", "“挖掘外贸新增量”……2023年10月"),
        ("协调解决企业发展问题30多个??", "协调解决企业发展问题30多个……"),
        # but not three question marks, nor a Latin word's question
        ("真的吗???", "真的吗???"),
        ("what??", "what??"),
        # HTML tags and entities
        ("<p>云岭县政协</p><p>立案&nbsp;120件&amp;办复</p>", "云岭县政协\n立案 120件&办复"),
        ("第一段<br/>第二段<br>第三段", "第一段\n第二段\n第三段"),
        ("&ldquo;有事来协商&rdquo;", "“有事来协商”"),
        ("&amp;nbsp;", "\u0020".strip()),
        # pinyin glosses left by bad conversions
        ("全國政協(xié)委員，工作創(chuàng)新", "全國政協委員，工作創新"),
        # masked digits are kept exactly
        ("开展xxx场次，增长x.x%，共＊＊件，××名，**件", "开展xxx场次，增长x.x%，共＊＊件，××名，**件"),
        # zero-width characters and BOM removed
        ("\ufeff社情\u200b民意", "社情民意"),
    ],
)
def test_normalize_table(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_is_idempotent_on_damage():
    raw = "<div>标题&amp;amp;</div>\r\n开展活动１２场次??  \n\n\n办复率９９．８４％ \n"
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_script_conversion():
    assert normalize_text("政協提案辦理，共計三十萬元", script="simplified") == "政协提案办理，共计三十万元"
    assert convert_script("政协委员", "traditional") == "政協委員"
    with pytest.raises(ValueError, match="script"):
        normalize_text("x", script="klingon")


def test_looks_traditional():
    assert looks_traditional("這些提案已經送交一百六十六個承辦單位辦理")
    assert not looks_traditional("这些提案已经送交一百六十六个承办单位办理")
    assert not looks_traditional("")


@pytest.mark.parametrize(
    "line, notice",
    [
        ("如若转载,请注明出处:https://www.example.com/1.html", True),
        ("来源:青川日报", True),
        ("责任编辑：王芳", True),
        ("版权所有 © 云岭县政协", True),
        ("https://www.example.com/a/123.html", True),
        ("全年收集社情民意信息356条。", False),
        ("来源广泛的委员提案得到重视。", False),
    ],
)
def test_notice_lines(line, notice):
    assert is_notice(line) is notice


def test_split_notices_keeps_everything():
    text = "正文第一段。\n正文第二段。\n\n来源:青川日报\n责任编辑:李明\n"
    body, notices = split_notices(text)
    assert body == "正文第一段。\n正文第二段。"
    assert notices == ["来源:青川日报", "责任编辑:李明"]
    # a notice in the middle stays in the body
    body2, notices2 = split_notices("来源:青川日报\n正文。")
    assert body2 == "来源:青川日报\n正文。" and notices2 == []


def test_normalize_rejects_non_text():
    with pytest.raises(TypeError):
        normalize_text(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, view",
    [
        ("政協委員提案辦理", "政协委员提案办理"),
        ("政协委员", "政协委员"),  # nothing to map
        ("𠀀政協\U0002a6a5委員", "𠀀政协\U0002a6a5委员"),  # characters beyond the BMP keep their place
        ("ＡＢ政協", "ＡＢ政协"),
        ("", ""),
        ("abc 123", "abc 123"),
    ],
)
def test_simplified_view_maps_one_to_one(text, view):
    out = simplified_view(text)
    assert out == view and len(out) == len(text)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("立案&#65297;&#65298;件", "立案12件"),  # full-width digits that only an entity gives
        ("委员&#8203;提案", "委员提案"),  # an invisible character that only an entity gives
        ("甲\u2028乙\r\n丙\u00a0丁", "甲\n乙\n丙 丁"),
        ("普通的一行。", "普通的一行。"),  # nothing to repair: returned as it is
    ],
)
def test_repairs_after_entities_are_decoded(raw, clean):
    assert normalize_text(raw) == clean


def test_lone_surrogates_become_replacement_characters():
    # not text (they cannot be written in UTF-8): one U+FFFD each, offsets kept, never merged
    assert normalize_text("甲\ud800乙\udfff") == "甲\ufffd乙\ufffd"
    assert normalize_text("\ud83d\u200b\ude00這") == "\ufffd\ufffd這"
    assert simplified_view("\ud83d\ude00這") == "\ud83d\ude00这"


@pytest.mark.parametrize(
    "raw, clean",
    [
        # toned and toneless glosses, stray spaces, full-width parentheses, runs of them
        ("全國政協(xié)委員", "全國政協委員"),
        ("收到提(ti)案326件，协(xie)商(shang)议政", "收到提案326件，协商议政"),
        ("政協( xié )委員，提( ti)案", "政協委員，提案"),
        ("委员（lǚ）职", "委员职"),
        ("绿(lv)色发展", "绿色发展"),
        ("政协(zhèng)(xié)(APP)上线", "政协(APP)上线"),
        # genuine parentheticals stay
        ("已解决的(A类)22件", "已解决的(A类)22件"),
        ("政协(APP)上线，重症(ICU)床位", "政协(APP)上线，重症(ICU)床位"),
        ("工作报告(2023)", "工作报告(2023)"),
        ("提交提案186件(含集体提案)", "提交提案186件(含集体提案)"),
        ("管理办法(试行)", "管理办法(试行)"),
        ("移动端(app)", "移动端(app)"),  # letters, but no syllable
        ("附件(a)", "附件(a)"),  # a toneless single vowel reads as a list marker
        ("名单(Xie)", "名单(Xie)"),  # glosses are lower case
        ("ABC(xie)", "ABC(xie)"),  # only after a Han character
        ("协商(xiéshāng)", "协商(xiéshāng)"),  # two syllables: not one gloss
        ("协(xǐé)商", "协(xǐé)商"),  # two tone marks: not a syllable
    ],
)
def test_pinyin_glosses_only_when_the_parenthesis_holds_a_syllable(raw, clean):
    assert normalize_text(raw) == clean


def test_syllable_table_is_the_whole_inventory():
    from summarytext.normalize import pinyin_syllables

    table = pinyin_syllables()
    assert 400 <= len(table) <= 430
    assert {"zhuang", "chuang", "shuang", "lüe", "nü", "er", "a", "ou", "xie"} <= table
    assert not {"app", "icu", "v", "ba1", "zhen g", "ti "} & table
    assert all(s.isalpha() and s.islower() for s in table)


def test_repairs_are_recorded_with_their_place_in_the_input():
    from summarytext.normalize import normalize_with_repairs

    raw = "<p>政協(xié)委員\u200b提交提案２６件&amp;</p>\r\n办复率9９．5%  \r\n"
    n = normalize_with_repairs(raw)
    assert n.text == normalize_text(raw) == "政協委員提交提案26件&\n办复率99.5%"
    kinds = [r.kind for r in n.repairs]
    assert {"html_tag", "gloss", "invisible", "full_width", "html_entity", "line_end", "decimal_point", "trailing_space"} <= set(kinds)
    for r in n.repairs:
        assert raw[r.start : r.end] == r.raw
    gloss = next(r for r in n.repairs if r.kind == "gloss")
    assert (gloss.raw, gloss.text) == ("(xié)", "")
    assert [r.start for r in n.repairs] == sorted(r.start for r in n.repairs)
    # spans of the normalised text map back to what they came from
    s = n.text.index("26件")
    a, b = n.offset_map.span(s, s + 3)
    assert raw[a:b] == "２６件"
    s = n.text.index("政協委員")
    a, b = n.offset_map.span(s, s + 4)
    assert raw[a:b] == "政協(xié)委員"
    a, b = n.offset_map.span(0, 2)
    assert raw[a:b] == "政協"  # the gloss after a span is not part of it
    s = n.text.index("99.5%")
    a, b = n.offset_map.span(s, s + 5)
    assert raw[a:b] == "9９．5%"


def test_nothing_to_repair_gives_no_repairs_and_an_identity_map():
    from summarytext.normalize import normalize_with_repairs

    n = normalize_with_repairs("全年立案268件。\n办复率100%。")
    assert n.repairs == [] and n.offset_map.is_identity


def test_script_conversion_is_in_the_map_but_not_a_repair():
    from summarytext.normalize import normalize_with_repairs

    n = normalize_with_repairs("政協委員(xié)提案２件", script="simplified")
    assert n.text == "政协委员提案2件"
    assert [r.kind for r in n.repairs] == ["gloss", "full_width"]
    assert n.offset_map.span(4, 7) == (9, 12)


@pytest.mark.parametrize(
    "text, view",
    [
        ("辦理答覆", "办理答复"),  # 覆 is simplified too, but 答覆 is 答复
        ("回覆委員", "回复委员"),
        ("瞭解情況", "了解情况"),
        ("乾隆年間", "乾隆年间"),  # 乾 of a name stays
        ("乾淨", "干净"),
        ("覆盖全县", "覆盖全县"),  # simplified text: nothing changes
    ],
)
def test_simplified_view_maps_words_whose_characters_mislead(text, view):
    assert simplified_view(text) == view


def test_the_character_table_of_the_simplified_view_is_opencc_character_by_character():
    # data/t2s_characters.tsv stands in for OpenCC in the simplified view; it must say what
    # OpenCC's t2s says of each character alone, where that is one BMP character (offsets kept)
    opencc = pytest.importorskip("opencc")
    chars = [chr(c) for c in range(0x2E80, 0x10000) if not 0xD800 <= c < 0xE000 and c != 0xFFFF]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    expected = {a: b for a, b in zip(chars, converted) if len(b) == 1 and ord(b) < 0x10000 and b != a}
    view = simplified_view("".join(chars))
    got = {a: b for a, b in zip(chars, view) if a != b}
    # phrases of script_phrases.tsv do not occur in a run of single characters in code-point order
    assert got == expected
