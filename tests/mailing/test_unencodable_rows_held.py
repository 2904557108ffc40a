"""One resident never stops a run: a character the output encoding cannot write holds that row
(``output.unencodable``) wherever it ends up in the mailing file, the building line included."""

from __future__ import annotations

import polars as pl

from addrjp.mailing.pipeline import Options, build_outputs, clean_frame


def _register(address: str, address2: str = "") -> pl.DataFrame:
    return pl.DataFrame({"id": ["1", "2"], "name": ["山田　太郎", "佐藤　花子"],
                         "postal_code": ["160-0023", "160-0023"],
                         "address": [address, "東京都新宿区西新宿2-8-1"], "address2": [address2, ""]})


def test_unencodable_building_split_from_the_address_column_holds_the_row() -> None:
    # the building is written in the address column; the parser moves it to address2
    opts = Options(charset="unicode", out_encoding="cp932")
    result = clean_frame(_register("東京都新宿区西新宿2-8-1 𠮷ハイツ101"), opts)
    first = result.row(0, named=True)
    assert first["status"] == "hold" and "output.unencodable" in first["findings"].split(";")
    assert result.row(1, named=True)["status"] in ("ok", "fixed", "review")
    blobs, counts, _ = build_outputs(result, input_rows=2, input_info={}, opts=opts)  # no IntegrityError
    assert counts["mailing"] == 1 and "𠮷".encode() not in blobs["mailing.csv"]


def test_unencodable_second_line_as_given_holds_the_row() -> None:
    opts = Options(charset="unicode", out_encoding="cp932")
    result = clean_frame(_register("東京都新宿区西新宿2-8-1", "𠮷ハイツ101"), opts)
    assert result.row(0, named=True)["status"] == "hold"
    build_outputs(result, input_rows=2, input_info={}, opts=opts)


def test_unencodable_id_holds_the_row_instead_of_aborting() -> None:
    frame = _register("東京都新宿区西新宿2-8-1").with_columns(id=pl.Series(["𠮷1", "2"]))
    opts = Options(charset="unicode", out_encoding="cp932")
    result = clean_frame(frame, opts)
    assert result.row(0, named=True)["status"] == "hold"
    build_outputs(result, input_rows=2, input_info={}, opts=opts)
