"""Corrections through ``clean`` (issue 12 §4): a fuzzy town correction prints the building once and the
barcode is made from the printed text; a town written alone is read in the run's area."""

from __future__ import annotations

import polars as pl
import pytest

pytest.importorskip("addrjp.quality.record")


def _clean(rows: list[tuple[str, str, str]], **options: object) -> pl.DataFrame:
    from addrjp.mailing.pipeline import clean_frame

    df = pl.DataFrame({
        "id": [f"R{i}" for i in range(len(rows))], "name": ["山田太郎"] * len(rows),
        "postal_code": [r[0] for r in rows], "address": [r[1] for r in rows], "address2": [r[2] for r in rows],
        "birthdate": ["1940-01-01"] * len(rows),
    })
    return clean_frame(df, **options)


def test_a_fuzzy_town_correction_prints_building_and_room_once() -> None:
    out = _clean([("162-0843", "新宿区市各田町1-12-6", "セントラル市谷田町マンション301号室")])
    row = out.row(0, named=True)
    assert row["status"] == "review" and "address.town_unknown" in row["findings"]
    assert row["address1"] == "東京都新宿区市谷田町1-12-6"
    assert row["address2"].count("セントラル市谷田町マンション") == 1
    assert row["barcode"] == "16208431-12-6-301CC4CC4CC44"  # 1-12-6-301 once, not …301-301


def test_a_misspelt_town_inside_a_matched_prefix_is_suggested() -> None:
    out = _clean([("160-0003", "新宿区四谷本山町1-1", "")])
    row = out.row(0, named=True)
    assert row["status"] == "review" and row["address1"] == "東京都新宿区四谷本塩町1-1"


@pytest.mark.parametrize("code", ["", "160-001", "160-0023"])
def test_a_register_written_from_the_town_down_is_read_in_its_area(code: str) -> None:
    out = _clean([(code, "信濃町167-19", ""), (code, "舟町26―203", "")], area="13104")
    assert out["status"].to_list() == ["fixed", "fixed"]
    assert out["postal_code_out"].to_list() == ["160-0016", "160-0006"]
