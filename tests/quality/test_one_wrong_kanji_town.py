"""A town written with one wrong kanji when the postal code agrees (issue 12 §4): 山元町 with 南元町's code.

Japan Post's data: 160-0012 is 東京都新宿区南元町 (and only it); 山元町 is no town of 新宿区 but is one of
横浜市中区 (231-0851), and 山元町 is also a municipality (宮城県亘理郡山元町). The record is a suggestion to
review, never ``fixed`` silently, never another town; without the agreeing code the text is kept and held.
"""

from __future__ import annotations

import pytest

from addrjp.address.parse import parse_address
from addrjp.postal.lookup import lookup_postal
from addrjp.quality.record import validate_record


def test_the_postal_code_is_south_motomachi_of_shinjuku() -> None:
    assert [(a.pref, a.city, a.town) for a in lookup_postal("1600012")] == [("東京都", "新宿区", "南元町")]


@pytest.mark.parametrize("text, area", [
    ("東京都新宿区山元町1-2", None), ("新宿区山元町12", None), ("新宿区山元町12", "13104"),
])
def test_one_wrong_kanji_with_the_towns_postal_code_suggests_the_town_for_review(text: str, area: str | None) -> None:
    a = parse_address(text, postal_code="1600012", area=area)
    assert (a.pref, a.city, a.town) == ("東京都", "新宿区", None)  # never 横浜市中区山元町
    r = validate_record(name="山田 花子", postal_code="160-0012", address=text, area=area)
    assert r.status == "review" and r.codes == ("address.town_unknown",)
    assert r.suggestion == "南元町"
    assert r.address_out is not None and r.address_out.startswith("東京都新宿区南元町")
    assert r.postal_code_out == "160-0012"


@pytest.mark.parametrize("code", ["", "162-0817", "160-0023"])  # missing, 赤城元町's, 西新宿's
def test_one_wrong_kanji_without_the_towns_code_is_held_as_written(code: str) -> None:
    r = validate_record(name="山田 花子", postal_code=code, address="東京都新宿区山元町12")
    assert r.status == "hold" and "address.town_unknown" in r.codes
    assert r.address_out == "東京都新宿区山元町12"  # the text kept: no town chosen among the candidates
    assert r.suggestion is not None and "南元町" in r.suggestion.split("|")


def test_the_name_alone_is_no_town_of_the_area() -> None:
    # 山元町 alone names a municipality elsewhere (宮城県亘理郡山元町): not read in 新宿区, not read as Yokohama
    r = validate_record(name="山田 花子", postal_code="160-0012", address="山元町12", area="13104")
    assert r.status == "hold" and "address.city_unknown" in r.codes and r.address_out == "山元町12"
