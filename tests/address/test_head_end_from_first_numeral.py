"""``parse._head_end`` searched from where ``_HEAD_CHAR`` found the first digit or kanji numeral gives what
the search from the start gives (and what ``_HEAD_END.search`` gives)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.parse import _HEAD_CHAR, _HEAD_END, _head_end

_ALPHABET = st.sampled_from(list("0123456789〇一二三四五六七八九十百千壱弐参丁目番地号町谷四新宿区西 -ノ之"))


@settings(max_examples=3000, deadline=None)
@given(st.text(_ALPHABET, max_size=20))
def test_the_head_ends_alike_from_the_first_numeral(t: str) -> None:
    m = _HEAD_CHAR.search(t)
    whole = _HEAD_END.search(t)
    assert _head_end(t) == (whole.start() if whole else None)
    if m is not None:
        assert _head_end(t, m.start()) == _head_end(t)
