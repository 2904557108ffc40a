"""Address lines judged against the vendor's character set (address.unprintable), by the one rule."""

from __future__ import annotations

import doctest

import pytest

import addrjp.quality.address_charset as address_charset_mod
from addrjp.quality.address_charset import judge_address_lines
from addrjp.quality.record import validate_record
from addrjp.text.charsets import describe_chars, printable_form


def test_doctests() -> None:
    assert doctest.testmod(address_charset_mod).failed == 0


@pytest.mark.parametrize(
    "building,charset,char",
    [("𠮷ハイツ101", "cp932", "𠮷"), ("髙橋ビル", "jisx0208", "髙"), ("①ビル", "jisx0208", "①"),
     ("①ビル", "jisx0213", None), ("①ビル", "cp932", None), ("𠮷ハイツ101", "unicode", None),
     ("𠮷ハイツ101", "jisx0213", "𠮷")],
)
def test_building_outside_the_charset_is_held(building: str, charset: str, char: str | None) -> None:
    r = validate_record(name="山田　太郎", postal_code="160-0023", address="東京都新宿区西新宿2-8-1",
                        address2=building, charset=charset)
    unprintable = [f for f in r.findings if f.code == "address.unprintable"]
    if char is None:
        assert not unprintable and r.status != "hold"
        return
    assert r.status == "hold" and len(unprintable) == 1
    f = unprintable[0]
    assert f.field == "address2" and f.detail == f"U+{ord(char):04X} {char}"
    assert f.suggestion and printable_form(f.suggestion, charset).ok  # the variant folds (𠮷→吉, 髙→高, ①→１)
    assert r.suggestion and f"U+{ord(char):04X}" in r.suggestion


def test_building_in_the_address_column_is_judged_as_printed() -> None:
    r = validate_record(name="山田　太郎", postal_code="160-0023", address="東京都新宿区西新宿2-8-1 𠮷ハイツ101",
                        charset="cp932")
    assert r.status == "hold" and "address.unprintable" in r.codes
    assert [f.field for f in r.findings if f.code == "address.unprintable"] == ["address2"]


def test_no_fold_means_no_suggestion() -> None:
    lines = judge_address_lines("新宿区西新宿2-8-1", "\U0002a6b2ビル", "cp932")
    assert not lines.ok and lines.findings[0].suggestion is None
    assert lines.suggestion == "address2: U+2A6B2 \U0002a6b2"


def test_lines_written_in_the_target_image() -> None:
    lines = judge_address_lines("新宿区西新宿2-8-1", "ハイツ〜103", "cp932")
    assert lines.ok and lines.line2 == "ハイツ～103"
    assert judge_address_lines("新宿区西新宿2-8-1", "ハイツ～103", "jisx0208").line2 == "ハイツ〜103"


def test_describe_chars_never_shows_invisible_or_private_use_characters() -> None:
    assert describe_chars(["\ue000", "\x07", "𠮷"]) == "U+E000;U+0007;U+20BB7 𠮷"
