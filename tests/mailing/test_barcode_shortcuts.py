"""The barcode's shortcuts give what the full reading gives: the number part after the town not read again
when it is plain digits and hyphens, and the verdict on a postal code (digits, office/representative) kept
per written code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.barcode import (
    BarcodeError,
    _code_verdict,
    _number_after_town,
    _special_number_of,
    extract_address_number,
    postal_digits,
)
from addrjp.postal.index import reset

# characters every rule of the extraction looks at: digits in both widths, hyphens and look-alikes, letters
# (a floor F), kanji numerals and the specific strings after them, deleted symbols, spaces of every kind,
# half-width kana and a lone voiced mark, kana, kanji
_ALPHABET = st.sampled_from(list(
    "0123456789０１２３４５６７８９-－ー‐−─ABFLZabfｆＦ一二三十百千〇丁目番地号の之ノ線割&/・.･＆／．"
    " 　\tｶﾞﾟｼ゛コーポメゾン室階棟号館F()（）"
))
_TEXT = st.text(_ALPHABET, max_size=24)
_PLAIN = st.lists(st.integers(0, 9999).map(str), min_size=1, max_size=5).map("-".join)


def _full(rest: str, line2: str) -> str:
    return extract_address_number(f"{rest} {line2}".strip() if line2 else rest.strip())


@given(_PLAIN, _TEXT)
@settings(max_examples=3000, deadline=None)
def test_a_plain_number_part_and_any_second_line(rest: str, line2: str) -> None:
    assert _number_after_town(rest, line2) == _full(rest, line2)


@given(_TEXT, _TEXT)
@settings(max_examples=1500, deadline=None)
def test_any_number_part_and_any_second_line(rest: str, line2: str) -> None:
    assert _number_after_town(rest, line2) == _full(rest, line2)


@pytest.mark.parametrize("rest, line2", [
    ("2-8-1", ""), ("2-8-1", "   "), ("2-8-1", "新宿センタービル 15F"), ("2-8-1", "ﾞコーポ"), ("2-8-1", "-101"),
    ("2-8-1", "A棟101"), ("2-8-1", "三丁目"), ("10", "F"), ("2-8-1-101", "メゾンB-2"), ("1", "1" * 3998),
    ("1", "1" * 3999),  # one over the limit: the full path's InputError
])
def test_edges(rest: str, line2: str) -> None:
    try:
        want: str | type[Exception] = _full(rest, line2)
    except ValueError as exc:
        want = type(exc)
    if isinstance(want, str):
        assert _number_after_town(rest, line2) == want
    else:
        with pytest.raises(want):
            _number_after_town(rest, line2)


def _direct_verdict(written: str) -> tuple[str, str | None] | str:
    try:
        code = postal_digits(written)
        return code, _special_number_of(code)
    except BarcodeError as exc:
        return str(exc)


@pytest.mark.parametrize("written", [
    "160-0023", "1600023", "１６０－００２３", "100-8799", "100-0001", "160-0000", "000-0000", "16-0023", "abc",
])
def test_the_code_verdict_is_the_direct_one(written: str) -> None:
    reset()  # a fresh index: a fresh memo
    for _ in range(2):  # computed, then kept
        try:
            got: tuple[str, str | None] | str = _code_verdict(written)
        except BarcodeError as exc:
            got = str(exc)
        assert got == _direct_verdict(written)
