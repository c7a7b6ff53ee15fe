"""One way in: every analysis function takes a text, a Document, a Corpus, a path or a list of them."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import summarytext as st

TEXT = "云岭县政协2024年工作总结\n全年立案131件，办复率100%。开展视察12次。"
OTHER = "桐溪区政协2024年工作综述\n收集社情民意信息150条，开展小微协商32场次。"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "yunling.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tongxi.txt").write_bytes(OTHER.encode("gb18030"))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(40))
    return tmp_path


def test_a_path_is_read_as_a_file(folder):
    from_path = st.extract_metrics(folder / "yunling.txt")
    from_text = st.extract_metrics(TEXT)
    assert from_path["text"].tolist() == from_text["text"].tolist() == ["131件", "100%", "12次"]
    assert set(from_path["doc_id"]) == {"yunling"}
    assert st.extract_metrics(str(folder / "yunling.txt"))["text"].tolist() == ["131件", "100%", "12次"]


def test_every_analysis_function_takes_every_kind_of_input(folder):
    doc = st.read_document(folder / "tongxi.txt")
    inputs = [folder / "yunling.txt", doc]
    assert st.extract_metrics(inputs)["doc_id"].unique().tolist() == ["yunling", "tongxi"]
    assert set(st.tag_themes(inputs)["doc_id"]) <= {"yunling", "tongxi"}
    assert st.theme_matrix(inputs).index.tolist() == ["yunling", "tongxi"]
    assert st.compare([folder / "yunling.txt", st.decode_file(folder / "tongxi.txt")]).ids == ["yunling", "tongxi"]
    assert "brand" in st.discover_brands(folder).columns
    assert st.extract_metrics(folder)["doc_id"].unique().tolist() == ["tongxi", "yunling"]  # a folder, sorted by name


def test_ids_of_read_files_stay_unique(folder):
    frame = st.extract_metrics([folder / "yunling.txt", folder / "yunling.txt", "立案5件。"])
    assert frame["doc_id"].unique().tolist() == ["yunling", "yunling~2", "doc2"]


def test_a_missing_file_is_an_error_naming_it(folder):
    with pytest.raises(st.ReadError, match="nope.txt: no such file or folder"):
        st.extract_metrics(folder / "nope.txt")
    with pytest.raises(st.ReadError, match="report.txt: no such file or folder"):
        st.extract_metrics("report.txt")  # reads as a file name, names nothing: not silently a text
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = st.extract_metrics(["立案5件。", "附件.docx"])  # inside a list, a text (with a warning)
    assert frame["text"].tolist() == ["5件"]
    assert len(caught) == 1 and "'附件.docx' names no file" in str(caught[0].message)


def test_an_unreadable_file_raises_and_the_type_of_a_wrong_input_is_named(folder):
    with pytest.raises(st.ReadError, match="old.doc"):
        st.extract_metrics(folder / "old.doc")
    with pytest.raises(TypeError, match="tag_themes expects a str, Document, Corpus, pathlib.Path"):
        st.tag_themes(42)
    with pytest.raises(TypeError, match="in a list, got int"):
        st.extract_metrics(["立案5件。", 42])


PUBLIC = ["extract_metrics", "tag_themes", "theme_matrix", "compare", "discover_brands", "panel", "changes",
          "theme_timeline", "metadata_table", "with_metadata", "metrics_summary", "segment", "tokens"]


@pytest.mark.parametrize("name", PUBLIC)
def test_a_wrong_type_is_a_type_error_naming_the_function_called(name):
    with pytest.raises(TypeError) as raised:
        getattr(st, name)(123)
    assert str(raised.value).startswith(f"{name} expects ") and "int" in str(raised.value)


@pytest.mark.parametrize("name", [n for n in PUBLIC if n not in ("segment", "tokens", "metrics_summary", "panel", "changes")])
def test_a_dataframe_of_texts_is_refused_not_read_as_its_column_names(name):
    import pandas as pd

    frame = pd.DataFrame({"doc_id": ["yunling", "tongxi"], "text": [TEXT, OTHER]})
    with pytest.raises(TypeError, match=rf"^{name} got a DataFrame \(a table\); pass its column of texts"):
        getattr(st, name)(frame)
    # what the message says to pass works: the column of texts, or a corpus of it
    assert st.extract_metrics(frame["text"])["text"].tolist() == ["131件", "100%", "12次", "150条", "32场次"]
    assert st.Corpus.from_texts(frame["text"], ids=frame["doc_id"]).ids == ["yunling", "tongxi"]


def test_a_metrics_table_without_its_columns_is_refused_by_metrics_summary():
    import pandas as pd

    with pytest.raises(TypeError, match="^metrics_summary expects the metrics table of extract_metrics"):
        st.metrics_summary(pd.DataFrame({"text": [TEXT]}))


def test_the_old_names_of_the_readers_still_work(folder):
    assert st.read_text is st.read_document and st.read_file is st.decode_file
    assert st.read_text(folder / "tongxi.txt").meta["encoding"] == "gb18030"
    assert st.read_file(folder / "tongxi.txt").encoding == "gb18030"


@pytest.mark.parametrize("name, content, reason", [
    ("old.doc", b"\xd0\xcf\x11\xe0" + bytes(40), "an old Word file (.doc)"),
    ("scan.pdf", b"%PDF-1.4\n", "a PDF file"),
    ("data.json", b"{}", "unsupported file type .json"),
])
def test_a_file_of_another_type_in_a_folder_is_said_from_python(tmp_path, name, content, reason):
    (tmp_path / "yunling.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    corpus = st.Corpus.from_dir(tmp_path)
    assert corpus.ids == ["yunling"] and [(Path(s.path).name, reason in s.reason) for s in corpus.skipped] == [(name, True)]
    with pytest.warns(UserWarning, match=rf"^extract_metrics: 1 file of the folder skipped \(.*{re.escape(name + ': ' + reason)}") as caught:
        frame = st.extract_metrics(tmp_path)
    assert frame["doc_id"].unique().tolist() == ["yunling"]
    assert [w.filename for w in caught] == [__file__]  # the warning points at the caller's line


def test_an_empty_text_file_is_skipped_with_its_reason_said_at_the_callers_line(tmp_path):
    (tmp_path / "yunling.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.warns(UserWarning, match=r"skipped .*empty.txt: file is empty$") as caught:
        corpus = st.Corpus.from_dir(tmp_path)
    assert corpus.ids == ["yunling"] and [(Path(s.path).name, s.reason) for s in corpus.skipped] == [("empty.txt", "file is empty")]
    assert [w.filename for w in caught] == [__file__]
    with pytest.raises(st.ReadError, match="empty.txt: file is empty"):
        st.extract_metrics(tmp_path / "empty.txt")  # a file given on its own: an error naming it
