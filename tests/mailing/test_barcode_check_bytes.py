"""The barcode text's check digit by one sum of the number's bytes mapped to their check values (a byte that
is neither a digit nor a hyphen maps above what 13 digits and hyphens can sum to): what the encoding token
by token gives, for any text as the number (digits, hyphens, letters, other ASCII, other characters)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.barcode import (
    _CHECK_BYTES,
    _NOT_A_NUMBER,
    ADDRESS_LENGTH,
    CHECK_VALUES,
    BarcodeError,
    _barcode_text,
    _encode,
)

_CODES = st.sampled_from(["1600023", "1000013", "9100067", "0010000", "9999999"])
_NUMBERS = (st.text(st.sampled_from(list("0123456789-")), max_size=15)
            | st.text(st.sampled_from(list("0123456789-ABZaz .:/|~\x00\x7f０１－")), max_size=15)
            | st.text(max_size=15))


def _encoded(code: str, number: str) -> str | type[Exception]:
    try:
        return "".join(_encode(code, number))
    except BarcodeError:
        return BarcodeError


def _by_sum(code: str, number: str) -> str | type[Exception]:
    try:
        return _barcode_text(code, sum(map(CHECK_VALUES.__getitem__, code)), number)
    except BarcodeError:
        return BarcodeError


@given(_CODES, _NUMBERS)
@settings(max_examples=3000, deadline=None)
def test_the_sum_of_the_bytes_is_the_encoding(code: str, number: str) -> None:
    assert _by_sum(code, number) == _encoded(code, number)


def test_only_digits_and_the_hyphen_sum_below_the_mark() -> None:
    assert 10 * ADDRESS_LENGTH < _NOT_A_NUMBER
    for b in range(256):
        value = _CHECK_BYTES[b]
        if chr(b) in "0123456789-":
            assert value == CHECK_VALUES[chr(b)]
        else:
            assert value >= _NOT_A_NUMBER
