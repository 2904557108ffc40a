"""The area of a run (対象地域): codes checked with their check digit, inferred from the register (90 %),
given, turned off; what the report and the manifest say; the public API of clean_frame."""

from __future__ import annotations

import doctest

import polars as pl
import pytest

from addrjp.address.area import check_digit
from addrjp.errors import InputError
from addrjp.mailing import area as area_mod
from addrjp.mailing.area import (
    AreaInference,
    area_code,
    describe_area,
    infer_area,
    municipality_of,
    resolve_area,
)
from addrjp.mailing.pipeline import Options, clean_frame


def test_doctests() -> None:
    assert doctest.testmod(area_mod).failed == 0


@pytest.mark.parametrize("code6", ["131041", "011002", "271403", "473821", "131016"])
def test_check_digit_of_published_codes(code6: str) -> None:
    assert check_digit(code6[:5]) == code6[5]


@pytest.mark.parametrize("value", ["13104", "131041", "１３１０４", " 13104 "])
def test_a_municipality_code_is_accepted(value: str) -> None:
    assert area_code(value) == "13104"


@pytest.mark.parametrize("value,needle", [
    ("99999", "no municipality"),
    ("131042", "check digit is wrong (131041 is 13104 with its check digit)"),
    ("1310", "not a local government code"),
    ("13l04", "not a local government code"),
    ("13000", "prefecture"),
    ("14100", "a city as a whole"),
    ("13100", "a city as a whole"),
])
def test_a_code_that_is_no_municipality_is_an_input_error_naming_the_option(value: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        area_code(value, option="--area")
    assert needle in str(info.value) and f"--area {value.strip()}" in str(info.value)
    assert "--area none" in str(info.value)


def test_municipality_written_or_implied_by_a_valid_code() -> None:
    assert municipality_of("", "東京都新宿区西新宿2-8-1") == "13104"
    assert municipality_of("", "新宿区西新宿2-8-1") == "13104"  # the full name alone
    assert municipality_of("160-0016", "信濃町31-12") == "13104"  # the code implies it
    assert municipality_of("", "信濃町31-12") is None  # a short spelling alone is no evidence
    assert municipality_of("16O-0016", "舟町5") is None  # a malformed code implies nothing
    assert municipality_of("", "長野県上水内郡信濃町柏原1") == "20583"
    assert municipality_of("100-0001", "東京都新宿区舟町5") == "13104"  # what is written with its prefecture wins


def test_inferred_at_90_percent_not_below() -> None:
    rows = [("160-0023", "西新宿2-8-1", 90), ("100-0001", "千代田1-1", 10), ("", "舟町5", 500)]
    found = infer_area(rows)
    assert found == AreaInference("13104", 0.9, 100, "13104")
    below = infer_area([("160-0023", "西新宿2-8-1", 89), ("100-0001", "千代田1-1", 11)])
    assert below.code is None and below.top == "13104" and below.rows == 100
    assert infer_area([("", "舟町5", 3)]) == AreaInference(None, 0.0, 0, None)


def _frame(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame({
        "id": [str(i) for i in range(len(rows))], "name": ["山田　太郎"] * len(rows),
        "postal_code": [p for p, _ in rows], "address": [a for _, a in rows],
    })


SHINJUKU = [("160-0023", "東京都新宿区西新宿2-8-1"), ("162-0843", "新宿区市谷田町1-1"),
            ("160-0016", "信濃町31-12"), ("162-0833", "箪笥町15")] * 5


def test_resolve_given_inferred_off_and_below() -> None:
    frame = _frame([*SHINJUKU, ("100-0001", "東京都千代田区千代田1-1")])
    given_ = resolve_area(frame, Options(area="131041"))
    assert (given_.area, given_.area_source, given_.area_share) == ("13104", "given", None)
    inferred = resolve_area(frame, Options())
    assert (inferred.area, inferred.area_source, inferred.area_share) == ("13104", "inferred", round(20 / 21, 4))
    off = resolve_area(frame, Options(area=None))
    assert (off.area, off.area_source) == (None, "off")
    assert resolve_area(frame, Options(area="none")).area_source == "off"
    half = resolve_area(_frame([*SHINJUKU[:4], ("100-0001", "東京都千代田区千代田1-1")] * 2), Options())
    assert (half.area, half.area_source, half.area_share) == (None, "not_inferred", 0.8)
    assert resolve_area(frame, inferred) is inferred  # resolved once


def test_describe_area_for_report_and_manifest() -> None:
    assert describe_area({"area": "13104", "area_source": "given"}) == "13104 (given)"
    assert describe_area({"area": "13104", "area_source": "inferred", "area_share": 0.97849}) == (
        "13104 (inferred from 97.8% of rows)")
    assert describe_area({"area": None, "area_source": "off"}) == "none"
    assert describe_area({"area": None, "area_source": "not_inferred", "area_share": 0.8996}).startswith(
        "none (not inferred: the most common municipality has 89.9% of rows")


def test_clean_frame_infers_by_default_and_flags_rows_outside() -> None:
    frame = _frame([*SHINJUKU, ("100-0001", "東京都千代田区千代田1-1")])
    auto = clean_frame(frame)
    off = clean_frame(frame, area=None)
    given_ = clean_frame(frame, area="13104")
    outside = [f for f in auto["findings"].to_list() if "address.outside_area" in f]
    assert len(outside) == 1 and auto["findings"].to_list() == given_["findings"].to_list()
    assert not any("address.outside_area" in f for f in off["findings"].to_list())
    assert auto.height == off.height == frame.height


def test_clean_frame_rejects_an_unknown_area() -> None:
    with pytest.raises(InputError, match="99999"):
        clean_frame(_frame(SHINJUKU), area="99999")
