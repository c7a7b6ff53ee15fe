"""Hostile .docx files: zip bombs, false sizes and oversized parts are refused before they are
inflated, with the reason, and a folder holding one still gives results for its other files.
Every archive is built here, in the test."""
from __future__ import annotations

import io
import struct
import tracemalloc
import warnings
import zipfile

import pytest

import summarytext as st
from summarytext import io as sio
from summarytext.errors import ReadError

REPORT = "云岭县政协2024年工作总结\n全年收到提案186件，立案172件，办复率100%。\n"


def _docx(text: str = REPORT, *, paragraphs: int = 0) -> bytes:
    """A real .docx of ``text``; with ``paragraphs``, its body repeats a paragraph that many
    times (it compresses several hundred times over, as a zip bomb does)."""
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    if not paragraphs:
        return buf.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    xml = source.read("word/document.xml").decode("utf-8")
    head, tail = xml.split("<w:body>", 1)
    filler = "<w:p><w:r><w:t>全年收到提案186件，立案172件，办复率100%。</w:t></w:r></w:p>" * paragraphs
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            body = head + "<w:body>" + filler + tail if info.filename == "word/document.xml" else source.read(info.filename)
            z.writestr(info.filename, body)
    return out.getvalue()


def _peak(func) -> tuple[object, int]:
    tracemalloc.start()
    try:
        try:
            result: object = func()
        except ReadError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_docx(paragraphs=100_000))  # 9 MB of XML in about 32 KB
    info = zipfile.ZipFile(bomb).getinfo("word/document.xml")
    assert info.file_size > 250 * info.compress_size
    error, peak = _peak(lambda: sio.read_file(bomb))
    assert isinstance(error, ReadError) and error.path == str(bomb)
    assert "zip bomb" in error.reason and "word/document.xml" in error.reason and "limit is 100 times" in error.reason
    assert peak < info.file_size / 4, peak  # never inflated


def test_a_member_whose_stated_size_is_false_is_not_inflated_past_it(tmp_path):
    data = bytearray(_docx(paragraphs=60_000))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    # state a size that passes every limit, in the local header and the central directory alike
    stated = info.compress_size * 20
    data = bytes(data).replace(struct.pack("<I", info.file_size), struct.pack("<I", stated))
    liar = tmp_path / "liar.docx"
    liar.write_bytes(data)
    assert zipfile.ZipFile(liar).getinfo("word/document.xml").file_size == stated
    error, peak = _peak(lambda: sio.read_file(liar))
    assert isinstance(error, ReadError) and "corrupt .docx" in error.reason and "stated size" in error.reason
    assert peak < info.file_size / 2, (peak, info.file_size)


def test_parts_over_the_size_limits_are_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.docx"
    big.write_bytes(_docx(REPORT * 300))
    assert "186件" in sio.read_file(big).text
    monkeypatch.setattr(sio, "DOCX_MAX_XML_BYTES", 20_000)
    with pytest.raises(ReadError, match=r"too large to read: word/document.xml is .* uncompressed \(the limit is 19.5 KB\)"):
        sio.read_file(big)
    monkeypatch.setattr(sio, "DOCX_MAX_XML_BYTES", 32 << 20)
    monkeypatch.setattr(sio, "DOCX_MAX_TOTAL_BYTES", 50_000)
    with pytest.raises(ReadError, match="parts come to more than"):
        sio.read_file(big)


def test_an_encrypted_or_unknown_member_is_a_clear_error(tmp_path):
    data = bytearray(_docx())
    # flag every member as encrypted (bit 0 of the flags, in local and central headers)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(sig, start)) >= 0:
            data[start + offset] |= 1
            start += 4
    locked = tmp_path / "locked.docx"
    locked.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="cannot read .docx file .*encrypted"):
        sio.read_file(locked)


def test_a_folder_holding_a_bomb_gives_results_for_its_other_files(tmp_path):
    (tmp_path / "a-bomb.docx").write_bytes(_docx(paragraphs=100_000))
    (tmp_path / "b-report.docx").write_bytes(_docx())
    (tmp_path / "c-report.txt").write_text(REPORT.replace("云岭", "青川"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(tmp_path)
        metrics = st.extract_metrics(corpus)
    assert corpus.ids == ["b-report", "c-report"]
    assert [(s.path.rsplit("/", 1)[-1], "zip bomb" in s.reason) for s in corpus.skipped] == [("a-bomb.docx", True)]
    assert sorted(set(metrics.doc_id)) == ["b-report", "c-report"] and len(metrics) == 6
