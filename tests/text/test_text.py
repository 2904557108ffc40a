"""The character-level tools: examples and properties (idempotent, never crash on arbitrary Unicode)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import addrjp.text.hyphens
import addrjp.text.numerals
import addrjp.text.whitespace
import addrjp.text.width
from addrjp.text import (
    collapse_spaces,
    fold_width,
    int_to_kanji,
    kanji_to_int,
    strip_invisibles,
    unify_hyphens,
)


@pytest.mark.parametrize(
    "module", [addrjp.text.hyphens, addrjp.text.numerals, addrjp.text.whitespace, addrjp.text.width]
)
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("百", 100), ("百二", 102),
     ("一〇五", 105), ("千二百三十四", 1234), ("壱", 1), ("弐拾", 20), ("参", 3), ("８", 8), ("12", 12)],
)
def test_kanji_to_int(text: str, value: int) -> None:
    assert kanji_to_int(text) == value


@pytest.mark.parametrize("text", ["", "西", "十十", "百千", "丁目"])
def test_kanji_to_int_rejects(text: str) -> None:
    assert kanji_to_int(text) is None


@given(st.integers(min_value=0, max_value=99_999))
def test_kanji_round_trip(n: int) -> None:
    assert kanji_to_int(int_to_kanji(n)) == n


def test_fold_width_examples() -> None:
    assert fold_width("西新宿２－８－１") == "西新宿2-8-1"
    assert fold_width("ｼﾝｼﾞｭｸﾊﾟｰｸﾀﾜｰ") == "シンジュクパークタワー"
    assert fold_width("ＡＢＣ　ビル") == "ABC ビル"


def test_hyphens_keep_long_vowel() -> None:
    assert unify_hyphens("タワー2−8―1") == "タワー2-8-1"


@given(st.text())
def test_fold_width_idempotent(s: str) -> None:
    once = fold_width(s)
    assert fold_width(once) == once


@given(st.text())
def test_spaces_and_invisibles_idempotent(s: str) -> None:
    once = collapse_spaces(strip_invisibles(s))
    assert collapse_spaces(strip_invisibles(once)) == once
    assert unify_hyphens(unify_hyphens(s)) == unify_hyphens(s)


@given(st.text(max_size=12))
def test_kanji_to_int_never_crashes(s: str) -> None:
    value = kanji_to_int(s)
    assert value is None or value >= 0
