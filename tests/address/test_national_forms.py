"""National forms (issue 12 §3): variant kanji, Hokkaido 条・丁目, Kyoto streets, numbers in town names,
大字/字, 地割, 無番地, spaces inside names, prefectures without 都/府/県."""

from __future__ import annotations

import pytest

from addrjp.address.format import format_address
from addrjp.address.parse import parse_address
from addrjp.quality.record import validate_record


@pytest.mark.parametrize("text, town, variant", [
    ("北海道桧山郡江差町檜岱1", "桧岱", "檜岱"),  # 檜/桧 (人名用漢字表 variants, via Unihan)
    ("青森県弘前市竜ノ口1", "龍ノ口", "竜ノ口"),  # 龍/竜
    ("青森県弘前市笹館1", "笹舘", "笹館"),  # 舘/館 (MJ, confirmed by Unihan)
    ("山形県最上郡最上町黒沢1", "黒澤", "黒沢"),  # 澤/沢
    ("宮城県加美郡色麻町四竈1", "四竃", "四竈"),  # 竈/竃 (jageocoder's dictionary, confirmed by Nelson's)
    ("愛知県名古屋市南区千竃通1", "千竈通", "千竃通"),  # the other way round: Japan Post writes both
    ("福井県三方郡美浜町大藪1", "大薮", "大藪"),  # 藪/薮 (an MJ glyph of 藪, confirmed by Unihan)
    ("静岡県藤枝市上薮田1", "上藪田", "上薮田"),
    ("福島県耶麻郡猪苗代町土町西裏1", "土町西裡", "土町西裏"),  # 裏/裡 (jageocoder, confirmed by Nelson's)
])
def test_variant_kanji_are_folded_and_the_official_spelling_is_output(text: str, town: str, variant: str) -> None:
    a = parse_address(text)
    assert (a.town, a.town_variant) == (town, variant)
    assert town in format_address(a)


@pytest.mark.parametrize("text, town, written, postal_code", [
    # 杉の入 is a town of 塩竈市 too: before 裏/裡 were folded, 杉の入裡1 was read as 杉の入 and printed
    ("宮城県塩竈市杉の入裡1", "杉の入裏", "杉の入裡", "985-0006"),
    ("広島県福山市千田町藪路1", "千田町薮路", "千田町藪路", "720-0014"),  # not 千田町 + an unread 藪路
    ("高知県香美市土佐山田町佐古藪1", "土佐山田町佐古薮", "土佐山田町佐古藪", "782-0008"),
])
def test_the_longer_town_under_a_variant_spelling_wins_over_a_shorter_real_town(
        text: str, town: str, written: str, postal_code: str) -> None:
    a = parse_address(text)
    assert (a.town, a.town_variant, a.banchi) == (town, written, "1")
    r = validate_record(name="山田 花子", postal_code=None, address=text)
    assert r.status == "fixed" and "address.town_variant" in r.codes
    assert r.address_out is not None and town in r.address_out and written not in r.address_out
    assert r.postal_code_out == postal_code


@pytest.mark.parametrize("text", [
    "京都府京都市東山区祗園町北側1",  # 祗 (SHI, "revere") for 祇 (GI): different characters, no table relates them
    "千葉県鴨川市礒村1",  # Japan Post: 磯村; only jageocoder's dictionary relates 礒/磯
    "愛知県長久手市岩作薮田1",  # Japan Post: 岩作籔田; only jageocoder's dictionary relates 籔/薮
])
def test_variants_no_maintained_table_confirms_stay_unresolved(text: str) -> None:
    a = parse_address(text)
    assert a.city is not None and a.town is None  # never a shorter town of the municipality, never a guess
    r = validate_record(name="山田 花子", postal_code=None, address=text)
    assert r.status == "hold" and "address.town_unknown" in r.codes


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
