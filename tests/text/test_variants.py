"""Variant kanji folding for comparison keys (addrjp.text.variants)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import addrjp.text.variants as variants
from addrjp.text.variants import fold_char, fold_variants, jis0208_level

CASES = [
    ("髙田馬場", "高田馬場"),
    ("髙橋", "高橋"),
    ("﨑山", "崎山"),
    ("山嵜", "山崎"),
    ("渡邊", "渡辺"),
    ("渡邉", "渡辺"),
    ("齋藤", "斎藤"),
    ("齊藤", "斎藤"),
    ("斉藤", "斎藤"),
    ("濵田", "浜田"),
    ("濱田", "浜田"),
    ("德永", "徳永"),
    ("瀨戸", "瀬戸"),
    ("櫻井", "桜井"),
    ("廣田", "広田"),
    ("霞ヶ関", "霞ヶ関"),
    ("𠮷田", "吉田"),
    ("鷗外", "鴎外"),
    ("澤田", "沢田"),
    ("國分", "国分"),
    ("\ufa19田", "神田"),  # compatibility ideograph 神
    ("\u2fbc田", "高田"),  # Kangxi radical ⾼
    ("\u2ed1谷", "長谷"),  # CJK radical supplement ⻑
    ("葛\U000e0101飾", "葛飾"),  # IVS dropped
    ("神\ufe00田", "神田"),  # SVS dropped
    ("嶋田", "島田"),
    ("ABC 123", "ABC 123"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_fold_variants(text: str, expected: str) -> None:
    assert fold_variants(text) == expected


@pytest.mark.parametrize("ch", list("玉王着著師帥功切高崎辺斎浜徳瀬桜広吉土"))
def test_level_one_standards_are_not_folded(ch: str) -> None:
    assert fold_char(ch) == ch


def test_levels() -> None:
    assert [jis0208_level(c) for c in "高邊〓髙a"] == [1, 2, 3, 0, 0]


def test_idempotent_over_all_ideographs() -> None:
    ranges = [(0x2E80, 0x2FE0), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0)]
    for a, b in ranges:
        for cp in range(a, b):
            f = fold_char(chr(cp))
            assert fold_variants(f) == f, hex(cp)


@given(st.text())
def test_property_idempotent_never_crashes(text: str) -> None:
    once = fold_variants(text)
    assert fold_variants(once) == once


def test_doctests() -> None:
    assert doctest.testmod(variants).failed == 0
