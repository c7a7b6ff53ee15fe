"""The library's errors: one line naming where and what, the same after crossing processes."""
from __future__ import annotations

import pickle

import pytest

from summarytext.errors import LexiconError, MetadataError, MissingExtra, OutputError, PatternTimeout, ReadError


@pytest.mark.parametrize(
    "error, message",
    [
        (ReadError("a.txt", "file is empty"), "a.txt: file is empty"),
        (ReadError(None, "no text"), "no text"),
        (OutputError("results", "the folder is not empty"), "results: the folder is not empty"),
        (LexiconError("my.toml", "bad regex '('", line=12), "my.toml:12: bad regex '('"),
        (MetadataError("meta.csv, row 3", "year 'x' is not a year"), "meta.csv, row 3: year 'x' is not a year"),
        (PatternTimeout("my.toml", "(a+)+$", "t", 2.0, 5001), None),
        (MissingExtra("Parquet output", "parquet", "pyarrow"), "Parquet output needs pyarrow, which is not installed: pip install 'summarytext[parquet]'"),
    ],
)
def test_errors_cross_processes_with_their_message_and_fields(error, message):
    if message is not None:
        assert str(error) == message
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error) and vars(again) == vars(error)
    if isinstance(error, MissingExtra):
        assert again.name == "pyarrow"  # ImportError's own field
