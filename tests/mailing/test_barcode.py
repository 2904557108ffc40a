"""Customer barcode data: the manual's examples (p17, p19, p20, p22, p25) as facts, and each rule.

Source: Japan Post 「郵便番号・バーコードマニュアル」 as summarised in ../shared/docs/barcode.md. The p25 table
(バーコード作成例) is transcribed with the address split into address A (up to the town name of the postal
code) and address B, the part the rules read.
"""

from __future__ import annotations

import doctest

import pytest

import addrjp
import addrjp.mailing.barcode as barcode_module
from addrjp.mailing.barcode import (
    CHECK_VALUES,
    BarcodeError,
    barcode_from_text,
    barcode_to_text,
    check_digit,
    encode_barcode,
    extract_address_number,
    letter_tokens,
    verify_barcode,
)

CC4 = "CC4"

# p25: (postal code, address A, address B, 住所表示番号, the 21 tokens as printed in the table)
P25 = [
    ("263-0023", "千葉市稲毛区緑町", "3丁目30-8　郵便ビル403号", "3-30-8-403",
     "2 6 3 0 0 2 3 3 - 3 0 - 8 - 4 0 3 CC4 CC4 CC4 5"),
    ("014-0113", "秋田県大仙市堀見内", "南田茂木　添60-1", "60-1",
     "0 1 4 0 1 1 3 6 0 - 1 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC8"),
    ("110-0016", "東京都台東区台東", "5-6-3　ABCビル10F", "5-6-3-10",
     "1 1 0 0 0 1 6 5 - 6 - 3 - 1 0 CC4 CC4 CC4 CC4 CC4 9"),
    ("060-0906", "北海道札幌市東区北六条東", "4丁目　郵便センター6号館", "4-6",
     "0 6 0 0 9 0 6 4 - 6 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9"),
    ("065-0006", "北海道札幌市東区北六条東", "8丁目　郵便センター10号館", "8-10",
     "0 6 5 0 0 0 6 8 - 1 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9"),
    ("407-0033", "山梨県韮崎市龍岡町下條南割", "韮崎400", "400",
     "4 0 7 0 0 3 3 4 0 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 -"),
    ("273-0102", "千葉県鎌ケ谷市右京塚", "東3丁目-20-5　郵便・A&bコーポB604号", "3-20-5B604",
     "2 7 3 0 1 0 2 3 - 2 0 - 5 CC1 1 6 0 4 CC4 CC4 0"),
    ("198-0036", "東京都青梅市河辺町", "十一丁目六番地一号　郵便タワー601", "11-6-1-601",
     "1 9 8 0 0 3 6 1 1 - 6 - 1 - 6 0 1 CC4 CC4 CC4 CC8"),
    ("027-0203", "岩手県宮古市大字津軽石", "第二十一地割大淵川480", "21-480",
     "0 2 7 0 2 0 3 2 1 - 4 8 0 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC5"),
    ("590-0016", "大阪府堺市堺区中田出井町", "四丁六番十九号", "4-6-19",
     "5 9 0 0 0 1 6 4 - 6 - 1 9 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC2"),
    ("080-0831", "北海道帯広市稲田町", "南七線　西28", "7-28",
     "0 8 0 0 8 3 1 7 - 2 8 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC7"),
    ("317-0055", "茨城県日立市宮田町", "6丁目7-14　ABCビル2F", "6-7-14-2",
     "3 1 7 0 0 5 5 6 - 7 - 1 4 - 2 CC4 CC4 CC4 CC4 CC4 CC1"),
    ("650-0046", "神戸市中央区港島中町", "9丁目7-6　郵便シティA棟1F1号", "9-7-6A1-1",
     "6 5 0 0 0 4 6 9 - 7 - 6 CC1 0 1 - 1 CC4 CC4 CC4 5"),
    ("623-0011", "京都府綾部市青野町", "綾部6-7　LプラザB106", "6-7LB106",
     "6 2 3 0 0 1 1 6 - 7 CC2 1 CC1 1 1 0 6 CC4 CC4 CC4 4"),
    ("064-0804", "札幌市中央区南四条西", "29丁目1524-23　第2郵便ハウス501", "29-1524-23-2-501",
     "0 6 4 0 8 0 4 2 9 - 1 5 2 4 - 2 3 - 2 - 3"),
    ("910-0067", "福井県福井市新田塚", "3丁目80-25　J1ビル2-B", "3-80-25J1-2B",
     "9 1 0 0 0 6 7 3 - 8 0 - 2 5 CC1 9 1 - 2 CC1 9"),
]
P25_IDS = [row[0] for row in P25]


def toks(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def test_doctests() -> None:
    assert doctest.testmod(barcode_module).failed == 0


def test_public_names() -> None:
    assert addrjp.extract_address_number is extract_address_number
    assert addrjp.encode_barcode is encode_barcode
    assert addrjp.customer_barcode is barcode_module.customer_barcode
    assert issubclass(BarcodeError, ValueError)


# --- p25 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("postal", "town", "address_b", "number", "expected"), P25, ids=P25_IDS)
def test_p25_address_number(postal: str, town: str, address_b: str, number: str, expected: str) -> None:
    assert extract_address_number(address_b) == number


@pytest.mark.parametrize(("postal", "town", "address_b", "number", "expected"), P25, ids=P25_IDS)
def test_p25_tokens(postal: str, town: str, address_b: str, number: str, expected: str) -> None:
    assert encode_barcode(postal, extract_address_number(address_b)) == toks(expected)


@pytest.mark.parametrize(("postal", "town", "address_b", "number", "expected"), P25, ids=P25_IDS)
def test_p25_text_form_verifies(postal: str, town: str, address_b: str, number: str, expected: str) -> None:
    text = barcode_to_text(toks(expected))
    assert barcode_from_text(text) == toks(expected)
    assert verify_barcode(text, postal) is None


def test_p25_is_complete() -> None:
    assert len(P25) == 16
    assert sum(1 for row in P25 if len(toks(row[4])) == 21) == 16


# --- p17: the worked example and the check digit ---------------------------------------------------------


def test_p17_kasumigaseki() -> None:
    number = extract_address_number("1丁目3番2号　郵便プラザ503室")
    assert number == "1-3-2-503"
    tokens = encode_barcode("100-0013", number)
    assert tokens == toks("1 0 0 0 0 1 3 1 - 3 - 2 - 5 0 3 CC4 CC4 CC4 CC4 9")
    assert sum(CHECK_VALUES[t] for t in tokens[:20]) == 105  # 5 + 44 + 56; 105 mod 19 = 10 → 9


def test_postal_hyphen_not_encoded() -> None:
    assert encode_barcode("1000013", "1-3-2-503") == encode_barcode("100-0013", "1-3-2-503")
    assert encode_barcode("１００－００１３", "1-3-2-503") == encode_barcode("100-0013", "1-3-2-503")


def test_check_values() -> None:
    assert [CHECK_VALUES[str(d)] for d in range(10)] == list(range(10))
    assert CHECK_VALUES["-"] == 10
    assert [CHECK_VALUES[f"CC{i}"] for i in range(1, 9)] == list(range(11, 19))


def test_check_digit_zero_when_sum_is_multiple_of_19() -> None:
    # p22: 日本郵便 100-8792, 13 × CC4: 1+0+0+8+7+9+2 + 13×14 = 209 = 11 × 19 → '0', never 19.
    data = toks("1 0 0 8 7 9 2") + (CC4,) * 13
    assert sum(CHECK_VALUES[t] for t in data) == 209
    assert check_digit(data) == "0"


@pytest.mark.parametrize(("value", "token"), [(0, "0"), (9, "9"), (10, "-"), (11, "CC1"), (15, "CC5"), (18, "CC8")])
def test_check_digit_maps_values_back(value: int, token: str) -> None:
    # 19 data tokens of value 0 and one that makes the sum ≡ -value (mod 19)
    filler = (19 - value) % 19
    data = ["0"] * 19 + [next(t for t, v in CHECK_VALUES.items() if v == filler)]
    assert check_digit(data) == token


# --- p19: the basic and supplementary rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("address_b", "number"),
    [
        # official walk-through, 273-0102
        ("東3丁目-20-5　郵便・A&bコーポB604号", "3-20-5B604"),
        # 補足ルール 1: kanji numerals before the specific strings
        ("十一丁目六番地一号", "11-6-1"),
        ("第二十一地割", "21"),
        ("四丁六番十九号", "4-6-19"),
        ("南七線　西28", "7-28"),
        # 補足ルール 2, 3: floor F after a digit
        ("ABCビル2F", "2"),
        ("ABCビル2F201号室", "2-201"),
        ("A棟1F1号", "A1-1"),
        # 補足ルール 4: hyphens next to letters removed
        ("9-7-6-A-1-1", "9-7-6A1-1"),
        ("J1-2-B", "J1-2B"),
        # 補足ルール 5: letters made adjacent stay
        ("6-7-L-B106", "6-7LB106"),
    ],
)
def test_p19_rules(address_b: str, number: str) -> None:
    assert extract_address_number(address_b) == number


def test_p19_walkthrough_steps() -> None:
    # rule 1 upper-cases b; rule 2 deletes ・ and &, so A and B become one 2-letter run (a separator)
    assert extract_address_number("郵便・A&bコーポB604") == "B604"
    assert extract_address_number("郵便A・コーポB604") == "AB604"  # A alone is kept; sup. rule 4, 5


# --- p20: truncation at 20 characters ----------------------------------------------------------------


def test_p20_truncation_keeps_trailing_hyphen() -> None:
    tokens = encode_barcode("064-0804", "29-1524-23-2-501")
    assert barcode_to_text(tokens[:20]) == "064080429-1524-23-2-"
    assert tokens[19] == "-"


def test_p20_letter_control_code_at_position_20() -> None:
    tokens = encode_barcode("910-0067", "3-80-25J1-2B")
    assert tokens[:20] == toks("9 1 0 0 0 6 7 3 - 8 0 - 2 5 CC1 9 1 - 2 CC1")
    assert tokens[19] == "CC1"  # B = CC1 1: the control code stays, the digit is dropped


def test_letter_straddling_every_position() -> None:
    for n in range(13):
        tokens = encode_barcode("100-0013", "1" * n + "Z")
        expected = ("1",) * n + ("CC3", "5")
        assert tokens[7:20] == (expected + (CC4,) * 13)[:13]


# --- p22: special postal codes (the caller supplies the address part) ------------------------------------


def test_p22_large_volume_office() -> None:
    assert encode_barcode("100-8792", "") == toks("1 0 0 8 7 9 2") + (CC4,) * 13 + ("0",)


def test_p22_po_box_collective_code() -> None:
    tokens = encode_barcode("980-8691", "215")
    assert tokens[:20] == toks("9 8 0 8 6 9 1 2 1 5") + (CC4,) * 10
    assert verify_barcode(barcode_to_text(tokens), "980-8691") is None


def test_empty_address_b_is_all_padding() -> None:
    assert extract_address_number("") == ""
    assert extract_address_number("郵便ビル") == ""
    assert encode_barcode("160-0023", "")[7:20] == (CC4,) * 13


# --- letters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "pair"),
    [("A", ("CC1", "0")), ("B", ("CC1", "1")), ("J", ("CC1", "9")), ("K", ("CC2", "0")), ("L", ("CC2", "1")),
     ("P", ("CC2", "5")), ("T", ("CC2", "9")), ("U", ("CC3", "0")), ("Z", ("CC3", "5")), ("f", ("CC1", "5"))],
)
def test_letters(letter: str, pair: tuple[str, str]) -> None:
    assert letter_tokens(letter) == pair


def test_letters_p_to_t_not_dropped() -> None:
    assert extract_address_number("P棟3") == "P3"
    assert encode_barcode("160-0023", "P3")[7:10] == ("CC2", "5", "3")
    assert encode_barcode("160-0023", "T")[7:9] == ("CC2", "9")


def test_letter_after_digit_kept() -> None:
    assert extract_address_number("1-2-601A号") == "1-2-601A"
    assert extract_address_number("5-3 サンハイツ 201b") == "5-3-201B"


def test_letter_runs_vanish() -> None:
    assert extract_address_number("1-2 ABCマンション301") == "1-2-301"
    assert extract_address_number("No.5") == "5"  # . deleted → NO: a run of 2 letters
    assert extract_address_number("3-4 Apt 12") == "3-4-12"


def test_encode_rejects_other_characters() -> None:
    with pytest.raises(BarcodeError):
        encode_barcode("160-0023", "2丁目")
    with pytest.raises(BarcodeError):
        encode_barcode("160-002", "1")
    with pytest.raises(ValueError, match="7 digits"):
        encode_barcode("abc-defg", "1")


def test_encode_accepts_lower_case_letters() -> None:
    assert encode_barcode("160-0023", "b604") == encode_barcode("160-0023", "B604")


# --- deleted symbols, hyphens, widths --------------------------------------------------------------------


@pytest.mark.parametrize("symbol", ["&", "/", "・", ".", "＆", "／", "．", "･"])
def test_deleted_symbols_in_both_widths(symbol: str) -> None:
    assert extract_address_number(f"1{symbol}2") == "12"
    assert extract_address_number(f"A{symbol}B 3") == "3"  # AB: a 2-letter run after deletion


@pytest.mark.parametrize("dash", ["-", "－", "‐", "‑", "‒", "–", "—", "―", "−", "ー", "ｰ", "─"])
def test_hyphen_look_alikes(dash: str) -> None:
    assert extract_address_number(f"1{dash}2{dash}3") == "1-2-3"


def test_full_width_input() -> None:
    assert extract_address_number("３丁目２０－５　Ｂ６０４号") == "3-20-5B604"
    assert extract_address_number("１ｆ２") == "1-2"


def test_floor_rule() -> None:
    assert extract_address_number("ABCビル10F") == "10"
    assert extract_address_number("5-3 2f") == "5-3-2"  # upper-cased before the floor rule
    assert extract_address_number("5-3 F棟") == "5-3F"  # F not after a digit is a letter


def test_trailing_hyphens() -> None:
    assert extract_address_number("5-") == "5"  # a literal trailing hyphen is stripped [C]
    assert extract_address_number("1-2-　") == "1-2"
    assert extract_address_number("-1-2") == "1-2"
    assert extract_address_number("1--2") == "1-2"


# --- kanji numerals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address_b", "number"),
    [
        ("二丁目八番一号", "2-8-1"),
        ("百二番地", "102"),
        ("一〇五号", "105"),
        ("千二百三番地の四", "1203"),  # 四 is followed by no specific string: a kanji, dropped
        ("三ノ輪2", "3-2"),
        ("一の宮3", "1-3"),  # literal reading of 補足ルール 1 [C]
        ("二十三丁目", "23"),
        ("第2", "2"),
    ],
)
def test_kanji_numerals_before_specific_strings(address_b: str, number: str) -> None:
    assert extract_address_number(address_b) == number


def test_kanji_numerals_elsewhere_are_separators() -> None:
    assert extract_address_number("北六条東4丁目") == "4"
    assert extract_address_number("南四条西29丁目") == "29"
    assert extract_address_number("三階5") == "5"


def test_whole_address_trap() -> None:
    """Why address B: the town name 一番町 would add a 1 (docs/barcode.md §6.1)."""
    assert extract_address_number("10-1") == "10-1"
    assert extract_address_number("東京都千代田区一番町10-1") == "1-10-1"


# --- text form and verification ------------------------------------------------------------------------


def test_text_form_round_trip() -> None:
    tokens = encode_barcode("650-0046", "9-7-6A1-1")
    text = barcode_to_text(tokens)
    assert text == "65000469-7-6CC101-1CC4CC4CC45"
    assert barcode_from_text(text) == tokens


def test_from_text_rejects_other_characters() -> None:
    with pytest.raises(ValueError, match="position 3"):
        barcode_from_text("12A")
    with pytest.raises(ValueError, match="position 2"):
        barcode_from_text("1CC9")


@pytest.mark.parametrize(
    ("text", "postal", "reason"),
    [
        ("10000131-3-2-503CC4CC4CC4CC49", "100-0013", None),
        ("10000131-3-2-503CC4CC4CC4CC49", None, None),
        ("10000131-3-2-503CC4CC4CC4CC48", None, "check digit wrong"),
        ("10000131-3-2-503CC4CC4CC4CC49", "100-0014", "postal code differs from the row"),
        ("10000131-3-2-503CC4CC4CC49", None, "expected 21 characters, found 20"),
        ("", None, "expected 21 characters, found 0"),
        ("10000131-3-2-503CC4CC4CC4CC4X", None, "not a barcode character at position 29"),
        ("1000-131-3-2-503CC4CC4CC4CC49", None, "postal code part is not 7 digits"),
        ("1000013CC41-3-2-503CC4CC4CC49", None, "data after the CC4 padding"),
        ("10000131-3-2-503CC5CC4CC4CC49", None, "CC5 in the data part"),
        ("1000013CC1-3-2-503CC4CC4CC4CC49", None, "CC1 not followed by a letter digit"),
        ("1000013CC361-2-503CC4CC4CC4CC49", None, "CC3 not followed by a letter digit"),
        ("10000131-3-2-503CC4CC4CC4CC49", "1", "postal code of the row is malformed"),
    ],
)
def test_verify_barcode(text: str, postal: str | None, reason: str | None) -> None:
    assert verify_barcode(text, postal) == reason


def test_verify_accepts_orphan_control_code_at_position_20() -> None:
    assert verify_barcode(barcode_to_text(encode_barcode("910-0067", "3-80-25J1-2B")), "910-0067") is None


@pytest.mark.parametrize("code", ["123-45-7", "1234-567", "12345678", "123 4567", "", "１２３４５６", "160-0023-"])
def test_malformed_postal_codes(code: str) -> None:
    with pytest.raises(BarcodeError, match="7 digits"):
        encode_barcode(code, "")
