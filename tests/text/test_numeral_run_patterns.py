"""The first-number patterns of validation and the barcode take a numeral run from its start and whole, so
that they stay linear; they must start where the plain patterns they replace start (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.mailing.barcode import _FIRST_NUMBER
from addrjp.quality.record import _NUMBER_START
from addrjp.text.numerals import KANJI_NUMERAL_CHARS

_PLAIN_NUMBER_START = re.compile(r"[0-9〇一二三四五六七八九十百千]+(?:丁目|丁|番地|番|号|-)|[0-9]")
_PLAIN_FIRST_NUMBER = re.compile("[0-9０-９]|[" + re.escape(KANJI_NUMERAL_CHARS) + "]+(?=丁目|番地|地割|丁|番|号|線)")
_ALPHABET = KANJI_NUMERAL_CHARS + "0123456789０９丁目番地割号線-町区 ａ"


def _start(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return m.start() if m else None


@settings(max_examples=3000)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_the_linear_patterns_start_where_the_plain_ones_do(text: str) -> None:
    assert _start(_NUMBER_START, text) == _start(_PLAIN_NUMBER_START, text)
    assert _start(_FIRST_NUMBER, text) == _start(_PLAIN_FIRST_NUMBER, text)


def test_a_long_numeral_run_is_searched_once() -> None:
    text = "新宿区津丸戸" + "千" * 200_000 + "x"  # quadratic before: 4,000 千 took 0.2-0.3 s
    assert _NUMBER_START.search(text) is None and _FIRST_NUMBER.search(text) is None
