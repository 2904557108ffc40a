"""Target character-set profiles: repertoire, round-trip-stable images, PUA and 〓 never printable."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import addrjp.text.charsets as charsets
from addrjp.errors import InputError
from addrjp.text.charsets import (
    CHARSETS,
    encoding_for,
    printable,
    profile,
    round_trips,
    to_target,
    unprintable_chars,
)

# (character, cp932, jisx0208, jisx0213, unicode) from the team's codec table (docs/names.md §1.7)
REPERTOIRE = [
    ("髙", True, False, False, True),
    ("﨑", True, False, True, True),
    ("邉", True, True, True, True),
    ("濵", True, False, True, True),
    ("德", True, False, True, True),
    ("瀨", True, False, True, True),
    ("櫻", True, True, True, True),
    ("\ufa19", True, False, True, True),
    ("\u51de", False, False, True, True),
    ("\ufa45", False, False, True, True),
    ("鷗", False, False, True, True),
    ("𡈽", False, False, True, True),
    ("𠮷", False, False, False, True),
    ("彅", True, False, True, True),
    ("Ⅲ", True, False, True, True),
    ("㈱", True, False, True, True),
    ("—", False, False, False, True),
    ("\ue000", False, False, False, False),
    ("\uf8f0", False, False, False, False),
    ("\U000f0000", False, False, False, False),
    ("\U0010fffd", False, False, False, False),
    ("〓", False, False, False, False),
    ("\ufffd", False, False, False, False),
    ("\x07", False, False, False, False),
    ("葛\U000e0101", False, False, False, True),
]


@pytest.mark.parametrize(("ch", "cp932", "jis", "jis2004", "uni"), REPERTOIRE)
def test_repertoire(ch: str, cp932: bool, jis: bool, jis2004: bool, uni: bool) -> None:
    assert printable(ch, "cp932") is cp932
    assert printable(ch, "jisx0208") is jis
    assert printable(ch, "jisx0213") is jis2004
    assert printable(ch, "unicode") is uni
    for name, expected in (("cp932", cp932), ("jisx0208", jis), ("jisx0213", jis2004), ("unicode", uni)):
        assert (unprintable_chars(ch, name) == []) is expected


def test_private_use_encodes_in_cp932_but_is_not_printable() -> None:
    assert "\ue000".encode("cp932") == b"\xf0\x40"
    assert not printable("\ue000", "cp932")
    assert unprintable_chars("山\ue000田\ue000", "cp932") == ["\ue000"]


def test_round_trip_images() -> None:
    assert to_target("〜", "cp932") == "\uff5e"
    assert to_target("−", "cp932") == "\uff0d"
    assert to_target("‖¬", "cp932") == "\u2225\uffe2"
    assert to_target("\uff5e\uff0d\u2225\uffe2", "jisx0208") == "\u301c\u2212\u2016\u00ac"
    assert to_target("\uff5e", "jisx0213") == "\u301c"
    assert to_target("𠮷", "cp932") == "𠮷"  # unprintable left alone
    assert to_target("abc", "jisx0208") == "abc"
    for name in CHARSETS:
        for text in ("〜−‖¬～－∥￢", "髙﨑鷗𡈽𠮷", "ｱｲｳ"):
            once = to_target(text, name)
            assert to_target(once, name) == once
            stable = "".join(c for c in once if printable(c, name))
            assert round_trips(stable, name)


def test_profiles_and_aliases() -> None:
    assert profile("MS932").name == "cp932"
    assert profile("Windows-31J").name == "cp932"
    assert profile("utf-8").name == "unicode"
    assert encoding_for("cp932") == "cp932"
    assert encoding_for("jisx0208") == "shift_jis"
    assert encoding_for("jisx0213") == "shift_jis_2004"
    assert encoding_for("unicode") == "utf-8"
    for bad in ("shift_jis", "sjis", "latin-1", ""):
        with pytest.raises(InputError):
            profile(bad)


@given(st.text(max_size=40), st.sampled_from(sorted(CHARSETS)))
def test_properties(text: str, name: str) -> None:
    once = to_target(text, name)
    assert to_target(once, name) == once
    bad = unprintable_chars(once, name)
    assert printable(once, name) is (not bad)
    if not bad:
        assert round_trips(once, name)


def test_doctests() -> None:
    assert doctest.testmod(charsets).failed == 0
