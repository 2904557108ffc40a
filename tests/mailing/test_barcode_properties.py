"""Properties of the customer barcode: check digit, length, symbol, and extraction on arbitrary Unicode."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from addrjp.mailing.barcode import (
    CHECK_VALUES,
    barcode_from_text,
    barcode_to_text,
    check_digit,
    encode_barcode,
    extract_address_number,
    verify_barcode,
)
from addrjp.mailing.barcode_symbol import bars

postal_codes = st.text(alphabet="0123456789", min_size=7, max_size=7)
address_numbers = st.text(alphabet="0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=30)
# Address-like text: digits in both widths, kanji numerals, the specific strings, letters, symbols, dashes.
address_like = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２３４５６７８９一二三四五六七八九十百千〇丁目番地号割線のノ")
        + list("ABFLZabfｆＡＢ&/・.＆／．･-－ー―−  　西新宿ビル棟階室#()")
    ),
    max_size=40,
)
NUMBER_SHAPE = re.compile(r"(?:[0-9A-Z]+(?:-[0-9A-Z]+)*)?")


@given(postal_codes, address_numbers)
def test_check_digit_makes_sum_a_multiple_of_19(postal: str, number: str) -> None:
    tokens = encode_barcode(postal, number)
    assert len(tokens) == 21
    assert sum(CHECK_VALUES[t] for t in tokens) % 19 == 0
    assert tokens[:7] == tuple(postal)


@given(postal_codes, address_numbers)
def test_always_20_data_characters_and_valid(postal: str, number: str) -> None:
    tokens = encode_barcode(postal, number)
    assert all(t in CHECK_VALUES for t in tokens)
    assert not any(t in ("CC5", "CC6", "CC7", "CC8") for t in tokens[:20])
    text = barcode_to_text(tokens)
    assert barcode_from_text(text) == tokens
    assert verify_barcode(text, postal) is None


@given(st.lists(st.sampled_from(sorted(CHECK_VALUES)), min_size=20, max_size=20))
def test_check_digit_of_any_data(data: list[str]) -> None:
    assert (sum(CHECK_VALUES[t] for t in data) + CHECK_VALUES[check_digit(data)]) % 19 == 0


@given(postal_codes, address_numbers)
def test_symbol_always_67_bars(postal: str, number: str) -> None:
    states = bars(encode_barcode(postal, number))
    assert len(states) == 67
    assert set(states) <= set("FADT")


@given(st.text())
def test_extract_never_crashes_on_arbitrary_unicode(text: str) -> None:
    number = extract_address_number(text)
    assert NUMBER_SHAPE.fullmatch(number)
    encode_barcode("1600023", number)  # whatever is extracted can be encoded


@given(address_like)
def test_extract_shape(text: str) -> None:
    number = extract_address_number(text)
    assert NUMBER_SHAPE.fullmatch(number), number
    assert not re.search(r"-[A-Z]|[A-Z]-", number)  # 補足ルール 4


@given(st.one_of(address_like, st.text()))
def test_extract_idempotent_where_meaningful(text: str) -> None:
    number = extract_address_number(text)
    # Not meaningful where rule 5 left letters adjacent (a 2-letter run the second time) or put an F
    # after a digit (a floor the second time).
    if not re.search(r"[A-Z]{2}|[0-9]F", number):
        assert extract_address_number(number) == number
