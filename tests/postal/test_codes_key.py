"""codes_key holds every part of an address that codes_for reads: two addresses of one town with the same key get
the same codes (real towns of every rule kind nationwide, towns with building rows, Shinjuku)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.errors import InputError
from addrjp.postal.index import load_index
from addrjp.postal.lookup import _parts_read, _town_rules, codes_for, codes_key
from addrjp.postal.notes import UNITS, parse_note


def _towns_of_kinds() -> list[tuple[str, str, str]]:
    """Towns whose rows read the parts (parts, except, chome_part, banchi_part, names), a few of each kind."""
    areas = load_index().areas
    out: list[tuple[str, str, str]] = []
    for kind in ("parts", "except", "chome_part", "banchi_part", "names", "rest", "floor", "unparsed"):
        heads = (areas.filter(pl.col("rule_kind") == kind).select("pref", "city", "town").unique()
                 .sort(["pref", "city", "town"]))
        step = max(1, heads.height // 25)
        out += [tuple(r) for r in heads.rows()[::step][:25]]  # type: ignore[misc]
    return out


def _towns_with_buildings() -> list[tuple[str, str, str, list[str]]]:
    areas = load_index().areas
    built = areas.filter(pl.col("building").is_not_null())
    heads = built.select("pref", "city", "town").unique().sort(["pref", "city", "town"]).head(40)
    out = []
    for pref, city, town in heads.iter_rows():
        names = built.filter((pl.col("pref") == pref) & (pl.col("city") == city) & (pl.col("town") == town))
        out.append((pref, city, town, sorted(set(names["building"].to_list()))[:5]))
    return out


_KINDS = _towns_of_kinds()
_BUILT = _towns_with_buildings()
_SHINJUKU = [("東京都", "新宿区", t) for t in ("西新宿", "西早稲田", "新宿", "霞ケ丘町", "市谷田町", "百人町", "四谷", "")]
_NUMBER = st.none() | st.sampled_from(["1", "01", "2", "3", "5", "10", "18", "21", "376", " 4", "x"])


@st.composite
def _town_and_addresses(draw: st.DrawFn) -> tuple[tuple[str, str, str], list[tuple]]:  # type: ignore[type-arg]
    """One town and up to 40 addresses in it, the parts from small sets so that keys often coincide."""
    which = draw(st.integers(0, 2))
    buildings: list[str | None] = [None, "コーポ"]
    if which == 0:
        place = draw(st.sampled_from(_KINDS))
    elif which == 1:
        pref, city, town, names = draw(st.sampled_from(_BUILT))
        place = (pref, city, town)
        buildings += names + [town + n for n in names[:2]]
    else:
        place = draw(st.sampled_from(_SHINJUKU))
        buildings += ["新宿センタービル", "住友ビル", "新宿住友ビル"]
    address = st.tuples(st.none() | st.integers(0, 5), _NUMBER, _NUMBER, st.sampled_from(buildings),
                        st.none() | st.integers(-1, 40))
    return place, draw(st.lists(address, min_size=1, max_size=40))


@given(_town_and_addresses())
@settings(max_examples=1200, deadline=None)
def test_addresses_with_one_key_get_one_list_of_codes(case: tuple[tuple[str, str, str], list[tuple]]) -> None:  # type: ignore[type-arg]
    (pref, city, town), addresses = case
    seen: dict[tuple[object, ...], list[str]] = {}
    for chome, banchi, go, building, floor in addresses:
        key = codes_key(pref, city, town, chome, banchi, go, building, floor)
        codes = codes_for(pref, city, town, chome, banchi, go, building, floor)
        assert key[:3] == (pref, city, town)
        assert seen.setdefault(key, codes) == codes


def test_the_parts_read_are_those_of_the_rules_levels() -> None:
    towns = 0
    for pref, city, town in _KINDS:
        rules = _town_rules(load_index(), pref, city, town)
        if rules is None:
            continue
        towns += 1
        fields = set()
        for _code, rule in rules.plain:
            if rule.kind in ("chome_part", "banchi_part"):
                fields |= {"chome", "banchi"}
            stack = list(rule.clauses) if rule.kind in ("parts", "names", "except") else []
            while stack:
                clause = stack.pop()
                stack += clause.exclude
                fields |= {UNITS.get(level.unit) for level in clause.levels}
        assert rules.reads == ("chome" in fields, "banchi" in fields, "go" in fields)
    assert towns >= 100


def test_parts_read_by_kind() -> None:
    assert _parts_read([parse_note(None), parse_note("その他"), parse_note("次のビルを除く")]) == (False, False, False)
    assert _parts_read([parse_note("丁目")]) == (True, True, False)
    assert _parts_read([parse_note("4丁目以降")]) == (True, False, False)
    assert _parts_read([parse_note("2丁目1番1〜23号、2番")]) == (True, True, True)
    assert _parts_read([parse_note("376-10を除く")]) == (False, True, True)


def test_a_town_whose_codes_no_part_changes_is_its_own_key() -> None:
    assert codes_key("東京都", "新宿区", "四谷", 3, "1", "2", "コーポ", 4) == ("東京都", "新宿区", "四谷")
    assert codes_key("東京都", "新宿区", "どこにもない町", 3, "1") == ("東京都", "新宿区", "どこにもない町")
    # a listed building and its floor, a building the town does not list is no part of the key
    tower = codes_key("東京都", "新宿区", "西新宿", 2, "6", "1", "新宿住友ビル", 15)
    assert tower == ("東京都", "新宿区", "西新宿", "新宿住友ビル", 15)
    assert codes_key("東京都", "新宿区", "西新宿", 2, "6", "1", "コーポ", 15) == codes_key(
        "東京都", "新宿区", "西新宿", 2, "6", "1", None, None)


def test_codes_key_refuses_what_codes_for_refuses() -> None:
    for kwargs in ({"building": "x" * 5000}, {"banchi": "1" * 4001}):
        with pytest.raises(InputError) as want:
            codes_for("東京都", "新宿区", "西新宿", 2, **kwargs)  # type: ignore[arg-type]
        with pytest.raises(InputError) as got:
            codes_key("東京都", "新宿区", "西新宿", 2, **kwargs)  # type: ignore[arg-type]
        assert str(got.value) == str(want.value)
