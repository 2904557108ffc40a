"""Notes → rules: the examples of the design note, Tokyo complete, national coverage, robustness."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from addrjp.postal.index import embedded_index_dir
from addrjp.postal.normalize import norm_note, norm_text
from addrjp.postal.notes import FLOOR_UNKNOWN, KINDS, parse_note


@pytest.fixture(scope="module")
def areas() -> pl.DataFrame:
    return pl.read_parquet(embedded_index_dir() / "areas.parquet")


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        (None, "all"),
        ("以下に掲載がない場合", "city_rest"),
        ("その他", "rest"),
        ("次のビルを除く", "except_buildings"),
        ("地階・階層不明", "floor"),
        ("15階", "floor"),
        ("高層棟12階", "floor"),
        ("丁目", "chome_part"),
        ("番地", "banchi_part"),
        ("大字", "oaza_part"),
        ("一円", "all"),
        ("次に番地がくる場合", "direct_banchi"),
        ("1〜3丁目", "parts"),
        ("成田国際空港内", "names"),
        ("376-10を除く", "except"),
        ("第9地割〜第11地割", "parts"),
    ],
)
def test_kinds(note: str | None, kind: str) -> None:
    rule = parse_note(note)
    assert rule.kind == kind and rule.kind in KINDS and rule.parsed


def test_floors() -> None:
    assert parse_note("15階").floor == 15
    assert parse_note("地階・階層不明").floor == FLOOR_UNKNOWN
    assert parse_note("高層棟地階・階層不明").floor == FLOOR_UNKNOWN


@pytest.mark.parametrize(
    ("note", "parts", "expected"),
    [
        ("1〜3丁目", {"chome": 3}, True),
        ("1〜3丁目", {"chome": 4}, False),
        ("4丁目以降", {"chome": 4}, True),
        ("4丁目以降", {"chome": 3}, False),
        ("1、2丁目", {"chome": 1}, True),
        ("1、2丁目", {"chome": 3}, False),
        ("2丁目1番1〜23号、2番", {"chome": 2, "banchi": "1", "go": "23"}, True),
        ("2丁目1番1〜23号、2番", {"chome": 2, "banchi": "2"}, True),
        ("2丁目1番1〜23号、2番", {"chome": 2, "banchi": "3"}, False),
        ("2丁目1番1〜23号、2番", {"chome": 2, "banchi": "1"}, None),
        ("3丁目18・21番", {"chome": 3, "banchi": "21"}, True),
        ("3丁目18・21番", {"chome": 3, "banchi": "19"}, False),
        ("3丁目18・21番", {"chome": 4, "banchi": "18"}, False),
        ("4丁目1〜2番・10〜27番、5丁目", {"chome": 4, "banchi": "12"}, True),
        ("4丁目1〜2番・10〜27番、5丁目", {"chome": 4, "banchi": "5"}, False),
        ("4丁目1〜2番・10〜27番、5丁目", {"chome": 5}, True),
        ("1〜3丁目、4丁目1〜14番", {"chome": 4, "banchi": "14"}, True),
        ("3丁目283番以上", {"chome": 3, "banchi": "900"}, True),
        ("1〜131番地", {"banchi": "131"}, True),
        ("1〜131番地", {"banchi": "132"}, False),
        ("405-3、638", {"banchi": "405", "go": "3"}, True),
        ("405-3、638", {"banchi": "405", "go": "4"}, False),
        ("5363-7〜8", {"banchi": "5363", "go": "8"}, True),
        ("1000〜", {"banchi": "5000"}, True),
        ("376-10を除く", {"banchi": "376", "go": "10"}, False),
        ("376-10を除く", {"banchi": "377"}, True),
        ("250〜343番地「255、256を除く」", {"banchi": "256"}, False),
        ("250〜343番地「255、256を除く」", {"banchi": "257"}, True),
        ("丁目", {"chome": 1}, True),
        ("丁目", {"banchi": "10"}, False),
        ("番地", {"banchi": "10"}, True),
        ("第9地割〜第11地割", {"banchi": "10"}, None),
        ("成田国際空港内", {"banchi": "1"}, None),
    ],
)
def test_match(note: str, parts: dict[str, object], expected: bool | None) -> None:
    assert parse_note(norm_note(note)).match(**parts) is expected  # type: ignore[arg-type]


def test_names_match_by_name() -> None:
    rule = parse_note("千蔵木、塔ノ本、1〜800番地")
    assert rule.names == ("千蔵木", "塔ノ本")
    assert rule.match(name="千蔵木") is True
    assert rule.match(banchi="5") is True
    assert rule.match(banchi="900") is None  # could still be in 千蔵木


def test_every_tokyo_note_is_a_rule(areas: pl.DataFrame) -> None:
    tokyo = areas.filter((pl.col("pref") == "東京都") & pl.col("note").is_not_null())
    assert tokyo.height > 1000
    unparsed = tokyo.filter(~pl.col("rule_parsed"))["note"].unique().to_list()
    assert unparsed == []


def test_national_coverage_at_least_97_percent(areas: pl.DataFrame) -> None:
    notes = areas.filter(pl.col("note").is_not_null()).unique("note")
    assert notes.height > 2000
    assert notes["rule_parsed"].sum() / notes.height >= 0.97
    # the unparsed ones keep their text
    for row in notes.filter(~pl.col("rule_parsed")).iter_rows(named=True):
        assert parse_note(row["note"]).text == row["note"] and row["rule_kind"] == "unparsed"


def test_stored_rule_is_the_parsed_rule(areas: pl.DataFrame) -> None:
    for row in areas.unique("note").iter_rows(named=True):
        assert parse_note(row["note"]).to_json() == row["rule"]


@given(st.text(max_size=60))
def test_parse_note_never_crashes(text: str) -> None:
    rule = parse_note(norm_note(text))
    assert rule.kind in KINDS
    rule.match(chome=1, banchi="2", go="3")


@given(st.text(alphabet="0123456789〜、・丁目番地号第割区「」()を除くの-以降上東西", max_size=40))
def test_parse_note_never_crashes_on_note_like_text(text: str) -> None:
    rule = parse_note(norm_note(text))
    assert rule.kind in KINDS
    rule.to_json()
    for chome in (None, 1, 5):
        rule.match(chome=chome, banchi="3", go=None)


@given(st.text(max_size=40))
def test_normalizers_idempotent(text: str) -> None:
    once = norm_note(text)
    assert norm_note(once) == once
    assert norm_text(norm_text(text)) == norm_text(text)
