"""Both address lines judged in one set of characters (lines_print_as_is) give what judging each line gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.text.charsets import CHARSETS, lines_print_as_is, prints_as_is

_CHARS = st.sampled_from(list("新宿区西2-8-1 コーポ髙﨑〜～①𠮷\u200b\x07ｶ　ABC")) | st.characters()


@given(st.text(_CHARS, max_size=12), st.none() | st.text(_CHARS, max_size=12),
       st.sampled_from(sorted(CHARSETS)))
@settings(max_examples=3000, deadline=None)
def test_both_lines_at_once_are_each_line(line1: str, line2: str | None, charset: str) -> None:
    want = prints_as_is(line1, charset) and (not line2 or prints_as_is(line2, charset))
    assert lines_print_as_is(line1, line2, charset) == want
