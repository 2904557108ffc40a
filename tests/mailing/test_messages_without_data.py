"""Messages never show a cell of a personal column: a register without its header row, a wrong ``--map``, a
returned-mail list without a header… columns are named by position and header only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from no_leak import assert_no_cell_values

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.mailing.pipeline import prepare_input
from addrjp.mailing.reader import read_register
from addrjp.quality.duplicates import load_returned

ROWS = [
    ["A0001", "山田　太郎", "160-0023", "東京都新宿区西新宿2-8-1", "ハイツ西新宿305", "1940-01-01"],
    ["A0002", "佐藤　花子", "1600022", "新宿区新宿一丁目1番1号", "", "昭和20年5月5日"],
]
HEADER = ["宛名番号", "氏名", "郵便番号", "住所", "方書", "生年月日"]


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *extra: str,
                 name: str = "r.csv") -> str:
    src = tmp_path / name
    src.write_text(text, "utf-8")
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "-q", *extra]) == 2
    assert not (tmp_path / "out").exists()
    return capsys.readouterr().err


def test_register_without_header_row_shows_no_resident(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _clean_error(tmp_path, capsys, _csv(ROWS))
    assert "not a header row" in err and "line 1" in err
    assert_no_cell_values(err, ROWS)


def test_map_on_a_register_without_header_shows_no_resident(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    err = _clean_error(tmp_path, capsys, _csv(ROWS), "--map", "name=氏名,address=住所")
    assert "not a header row" in err
    assert_no_cell_values(err, ROWS)


def test_wrong_map_header_names_headers_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _clean_error(tmp_path, capsys, _csv([HEADER, *ROWS]), "--map", "name=お名前")
    assert "--map name=お名前: no such column" in err and "宛名番号, 氏名, 郵便番号" in err
    assert_no_cell_values(err, ROWS)


def test_first_row_of_data_with_a_repeated_value_is_not_reported_as_a_header(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["A0001", "東京都新宿区西新宿2-8-1", "東京都新宿区西新宿2-8-1", "山田　太郎"]]
    err = _clean_error(tmp_path, capsys, _csv(rows))
    assert "appears twice" not in err
    assert_no_cell_values(err, rows)


@pytest.mark.parametrize("mutate", [
    lambda rows: [*rows, ["A0001", *rows[0][1:]]],                       # a repeated id
    lambda rows: [[*rows[0][:1], rows[0][1] + "\x07", *rows[0][2:]]],    # a control character
    lambda rows: [[*rows[0][:3], rows[0][3] * 80, *rows[0][4:]]],        # a cell too long
    lambda rows: [rows[0][:5]],                                          # too few fields
    lambda rows: [[*rows[0], "余分な値"]],                                  # too many fields
])
def test_input_errors_show_no_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: object) -> None:
    rows = mutate(ROWS)  # type: ignore[operator]
    err = _clean_error(tmp_path, capsys, _csv([HEADER, *rows]))
    assert "error" in err
    assert_no_cell_values(err, rows)


def test_xlsx_without_header_row_shows_no_resident(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_register(path)
    assert "not a header row" in str(info.value)
    assert_no_cell_values(str(info.value), ROWS)


def test_returned_list_without_header_shows_no_address(tmp_path: Path) -> None:
    path = tmp_path / "returned.csv"
    rows = [["A0001", "東京都新宿区西新宿2-8-1"], ["A0002", "新宿区新宿一丁目1番1号"]]
    path.write_text(_csv(rows), "utf-8")
    with pytest.raises(InputError) as info:
        load_returned(path)
    assert info.value.line == 1 and "not a header" in str(info.value)
    assert_no_cell_values(str(info.value), rows)


def test_frame_whose_column_names_are_data_shows_none(tmp_path: Path) -> None:
    frame = pl.read_csv(io.StringIO(_csv(ROWS)), has_header=True, infer_schema=False)
    with pytest.raises(InputError) as info:
        prepare_input(frame)
    assert "missing required column" in str(info.value)
    assert_no_cell_values(str(info.value), ROWS)
