"""The cp932 judgement of address lines by one search and one encode (no decode) is the round trip's."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.text.charsets import _CP932_ONE_WAY, FORBIDDEN_RE, lines_print_as_is


def _round_trips(text: str) -> bool:
    try:
        return text.encode("cp932").decode("cp932") == text
    except UnicodeEncodeError:
        return False


def test_the_one_way_characters_are_every_character_that_encodes_but_decodes_otherwise() -> None:
    one_way = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        try:
            encoded = ch.encode("cp932")
        except UnicodeEncodeError:
            continue
        if encoded.decode("cp932") != ch:
            one_way.append(ch)
    assert "".join(one_way) == _CP932_ONE_WAY


def _reference(line1: str, line2: str | None) -> bool:
    """The former judgement: no forbidden character, and the lines' text round-trips through cp932."""
    text = f"{line1}{line2}" if line2 else line1
    return FORBIDDEN_RE.search(text) is None and _round_trips(text)


_CHARS = (st.sampled_from(list("新宿区西2-8-1 コーポ髙﨑〜～①𠮷\u200b\x07ｶ　ABC¢£¬‖−￠￡￢∥－\\~¥") + list(_CP932_ONE_WAY))
          | st.characters())


@given(st.text(_CHARS, max_size=14), st.none() | st.text(_CHARS, max_size=14))
@settings(max_examples=1000, deadline=None)
def test_cp932_lines_are_judged_as_their_round_trip_judges_them(line1: str, line2: str | None) -> None:
    assert lines_print_as_is(line1, line2, "cp932") == _reference(line1, line2)


def test_every_character_alone_is_judged_as_its_round_trip_judges_it() -> None:
    for cp in range(0, sys.maxunicode + 1, 7):  # every seventh code point, and the ones of interest below
        ch = chr(cp)
        assert lines_print_as_is(ch, None, "cp932") == _reference(ch, None)
    for ch in _CP932_ONE_WAY + "\ue000\uf8ff\u3013\ufffd\x7f\x9f":
        assert lines_print_as_is("新宿", ch, "cp932") is False


def test_the_profiles_judged_by_their_own_name_are_named_so() -> None:
    from addrjp.text.charsets import _STABLE, CHARSETS, profile

    for name in _STABLE:
        assert CHARSETS[name].name == name == profile(name).name
