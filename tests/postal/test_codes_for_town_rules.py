"""codes_for over its per-town prepared rows (buildings by key, rows for no building apart) gives the codes the
former scan of every row gave, for any parts, building and floor."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.postal.index import load_index
from addrjp.postal.lookup import _building_key, _city_rows, _key, _unique, codes_for
from addrjp.postal.notes import FLOOR_UNKNOWN


def _former(pref: str, city: str, town: str, chome: int | None, banchi: str | None, go: str | None,
            building: str | None, floor: int | None) -> list[str]:
    """codes_for as it was: every row of the town scanned on every call."""
    towns = _city_rows(load_index(), _key(pref), _key(city))
    rows = towns.get(_key(town)) if towns is not None else None
    if not rows:
        return []
    if building:
        wanted = _building_key(building)
        alt = wanted.removeprefix(_key(town))
        mine = [(code, fl) for code, _rule, bkey, fl in rows if bkey is not None and bkey in (wanted, alt)]
        if mine:
            if floor is not None and floor > 0:
                exact = [code for code, fl in mine if fl == floor]
                if exact:
                    return _unique(exact)
            unknown = [code for code, fl in mine if fl == FLOOR_UNKNOWN]
            return _unique(unknown or [code for code, _fl in mine])
    decided: list[str] = []
    open_: list[str] = []
    rest: list[str] = []
    plain: list[str] = []
    for code, rule, bkey, _fl in rows:
        if bkey is not None:
            continue
        plain.append(code)
        if rule.kind in ("rest", "city_rest"):
            rest.append(code)
            continue
        result = rule.match(chome=chome, banchi=banchi, go=go)
        if result is True:
            decided.append(code)
        elif result is None:
            open_.append(code)
    if decided:
        return _unique(decided)
    if open_:
        return _unique(open_ + rest)
    if rest:
        return _unique(rest)
    return _unique(plain)


def _towns_with_buildings() -> list[tuple[str, str, str, list[str]]]:
    import polars as pl

    areas = load_index().areas
    built = areas.filter(pl.col("building").is_not_null())
    heads = built.select("pref", "city", "town").unique().sort(["pref", "city", "town"]).head(60)
    out = []
    for pref, city, town in heads.iter_rows():
        names = built.filter((pl.col("pref") == pref) & (pl.col("city") == city) & (pl.col("town") == town))
        out.append((pref, city, town, sorted(set(names["building"].to_list()))[:6]))
    return out


_BUILT = _towns_with_buildings()
_SHINJUKU = [("東京都", "新宿区", t) for t in ("西新宿", "西早稲田", "新宿", "霞ケ丘町", "市谷田町", "百人町", "北新宿",
                                              "高田馬場", "歌舞伎町", "四谷", "")]


@st.composite
def _addresses(draw: st.DrawFn) -> tuple[str, str, str, str | None]:
    if draw(st.booleans()):
        pref, city, town, buildings = draw(st.sampled_from(_BUILT))
        building = draw(st.sampled_from([None, "コーポ", *buildings]))
        if building and draw(st.booleans()):
            building = town + building  # written with the town before it
        return pref, city, town, building
    pref, city, town = draw(st.sampled_from(_SHINJUKU))
    return pref, city, town, draw(st.sampled_from([None, "新宿センタービル", "住友ビル", "コーポ"]))


@given(_addresses(), st.none() | st.integers(0, 12), st.none() | st.integers(1, 300).map(str),
       st.none() | st.integers(1, 40).map(str), st.none() | st.integers(-2, 60))
@settings(max_examples=1500, deadline=None)
def test_prepared_rows_give_the_former_codes(place: tuple[str, str, str, str | None], chome: int | None,
                                            banchi: str | None, go: str | None, floor: int | None) -> None:
    pref, city, town, building = place
    want = _former(pref, city, town, chome, banchi, go, building, floor)
    assert codes_for(pref, city, town, chome, banchi, go, building, floor) == want
    assert codes_for(pref, city, town, chome, banchi, go, building, floor) == want  # kept, the same


def test_some_towns_have_building_rows() -> None:
    assert len(_BUILT) >= 20 and all(b for *_rest, b in _BUILT)
