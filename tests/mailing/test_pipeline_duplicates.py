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


def test_joint_card_in_the_label_profile_and_register_households() -> None:
    import csv
    import io

    from addrjp.mailing.pipeline import Options, build_outputs

    df = pl.DataFrame([
        ("A", "山田　太郎", "169-0073", "新宿区百人町1-2-3", "S1"),
        ("B", "山田　花子", "169-0073", "新宿区百人町1丁目2番3号", "S1"),
        ("C", "山田　次郎", "169-0073", "新宿区百人町1-2-3", "S2"),  # same address, another 世帯
        ("D", "佐藤　一郎", "169-0073", "新宿区百人町1-2-3", "S1"),  # same 世帯, another family name
    ], schema=["id", "name", "postal_code", "address", "household"], orient="row")
    result = clean_frame(df, joint_household=True)
    out = _by_id(result)
    assert out["A"]["name_out"] == "山田　太郎・花子" and out["A"]["joint1"] == "花子"
    assert out["A"]["name_print"] == "山田　太郎" and out["A"]["suggestion"] == "household=register"
    assert out["B"]["status"] == "excluded" and out["B"]["suggestion"] == "A"
    assert out["C"]["status"] == "ok" and "household.shared" not in out["C"]["findings"]
    assert out["D"]["status"] == "ok" and "household.shared" in out["D"]["findings"]
    for columns, encoding, name_col, expected in (("ja", "cp932", "氏名", "山田　太郎"),
                                                   ("en", "cp932", "name", "山田　太郎・花子")):
        blobs, _, _ = build_outputs(result, input_rows=4, input_info={}, opts=Options(columns=columns))
        rows = list(csv.DictReader(io.StringIO(blobs["mailing.csv"].decode(encoding), newline="")))
        assert [r[name_col] for r in rows] == [expected, "山田　次郎", "佐藤　一郎"]
        if columns == "ja":
            assert [(r["連名1"], r["連名2"], r["敬称"]) for r in rows] == [("花子", "", "様"), ("", "", "様"),
                                                                           ("", "", "様")]
    guessed = _by_id(clean_frame(df.drop("household"), joint_household=True))
    assert guessed["A"]["suggestion"] == "household=address" and guessed["A"]["joint1"] == "花子"
    assert guessed["A"]["joint2"] == "次郎" and guessed["D"]["status"] == "ok"  # 佐藤 keeps a card of its own
