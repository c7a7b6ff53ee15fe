"""Faults a night run over thousands of files meets: each has a documented outcome, nothing is lost."""
from __future__ import annotations

import codecs
import hashlib
import io
import threading
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import summarytext as st
from summarytext import io as sio
from summarytext.cli import main

REPORT = "云岭县政协2024年工作总结\n全年收到提案186件，立案172件，办复率100%。\n组织委员视察12次，参与委员300余人次。\n"


def _docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# file -> expected outcome: ("read", encoding) or ("skipped", words of the reason)
FAULTS = {
    "utf8.txt": (REPORT.encode("utf-8"), ("read", "utf-8")),
    "bom.txt": (codecs.BOM_UTF8 + REPORT.encode("utf-8"), ("read", "utf-8-sig")),
    "gbk-named-md.md": (REPORT.encode("gb18030"), ("read", "gb18030")),
    "utf16-no-bom.txt": (REPORT.encode("utf-16-le"), ("read", "utf-16-le")),
    "utf16-bom.txt": (REPORT.encode("utf-16"), ("read", "utf-16")),
    "truncated-utf8.txt": (REPORT.encode("utf-8")[:-2], ("read", "utf-8")),
    "real.docx": (_docx_bytes(REPORT), ("read", "docx")),
    "html-saved-as.docx": (("<html><body><p>" + REPORT.replace("\n", "</p><p>") + "</p></body></html>").encode("utf-8"), ("read", "html/utf-8")),
    "empty.txt": (b"", ("skipped", "empty")),
    "blank.txt": (b"\n\n  \n", ("skipped", "empty")),
    "binary.txt": (bytes(range(256)) * 16, ("skipped", "binary")),
    "pdf-renamed.txt": (b"%PDF-1.4\n" + bytes(200), ("skipped", "PDF")),
    "corrupt.docx": (_docx_bytes(REPORT)[:900], ("skipped", "corrupt")),
    "zip-not-docx.docx": (b"PK\x03\x04" + bytes(60), ("skipped", "corrupt")),
}


def _folder(tmp_path: Path) -> Path:
    for name, (content, _) in FAULTS.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def test_every_file_fault_has_its_documented_outcome(tmp_path):
    folder = _folder(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(folder)
    read = {Path(d.source).name: d.meta["encoding"] for d in corpus}
    skipped = {Path(s.path).name: s.reason for s in corpus.skipped}
    for name, (_, (outcome, detail)) in FAULTS.items():
        if outcome == "read":
            assert read.get(name) == detail, (name, read.get(name), skipped.get(name))
            doc = next(d for d in corpus if Path(d.source).name == name)
            assert "186件" in doc.text
        else:
            assert name in skipped, name
            assert detail.lower() in skipped[name].lower(), (name, skipped[name])
    assert len(read) + len(skipped) == len(FAULTS)


def test_input_files_are_never_modified(tmp_path):
    folder = _folder(tmp_path)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    out = tmp_path.parent / (tmp_path.name + "-out")
    result = CliRunner().invoke(main, ["metrics", "-q", str(folder), "-o", str(out / "m.csv")])
    assert result.exit_code == 0, result.output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        st.extract_metrics(st.Corpus.from_dir(folder))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert before == after


def test_interrupted_table_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import pandas as pd

    from summarytext.cli import write_table

    target = tmp_path / "metrics.csv"
    target.write_text("old complete table\n", encoding="utf-8")

    def boom(self, *args, **kwargs):
        Path(args[0]).write_text("half a ta", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(KeyboardInterrupt):
        write_table(pd.DataFrame({"a": [1]}), str(target))
    assert target.read_text(encoding="utf-8") == "old complete table\n"
    assert list(tmp_path.iterdir()) == [target]


def test_large_text_file_is_read_in_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(sio, "LARGE_FILE_BYTES", 2_000)
    monkeypatch.setattr(sio, "PART_CHARS", 500)
    big = tmp_path / "big.txt"
    text = REPORT * 40
    big.write_bytes(text.encode("gb18030"))
    parts = list(sio.iter_parts(big, part_chars=500, block_bytes=333))
    assert "".join(p.text for p in parts) == text
    assert all(len(p.text) <= 500 for p in parts) and len(parts) > 3
    assert {p.encoding for p in parts} == {"gb18030"}
    lazy = st.Corpus.from_dir(tmp_path, lazy=True)
    docs = list(lazy)
    assert [d.doc_id for d in docs[:2]] == ["big#p1", "big#p2"]
    assert sum(len(st.extract_metrics(d)) for d in docs) == 5 * 40


@pytest.mark.parametrize("func", [st.extract_metrics, st.tag_themes], ids=["metrics", "themes"])
def test_many_threads_match_one_thread(func):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = list(st.load_sample())
    expected = [func(d) for d in docs]
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [func(d) for d in docs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(4):
        assert all(got.equals(want) for got, want in zip(results[k], expected))


def test_first_use_of_segmenter_from_many_threads():
    from summarytext.segment import Segmenter

    seg = Segmenter(user_words=["云岭议事坊"])
    text = "擦亮云岭议事坊协商品牌，收集社情民意信息120条"
    out: list[list[str]] = []
    barrier = threading.Barrier(6)

    def work() -> None:
        barrier.wait()
        out.append(seg.cut(text))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 6 and all(o == out[0] for o in out)
    assert "云岭议事坊" in out[0] and "社情民意信息" in out[0]


@pytest.mark.parametrize(
    "piece",
    ["目录\n" + "1.甲乙丙丁 2\n" * 5000, "一、" * 20000, "（" * 20000, "?" * 50000, "&amp;" * 20000, "<p" * 20000, "“" * 20000 + "件"],
)
def test_structure_and_normalisation_survive_adversarial_lines(piece):
    doc = st.Document.from_text(piece)
    assert doc.paragraphs and doc.sentences is not None and doc.sections is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comp = st.read_compilation(piece)
    assert "".join(p.text for p in comp.pieces) == piece


@pytest.mark.parametrize("space", [" ", "\u3000", "\t", "\u00a0"])
def test_a_long_run_of_space_inside_a_line_is_normalised_in_linear_time(space):
    import time

    def run(n: int) -> float:
        text = "甲" + space * n + "乙\n丙" + space * n
        start = time.process_time()
        body = st.normalize_text(text)
        assert body == "甲" + (" " if space == "\u00a0" else space) * n + "乙\n丙"
        return time.process_time() - start

    run(500)
    small = min(run(4_000) for _ in range(2))
    large = min(run(32_000) for _ in range(2))
    assert large < 24 * max(small, 1e-4), (small, large)  # linear: 8x; quadratic: 64x


@pytest.mark.parametrize("piece", ["一、", "（", "?", "&amp;", "<p", "“", "1.甲乙丙丁 2\n", "书香", "有事来", "(xié)"])
def test_text_functions_scale_linearly_on_adversarial_lines(piece):
    import time

    def run(n: int) -> float:
        text = piece * n
        start = time.process_time()
        doc = st.Document.from_text(text)
        doc.sentences, doc.sections
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            st.read_compilation("目录\n" + text)
        st.tag_themes(doc, level="paragraph")
        return time.process_time() - start

    run(500)
    small = min(run(4_000) for _ in range(2))
    large = min(run(32_000) for _ in range(2))
    assert large < 24 * max(small, 1e-4), (small, large)  # linear: 8x; quadratic: 64x
