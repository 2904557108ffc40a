"""Duplicates and households across a list (issue 6): labelled pairs and hard negatives."""

from __future__ import annotations

import doctest
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addrjp.address.parse import parse_address
from addrjp.errors import InputError
from addrjp.quality import duplicates, readings
from addrjp.quality.duplicates import (
    Returned,
    address_key,
    block_key,
    find_duplicates,
    joint_name,
    load_returned,
)
from addrjp.quality.names import name_key, normalize_name


def _frame(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """(id, name, address, birthdate) -> the input frame, keys built the pipeline's way."""
    out = []
    for rid, name, addr, bd in rows:
        a = parse_address(addr)
        out.append((rid, normalize_name(name).text if name else "", name_key(name), address_key(a), block_key(a),
                    bd or None))
    return pl.DataFrame(out, schema=["id", "name_text", "name_key", "address_key", "block_key", "birthdate"],
                        orient="row")


def _pair(a: tuple[str, str, str], b: tuple[str, str, str]) -> tuple[str | None, str | None]:
    out = find_duplicates(_frame([("A", *a), ("B", *b)]))
    row = out.row(1, named=True)
    return row["duplicate_kind"], row["duplicate_of"]


ADDR = "東京都新宿区西新宿二丁目8番1号"

POSITIVES = [
    # (first row, second row, expected kind)
    (("髙橋　茂", ADDR, "1940-01-02"), ("高橋　茂", ADDR, "1940-01-02"), "probable"),  # variant kanji
    (("山﨑　和子", ADDR, ""), ("山崎　和子", ADDR, ""), "probable"),
    (("渡邊　清", ADDR, ""), ("渡辺　清", ADDR, ""), "probable"),
    (("中田　ﾌﾐ", ADDR, "1930-05-05"), ("中田　フミ", ADDR, "1930-05-05"), "exact"),  # widths
    (("山田　太郎", ADDR, ""), ("山田太郎", ADDR, ""), "exact"),  # spaces
    (("山田　太郎", ADDR, ""), ("山田 　太郎", ADDR, ""), "exact"),
    (("山田　太郎", ADDR, ""), ("山田　太郎", "新宿区西新宿2-8-1", ""), "exact"),  # address written differently
    (("山田　太郎", ADDR, ""), ("山田　太郎", "新宿区西新宿２－８－１", ""), "exact"),
    (("山田　太郎", ADDR + " グリーンハイツ101号室", ""), ("山田　太郎", "新宿区西新宿2-8-1-101", ""), "exact"),
    (("山田　太郎", ADDR + " グリーンハイツ101", ""), ("山田　太郎", "新宿区西新宿2-8-1", ""), "probable"),
    (("大塚　一郎", ADDR, "1941-02-03"), ("大塚　一朗", ADDR, "1941-02-03"), "probable"),  # one-character slip
    (("大塚　幸雄", ADDR, "1941-02-03"), ("大塚　幸男", ADDR, "1941-02-03"), "probable"),
    (("藤原　幸子", ADDR, "1941-02-03"), ("藤原　倖子", ADDR, "1941-02-03"), "probable"),
    (("渡辺　悦子", ADDR, "1941-02-03"), ("渡辺　エツコ", ADDR, "1941-02-03"), "probable"),  # reading
    (("吉沢　実", ADDR, "1941-02-03"), ("吉沢　ミノル", ADDR, "1941-02-03"), "probable"),
    (("斉藤　保", ADDR, ""), ("斎藤　保", ADDR, ""), "probable"),  # surname reading
]


@pytest.mark.parametrize(("a", "b", "kind"), POSITIVES)
def test_labelled_duplicates(a: tuple[str, str, str], b: tuple[str, str, str], kind: str) -> None:
    assert _pair(a, b) == (kind, "A")


NEGATIVES = [
    (("山田　太郎", ADDR, "1940-01-01"), ("山田　花子", ADDR, "1943-05-05")),  # spouses
    (("髙橋　正一", ADDR, "1938-01-01"), ("髙橋　正二", ADDR, "1940-03-03")),  # siblings
    (("佐藤　春子", ADDR, "1935-04-01"), ("佐藤　秋子", ADDR, "1937-09-09")),
    (("鈴木　一郎", ADDR, "1945-06-06"), ("鈴木　二郎", ADDR, "1945-06-06")),  # twins
    (("鈴木　和子", ADDR, "1945-06-06"), ("鈴木　和枝", ADDR, "1945-06-06")),
    (("鈴木　清", ADDR, "1945-06-06"), ("鈴木　誠", ADDR, "1945-06-06")),
    (("佐藤　幸子", ADDR, "1940-01-01"), ("佐藤　幸子", "新宿区大久保二丁目3番4号", "1940-01-01")),  # namesakes
    (("佐藤　幸子", ADDR, "1940-01-01"), ("佐藤　幸子", "新宿区西新宿二丁目9番1号", "1950-02-02")),
    (("佐藤　幸子", ADDR, "1940-01-01"), ("佐藤　幸子", "新宿区西新宿二丁目8番3号", "1950-02-02")),  # same block
]


@pytest.mark.parametrize(("a", "b"), NEGATIVES)
def test_family_and_namesakes_are_not_duplicates(a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    assert _pair(a, b) == (None, None)


def test_same_name_and_address_different_birthdate_is_probable() -> None:
    assert _pair(("山田　太郎", ADDR, "1940-01-01"), ("山田　太郎", ADDR, "1941-01-01"))[0] == "probable"


def test_representative_is_the_earliest_eligible_row() -> None:
    frame = _frame([("A", "山田　太郎", ADDR, ""), ("B", "山田　太郎", ADDR, ""), ("C", "山田　太郎", ADDR, "")])
    out = find_duplicates(frame.with_columns(eligible=pl.Series([False, True, True])))
    assert out.select("id", "duplicate_kind", "duplicate_of").rows() == [
        ("A", "exact", "B"), ("B", None, None), ("C", "exact", "B")]


def test_households_and_joint_names() -> None:
    frame = _frame([
        ("A", "山田　太郎", ADDR, "1940-01-01"), ("B", "山田　花子", "新宿区西新宿2-8-1", "1942-01-01"),
        ("C", "佐藤　一郎", "新宿区大久保二丁目3番4号", "1939-01-01"), ("D", "山田　太郎", ADDR, "1940-01-01"),
    ])
    out = find_duplicates(frame, joint_household=True)
    rows = {r["id"]: r for r in out.iter_rows(named=True)}
    assert rows["A"]["household_id"] == rows["B"]["household_id"] == rows["D"]["household_id"]
    assert rows["A"]["household_size"] == 2 and rows["A"]["household_shared"] and rows["B"]["household_shared"]
    assert not rows["C"]["household_shared"] and rows["C"]["household_size"] == 1
    assert not rows["D"]["household_shared"] and rows["D"]["duplicate_kind"] == "exact"
    assert rows["A"]["household_primary"] and not rows["B"]["household_primary"]
    assert rows["A"]["joint_name"] == "山田　太郎・花子" and rows["B"]["joint_name"] is None
    assert rows["C"]["household_primary"] and rows["C"]["joint_name"] is None
    assert joint_name(["山田　太郎", "佐藤　花子"]) == "山田　太郎・佐藤　花子"


def test_returned_previous_by_id_and_address(tmp_path: Path) -> None:
    path = tmp_path / "returned.csv"
    path.write_text("id,address\nC,\n,新宿区西新宿2-8-1\n", encoding="utf-8")
    returned = load_returned(path)
    assert returned.ids == {"C"} and len(returned.address_keys) == 1
    frame = _frame([("A", "山田　太郎", ADDR, ""), ("B", "佐藤　一郎", "新宿区大久保二丁目3番4号", ""),
                    ("C", "鈴木　清", "新宿区大久保二丁目3番5号", "")])
    out = find_duplicates(frame, returned=returned)
    assert out["returned_previous"].to_list() == [True, False, True]
    assert find_duplicates(frame, returned=["B"])["returned_previous"].to_list() == [False, True, False]
    assert find_duplicates(frame)["returned_previous"].to_list() == [False, False, False]
    assert isinstance(returned, Returned)


def test_load_returned_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(InputError, match="no id or address column"):
        load_returned(bad)
    unresolved = tmp_path / "unresolved.csv"
    unresolved.write_text("address\nどこか\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_returned(unresolved)
    assert info.value.line == 2 and "どこか" not in str(info.value)
    with pytest.raises(InputError):
        load_returned(tmp_path / "missing.csv")


def test_rows_without_keys_are_never_compared() -> None:
    frame = pl.DataFrame({"id": ["A", "B"], "name_text": ["", ""], "name_key": ["", ""],
                          "address_key": [None, None], "block_key": [None, None]})
    out = find_duplicates(frame)
    assert out["duplicate_kind"].to_list() == [None, None]
    assert out["household_size"].to_list() == [1, 1]


def test_output_columns_and_order() -> None:
    frame = _frame([("B", "山田　太郎", ADDR, ""), ("A", "山田　太郎", ADDR, "")])
    out = find_duplicates(frame)
    assert out.columns == ["row", "id", *duplicates.OUTPUT_COLUMNS]
    assert out["id"].to_list() == ["B", "A"] and out["duplicate_of"].to_list() == [None, "B"]


def test_reading_guard() -> None:
    assert readings.reading("髙橋") is None  # pykakasi returns '' for 髙
    assert readings.reading("𠮷田") is None  # and 'た' for 𠮷田: never a partial reading
    assert readings.reading("\ue000子") is None
    assert readings.reading("はなこ") == readings.reading("花子") == "はなこ"
    assert readings.readings("髙橋") == frozenset()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=8))
def test_reading_never_crashes(text: str) -> None:
    r = readings.reading(text)
    assert r is None or (r and all("\u3041" <= c <= "\u30ff" or c in "ー々〆ヶゝゞヽヾ" for c in r))
    assert readings.reading(text) == r


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["山田　太郎", "山田　花子", "髙橋　茂", "高橋　茂", "", "ﾀﾛｳ"]),
                          st.sampled_from(["k1", "k2", None]), st.booleans()), max_size=12))
def test_invariants(rows: list[tuple[str, str | None, bool]]) -> None:
    frame = pl.DataFrame(
        {"id": [f"R{i}" for i in range(len(rows))], "name_text": [r[0] for r in rows],
         "name_key": [name_key(r[0]) for r in rows], "address_key": [r[1] for r in rows],
         "block_key": [r[1] for r in rows], "eligible": [r[2] for r in rows]},
        schema={"id": pl.String, "name_text": pl.String, "name_key": pl.String, "address_key": pl.String,
                "block_key": pl.String, "eligible": pl.Boolean})
    out = find_duplicates(frame, joint_household=True)
    assert out.height == len(rows) and out["id"].to_list() == frame["id"].to_list()
    ids = out["id"].to_list()
    for rid, kind, of in out.select("id", "duplicate_kind", "duplicate_of").rows():
        assert (kind is None) == (of is None)
        if of is not None:
            assert of != rid and of in ids
            target = out.row(ids.index(of), named=True)
            assert target["duplicate_kind"] is None  # a representative is never itself a duplicate


def test_doctests() -> None:
    for module in (duplicates, readings):
        assert doctest.testmod(module).failed == 0
