"""邊 and 邉 (old forms of 辺) in a municipality or town name fold to Japan Post's spelling, which is printed.

The written spelling of a town is kept on the ``Address`` (``town_variant``) and the record says it was mapped
(``address.town_variant``, fixed); a municipality's old form is read as the municipality, never as a town of
somewhere else.
"""

from __future__ import annotations

import pytest

from addrjp.address.format import format_address
from addrjp.address.parse import parse_address
from addrjp.quality.record import validate_record

OLD = ("邊", "邉")


@pytest.mark.parametrize("text, pref, city, town", [
    ("和歌山県田邊市新屋敷町1", "和歌山県", "田辺市", "新屋敷町"),
    ("田邊市新屋敷町1", "和歌山県", "田辺市", "新屋敷町"),
    ("京都府京田邊市興戸南鉾立1", "京都府", "京田辺市", "興戸南鉾立"),
    ("青森県上北郡野邊地町字野辺地1", "青森県", "上北郡野辺地町", "野辺地"),
    ("山形県東村山郡山邉町大字山辺1", "山形県", "東村山郡山辺町", "山辺"),
])
def test_an_old_kanji_in_a_municipality_name_folds_and_prints_the_official_spelling(
        text: str, pref: str, city: str, town: str) -> None:
    a = parse_address(text)
    assert (a.pref, a.city, a.town, a.banchi) == (pref, city, town, "1")
    printed = format_address(a)
    assert city in printed and not any(ch in printed for ch in OLD)


@pytest.mark.parametrize("written", ["渡邊通", "渡邉通"])
def test_an_old_kanji_in_a_town_name_folds_and_prints_the_official_spelling(written: str) -> None:
    for text in (f"福岡県福岡市中央区{written}1丁目1-1", f"福岡市中央区{written}一丁目1番1号"):
        a = parse_address(text)
        assert (a.city, a.town, a.town_variant, a.chome, a.banchi, a.go) == ("福岡市中央区", "渡辺通", written, 1, "1", "1")
    r = validate_record(name="山田 花子", postal_code="810-0004", address=f"福岡県福岡市中央区{written}1丁目1-1")
    assert r.status == "fixed" and r.codes == ("address.town_variant",)
    assert r.address_out == "福岡県福岡市中央区渡辺通1-1-1"


def test_an_old_kanji_municipality_with_its_postal_code_prints_the_official_spelling() -> None:
    r = validate_record(name="山田 花子", postal_code="646-0033", address="和歌山県田邊市新屋敷町1")
    # the printed text differs from the written one: fixed, with the finding that says so (as a town's variant)
    assert r.status == "fixed" and r.codes == ("address.city_variant",)
    assert r.address_out == "和歌山県田辺市新屋敷町1" and r.postal_code_out == "646-0033"
