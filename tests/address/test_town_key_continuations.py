"""TownMaster.extends with *after*: one bisection per character a key goes on with, equal to one per
character of *after* (the definition), on generated sorted keys and on the shipped master's tables."""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.towns import _goes_on_with, _sorted_chars, load_town_master, town_key

_ALPHABET = "0123456789〇一二三四五六七八九十百千壱弐参丁目番町谷四大北中"


def _by_each_character(keys: list[str], prefix: str, after: str) -> bool:
    for ch in after:
        longer = prefix + ch
        i = bisect_left(keys, longer)
        if i < len(keys) and keys[i].startswith(longer):
            return True
    return False


@settings(max_examples=1500, deadline=None)
@given(keys=st.lists(st.text(alphabet=_ALPHABET, max_size=6), max_size=40),
       prefix=st.text(alphabet=_ALPHABET, max_size=3), after=st.text(alphabet=_ALPHABET, max_size=12))
def test_a_continuation_is_found_as_by_each_character(keys: list[str], prefix: str, after: str) -> None:
    keys = sorted(set(keys))
    assert _goes_on_with(keys, prefix, _sorted_chars(after)) == _by_each_character(keys, prefix, after)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=6), min_size=1, max_size=30),
       cut=st.integers(0, 3), after=st.text(alphabet=_ALPHABET, max_size=12))
def test_a_prefix_of_a_key_is_found_as_by_each_character(keys: list[str], cut: int, after: str) -> None:
    keys = sorted(set(keys))
    prefix = keys[len(keys) // 2][:cut]  # a prefix some key has
    assert _goes_on_with(keys, prefix, _sorted_chars(after)) == _by_each_character(keys, prefix, after)


def test_the_master_tables_answer_as_by_each_character() -> None:
    master = load_town_master()
    digits = town_key("0123456789")
    kanji = "".join(dict.fromkeys(town_key("〇一二三四五六七八九十百千壱弐参")))
    cases = [("city", "中井", "", ""), ("ids", "北", "", ""), ("ids", "大", "", ""), ("town", "四谷", "東京都", "新宿区"),
             ("town", "西新宿", "東京都", "新宿区"), ("ids", "宮ノ森", "", ""), ("pref", "東京", "", ""),
             ("city", "新宿", "", "")]
    for table, prefix, pref, city in cases:
        key = town_key(prefix)
        keys = master._sorted_keys(table, key, pref, city)
        for after in (digits, kanji, town_key("3"), town_key("三"), "条丁"):
            assert master.extends(table, key, pref, city, after) == _by_each_character(keys, key, after), (
                table, prefix, after)
