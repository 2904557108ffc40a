"""Reading register extracts: encodings, Excel, header mapping, and every bad-input case."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import addrjp.mailing.reader as reader_mod
from addrjp.errors import InputError
from addrjp.mailing.reader import parse_mapping, read_csv_bytes, read_register
from addrjp.mailing.schema import MAX_FIELD_CHARS

HEADER = "id,name,postal_code,address\n"


def err(data: bytes, **kw: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_csv_bytes(data, file="reg.csv", **kw)  # type: ignore[arg-type]
    return info.value


def test_doctests() -> None:
    assert doctest.testmod(reader_mod).failed == 0


def test_cp932_with_japanese_headers() -> None:
    text = "宛名番号,氏名,郵便番号,住所,方書,生年月日\n1,髙橋 太郎,160-0023,西新宿2-8-1,,1940-01-01\n"
    r = read_csv_bytes(text.encode("cp932"), file="reg.csv")
    assert r.encoding == "cp932"
    assert r.frame.columns == ["id", "name", "postal_code", "address", "address2", "birthdate", "honorific",
                               "household", "_line"]
    assert r.frame.row(0) == ("1", "髙橋 太郎", "160-0023", "西新宿2-8-1", "", "1940-01-01", "", "", 2)
    assert r.column_map["address2"] == "方書"


def test_honorific_and_household_headers_are_recognised() -> None:
    text = "宛名番号,氏名,郵便番号,住所,敬称,世帯番号\n1,髙橋 太郎,160-0023,西新宿2-8-1,殿,000123\n"
    r = read_csv_bytes(text.encode("cp932"), file="reg.csv")
    assert r.column_map["honorific"] == "敬称" and r.column_map["household"] == "世帯番号"
    assert r.frame.row(0, named=True)["honorific"] == "殿" and r.frame.row(0, named=True)["household"] == "000123"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(encoding: str) -> None:
    r = read_csv_bytes((HEADER + "a1,山田,1600023,新宿1\n").encode(encoding), file="reg.csv")
    assert r.frame["name"].to_list() == ["山田"]
    assert r.columns_found[0] == "id"  # the BOM is not part of the first header


def test_explicit_encoding_and_shift_jis_alias() -> None:
    data = (HEADER + "1,①髙,1600023,新宿\n").encode("cp932")
    assert read_csv_bytes(data, file="f", encoding="Shift_JIS").frame["name"][0] == "①髙"
    with pytest.raises(InputError, match="not supported"):
        read_csv_bytes(data, file="f", encoding="latin-9")


def test_fullwidth_and_spaced_headers_and_map() -> None:
    data = "ＩＤ, 氏 名 ,〒,住所１,住所２\n1,a,b,c,d\n".encode()
    r = read_csv_bytes(data, file="f")
    assert r.frame.row(0)[:5] == ("1", "a", "b", "c", "d")
    data = b"no,who,zip7,where\n1,a,b,c\n"
    r = read_csv_bytes(data, file="f", mapping=parse_mapping("id=no,name=who,postal_code=zip7,address=where"))
    assert r.frame.row(0)[:4] == ("1", "a", "b", "c")


def test_map_errors() -> None:
    with pytest.raises(InputError, match="not of the form"):
        parse_mapping("name")
    with pytest.raises(InputError, match="unknown column"):
        parse_mapping("nom=氏名")
    e = err(HEADER.encode() + b"1,a,b,c\n", mapping={"name": "氏名"})
    assert "no such column" in str(e) and "id, name, postal_code, address" in str(e)


def test_ambiguous_headers() -> None:
    e = err("id,氏名,名前,郵便番号,住所\n1,a,b,c,d\n".encode())
    assert "several columns" in str(e) and "--map name=" in str(e)


def test_blank_lines_and_quoted_line_breaks() -> None:
    data = (HEADER + '\n1,"山田\n太郎",160,"新宿\t1"\n\n2,b,c,d\n').encode()
    r = read_csv_bytes(data, file="f")
    assert r.frame["name"].to_list() == ["山田 太郎", "b"]
    assert r.frame["address"][0] == "新宿 1"
    assert r.frame["_line"].to_list() == [3, 6]  # where each record starts


def test_extra_columns_are_not_carried() -> None:
    r = read_csv_bytes(b"id,name,postal_code,address,mynumber\n1,a,b,c,123456789012\n", file="f")
    assert "mynumber" not in r.frame.columns


# --- bad input: each names file, line, column; never the content ------------------------------------


def test_empty_file() -> None:
    for data in (b"", b"\xef\xbb\xbf", b"\n\n  \n"):
        e = err(data)
        assert "empty" in str(e) and e.file == "reg.csv"


def test_header_only() -> None:
    e = err(HEADER.encode())
    assert "no data rows" in str(e) and e.line == 1


def test_missing_column_lists_found() -> None:
    e = err("id,氏名,住所\n1,a,b\n".encode())
    assert "postal_code" in str(e) and "id, 氏名, 住所" in str(e)


def test_missing_column_hint_maps_the_missing_ones() -> None:
    e = err("氏名,郵便番号,住所\nyamada,160-0023,b\n".encode())
    assert "必須の列がありません" in str(e)
    assert e.hint is not None and e.hint.endswith("--map id=宛名番号")
    e = err("id,氏名,住所\n1,a,b\n".encode())
    assert e.hint is not None and e.hint.endswith("--map postal_code=郵便番号")


def test_duplicate_header_name() -> None:
    e = err(b"id,name,postal_code,address,x,x\n1,a,b,c,d,e\n")
    assert "appears twice" in str(e)


def test_duplicate_ids_name_the_lines() -> None:
    e = err((HEADER + "7,a,b,c\n8,a,b,c\n7,secret,b,c\n").encode())
    assert "line 4 repeats the id of line 2" in str(e)
    assert e.line == 4 and e.column == "id"
    assert "secret" not in str(e)


def test_empty_id() -> None:
    e = err((HEADER + "1,a,b,c\n ,a,b,c\n").encode())
    assert "without an id" in str(e) and e.line == 3


def test_undecodable_bytes() -> None:
    data = HEADER.encode() + b"1,ok,b,c\n2,\x85\x40\xe3\x81,b,c\n"
    e = err(data)
    assert e.line == 3 and "byte offset" in str(e) and "--encoding" in str(e)
    e = err(("id,name,postal_code,address\n1,山田,b,c\n").encode("cp932"), encoding="utf-8")
    assert e.line == 2 and "utf-8" in str(e)


def test_utf16_refused() -> None:
    e = err(HEADER.encode("utf-16"))
    assert "UTF-16" in str(e)


def test_nul_bytes() -> None:
    e = err(HEADER.encode() + b"1,a\x00b,c,d\n")
    assert "NUL" in str(e) and e.line == 2 and "a\x00b" not in str(e)


def test_control_characters() -> None:
    e = err(HEADER.encode() + b"1,a,b,c\n2,x,y,\x1b[31mz\n")
    assert "control character" in str(e) and e.line == 3 and e.column == "address"


@pytest.mark.parametrize("row,word", [("1,a,b\n", "too few"), ("1,a,b,c,d\n", "too many")])
def test_ragged_rows(row: str, word: str) -> None:
    e = err((HEADER + "0,a,b,c\n" + row).encode())
    assert word in str(e) and e.line == 3


def test_enormous_fields() -> None:
    for n in (MAX_FIELD_CHARS + 1, MAX_FIELD_CHARS * 50):
        e = err(HEADER.encode() + b"1," + b"x" * n + b",b,c\n")
        assert "longer than" in str(e) and e.line == 2


def test_unclosed_quote() -> None:
    e = err((HEADER + '1,"abc,b,c\n').encode())
    assert "quote" in str(e) and e.line == 2


def test_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_register(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        read_register(tmp_path)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(InputError, match=r"\.xls"):
        read_register(tmp_path / "old.xls")
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="Excel"):
        read_register(bad)


def test_input_never_modified(tmp_path: Path) -> None:
    p = tmp_path / "r.csv"
    data = (HEADER + "1,a,b,c\n").encode("utf-8-sig")
    p.write_bytes(data)
    mtime = p.stat().st_mtime_ns
    read_register(p)
    assert p.read_bytes() == data and p.stat().st_mtime_ns == mtime


# --- Excel ---------------------------------------------------------------------------------------------


def test_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["宛名番号", "氏名", "郵便番号", "住所", "生年月日"])
    ws.append([101, "山田　太郎", 600001, "北海道札幌市中央区北一条西", dt.datetime(1948, 2, 29)])
    ws.append([None, None, None, None, None])
    ws.append([102, "佐藤", "160-0023", "西新宿2-8-1"])  # trailing empty cells are not stored
    path = tmp_path / "r.xlsx"
    wb.save(path)
    r = read_register(path)
    assert r.encoding == "xlsx"
    assert r.frame["id"].to_list() == ["101", "102"]
    assert r.frame["postal_code"].to_list() == ["0600001", "160-0023"]
    assert r.frame["birthdate"].to_list() == ["1948-02-29", ""]
    assert r.frame["_line"].to_list() == [2, 4]


def test_xlsx_duplicate_ids(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["id", "name", "postal_code", "address"], [1, "a", "b", "c"], [1, "a", "b", "c"]):
        ws.append(row)
    wb.save(tmp_path / "d.xlsx")
    with pytest.raises(InputError, match="line 3 repeats the id of line 2"):
        read_register(tmp_path / "d.xlsx")


# --- properties ----------------------------------------------------------------------------------------

cell = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=5))
def test_written_cells_read_back(rows: list[tuple[str, str, str]]) -> None:
    """What the writer writes (neutralised) the reader reads back exactly, modulo the neutralising quote."""
    import polars as pl

    from addrjp.mailing.writer import csv_bytes, restore_cell

    frame = pl.DataFrame({"id": [str(i) for i in range(len(rows))], "name": [r[0] for r in rows],
                          "postal_code": [r[1] for r in rows], "address": [r[2] for r in rows]})
    data = csv_bytes(frame, ["id", "name", "postal_code", "address"], encoding="utf-8", file="t")
    try:
        back = read_csv_bytes(data, file="t").frame
    except InputError as exc:  # only a cell beyond the reader's limits may be refused
        assert "longer" in str(exc) or "control" in str(exc)
        return
    import re

    from addrjp.mailing.writer import neutralise_cell

    for col, i in (("name", 0), ("postal_code", 1), ("address", 2)):
        got = [restore_cell(v) for v in back[col].to_list()]
        want = [restore_cell(re.sub(r"[\r\n\t]+", " ", neutralise_cell(r[i]))) for r in rows]
        assert got == want
