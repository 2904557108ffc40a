"""The vertical house style (縦書き): kanji numbers in two conventions, rooms, floors, 号棟, building names."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.address.vertical as vertical_mod
from addrjp.address.format import normalize_address
from addrjp.address.vertical import kanji_number, vertical_building, vertical_room, widen
from addrjp.text import kanji_to_int


def test_doctests() -> None:
    assert doctest.testmod(vertical_mod).failed == 0


@pytest.mark.parametrize(("text", "tens", "positional"), [
    ("新宿区西新宿2-8-1", "新宿区西新宿二丁目八番一号", "新宿区西新宿二丁目八番一号"),
    ("新宿区西新宿2-8-11", "新宿区西新宿二丁目八番十一号", "新宿区西新宿二丁目八番一一号"),
    ("新宿区高田馬場1-2-3 ABCハイツ104号室", "新宿区高田馬場一丁目二番三号\u3000ＡＢＣハイツ\u3000百四号室",
     "新宿区高田馬場一丁目二番三号\u3000ＡＢＣハイツ\u3000一〇四号室"),
    ("新宿区西新宿2-8-1 新宿センタービル 15F", "新宿区西新宿二丁目八番一号\u3000新宿センタービル\u3000十五階",
     "新宿区西新宿二丁目八番一号\u3000新宿センタービル\u3000一五階"),
    ("新宿区百人町3-4-5 都営百人町アパート3号棟 405号室",
     "新宿区百人町三丁目四番五号\u3000都営百人町アパート三号棟\u3000四百五号室",
     "新宿区百人町三丁目四番五号\u3000都営百人町アパート三号棟\u3000四〇五号室"),
    ("新宿区高田馬場1-2-3 第2コーポ 203", "新宿区高田馬場一丁目二番三号\u3000第２コーポ\u3000二百三",
     "新宿区高田馬場一丁目二番三号\u3000第２コーポ\u3000二〇三"),
    ("新宿区市谷砂土原町1-2-59", "新宿区市谷砂土原町一丁目二番地五十九", "新宿区市谷砂土原町一丁目二番地五九"),
    ("新宿区西新宿826番地", "新宿区西新宿八百二十六番地", "新宿区西新宿八二六番地"),
    ("新宿区高田馬場1-2-3 グランドメゾン新宿タワー 地下1階",
     "新宿区高田馬場一丁目二番三号\u3000グランドメゾン新宿タワー\u3000地下一階",
     "新宿区高田馬場一丁目二番三号\u3000グランドメゾン新宿タワー\u3000地下一階"),
])
def test_both_conventions(text: str, tens: str, positional: str) -> None:
    assert normalize_address(text, "vertical") == tens
    assert normalize_address(text, "vertical", numerals="positional") == positional


def test_names_keep_long_vowels_and_hyphens() -> None:
    assert vertical_building("メゾン・ド・シャトー") == "メゾン・ド・シャトー"
    assert vertical_building("タワーレジデンス") == "タワーレジデンス"  # ー is a letter, not a number
    assert vertical_building("ハイツ-A") == "ハイツ－Ａ"  # a hyphen of a name kept (full width)
    assert vertical_building("B棟") == "Ｂ棟" and vertical_building("Aタワー2番館") == "Ａタワー二番館"
    assert vertical_building("コーポ山田 2階") == "コーポ山田\u3000二階"
    assert vertical_room("101号") == "百一号" and vertical_room("1503", "positional") == "一五〇三"


def test_leading_zero_is_never_lost() -> None:
    assert kanji_number("0104") == "〇一〇四" and kanji_number("0104", "positional") == "〇一〇四"
    with pytest.raises(ValueError, match="numerals"):
        kanji_number("1", "roman")


def test_widen_is_upright_and_encodable() -> None:
    text = widen("ABC-12 &'./()#")
    assert text == "ＡＢＣ－１２\u3000＆’．／（）＃"
    assert all(ord(c) > 0x7F for c in text)
    text.encode("cp932")


@given(st.integers(0, 99_999), st.sampled_from(["tens", "positional"]))
@settings(max_examples=300, deadline=None)
def test_kanji_numbers_read_back(n: int, numerals: str) -> None:
    assert kanji_to_int(kanji_number(str(n), numerals)) == n
