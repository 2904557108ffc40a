"""National forms (issue 12 §3): variant kanji, Hokkaido 条・丁目, Kyoto streets, numbers in town names,
大字/字, 地割, 無番地, spaces inside names, prefectures without 都/府/県."""

from __future__ import annotations

import pytest

from addrjp.address.format import format_address
from addrjp.address.parse import parse_address


@pytest.mark.parametrize("text, town, variant", [
    ("北海道桧山郡江差町檜岱1", "桧岱", "檜岱"),  # 檜/桧 (人名用漢字表 variants, via Unihan)
    ("青森県弘前市竜ノ口1", "龍ノ口", "竜ノ口"),  # 龍/竜
    ("青森県弘前市笹館1", "笹舘", "笹館"),  # 舘/館 (MJ, confirmed by Unihan)
    ("山形県最上郡最上町黒沢1", "黒澤", "黒沢"),  # 澤/沢
])
def test_variant_kanji_are_folded_and_the_official_spelling_is_output(text: str, town: str, variant: str) -> None:
    a = parse_address(text)
    assert (a.town, a.town_variant) == (town, variant)
    assert town in format_address(a)


@pytest.mark.parametrize("text, town, chome", [
    ("北海道札幌市中央区北1西2", "北一条西", 2),
    ("北海道札幌市中央区北一条西二丁目", "北一条西", 2),
    ("北海道札幌市西区八軒2条東3丁目", "八軒二条東", 3),
    ("北海道札幌市西区八軒2東3", "八軒二条東", 3),
])
def test_hokkaido_jo_and_chome(text: str, town: str, chome: int) -> None:
    a = parse_address(text)
    assert (a.town, a.chome) == (town, chome)


@pytest.mark.parametrize("text, street, town", [
    ("京都府京都市中京区河原町通二条下る一之船入町537番地の4", "河原町通二条下る", "一之船入町"),
    ("京都府京都市中京区河原町通二条南入一之船入町537番地の4", "河原町通二条南入", "一之船入町"),
    ("京都府京都市上京区堀川通寺之内上る4丁目天神北町1番地の1", "堀川通寺之内上る4丁目", "天神北町"),
    ("京都府京都市下京区堀川七条上る西本願寺前菱屋町150-1", "堀川七条上る西本願寺前", "菱屋町"),
])
def test_kyoto_streets_before_the_town_are_kept_as_written(text: str, street: str, town: str) -> None:
    a = parse_address(text)
    assert (a.street, a.town) == (street, town)
    assert street + town in format_address(a)


@pytest.mark.parametrize("text, town, numbers", [
    ("青森県十和田市東16番町1-1", "東十六番町", ("1", "1")),  # a number written in digits in the name
    ("福島県会津若松市湊町大字共和字東 12-3", "湊町共和", ("12", "3")),  # 大字 inside the name
    ("愛知県新城市字東入船115番地", "東入船", ("115", None)),
    ("岩手県紫波郡矢巾町南矢幅6地割123", "南矢幅", ("123", None)),
])
def test_names_with_numbers_and_aza(text: str, town: str, numbers: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.town, a.banchi, a.go) == (town, *numbers)


@pytest.mark.parametrize("text, koaza, numbers", [
    ("徳島県阿南市羽ノ浦町中庄なかれ16-3", "なかれ", ("16", "3")),  # a 小字 in hiragana
    ("京都府木津川市山城町上狛東作り道11-1", "東作り道", ("11", "1")),
    ("愛知県稲沢市祖父江町甲新田イ九-65", "イ", ("9", "65")),  # the lot in kanji after the 小字
])
def test_koaza_in_kana_and_lots_in_kanji(text: str, koaza: str, numbers: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.koaza, a.banchi, a.go, a.rest) == (koaza, *numbers, None)


def test_a_remark_after_the_municipality_is_the_second_line() -> None:
    a = parse_address("千葉県成田市(成田国際空港郵便局私書箱第1001号)")  # a P.O. box of the municipality
    assert (a.city, a.town, a.building, a.rest) == ("成田市", None, "(成田国際空港郵便局私書箱第1001号)", None)


@pytest.mark.parametrize("text, note", [
    ("北海道千歳市平和無番地", "無番地"),
    ("北海道北見市留辺蘂町温根湯温泉番外地", "番外地"),
    ("岡山県勝田郡奈義町滝本官有無番地", "官有無番地"),
    ("千葉県木更津市吾妻地先", "地先"),  # the shore off the town, written instead of a lot number
])
def test_no_lot_number_designations(text: str, note: str) -> None:
    from addrjp.quality.record import validate_record

    a = parse_address(text)
    assert (a.lot_note, a.rest) == (note, None)
    assert format_address(a, prefecture=True).endswith(note)
    assert "address.no_number" not in validate_record(name="山田太郎", postal_code="", address=text).codes


@pytest.mark.parametrize("text, pref, city", [
    ("東京都西多摩郡 奥多摩町氷川1", "東京都", "西多摩郡奥多摩町"),  # a space inside the name
    ("埼玉さいたま市浦和区高砂1-1", "埼玉県", "さいたま市浦和区"),  # no 県
    ("大阪大阪市北区梅田1-1-1", "大阪府", "大阪市北区"),  # no 府
    ("宮城塩竈市本町1-1", "宮城県", "塩竈市"),
])
def test_spaces_and_prefectures_without_their_suffix(text: str, pref: str, city: str) -> None:
    a = parse_address(text)
    assert (a.pref, a.city) == (pref, city) and a.town is not None


def test_a_short_prefecture_alone_is_no_prefecture() -> None:
    a = parse_address("京都市中京区西ノ京")  # 京都 before 市: the city 京都市中京区, not the prefecture + 市中京区
    assert (a.pref, a.city) == ("京都府", "京都市中京区")
