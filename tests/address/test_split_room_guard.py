"""``numbers.split_room`` tries the numbers-only pattern only on a text that begins and ends with an ASCII
digit: the characters the pattern can match at either end found among every character of Unicode, and
split_room against its unguarded reading on generated tails."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.numbers import _NUMBERS_ONLY, _room_start, parse_floor, split_room

_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _split_room_unguarded(tail: str) -> tuple[str | None, str | None, int | None]:
    tail = tail.strip()
    if not tail:
        return None, None, None
    body = tail.lstrip("-").strip() if tail[0] == "-" else tail
    if _NUMBERS_ONLY.fullmatch(body):
        return None, body, None
    start = _room_start(body)
    if start is None:
        return body, None, None
    room = body[start:]
    building = body[:start].rstrip(" -")
    if room[:1] == "-":
        room = room[1:]
    if building and room.isdigit() and not (body[start - 1] in " -" or not building[-1].isdigit()):
        return body, None, None
    return (building or None), room, parse_floor(room)


def test_a_text_of_numbers_begins_and_ends_with_an_ascii_digit() -> None:
    # the pattern is [0-9]+(?:-[0-9]+)*: its first and last atoms are [0-9]
    assert _NUMBERS_ONLY.pattern == r"[0-9]+(?:-[0-9]+)*"
    assert set(re.findall("[0-9]", _ALL)) == set("0123456789")
    for ch in "0123456789":
        assert _NUMBERS_ONLY.fullmatch(ch)


_TAIL = st.text(st.sampled_from(list("0123456789０１-ー ・F階B地号室ABコーポ新宿ビル\u3000")), max_size=14)


@settings(max_examples=3000, deadline=None)
@given(tail=_TAIL | st.text(max_size=8))
def test_split_room_reads_as_without_the_guard(tail: str) -> None:
    assert split_room(tail) == _split_room_unguarded(tail)
