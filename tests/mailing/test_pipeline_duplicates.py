"""Duplicates, households and returned mail inside the batch pipeline (clean_frame)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from addrjp.mailing.pipeline import clean_frame


def _frame(rows: list[tuple[str, str, str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["id", "name", "postal_code", "address", "birthdate"], orient="row")


def _by_id(out: pl.DataFrame) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in out.iter_rows(named=True)}


def test_exact_probable_household() -> None:
    df = _frame([
        ("A", "髙橋　茂", "160-0023", "新宿区西新宿2-8-1", "1940-01-02"),
        ("B", "髙橋　茂", "160-0023", "東京都新宿区西新宿二丁目8番1号", "1940-01-02"),   # exact, another spelling
        ("C", "高橋　茂", "160-0023", "新宿区西新宿2-8-1", "1940-01-02"),                 # variant kanji: probable
        ("D", "髙橋　和子", "160-0023", "新宿区西新宿2-8-1", "1942-03-04"),               # spouse: household
        ("E", "髙橋　茂", "169-0073", "新宿区百人町1-2-3", "1950-05-06"),                 # namesake elsewhere
    ])
    out = _by_id(clean_frame(df))
    assert out["A"]["status"] == "ok" or "household.shared" in out["A"]["findings"]
    assert "duplicate" not in out["A"]["findings"]
    assert out["B"]["status"] == "hold" and "duplicate.exact" in out["B"]["findings"]
    assert out["B"]["duplicate_of"] == "A"
    assert out["C"]["status"] == "review" and "duplicate.probable" in out["C"]["findings"]
    assert out["C"]["duplicate_of"] == "A"
    assert "household.shared" in out["D"]["findings"] and out["D"]["status"] == "ok"
    assert "duplicate" not in out["E"]["findings"] and out["E"]["duplicate_of"] == ""


def test_birthdate_spellings_compare_as_dates() -> None:
    df = _frame([
        ("A", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),
        ("B", "山田　太郎", "169-0073", "新宿区百人町1丁目2番3号", "昭和15年1月2日"),
    ])
    out = _by_id(clean_frame(df))
    assert "duplicate.exact" in out["B"]["findings"]


def test_excluded_rows_take_no_part() -> None:
    df = _frame([
        ("A", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1990-01-02"),   # too young: excluded
        ("B", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),
    ])
    out = _by_id(clean_frame(df, min_age=77, as_of=dt.date(2026, 9, 15)))
    assert out["A"]["status"] == "excluded"
    assert out["B"]["status"] == "ok", out["B"]["findings"]


def test_held_row_never_withholds_a_printable_one() -> None:
    df = _frame([
        ("A", "\ue000山　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),  # 外字: held on its own
        ("B", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),
    ])
    out = _by_id(clean_frame(df))
    assert out["A"]["status"] == "hold"
    assert out["B"]["status"] in ("ok", "review")


def test_returned_previous(tmp_path: Path) -> None:
    returned = tmp_path / "returned.csv"
    returned.write_text("住所\n新宿区百人町1丁目2番3号\n", encoding="utf-8")
    df = _frame([
        ("A", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),
        ("B", "鈴木　花子", "160-0023", "新宿区西新宿2-8-1", "1940-01-02"),
    ])
    out = _by_id(clean_frame(df, returned=str(returned)))
    assert "returned.previous" in out["A"]["findings"] and out["A"]["status"] == "review"
    assert "returned.previous" not in out["B"]["findings"]


def test_joint_household_one_card_per_household() -> None:
    df = _frame([
        ("A", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "1940-01-02"),
        ("B", "山田　花子", "169-0073", "新宿区百人町1丁目2番3号", "1942-03-04"),
        ("C", "鈴木　一郎", "160-0023", "新宿区西新宿2-8-1", "1941-05-06"),
    ])
    plain = _by_id(clean_frame(df))
    assert plain["B"]["status"] == "ok" and "household.shared" in plain["B"]["findings"]
    out = _by_id(clean_frame(df, joint_household=True))
    assert out["A"]["status"] == "ok"
    assert out["A"]["name_out"] == "山田　太郎・花子"
    assert out["B"]["status"] == "excluded" and "select.household_joint" in out["B"]["findings"]
    assert out["B"]["suggestion"] == "A"
    assert out["C"]["status"] == "ok" and out["C"]["name_out"] == "鈴木　一郎"
