"""Excel workbooks: the visible sheet with data is read and named; several visible sheets with data need
``--sheet``; a hidden sheet is never read silently; a damaged workbook (still a ZIP) is a clear input error."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.mailing.reader import read_register

HEADER = ["宛名番号", "氏名", "郵便番号", "住所"]


def _rows(prefix: str, n: int = 2) -> list[list[str]]:
    return [[f"{prefix}{i}", f"新宿　{'一二三四'[i]}郎", "160-0023", f"東京都新宿区西新宿2-8-{i + 1}"] for i in range(n)]


def _workbook(path: Path, sheets: list[tuple[str, str, list[list[str]]]], active: int = 0) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, state, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    wb.active = active
    wb.save(path)
    return path


def test_hidden_first_sheet_is_not_read(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "r.xlsx", [("旧名簿", "hidden", [HEADER, *_rows("OLD")]),
                                           ("名簿", "visible", [HEADER, *_rows("NEW")])], active=1)
    register = read_register(path)
    assert register.sheet == "名簿" and register.frame["id"].to_list() == ["NEW0", "NEW1"]


def test_several_visible_sheets_with_data_need_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "r.xlsx", [("4月", "visible", [HEADER, *_rows("A")]),
                                           ("5月", "visible", [HEADER, *_rows("B")]),
                                           ("メモ", "visible", [])])
    with pytest.raises(InputError) as info:
        read_register(path)
    assert "2 visible sheets with data (4月, 5月)" in str(info.value) and "--sheet" in str(info.value)
    assert read_register(path, sheet="5月").frame["id"].to_list() == ["B0", "B1"]


def test_data_only_on_a_hidden_sheet_is_refused_unless_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "r.xlsx", [("表紙", "visible", []), ("data", "hidden", [HEADER, *_rows("H")])])
    with pytest.raises(InputError, match="hidden sheet"):
        read_register(path)
    assert read_register(path, sheet="data").sheet == "data"
    with pytest.raises(InputError, match="no such sheet"):
        read_register(path, sheet="Sheet9")


def test_sheet_on_a_csv_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(_rows("C")[0]) + "\n", "utf-8")
    with pytest.raises(InputError, match="--sheet applies to Excel"):
        read_register(path, sheet="x")


def test_clean_says_which_sheet_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _workbook(tmp_path / "r.xlsx", [("hidden", "hidden", [HEADER, *_rows("X")]),
                                           ("住民", "visible", [HEADER, *_rows("Y")])], active=1)
    assert main(["clean", str(path), "--out", str(tmp_path / "out")]) == 0
    assert "sheet (読んだシート): 住民" in capsys.readouterr().err
    assert json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))["input"]["sheet"] == "住民"
    two = _workbook(tmp_path / "two.xlsx", [("a", "visible", [HEADER, *_rows("A")]),
                                            ("b", "visible", [HEADER, *_rows("B")])])
    assert main(["clean", str(two), "--out", str(tmp_path / "out2"), "-q"]) == 2
    assert "--sheet NAME" in capsys.readouterr().err and not (tmp_path / "out2").exists()
    assert main(["clean", str(two), "--out", str(tmp_path / "out2"), "-q", "--sheet", "b"]) == 0


def _damage(src: Path, dst: Path, member: str, data: bytes | None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename == member:
                if data is not None:
                    zout.writestr(item, data)
            else:
                zout.writestr(item, zin.read(item.filename))
    return dst


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize("member,damage", [
    ("xl/worksheets/sheet1.xml", _cut),                           # cut short in the middle of the rows
    ("xl/worksheets/sheet1.xml", lambda d: b"\x00\x01 not xml"),
    ("xl/worksheets/sheet1.xml", None),                           # the register's sheet is missing
    ("xl/workbook.xml", _cut),
    ("[Content_Types].xml", lambda d: b"<Types"),
])
def test_damaged_workbook_is_a_clear_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 member: str, damage: object) -> None:
    good = _workbook(tmp_path / "good.xlsx", [("名簿", "visible", [HEADER, *_rows("G", 4)] * 30),
                                              ("メモ", "hidden", [["memo"]])])
    with zipfile.ZipFile(good) as z:
        original = z.read(member)
    bad = _damage(good, tmp_path / "bad.xlsx", member, None if damage is None else damage(original))  # type: ignore[operator]
    assert main(["clean", str(bad), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(bad) in err and "Excel" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
