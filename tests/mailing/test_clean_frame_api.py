"""The public clean_frame: Japanese headers and a column map as on the command line, documented columns only."""

from __future__ import annotations

import doctest
from pathlib import Path

import polars as pl
import pytest

from addrjp.errors import InputError
from addrjp.mailing import columns
from addrjp.mailing.pipeline import Options, build_outputs, clean_frame
from addrjp.mailing.schema import CLEAN_FRAME_COLUMNS, FINDINGS_COLUMNS

ROOT = Path(__file__).resolve().parents[2]

CANONICAL = pl.DataFrame({
    "id": ["1", "2", "3"],
    "name": ["山田　太郎", "佐藤 花子", ""],
    "postal_code": ["160-0023", "", "1600023"],
    "address": ["東京都新宿区西新宿2-8-1", "新宿区西早稲田2丁目1番5号", "新宿区西新宿2-8-1"],
    "address2": ["", "メゾン101", ""],
    "birthdate": ["1940-01-01", "1945-05-05", "1930-02-01"],
})
JAPANESE = CANONICAL.rename({"id": "宛名番号", "name": "氏名", "postal_code": "郵便番号", "address": "住所",
                             "address2": "方書", "birthdate": "生年月日"})


def test_columns_doctests() -> None:
    failures, tried = doctest.testmod(columns)
    assert failures == 0 and tried > 0


def test_clean_frame_returns_exactly_the_documented_columns_as_text() -> None:
    out = clean_frame(CANONICAL, barcode=False)
    assert tuple(out.columns) == CLEAN_FRAME_COLUMNS
    assert tuple(out.columns[: len(FINDINGS_COLUMNS)]) == FINDINGS_COLUMNS
    assert all(dtype == pl.String for dtype in out.dtypes)
    assert out.null_count().sum_horizontal().item() == 0
    assert "town" not in out.columns and "_line" not in out.columns


def test_japanese_headers_are_read_as_on_the_command_line() -> None:
    assert clean_frame(JAPANESE, barcode=False).equals(clean_frame(CANONICAL, barcode=False))


def test_a_column_map_as_a_dict_or_as_the_command_line_writes_it() -> None:
    own = CANONICAL.rename({"name": "お客様氏名", "address": "現住所"})
    expected = clean_frame(CANONICAL, barcode=False)
    assert clean_frame(own, mapping={"name": "お客様氏名", "address": "現住所"}, barcode=False).equals(expected)
    assert clean_frame(own, mapping="name=お客様氏名,address=現住所", barcode=False).equals(expected)


def test_other_columns_of_the_frame_are_left_out() -> None:
    out = clean_frame(JAPANESE.with_columns(性別=pl.lit("女")), barcode=False)
    assert tuple(out.columns) == CLEAN_FRAME_COLUMNS


def test_integer_postal_codes_get_their_leading_zero_back() -> None:
    df = pl.DataFrame({"id": ["1"], "name": ["札幌　花子"], "postal_code": [600001],
                       "address": ["北海道札幌市中央区北一条西2丁目"]})
    out = clean_frame(df, barcode=False)
    assert out["postal_code_in"].to_list() == ["0600001"]
    assert "postal.malformed" not in out["findings"][0]


def test_a_missing_column_names_the_columns_not_the_cells() -> None:
    with pytest.raises(InputError) as exc:
        clean_frame(JAPANESE.drop("住所"))
    message = str(exc.value)
    assert "address" in message and "氏名" in message  # the headers found are named
    assert "line 1" not in message and message.startswith("DataFrame: ")
    for cell in CANONICAL.rows()[0]:
        if cell and len(cell) > 1:
            assert cell not in message


def test_a_bad_column_map_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown column 'nam'"):
        clean_frame(CANONICAL, mapping={"nam": "氏名"})
    with pytest.raises(InputError, match="mapping name=お客様: no such column"):
        clean_frame(CANONICAL, mapping={"name": "お客様"})
    with pytest.raises(InputError, match="column=見出し"):
        clean_frame(CANONICAL, mapping="name")


def test_two_columns_that_could_be_one_are_refused() -> None:
    with pytest.raises(InputError, match="several columns could be 'name'"):
        clean_frame(JAPANESE.with_columns(pl.col("氏名").alias("名前")))


def test_the_public_frame_writes_the_outputs() -> None:
    out = clean_frame(CANONICAL, barcode=False)
    blobs, counts, _ = build_outputs(out, input_rows=3, input_info={}, opts=Options(barcode=False))
    assert counts["findings"] == 3 and b"<html" in blobs["report.html"].lower()


def test_the_api_page_documents_every_column() -> None:
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = api.split("## clean_frame", 1)[1].split("\n## ", 1)[0]
    for column in CLEAN_FRAME_COLUMNS:
        assert f"`{column}`" in section, column
