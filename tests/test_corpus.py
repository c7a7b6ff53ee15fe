"""Reading folders: every good file read, every bad one recorded with its reason."""
from __future__ import annotations

import os
import warnings

import pytest

import summarytext as st
from summarytext.errors import ReadError


def test_from_dir_reads_good_files_and_records_bad_ones(tmp_files):
    folder = tmp_files(
        {
            "2023/qingchuan.txt": "青川市政协2023年工作报告\n全年立案268件。",
            "2023/tongxi.md": "# 桐溪区政协2023年工作总结\n视察12次。".encode("gb18030"),
            "2022/empty.txt": b"",
            "2022/image.txt": b"\x89PNG\r\n\x1a\n" + bytes(100),
            "notes.csv": "a,b\n1,2",  # not a report type: listed as skipped, without a warning
            "old.doc": b"\xd0\xcf\x11\xe0" + bytes(40),
            ".hidden.txt": "隐藏文件",
            "~$lock.docx": b"lock",
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = st.Corpus.from_dir(folder)
    assert sorted(str(w.message).split(":")[0] for w in caught) == [f"skipped {folder / '2022/empty.txt'}", f"skipped {folder / '2022/image.txt'}"]
    assert corpus.ids == ["qingchuan", "tongxi"]
    assert corpus["tongxi"].meta["encoding"] == "gb18030"
    reasons = {os.path.basename(s.path): s.reason for s in corpus.skipped}
    assert reasons == {
        "empty.txt": "file is empty",
        "image.txt": "is a binary file (a PNG image), not text",
        "notes.csv": "unsupported file type .csv (reports are read from .txt, .md and .docx files)",
        "old.doc": "an old Word file (.doc); save it as .docx or .txt to read it",
    }
    frame = corpus.skipped_frame()
    assert list(frame.columns) == ["path", "reason"] and len(frame) == 4
    with pytest.raises(ReadError, match="empty.txt"):
        st.Corpus.from_dir(folder, errors="raise")


def test_other_file_types_never_raise(tmp_files):
    folder = tmp_files({"a.txt": "立案120件。", "scan.pdf": b"%PDF-1.4"})
    corpus = st.Corpus.from_dir(folder, errors="raise")  # errors="raise" is about the reports, not other files
    assert corpus.ids == ["a"]
    assert [(os.path.basename(s.path), s.reason) for s in corpus.skipped] == [("scan.pdf", "a PDF file; convert it to .txt or .docx to read it")]


def test_from_dir_pattern_and_strict_mode(tmp_files):
    folder = tmp_files({"a.txt": "立案120件。", "b.txt": b"", "c.md": "视察5次。"})
    only_md = st.Corpus.from_dir(folder, "*.md")
    assert only_md.ids == ["c"]
    with pytest.raises(ReadError, match="b.txt: file is empty"):
        st.Corpus.from_dir(folder, errors="raise")


def test_from_dir_survives_link_loops(tmp_files):
    folder = tmp_files({"sub/a.txt": "立案120件。"})
    os.symlink(folder, folder / "sub" / "loop")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(folder)
    assert corpus.ids == ["a"]
    reasons = sorted(s.reason for s in corpus.skipped)
    assert any("loops" in r for r in reasons)
    assert any("broken link" in r for r in reasons)


def test_from_dir_rejects_missing_folder(tmp_path):
    with pytest.raises(ReadError, match="no such folder"):
        st.Corpus.from_dir(tmp_path / "nope")


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_files):
    folder = tmp_files({"2022/report.txt": "视察5次。", "2023/report.txt": "视察6次。"})
    corpus = st.Corpus.from_dir(folder)
    assert corpus.ids == ["2022/report", "2023/report"]
    lazy = st.Corpus.from_dir(folder, lazy=True)
    assert [d.doc_id for d in lazy] == corpus.ids
    from summarytext.pipeline import run_pipeline

    result = run_pipeline(folder, folder.parent / (folder.name + "-out"), format="csv")
    import pandas as pd

    assert pd.read_csv(result.paths["documents"])["doc_id"].tolist() == corpus.ids


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    from click.testing import CliRunner

    from summarytext.cli import main
    from summarytext.pipeline import run_pipeline

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n立案999件。", encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "b.txt").write_text("视察8次。", encoding="utf-8")
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("云岭县政协2024年工作总结\n立案120件。", encoding="utf-8")
    os.symlink(secret, folder / "report.txt")
    os.symlink(outside / "more", folder / "more")
    os.symlink(folder / "a.txt", folder / "sub" / "same.txt")  # inside the folder: read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.Corpus.from_dir(folder)
        lazy_ids = [d.doc_id for d in st.Corpus.from_dir(folder, lazy=True)]
        followed = st.Corpus.from_dir(folder, follow_links=True)
    assert sorted(corpus.ids) == sorted(lazy_ids) == ["a", "same"]
    reasons = {os.path.basename(s.path): s.reason for s in corpus.skipped}
    assert set(reasons) == {"report.txt", "more"}
    assert "link to a file outside the folder read" in reasons["report.txt"] and str(secret) in reasons["report.txt"]
    assert "link to a folder outside" in reasons["more"]
    assert sorted(followed.ids) == ["a", "b", "report", "same"]
    result = run_pipeline(folder, tmp_path / "out", format="csv")
    assert result.documents == 2 and result.skipped == 2
    cli = CliRunner().invoke(main, ["metrics", str(folder), "-o", str(tmp_path / "m.csv")])
    assert cli.exit_code == 0 and "outside the folder" in cli.output
    cli = CliRunner().invoke(main, ["metrics", "-q", "--follow-links", str(folder), "-o", str(tmp_path / "m2.csv")])
    assert cli.exit_code == 0 and "999件" in (tmp_path / "m2.csv").read_text(encoding="utf-8-sig")
