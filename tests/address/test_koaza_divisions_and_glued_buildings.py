"""What is written between a town and its lot, and a building glued to the town (issue 12 Proof, the office
file): a 小字 without 字 where KEN_ALL numbers the lots per 小字, 第N号 with 拾・壱 numerals, 区画整理 街区, a
building with a floor or a facility name right after a certain town — each read without inventing."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import addrjp.address.lots
from addrjp.address.format import format_address
from addrjp.address.lots import koaza_numbered, long_koaza_end
from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
from addrjp.quality.record import validate_record
from addrjp.text import HYPHENS, int_to_kanji

# ---- a long 小字 without 字, where the town's lots are numbered per 小字 ------------------------------------

def test_a_long_koaza_is_read_where_kenall_numbers_lots_per_koaza() -> None:
    town = load_town_master().find_town("愛知県", "西尾市", "寺津町")
    assert town is not None and koaza_numbered(town) and not town.has_chome
    a = parse_address("愛知県西尾市寺津町四ノ割横道東8")
    assert (a.town, a.koaza, a.banchi, a.go, a.rest) == ("寺津町", "四ノ割横道東", "8", None, None)
    assert format_address(a) == "西尾市寺津町四ノ割横道東8"
    assert validate_record(name="山田太郎", postal_code="444-0324", address="愛知県西尾市寺津町四ノ割横道東8").status == "ok"


def test_a_long_name_is_no_koaza_in_a_town_without_the_flag() -> None:
    town = load_town_master().find_town("福井県", "小浜市", "北塩屋")
    assert town is not None and not koaza_numbered(town)
    a = parse_address("福井県小浜市北塩屋横道東西南8")  # five kanji: longer than the short form reads
    assert (a.town, a.koaza, a.banchi, a.rest) == ("北塩屋", None, None, "横道東西南8")


@pytest.mark.parametrize("text", ["市営住宅東3", "第二団地北5", "山田中央寮12", "北七番5", "県営住宅101"])
def test_a_building_or_a_number_is_no_long_koaza(text: str) -> None:
    assert long_koaza_end(text) is None


def test_a_misspelt_longer_town_is_not_read_as_town_and_koaza() -> None:
    # 三本木 (lots per 小字) and 三本木蟻ケ袋 are towns of 大崎市: 蟻ケ代 is one kanji from 蟻ケ袋, a
    # misspelling of the longer town, not 三本木 with a 小字 蟻ケ代 (see _cut_short)
    a = parse_address("宮城県大崎市三本木蟻ケ代12")
    assert (a.city, a.town, a.koaza, a.banchi, a.rest) == ("大崎市", None, None, None, "三本木蟻ケ代12")
    b = parse_address("宮城県大崎市三本木蟻ケ袋12")
    assert (b.town, b.koaza, b.banchi) == ("三本木蟻ケ袋", None, "12")


@pytest.mark.parametrize("text, koaza, banchi", [
    ("長野県東筑摩郡山形村字北野尻7977", "字北野尻", "7977"),  # KEN_ALL's only town of 山形村 is 山形村
    ("東京都利島村字大山248", "字大山", "248"),
])
def test_a_koaza_after_a_municipality_whose_only_town_is_itself(text: str, koaza: str, banchi: str) -> None:
    a = parse_address(text)
    assert (a.town, a.koaza, a.banchi, a.rest) == (None, koaza, banchi, None)


def test_a_koaza_without_aza_after_such_a_municipality_stays_unread() -> None:
    a = parse_address("長野県東筑摩郡山形村北野尻7977")  # no 字: a name, perhaps a misspelt town
    assert (a.town, a.koaza, a.banchi, a.rest) == (None, None, None, "北野尻7977")


# ---- 第N号 and 区画整理 街区: numbered divisions before the lot --------------------------------------------

@pytest.mark.parametrize("text, koaza", [
    ("福井県小浜市北塩屋第拾六号五番地", "第拾六号"),  # 拾 numerals
    ("福井県小浜市北塩屋第16号5番地", "第16号"),  # was lot 16 with a building 5番地
    ("福井県小浜市北塩屋第壱号2番地", "第壱号"),
])
def test_dai_go_is_a_division_before_the_lot(text: str, koaza: str) -> None:
    a = parse_address(text)
    assert (a.town, a.koaza, a.banchi, a.go, a.building, a.rest) == ("北塩屋", koaza, "5" if "五" in text or "5番" in text
                                                                    else "2", None, None, None)
    assert koaza + a.banchi in format_address(a)
    assert parse_address(format_address(a, "official", prefecture=True)).koaza == koaza


def test_a_lot_called_dai_go_chi_is_no_division() -> None:
    a = parse_address("愛知県名古屋市中川区清川町地内中川運河中幹線A地区第27号地")
    assert (a.town, a.koaza, a.banchi) == ("清川町", None, None) and a.rest is not None


def test_a_kukaku_block_before_its_lot_is_a_division() -> None:
    a = parse_address("茨城県つくば市諏訪C22街区1")
    assert (a.town, a.koaza, a.banchi, a.rest) == ("諏訪", "C22街区", "1", None)
    assert format_address(a) == "つくば市諏訪C22街区1"


@pytest.mark.parametrize("text, koaza, banchi", [
    ("埼玉県桶川市桶川都市計画事業下日出谷東特定土地区画整理事業地内42街区1画地",
     "桶川都市計画事業下日出谷東特定土地区画整理事業地内42街区", "1"),
    ("沖縄県中頭郡北中城村アワセ土地区画整理事業地内2街区1番", "アワセ土地区画整理事業地内2街区", "1"),
    ("茨城県つくば市諏訪C22街区1画地", "C22街区", "1"),
])
def test_a_kukaku_project_and_block_are_kept_and_the_lot_read(text: str, koaza: str, banchi: str) -> None:
    a = parse_address(text)
    assert (a.koaza, a.banchi, a.go, a.building, a.rest) == (koaza, banchi, None, None, None)
    assert koaza + banchi in format_address(a)


def test_a_kukaku_project_without_a_known_town_is_held() -> None:
    text = "埼玉県桶川市桶川都市計画事業下日出谷東特定土地区画整理事業地内42街区1画地"
    a = parse_address(text)
    assert (a.city, a.town) == ("桶川市", None)  # no town is made of the project's name
    result = validate_record(name="山田太郎", postal_code="", address=text)
    assert result.status == "hold" and "address.town_unknown" in result.codes


def test_several_lots_of_a_block_stay_unread() -> None:
    a = parse_address("愛知県愛知郡東郷町東郷中央土地区画整理事業62街区1,3")
    assert (a.banchi, a.building, a.rest) == (None, None, "1,3")


def test_a_kukaku_block_without_its_lot_is_not_read_as_a_lot() -> None:
    a = parse_address("茨城県つくば市諏訪42街区")  # was lot 42 with a building 街区
    assert (a.town, a.banchi, a.building, a.rest) == ("諏訪", None, None, "42街区")


# ---- a building glued to a certain town, no house number -----------------------------------------------

@pytest.mark.parametrize("text, building, room, floor", [
    ("大阪府大阪市北区大深町グラングリーン大阪パークタワー14階", "グラングリーン大阪パークタワー", "14階", 14),
    ("奈良県奈良市北魚屋東町奈良女子大学コラボレーションセンター3F", "奈良女子大学コラボレーションセンター", "3F", 3),
    ("岐阜県岐阜市長住町香蘭地区NTTドコモ東海岐阜ビル", "香蘭地区NTTドコモ東海岐阜ビル", None, None),
    ("北海道千歳市美々新千歳空港内", "新千歳空港内", None, None),
])
def test_a_building_after_a_certain_town_is_the_second_line(text: str, building: str, room: str | None,
                                                           floor: int | None) -> None:
    a = parse_address(text)
    assert (a.banchi, a.building, a.room, a.floor, a.rest) == (None, building, room, floor, None)
    result = validate_record(name="山田太郎", postal_code="", address=text)
    assert "address.no_number" in result.codes and result.status == "hold"  # no number: still held


@pytest.mark.parametrize("text", [
    "福井県小浜市田烏大浜",  # a name with no number: a 小字 or a misspelling, not a building
    "北海道上川郡東川町松山温泉天人峡温泉",
])
def test_a_name_after_the_town_is_no_building(text: str) -> None:
    a = parse_address(text)
    assert a.building is None and a.rest is not None


def test_a_building_is_not_read_after_an_inferred_town() -> None:
    # no municipality written: the town is inferred from the postal code's municipality
    a = parse_address("大深町グラングリーン大阪パークタワー14階", postal_code="530-0011")
    assert (a.city, a.town, a.inferred) == ("大阪市北区", "大深町", ("pref", "city"))
    assert (a.building, a.rest) == (None, "グラングリーン大阪パークタワー14階")


# ---- properties: the new forms read the same whatever the width, the dash and the house style ------------

_FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
_HEADS = ["福井県小浜市北塩屋第{d}号", "愛知県西尾市寺津町四ノ割横道東", "茨城県つくば市諏訪C{d}街区",
          "沖縄県中頭郡北中城村アワセ土地区画整理事業地内{d}街区"]


@st.composite
def lot_addresses(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(_HEADS)).format(d=draw(st.integers(1, 60)))
    lot, sub = draw(st.integers(1, 3000)), draw(st.one_of(st.none(), st.integers(1, 99)))
    kanji = "第" in head and draw(st.booleans())
    lot_text = int_to_kanji(lot) if kanji else str(lot)
    if sub is None:
        tail = draw(st.sampled_from(["", "番地"]))
        return head + lot_text + tail
    return head + lot_text + "-" + str(sub)


@given(lot_addresses(), st.sampled_from(sorted(HYPHENS)), st.booleans())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_divisions_and_koaza_are_width_and_hyphen_invariant(text: str, hyphen: str, wide: bool) -> None:
    a = parse_address(text)
    assert a.koaza is not None and a.banchi is not None and a.rest is None
    variant = text.replace("-", hyphen)
    b = parse_address(variant.translate(_FW) if wide else variant)
    assert (b.town, b.koaza, b.banchi, b.go, b.rest) == (a.town, a.koaza, a.banchi, a.go, a.rest)


@given(lot_addresses(), st.sampled_from(["horizontal", "official"]))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_divisions_and_koaza_read_back_from_every_style(text: str, style: str) -> None:
    a = parse_address(text)
    again = parse_address(format_address(a, style, prefecture=True))
    assert (again.town, again.koaza, again.banchi, again.go, again.rest) == (a.town, a.koaza, a.banchi, a.go, a.rest)


def test_lots_doctests() -> None:
    failures, tried = doctest.testmod(addrjp.address.lots)
    assert failures == 0 and tried > 0
