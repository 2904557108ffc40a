"""The parser's shortcuts give what the full path gives (hypothesis): the compiled pattern of the common number
forms (numbers._scan_common) against the general scanner, unit by unit and through parse_address as a whole
Address; the Address built from its slots against the dataclass's constructor; the dash translation done only
when a dash is there against translating always."""

from __future__ import annotations

import dataclasses
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address import numbers as numbers_mod
from addrjp.address import parse as parse_mod
from addrjp.address.model import FIELD_NAMES, Address, address_from_values
from addrjp.address.numbers import _scan_common, _scan_units, unify_separators
from addrjp.address.towns import load_town_master
from addrjp.text import HYPHENS, int_to_kanji

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MASTER = load_town_master()

#: numbers, kanji numerals (well-formed and not), markers, separators, spaces, room words and building text
_NUMBER_TOKENS = st.sampled_from([
    *"0123456789-丁目番地号室階棟館車FfＦのノ之一二三十百千〇零参拾 　ビル(Aー", "丁目", "番地", "号室", "号棟", "番館",
    "12", "105", "0", "二丁目", "十一", "千三", "二十三", "十二三", "百〇五", "壱", "3-", "-1203", " メゾン",
])


@given(st.lists(_NUMBER_TOKENS, max_size=14).map("".join), st.integers(0, 3))
@settings(max_examples=4000, deadline=None)
def test_the_common_forms_read_as_the_general_scanner_reads_them(text: str, start: int) -> None:
    s = unify_separators(text)
    common = _scan_common(s, start)
    assert common is None or common == _scan_units(s, start)


def test_the_common_forms_are_read_in_one_match() -> None:
    # the forms of a ward's register: the compiled pattern reads them (the general scanner is the exception)
    for text in ("2-8-1", "2丁目8番1号", "二丁目54番地10", "826番地の3", "2-8-1 メゾン新宿101", "2-8-1-101",
                 "8番4号", "四丁目26番12号 ビル", "114番地田中荘803号室", "3丁目7-15", "15番地", "一丁目"):
        assert _scan_common(unify_separators(text), 0) is not None, text


_TOWNS = [*sorted(t.town for t in MASTER.towns_in("東京都", "新宿区")), "北一条西", "一番町"]


@st.composite
def register_addresses(draw: st.DrawFn) -> str:
    """Addresses as registers write them: with or without prefecture and ward, numbers in digits or kanji with
    every marker and dash, buildings and rooms after them."""
    head = draw(st.sampled_from(["東京都新宿区", "新宿区", "", "東京都 新宿区 ", "〒160-0023 東京都新宿区"]))
    town = draw(st.sampled_from(_TOWNS))
    values = draw(st.lists(st.integers(0, 1200), min_size=0, max_size=4))
    fmt = int_to_kanji if draw(st.booleans()) else str
    seps = draw(st.lists(st.sampled_from(["-", "丁目", "番", "番地", "号", "の", "ー", "―", " ", ""]),
                         min_size=len(values), max_size=len(values)))
    nums = "".join(fmt(v) + sep for v, sep in zip(values, seps, strict=True))
    tail = draw(st.sampled_from(["", " 101号室", "ビル5F", " メゾン新宿 203", "-1203", "号室", "(私書箱第3号)", " 3号棟 402",
                                 "田中荘803号室", "字東12-3", " B1F"]))
    return head + town + nums + tail


def _general(text: str, code: str | None, area: str | None) -> Address:
    with mock.patch.object(numbers_mod, "_scan_common", lambda *_args: None):
        return parse_mod._parse(text, code, parse_mod._area_cached(area) if area else None, MASTER)


@given(register_addresses(), st.sampled_from([None, "1600023", "1620843"]), st.sampled_from([None, "13104"]))
@SETTINGS
def test_an_address_reads_the_same_with_the_general_scanner_only(text: str, code: str | None,
                                                                 area: str | None) -> None:
    fast = parse_mod._parse(text, code, parse_mod._area_cached(area) if area else None, MASTER)
    assert fast == _general(text, code, area)


_VALUES = st.one_of(st.none(), st.text(max_size=5), st.integers(-3, 3), st.tuples(st.text(max_size=3)))


@given(st.lists(_VALUES, min_size=len(FIELD_NAMES), max_size=len(FIELD_NAMES)))
@SETTINGS
def test_an_address_built_from_its_slots_equals_the_constructed_one(values: list[object]) -> None:
    built = address_from_values(values)
    made = Address(*values)  # type: ignore[arg-type]
    assert built == made and repr(built) == repr(made) and hash(built) == hash(made)


def test_an_address_built_from_its_slots_is_complete_and_frozen() -> None:
    with pytest.raises(ValueError):
        address_from_values([None] * (len(FIELD_NAMES) - 1))  # a field added to Address must be passed too
    a = parse_mod.parse_address("東京都新宿区西新宿2-8-1")
    assert tuple(getattr(a, n) for n in FIELD_NAMES) == dataclasses.astuple(a)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.town = "新宿"  # type: ignore[misc]




@given(st.text(alphabet=st.sampled_from([*sorted(HYPHENS), *"12一丿ーｰ番地ビル 　a"]), max_size=20))
@settings(max_examples=2000, deadline=None)
def test_separators_unify_as_when_translated_always(text: str) -> None:
    out = text.translate(numbers_mod._SEP_TABLE)
    if "ー" in out or "ｰ" in out:
        out = numbers_mod._LONG_BETWEEN.sub("-", out)
    if "一" in out or "丿" in out:
        out = numbers_mod._KANJI_DASH.sub("-", out)
    assert unify_separators(text) == out


_DIVISION_TOKENS = st.sampled_from([
    *"0123456789東西南北第号線地割街区字小大画-の ", "地割", "街区", "第二", "十六", "拾", "壱", "C", "土地区画整理事業地内",
    "字銅屋", "番地", "五番地",
])


@given(st.lists(_DIVISION_TOKENS, max_size=12).map("".join))
@settings(max_examples=2000, deadline=None)
def test_the_division_pattern_is_tried_wherever_it_can_match(text: str) -> None:
    s = unify_separators(text)
    if parse_mod._DIVISION.match(s) is not None:
        assert parse_mod._may_be_division(s)
