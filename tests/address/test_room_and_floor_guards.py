"""The guards that spare the room and floor patterns where they cannot match: ``numbers._room_start`` tries only
the reversed room patterns a text's last character can begin, and ``numbers.parse_floor`` matches only a text
that ends in F/f/階 or begins with B/b/地 — the characters each pattern can begin (or end) with found among
every character of Unicode, and both scans against the unguarded ones on generated texts."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address import numbers
from addrjp.address.numbers import _FLOOR, _ROOM_END, _ROOM_END_REVERSED, _room_start, parse_floor

_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _room_start_unguarded(body: str) -> int | None:
    rev = body[::-1]
    longest = 0
    for rx in _ROOM_END_REVERSED:
        m = rx.match(rev)
        if m is not None and m.end() > longest:
            longest = m.end()
    return len(body) - longest if longest else None


#: the first atom of each reversed room pattern, as written at its start
_FIRST_ATOMS = ("(?:F|階)?[0-9]+", "(?:F|階)", "(?:室号|室|号)", "[0-9]")


def _matched_characters(pattern: str) -> set[str]:
    """Every character of Unicode the pattern matches alone (one scan of all of them)."""
    return set(re.compile(pattern, re.IGNORECASE).findall(_ALL))


def test_each_room_pattern_is_tried_for_every_character_it_can_begin_with() -> None:
    # a match of a reversed pattern begins with its first atom: F/階 or a digit, F/階, 室/号, a digit
    assert [rx.pattern.startswith(a) for rx, a in zip(_ROOM_END_REVERSED, _FIRST_ATOMS, strict=True)] == [True] * 4
    firsts = [_matched_characters("[F階0-9]"), _matched_characters("[F階]"), _matched_characters("[室号]"),
              _matched_characters("[0-9]")]
    for rx, first in zip(_ROOM_END_REVERSED, firsts, strict=True):
        assert {ch for ch, patterns in numbers._ROOM_BY_LAST.items() if rx in patterns} == first
    assert _matched_characters("[F階]") == {"F", "f", "階"}  # F ignoring case is F and f only


def test_a_floor_ends_in_f_or_kai_or_is_a_basement() -> None:
    # _FLOOR: (B|地下)[0-9]+(F|階)? or [0-9]+(F|階), whole: it begins with B/地 or ends with F/階
    assert _FLOOR.pattern.startswith(r"(?:(?P<b>B|地下)(?P<bn>[0-9]+)(?:F|階)?|(?P<n>[0-9]+)(?:F|階))$")
    assert _matched_characters("[F階]") == set(numbers._FLOOR_LAST)
    assert _matched_characters("[B地]") == set(numbers._FLOOR_FIRST)


def _floor_unguarded(room: str) -> int | None:
    m = _FLOOR.fullmatch(room)
    return None if m is None else (-int(m.group("bn")) if m.group("b") else int(m.group("n")))


_TOKENS = st.sampled_from([*"0123456789-・,、~〜BbFf階室号AaZ地下 ビル棟ſK", "地下", "号室", "12", "101", "1-", "B1"])


@given(st.lists(_TOKENS, max_size=16).map("".join), st.characters())
@settings(max_examples=2000, deadline=None)
def test_the_guarded_scans_read_as_the_unguarded_ones(body: str, last: str) -> None:
    for text in (body, body + last, last + body):
        assert _room_start(text) == _room_start_unguarded(text)
        m = _ROOM_END.search(text)
        if not text[-1:].isspace():
            assert _room_start(text) == (m.start() if m is not None else None)
        assert parse_floor(text) == _floor_unguarded(text)
