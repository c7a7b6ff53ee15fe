"""Reading files: encodings, .docx, and bad input with clear errors."""
from __future__ import annotations

import codecs
import io
import zipfile

import pytest

import summarytext as st
from summarytext.errors import ReadError
from summarytext.io import decode_bytes, read_file

REPORT = "桐溪区政协2022年工作总结\n全年共收到提案186件，经审查立案172件，办复率100%。\n组织委员视察12次，参与委员300余人次。"


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("utf-16"), "utf-16"),  # with BOM
        (REPORT.encode("utf-16-le"), "utf-16-le"),  # without BOM
        (REPORT.encode("utf-16-be"), "utf-16-be"),
        ("桐溪區政協提案辦理情況，全年立案一百七十二件，辦復率百分之百。".encode("big5"), "big5"),
    ],
)
def test_encodings_are_detected_and_reported(encoded, encoding, tmp_path):
    p = tmp_path / "report.txt"
    p.write_bytes(encoded)
    result = read_file(p)
    assert result.encoding == encoding
    assert result.text == encoded.decode(encoding)
    assert "\x00" not in result.text


def test_read_text_gives_document_with_encoding_and_meta(tmp_path):
    p = tmp_path / "tongxi-2022.txt"
    p.write_bytes(REPORT.encode("gb18030"))
    doc = st.read_text(p)
    assert doc.meta["encoding"] == "gb18030"
    assert doc.doc_id == "tongxi-2022"
    assert doc.title == "桐溪区政协2022年工作总结"
    assert doc.meta["year"] == 2022 and doc.meta["level"] == "county" and doc.meta["place"] == "桐溪区"
    assert doc.source == str(p)
    assert doc.raw == REPORT


def test_gb18030_with_wrong_extension_is_read(tmp_path):
    p = tmp_path / "report.md"
    p.write_bytes(REPORT.encode("gb18030"))
    assert read_file(p).text == REPORT


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 8, "binary"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
    ],
)
def test_unreadable_files_raise_clear_errors(content, message, tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert str(p) in str(info.value)
    assert message.lower() in str(info.value).lower()


def test_missing_file_and_folder_errors(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="folder"):
        read_file(tmp_path)


def test_truncated_utf8_keeps_text_and_warns(tmp_path):
    data = REPORT.encode("utf-8")[:-2]  # cut inside the last character
    p = tmp_path / "cut.txt"
    p.write_bytes(data)
    result = read_file(p)
    assert result.encoding == "utf-8"
    assert result.text.endswith("\ufffd")
    assert result.text[:-1] == REPORT[:-1]
    assert any("truncated" in w for w in result.warnings)


def _make_docx(paragraphs, table=None) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(paragraphs[0], level=1)
    for para in paragraphs[1:]:
        d.add_paragraph(para)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables(tmp_path):
    p = tmp_path / "report.docx"
    p.write_bytes(_make_docx(["青川市政协2022年工作报告", "全年立案268件。", "办复率99.6%。"], table=[["项目", "数量"], ["视察", "12次"]]))
    result = read_file(p)
    assert result.encoding == "docx"
    assert result.text.split("\n") == ["青川市政协2022年工作报告", "全年立案268件。", "办复率99.6%。", "项目\t数量", "视察\t12次"]
    doc = st.read_text(p)
    assert doc.title == "青川市政协2022年工作报告" and doc.meta["year"] == 2022


def test_corrupt_docx_raises(tmp_path):
    good = _make_docx(["标题", "正文。"])
    p = tmp_path / "broken.docx"
    p.write_bytes(good[: len(good) // 2])
    with pytest.raises(ReadError, match="corrupt|not a valid"):
        read_file(p)
    q = tmp_path / "notzip.docx"
    q.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(ReadError, match="not a valid .docx"):
        read_file(q)
    r = tmp_path / "nodoc.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    r.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="corrupt"):
        read_file(r)


def test_docx_that_is_really_html(tmp_path):
    p = tmp_path / "saved-from-web.docx"
    p.write_bytes("<html><body><p>云岭县政协</p><p>立案120件&nbsp;办复率100%</p></body></html>".encode("utf-8"))
    result = read_file(p)
    assert result.kind == "html"
    assert any("HTML" in w for w in result.warnings)
    doc = st.read_text(p)
    assert "立案120件 办复率100%" in doc.text
    assert "<p>" not in doc.text


def test_decode_bytes_reports_utf8():
    assert decode_bytes("小微协商".encode()) == ("小微协商", "utf-8", [])
