"""The CP932 round-trip set and its class shipped in addrjp/mailing/round_trip_chars.py: what the codec's
table gives, used, and not used under another Python (another codec table or Unicode database).

When the first test fails: run ``python3 scripts/build_char_tables.py`` and commit the files it writes.
"""

from __future__ import annotations

import pytest

from addrjp.mailing import encodable, round_trip_chars
from addrjp.text.code_ranges import python_stamp

_REBUILD = "run `python3 scripts/build_char_tables.py` and commit the files it writes"


@pytest.fixture(autouse=True)
def _fresh_caches() -> object:
    encodable._stable_chars.cache_clear()
    encodable.unstable_class.cache_clear()
    yield
    encodable._stable_chars.cache_clear()
    encodable.unstable_class.cache_clear()


def test_the_table_was_derived_with_this_python() -> None:
    shipped_python, here = round_trip_chars.STAMP.split("/")[0], python_stamp().split("/")[0]
    if shipped_python != here:  # not the project's Python: the tables are derived at run time there
        pytest.skip(f"tables shipped for Python {shipped_python}, this is {here}")
    assert python_stamp() == round_trip_chars.STAMP, _REBUILD


def test_the_shipped_set_and_class_are_what_the_codec_gives() -> None:
    if python_stamp() != round_trip_chars.STAMP:
        pytest.skip("another Python: the shipped table is not used here")
    derived = encodable.derive_stable_chars("cp932")
    assert derived is not None
    assert frozenset(round_trip_chars.STABLE["cp932"]) == derived, _REBUILD
    assert round_trip_chars.UNSTABLE["cp932"] == encodable.class_of(derived), _REBUILD
    assert encodable._stable_chars("cp932") == derived
    assert encodable.unstable_class("cp932") == encodable.class_of(derived)


def test_another_stamp_derives_them_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(round_trip_chars, "STAMP", "2.7/5.0.0")
    monkeypatch.setitem(round_trip_chars.STABLE, "cp932", "abc")
    monkeypatch.setitem(round_trip_chars.UNSTABLE, "cp932", "[^abc]")
    derived = encodable.derive_stable_chars("cp932")
    assert derived is not None and len(derived) > 7_000
    assert encodable._stable_chars("cp932") == derived
    assert encodable.unstable_class("cp932") == encodable.class_of(derived)


def test_the_shipped_ones_are_what_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(round_trip_chars, "STAMP", python_stamp())
    monkeypatch.setitem(round_trip_chars.STABLE, "cp932", "abc")
    monkeypatch.setitem(round_trip_chars.UNSTABLE, "cp932", "[^abc]")
    assert encodable._stable_chars("cp932") == frozenset("abc")
    assert encodable.unstable_class("cp932") == "[^abc]"
