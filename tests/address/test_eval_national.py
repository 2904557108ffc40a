"""The national evaluation (benchmarks/eval_national.py): its classification and a run on a small sample.

The classes must be honest: a namesake returned for an ambiguous text is wrong even when it happens to be
the truth; an equivalent spelling of the true town (大字 dropped, numerals in the other spelling) is exact;
a town or municipality that is not the truth is an invention; nothing returned is unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from benchmarks import eval_national as ev

from addrjp import Address


@pytest.fixture(scope="module")
def data() -> ev.Data:
    return ev.load_data()


def _case(readings: Iterable[ev.Reading], town: str = "信濃町", city: str = "新宿区", pref: str = "東京都",
          numbers: tuple[int | None, str | None, str | None] | None = None) -> ev.Case:
    return ev.Case("town_alone", f"{town}1-2", pref, city, town, frozenset(readings), numbers=numbers)


def test_equivalent_spellings_are_exact() -> None:
    case = _case([("東京都", "新宿区", ev.canon("信濃町"))])
    assert ev.classify(Address(pref="東京都", city="新宿区", town="信濃町"), case) == "exact"
    oaza = ev.Case("full", "…", "北海道", "札幌市中央区", "北一条西", frozenset())
    assert ev.classify(Address(pref="北海道", city="札幌市中央区", town="北1条西"), oaza) == "exact"
    assert ev.canon("大字豊田") == ev.canon("豊田") and ev.canon("北十条西") == ev.canon("北10条西")


def test_a_namesake_of_an_ambiguous_text_is_wrong_even_when_true() -> None:
    readings = [("東京都", "新宿区", ev.canon("信濃町")), ("長野県", "上水内郡信濃町", None)]
    case = _case(readings)
    assert ev.classify(Address(pref="東京都", city="新宿区", town="信濃町"), case) == "guessed"
    assert ev.classify(Address(pref="長野県", city="上水内郡信濃町"), case) == "guessed"
    assert ev.classify(Address(rest="信濃町1-2"), case) == "ambiguous"
    assert ev.classify(Address(pref="大阪府", city="大阪市北区", town="信濃町"), case) == "invented"


def test_a_wrong_town_or_city_of_a_clear_text_is_invented() -> None:
    case = _case([("東京都", "新宿区", ev.canon("信濃町"))])
    assert ev.classify(Address(pref="長野県", city="上水内郡信濃町"), case) == "invented"
    assert ev.classify(Address(pref="東京都", city="新宿区", town="信濃"), case) == "invented"
    assert ev.classify(Address(pref="東京都", city="新宿区", rest="信濃町1-2"), case) == "missed"
    assert ev.classify(Address(rest="信濃町1-2"), case) == "missed"


def test_common_parts_of_all_readings_may_be_returned() -> None:
    readings = [("東京都", "新宿区", ev.canon("四谷")), ("東京都", "府中市", ev.canon("四谷"))]
    case = _case(readings, town="四谷")
    assert ev.classify(Address(pref="東京都", rest="四谷1-2"), case) == "ambiguous"
    assert ev.classify(Address(pref="東京都", city="府中市", rest="四谷1-2"), case) == "guessed"


def test_numbers_are_judged_as_written() -> None:
    case = _case([("東京都", "新宿区", ev.canon("信濃町"))], numbers=(None, "1", "2"))
    assert ev.numbers_right(Address(pref="東京都", city="新宿区", town="信濃町", banchi="1", go="2"), case)
    assert not ev.numbers_right(Address(pref="東京都", city="新宿区", town="信濃町", chome=1, banchi="2"), case)


def test_readings_come_from_the_data(data: ev.Data) -> None:
    r = data.readings
    # the same town name in Tokyo and in Nagano's municipality of that name: two readings
    assert {(p, c) for p, c, _ in r.read("信濃町")} >= {("東京都", "新宿区"), ("長野県", "上水内郡信濃町")}
    # its own postal code decides
    assert r.read("信濃町", code="1600016") == {("東京都", "新宿区", ev.canon("信濃町"))}
    # a designated city's ward alone: the town decides (京都市北区), or does not (中央区日本橋)
    assert {(p, c) for p, c, _ in r.read("北区上賀茂本山")} == {("京都府", "京都市北区")}
    assert {(p, c) for p, c, _ in r.read("中央区日本橋")} == {("東京都", "中央区"), ("大阪府", "大阪市中央区")}


def test_variants_come_from_the_tables(data: ev.Data) -> None:
    assert "髙" in data.variants.folded["高"]
    # 龍/竜 is folded by the matcher's key (text.place_variants), so it is a "variant" form, not "variant_mj"
    assert "龍" in data.variants.folded["竜"] and data.variants.mj_key("龍") == data.variants.mj_key("竜")
    assert "切" in data.variants.mj.get("功", ())  # an MJ relation the matcher does not fold
    assert all(ev._in_cp932(v) for vs in (*data.variants.folded.values(), *data.variants.mj.values()) for v in vs)


def test_a_small_sample_runs_and_counts_every_case(data: ev.Data) -> None:
    result = ev.evaluate(sample=40, data=data)
    total = result.counts["all"]
    assert total["n"] == sum(result.counts[f]["n"] for f in ev.FORMS if f in result.counts)
    assert total["n"] == sum(total[c] for c in ev.CLASSES)
    assert result.counts["full"]["n"] == 40 and result.counts["office_full"]["n"] == 40
    assert "wrong invented" in ev.report(result)
