"""The parser's common path gives what the full path gives (hypothesis): ``parse._parse_fast`` (a head from the
memo and the numbers read from one match of the common forms, in one function) against ``parse._parse`` with
the memo off (every head resolved in full, the numbers read by ``_read_numbers``), as whole Addresses; the
per-town answers it keeps (``_TownRules``) against the functions it stands for; the heads kept per first
character (四谷4丁目 while 四谷 begins 四谷3栄町); the Address built from its fields against the constructor."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addrjp.address import parse as parse_mod
from addrjp.address.area import area_place
from addrjp.address.model import FIELD_NAMES, Address, address_of
from addrjp.address.numbers import Unit
from addrjp.address.towns import load_town_master
from addrjp.text import int_to_kanji

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MASTER = load_town_master()
_SHINJUKU = sorted(t.town for t in MASTER.towns_in("東京都", "新宿区"))
_TOWNS = [*_SHINJUKU, "北一条西", "一番町", "信濃町", "栄町", "大町", "南町", "四谷三栄町", "西五軒町"]
_HEADS = ["東京都新宿区", "新宿区", "", "東京都 新宿区 ", "東京都新宿区 ", "北海道札幌市中央区", "千代田区", "長野県"]
#: what the common path reads and what it must leave to the full path: numbers in digits and kanji (well-formed
#: and not), every marker and separator, spaces, room words, 条/街区/地割/第, 小字 and buildings
_TOKENS = st.sampled_from([
    *"0123456789-丁目番地号室階棟館車FfＦのノ之一二三十百千〇零参拾条線街第区字 　ビル(Aーｰ―－", "丁目", "番地", "号室",
    "号棟", "番館", "12", "105", "0", "00", "二丁目", "十一", "千三", "二十三", "十二三", "百〇五", "壱", "3-", "-1203",
    " メゾン", "地割", "街区", "字東", "マンション", " 101号室", "ビル5F", " B1F", "(私書箱第3号)", "2一5",
])
_CODES = st.sampled_from([None, "1600023", "1600004", "1620843", "1620836", "1600016", "0600042"])


@st.composite
def register_addresses(draw: st.DrawFn) -> str:
    """Addresses as registers write them, the numbers either well-formed or made of any tokens."""
    head = draw(st.sampled_from(_HEADS))
    town = draw(st.sampled_from(_TOWNS))
    if draw(st.booleans()):
        values = draw(st.lists(st.integers(0, 1200), min_size=1, max_size=4))
        fmt = int_to_kanji if draw(st.booleans()) else str
        seps = draw(st.lists(st.sampled_from(["-", "丁目", "番", "番地", "号", "の", "ー", "―", " ", ""]),
                             min_size=len(values), max_size=len(values)))
        nums = "".join(fmt(v) + sep for v, sep in zip(values, seps, strict=True))
    else:
        nums = "".join(draw(st.lists(_TOKENS, max_size=10)))
    tail = draw(st.sampled_from(["", " 101号室", "ビル5F", " メゾン新宿 203", "-1203", "号室", "(私書箱第3号)", " 3号棟 402",
                                 "田中荘803号室", "字東12-3", " B1F", "　新宿タワー１５Ｆ"]))
    return head + town + nums + tail


def _full(text: str, code: str | None, place: tuple[str, str] | None) -> Address:
    with mock.patch.object(parse_mod, "_resolve_memo", lambda *_args: None):
        return parse_mod._parse(text, code, place, MASTER)


@given(register_addresses(), register_addresses(), _CODES, st.sampled_from([None, "13104"]))
@SETTINGS
def test_the_common_path_reads_as_the_full_path(first: str, text: str, code: str | None, area: str | None) -> None:
    place = area_place(area, MASTER) if area else None
    parse_mod._parse_fast(first, code, place, MASTER)  # fills the memo (another head, or the same one)
    parse_mod._parse_fast(text, code, place, MASTER)  # fills it with this head: the second call is a memo hit
    assert parse_mod._parse_fast(text, code, place, MASTER) == _full(text, code, place)


@given(st.sampled_from(_SHINJUKU), st.lists(st.integers(1, 60), min_size=1, max_size=4),
       st.sampled_from(["-", "丁目", "番", "番地", "号", "の"]), st.booleans(),
       st.sampled_from(["", " 101号室", "ビル5F", " メゾン新宿 203", "-1203", " B1F"]), _CODES)
@SETTINGS
def test_well_formed_numbers_read_as_the_full_path(town: str, values: list[int], sep: str, kanji: bool, tail: str,
                                                   code: str | None) -> None:
    fmt = int_to_kanji if kanji else str
    text = "新宿区" + town + sep.join(fmt(v) for v in values) + tail
    parse_mod._parse_fast(text, code, None, MASTER)
    assert parse_mod._parse_fast(text, code, None, MASTER) == _full(text, code, None)


def test_the_common_forms_take_the_common_path() -> None:
    # once the head is in the memo, a ward's common forms are read without _read_numbers or the general path
    texts = ["東京都新宿区西新宿2-8-1", "新宿区西新宿二丁目8番1号", "東京都新宿区市谷田町2丁目5番3号 メゾン101",
             "新宿区百人町1-2-3-405", "東京都新宿区 西新宿 2-8-1 新宿ビル15階", "新宿区舟町26番地の3", "新宿区四谷4丁目3番",
             "西新宿2-8-1", "百人町一丁目5番 メゾン101"]  # the last two: towns of several municipalities, read as rest
    for text in texts:
        parse_mod._parse_fast(text, None, None, MASTER)
    with mock.patch.object(parse_mod, "_read_numbers", side_effect=AssertionError), \
            mock.patch.object(parse_mod, "_parse_text", side_effect=AssertionError), \
            mock.patch.object(parse_mod, "_parse", side_effect=AssertionError):
        for text in texts:
            a = parse_mod._parse_fast(text, None, None, MASTER)
            assert (a.town is not None) == text.startswith(("東京都", "新宿区")), text


def test_a_head_is_kept_for_the_first_characters_no_longer_town_goes_on_with() -> None:
    # 四谷 begins 四谷3栄町 (the digit spelling of 四谷三栄町): not kept for every digit, kept for 4 and for 一
    for text in ("新宿区四谷4丁目3番", "新宿区四谷一丁目5番"):
        parse_mod._parse(text, None, None, MASTER)
        j = parse_mod._head_end(text)
        assert j is not None
        assert MASTER.head_memo[(text[:j], text[j] <= "9", None, None)] is None
        assert type(MASTER.head_memo[(text[:j], text[j], None, None)]) is tuple
    text = "新宿区四谷3栄町1-1"
    a = parse_mod._parse_fast(text, None, None, MASTER)
    assert a.town == "四谷三栄町" and a == _full(text, None, None)
    assert MASTER.head_memo.get(("新宿区四谷", "3", None, None)) is None  # 3 goes on to 四谷3栄町


def _units(values: list[str], markers: list[str]) -> list[Unit]:
    return [Unit(v, m, 0, 0) for v, m in zip(values, markers, strict=True)]


def test_the_answers_kept_per_town_are_those_of_the_town() -> None:
    towns = [t for pref, city in (("東京都", "新宿区"), ("北海道", "札幌市中央区"), ("東京都", "千代田区"),
                                  ("長野県", "上水内郡信濃町"))
             for t in MASTER.towns_in(pref, city)]
    assert len(towns) > 200
    for town in towns:
        rules = parse_mod._TownRules(town)
        for value in range(0, 70):
            plausible = (value in rules.chome) if rules.chome else (rules.unknown and 1 <= value <= 50)
            assert plausible == parse_mod.chome_plausible(town, value)
            for markers in (["", "", ""], ["", "番", "号"], ["", "号", ""], ["", ""]):
                units = _units([str(value), "1", "2"][:len(markers)], markers)
                impossible = (rules.all_jukyo and len(markers) >= 3 and 1 <= value <= 50
                              and markers[1] in ("", "番") and markers[2] in ("", "号"))
                assert impossible == parse_mod._impossible_chome(town, units)
            numbering = rules.chome.get(value, rules.single) if rules.chome else None
            assert numbering == parse_mod._town_numbering(town, value)
        assert (rules.chome.get(None, rules.single) if rules.chome else None) == parse_mod._town_numbering(town, None)


_VALUES = st.one_of(st.none(), st.text(max_size=5), st.integers(-3, 3), st.tuples(st.text(max_size=3)))


@given(st.lists(_VALUES, min_size=len(FIELD_NAMES), max_size=len(FIELD_NAMES)))
@SETTINGS
def test_an_address_of_its_fields_equals_the_constructed_one(values: list[object]) -> None:
    built = address_of(*values)  # type: ignore[arg-type]
    made = Address(*values)  # type: ignore[arg-type]
    assert built == made and repr(built) == repr(made) and hash(built) == hash(made)


def test_an_address_of_its_fields_takes_every_field_in_order() -> None:
    assert tuple(inspect.signature(address_of).parameters) == FIELD_NAMES


def test_an_address_of_its_fields_is_an_address_frozen_like_any_other() -> None:
    values = [f"v{i}" for i in range(len(FIELD_NAMES))]
    a = address_of(*values)  # type: ignore[arg-type]
    assert type(a) is Address and dataclasses.astuple(a) == tuple(values) and a == Address(*values)  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.town = "新宿"  # type: ignore[misc]
    assert dataclasses.replace(a, town="新宿").town == "新宿" and a.town == "v2"
    assert pickle.loads(pickle.dumps(a)) == a


@given(st.text(max_size=30))
@settings(max_examples=2000, deadline=None)
def test_the_cleanliness_test_is_the_pattern_s(text: str) -> None:
    assert parse_mod._is_clean(text) == (parse_mod._NEEDS_CLEANING.search(text) is None)


_CLEANING = st.sampled_from([
    *"西新宿区ヶケ市谷0123456789-ー ", *"ＡＺａｚ０９－（）＃＆　", *"ｶﾞｼﾞﾊﾟｰｱｲｳﾞﾟﾞ", "\u00a0", "\u200b", "\ufeff", "\u00ad",
    "\ufe00", "\U000e0100", "\t", "\u2003", "ヮヰヱヵヶヽヾ", "￥", "￣", "  ",
])


@given(st.lists(_CLEANING, max_size=16).map("".join))
@settings(max_examples=3000, deadline=None)
def test_the_width_folding_by_one_table_cleans_as_every_step_does(text: str) -> None:
    assert parse_mod._clean_text_slow(text) == parse_mod._clean_text_full(text)
    assert parse_mod.clean_text(text) == parse_mod._clean_text_full(text)
