"""The room at the end of a building text is found in one right-to-left pass (numbers._room_start) with the
same result as the search of numbers._ROOM_END, and a hostile tail (a long run of digits and dashes) is read
in one pass, not one search per start position."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.numbers import _ROOM_END, _room_start, split_room

_TOKENS = st.sampled_from([*"0123456789-・,、~〜BbFf階室号AaZ地下 ビル棟ſK", "地下", "号室", "12", "101", "1-", "B1"])


@given(st.lists(_TOKENS, max_size=16).map("".join))
@settings(max_examples=3000, deadline=None)
def test_room_start_is_where_the_room_search_starts(body: str) -> None:
    m = _ROOM_END.search(body)
    assert _room_start(body) == (m.start() if m is not None else None)


def test_a_long_run_of_numbers_and_dashes_is_read_in_one_pass() -> None:
    for tail in ("1-" * 5_000 + "1F", "1" * 10_000, "1-" * 5_000 + "x", "1・" * 5_000 + "階"):
        building, room, _floor = split_room("ビル" + tail)
        assert (building or "") + (room or "") != ""  # it finishes (the search of _ROOM_END is quadratic here)
