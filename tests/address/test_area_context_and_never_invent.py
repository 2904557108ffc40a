"""The register's area as context, and the parser's never-invent rules across the country (issue 12).

Each class of wrong reading found on national inputs has its general rule and a test here; the national
figures are in ``benchmarks/eval_national.py``.
"""

from __future__ import annotations

import pytest

from addrjp.address.area import check_digit, normalize_area
from addrjp.address.parse import parse_address
from addrjp.errors import InputError


def head(text: str, code: str | None = None, area: str | None = None) -> tuple[object, ...]:
    a = parse_address(text, postal_code=code, area=area)
    return (a.pref, a.city, a.town)


# ---- the area as context -------------------------------------------------------------------------------
@pytest.mark.parametrize("code", [None, "1600023", "160-001", "9999999"])  # missing, another town's, malformed
def test_a_town_written_alone_is_read_in_the_area(code: str | None) -> None:
    a = parse_address("信濃町167-19", postal_code=code, area="13104")
    assert (a.pref, a.city, a.town, a.banchi, a.go) == ("東京都", "新宿区", "信濃町", "167", "19")
    assert a.inferred == ("pref", "city")
    b = parse_address("舟町26―203", postal_code=code, area="131041")  # U+2015 between the numbers
    assert (b.city, b.town, b.banchi, b.go) == ("新宿区", "舟町", "26", "203")


def test_without_context_a_namesake_is_not_guessed() -> None:
    assert head("信濃町167-19") == (None, None, None)  # 新宿区信濃町 or 長野県上水内郡信濃町
    assert head("信濃町31-12", "1600016") == ("東京都", "新宿区", "信濃町")  # the postal code decides


@pytest.mark.parametrize("text", ["東京都渋谷区神宮前1-1-1", "長野県上水内郡信濃町柏原1", "渋谷区神宮前1-1-1"])
def test_an_address_naming_its_municipality_is_read_as_written(text: str) -> None:
    assert parse_address(text, area="13104") == parse_address(text)


def test_a_misspelt_town_alone_keeps_the_area_municipality() -> None:
    a = parse_address("津丸戸町22番14号", area="13104")
    assert (a.city, a.town, a.rest, a.inferred) == ("新宿区", None, "津丸戸町22番14号", ("pref", "city"))


@pytest.mark.parametrize("area", ["99999", "1310", "131042", "abcde", "", "東京都"])
def test_a_malformed_or_unknown_area_is_an_input_error(area: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_address("舟町26-203", area=area)
    assert "舟町" not in str(exc.value)  # no address in the message


def test_area_codes_with_check_digit() -> None:
    assert check_digit("13104") == "1" and check_digit("01101") == "1"
    assert normalize_area("１３１０４１") == "13104"


def test_validate_record_fills_the_postal_code_in_the_area() -> None:
    from addrjp.quality.record import validate_record

    for code in ("", "160-001", "160-0023"):
        r = validate_record(name="山田太郎", postal_code=code, address="信濃町167-19", area="13104")
        assert (r.status, r.postal_code_out) == ("fixed", "160-0016")
    with pytest.raises(InputError):
        validate_record(name="山田太郎", postal_code="", address="信濃町167-19", area="99999")


# ---- never invent ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("北区上賀茂本山", ("京都府", "京都市北区", "上賀茂本山")),  # the town decides the ward
    ("中央区南一条西四丁目", ("北海道", "札幌市中央区", "南一条西")),
    ("北区赤羽1-1-1", ("東京都", "北区", "赤羽")),
    ("南区1-2-3", (None, None, None)),  # no town to decide: never Tokyo, never a guess
])
def test_a_designated_city_ward_alone_is_decided_by_its_town(text: str, expected: tuple[object, ...]) -> None:
    assert head(text) == expected


@pytest.mark.parametrize("text", ["宮城県塩釜市本町1-1", "塩釜市本町1-1"])
def test_an_unknown_municipality_is_never_a_town_of_somewhere_else(text: str) -> None:
    a = parse_address(text)  # 塩釜 is a town of 遠田郡美里町; 塩竈市 written with 釜 is no known spelling
    assert (a.city, a.town) == (None, None) and a.rest is not None and a.rest.startswith("塩釜市")


@pytest.mark.parametrize("text", ["栄町19-17", "大島町9-18", "大町20-9", "旭町1-33-2", "本町12-15",
                                  "栄1-16-24", "鶴沼第134-4"])
def test_ambiguous_or_digit_glued_names_are_left_unresolved(text: str) -> None:
    assert head(text) == (None, None, None)


def test_text_beginning_a_longer_town_is_not_a_koaza() -> None:
    a = parse_address("北海道石狩市厚田濃書30-11")  # 厚田濃昼 misspelt: not 厚田 + 小字 濃書, nor 厚田 at all
    assert (a.city, a.town, a.koaza, a.banchi, a.rest) == ("石狩市", None, None, None, "厚田濃書30-11")


# ---- a shorter town is never the one meant (the variant_mj class of eval_national) -----------------------
@pytest.mark.parametrize("text, city, written", [
    ("岩手県二戸市浄法寺町楳ノ木30-3", "二戸市", "浄法寺町楳ノ木"),  # 浄法寺町梅ノ木, 楳 for 梅
    ("秋田県鹿角郡小坂町小坂砿山34-30", "鹿角郡小坂町", "小坂砿山"),  # 小坂鉱山
    ("宮城県大崎市古川帥山38-18", "大崎市", "古川帥山"),  # 古川師山
    ("静岡県湖西市新所・岡崎・楳田入会地9-1", "湖西市", "新所・岡崎・楳田入会地"),
    ("岐阜県可児郡御嵩町中功12-28", "可児郡御嵩町", "中功"),  # 中切: one kanji the 戸籍 notices relate (功/切)
    ("東京都新宿区四谷本山町1-1", "新宿区", "四谷本山町"),  # 四谷本塩町, one wrong kanji
])
def test_a_town_followed_by_a_misspelt_longer_name_is_dropped(text: str, city: str, written: str) -> None:
    a = parse_address(text)
    assert (a.city, a.town, a.koaza, a.banchi) == (city, None, None, None)
    assert a.rest is not None and a.rest.startswith(written)


@pytest.mark.parametrize("text, town, koaza, banchi", [
    ("新潟県長岡市寺泊下荒町9772-20", "寺泊", "下荒町", "9772"),  # no town 寺泊下荒町 nor one edit from it
    ("石川県小松市八幡イ13-1", "八幡", "イ", "13"),  # イ for 町 (八幡町) is another name, not a misspelling
    ("山形県鶴岡市温海戊577-1", "温海", "戊", "577"),  # 戊 and 川 (温海川) are unrelated
])
def test_a_koaza_after_a_town_stays_a_koaza(text: str, town: str, koaza: str, banchi: str) -> None:
    a = parse_address(text)
    assert (a.town, a.koaza, a.banchi, a.rest) == (town, koaza, banchi, None)


def test_a_dropped_town_is_corrected_only_with_its_postal_code() -> None:
    from addrjp.quality.record import validate_record

    def run(code: str) -> tuple[object, ...]:
        r = validate_record(name="山田太郎", postal_code=code, address="北海道石狩市厚田濃書30-11")
        return r.status, r.postal_code_out, r.address_out

    # 厚田濃昼's code: corrected for review; 厚田's: held, never 厚田 with its code and 濃書 dropped
    assert run("061-3151") == ("review", "061-3151", "北海道石狩市厚田濃昼30-11")
    assert run("061-3601") == ("hold", "061-3601", "北海道石狩市厚田濃書30-11")
    assert run("")[0] == "hold"


@pytest.mark.parametrize("text, code, truth", [
    ("小坂町小坂町7-13", "5093104", ("岐阜県", "下呂市", "小坂町小坂町")),  # not 秋田県鹿角郡小坂町 小坂 + 町
    ("井川町井内西22-1", "7794805", ("徳島県", "三好市", "井川町井内西")),  # not 南秋田郡井川町 井内 + 西
    ("錦町西38-11", "0740026", ("北海道", "深川市", "錦町西")),  # or 球磨郡錦町 西: two readings
    ("金山町金山17-12", "5091622", ("岐阜県", "下呂市", "金山町金山")),  # or 最上郡金山町 金山
    ("日高町日高3-3", "6695312", ("兵庫県", "豊岡市", "日高町日高")),  # or 沙流郡日高町 日高
])
def test_a_town_elsewhere_covering_municipality_and_town_leaves_it_unresolved(
        text: str, code: str, truth: tuple[str, str, str]) -> None:
    assert head(text) == (None, None, None)
    assert head(text, code) == truth


@pytest.mark.parametrize("text, numbers", [
    ("新宿区西新宿二丁目八番地十二三", (2, "8", None)),  # 十二三 is no numeral
    ("新宿区西新宿2一8一1", (2, "8", "1")),  # 一 standing as a dash
    ("新宿区西新宿2丿8丿1", (2, "8", "1")),
    ("新宿区西新宿参丁目壱番弐号", (3, "1", "2")),
    ("愛知県豊田市八草町字東 12-3", (None, "12", "3")),  # a lot after a 小字 written with a space
    ("岩手県岩手郡雫石町長山第21地割1", (None, "1", None)),  # the 地割 is no 番地
    ("北海道帯広市稲田町南8線西10番地1", (None, "10", "1")),
])
def test_numbers_are_neither_invented_nor_lost(text: str, numbers: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.chome, a.banchi, a.go) == numbers and a.rest is None


def test_two_jo_three_chome_without_a_known_town_is_not_read() -> None:
    a = parse_address("北海道旭川市2条3丁目")  # no town 2条 in 旭川市: never lot 2 with a building 条3丁目
    assert (a.town, a.banchi, a.building, a.rest) == (None, None, None, "2条3丁目")


def test_glued_text_is_never_ok_or_fixed() -> None:
    from addrjp.quality.record import validate_record

    # the municipality is inferred from the town and the postal code; 十二社 is a 小字 read from its shape only
    r = validate_record(name="山田太郎", postal_code="481-0006", address="熊之庄十二社45-2")
    assert r.status == "review" and "address.unparsed" in r.codes
    alone = parse_address("熊之庄十二社45-2")  # no context at all: a town alone must end before a number
    assert (alone.city, alone.town) == (None, None)
    assert r.address_in == "熊之庄十二社45-2"
    written = validate_record(name="山田太郎", postal_code="", address="愛知県北名古屋市熊之庄十二社45-2")
    assert "address.unparsed" not in written.codes  # written in full: the 小字 is as written
