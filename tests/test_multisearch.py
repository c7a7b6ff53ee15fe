"""KeywordSearch: every occurrence of every key, overlapping, as character offsets."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

from summarytext.multisearch import KeywordSearch

KEYS = ["协商", "有事来协商", "小微协商", "读书", "读书活动", "政协委员"]


def _brute(keys: list[str], text: str) -> set[tuple[int, int, int]]:
    return {(k, i, i + len(key)) for k, key in enumerate(keys) for i in range(len(text)) if text.startswith(key, i)}


@pytest.mark.parametrize(
    "text",
    [
        "有事来协商，小微协商",
        "开展读书活动12场，政协委员读书",
        "𠀀有事来协商😀读书活动",  # characters outside the basic plane before a match: offsets in characters
        "协商协商协商",
        "",
        "无关的文字",
    ],
)
def test_finds_every_occurrence_as_character_offsets(text):
    found = KeywordSearch(KEYS).find(text)
    assert found.shape[1] == 3 and found.dtype.kind == "i"
    got = {tuple(r) for r in found.tolist()}
    assert got == _brute(KEYS, text)
    assert all(text[s:e] == KEYS[k] for k, s, e in got)


def test_a_lone_surrogate_is_searched_around():
    text = "协商\ud800读书"
    assert {tuple(r) for r in KeywordSearch(KEYS).find(text).tolist()} == {(0, 0, 2), (3, 3, 5)}


def test_no_keys_find_nothing():
    assert KeywordSearch([]).find("协商").shape == (0, 3)


def test_a_key_given_twice_is_reported_for_each():
    # two brands whose simplified forms are the same key are each counted
    found = {tuple(r) for r in KeywordSearch(["会客厅", "委员会客厅", "会客厅"]).find("委员会客厅").tolist()}
    assert found == {(1, 0, 5), (0, 2, 5), (2, 2, 5)}


def test_the_text_searched_keeps_no_copy_of_itself():
    # an extension that reads a str as UTF-8 leaves that form on the string, 1.5 times the memory
    # of a Chinese text: the search reads an encoding of its own, and the caller's text carries
    # nothing afterwards
    import sys

    text = "".join(["政协委员开展读书活动"] * 1000) + "。"
    before = sys.getsizeof(text)
    assert len(KeywordSearch(KEYS).find(text)) == 3000  # 政协委员, 读书, 读书活动 in each
    assert sys.getsizeof(text) == before


def test_a_key_ending_in_a_line_end_is_found_only_in_the_text():
    assert KeywordSearch(["读书\n"]).find("读书").tolist() == []
    assert KeywordSearch(["读书\n"]).find("读书\n").tolist() == [[0, 0, 3]]


def test_occurrences_come_in_the_order_of_their_ends_the_longer_first():
    # brand discovery takes each key's first occurrence in this order
    found = KeywordSearch(KEYS).find("有事来协商，读书活动").tolist()
    assert found == [[1, 0, 5], [0, 3, 5], [3, 6, 8], [4, 6, 10]]


def test_an_empty_key_is_refused():
    with pytest.raises(ValueError, match="empty key"):
        KeywordSearch(["协商", ""])


def test_a_key_is_not_read_across_two_characters():
    # the UTF-16 bytes of 中文 (2D 4E 87 65) stand in these three characters' bytes one byte in
    assert "中文".encode("utf-16-le") in "\u2d41\u874e\u4e65".encode("utf-16-le")
    assert KeywordSearch(["中文"]).find("\u2d41\u874e\u4e65").tolist() == []


def test_a_key_with_a_lone_surrogate_is_refused():
    with pytest.raises(ValueError, match="lone surrogate"):
        KeywordSearch(["协商\ud800"])


_ALPHABET = "协商读书活动有事来小微政委员\u2d41\u874e\u4e65中文😀𠀀\n"
#: pieces of text: a run whose UTF-16 bytes hold 中文's one byte in, characters beyond the basic plane
_PIECES = ["协商", "读书活动", "政协委员", "中文", "\u2d41\u874e\u4e65", "😀", "𠀀😀", "\n", "甲"]


@settings(max_examples=300, deadline=None)
@given(st_.one_of(st_.lists(st_.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6),
                  st_.lists(st_.sampled_from(_PIECES + ["中", "文", "商", "😀"]), min_size=1, max_size=6)),
       st_.one_of(st_.text(alphabet=_ALPHABET, max_size=40), st_.lists(st_.sampled_from(_PIECES), max_size=12).map("".join)))
def test_occurrences_are_every_place_a_key_stands_in_order_of_their_ends(keys, text):
    found = [tuple(r) for r in KeywordSearch(keys).find(text).tolist()]
    assert set(found) == _brute(keys, text)
    assert len(found) == len(set(found))
    # in order of their ends; of two ending together the longer first, and for a key given twice, in key order
    order = [(e, s - e, k) for k, s, e in found]
    assert order == sorted(order)
