"""mailing.csv in each column profile and encoding: written by ``build_outputs``, read back as a label
program reads it (cp932, utf-8-sig), and passed by ``check``; 敬称 and 連名 judged like every printed cell."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from addrjp.mailing import schema
from addrjp.mailing.check import check_output
from addrjp.mailing.manifest import sha256_hex
from addrjp.mailing.pipeline import Options, build_outputs
from addrjp.mailing.writer import publish_dir

try:
    import addrjp.postal.lookup  # noqa: F401

    HAVE_POSTAL = True
except ImportError:
    HAVE_POSTAL = False


def label_result() -> pl.DataFrame:
    """A cleansed frame with label columns: a joint card, a register 敬称, a plain card and a held row."""
    from addrjp.mailing.barcode import barcode_to_text, encode_barcode

    rows = []
    for i, (status, name, print_name, honorific, joints) in enumerate([
        ("ok", "山田　太郎・花子", "山田　太郎", "様", ["花子"]),
        ("fixed", "佐藤　一郎", "佐藤　一郎", "殿", []),
        ("review", "ＳＭＩＴＨ　ＪＯＨＮ", "ＳＭＩＴＨ　ＪＯＨＮ", "様", []),
        ("hold", "", "", "様", []),
    ]):
        printed = status != "hold"
        joints = [*joints, "", "", ""][:3]
        rows.append({
            "id": f"B{i:04d}", "status": status, "findings": "" if printed else "name.empty",
            "duplicate_of": "", "postal_code_in": "1600023", "postal_code_out": "160-0023", "address_in": "x",
            "address_out": "西新宿二丁目八番一号", "name_in": name, "name_out": name, "suggestion": "",
            "address1": "東京都新宿区西新宿二丁目八番一号" if printed else "",
            "address2": "新宿センタービル　十五階" if i == 1 else "",
            "barcode": barcode_to_text(encode_barcode("160-0023", f"2-8-{i + 1}")) if printed else "",
            "town": "西新宿", "_line": i + 2, "honorific": honorific, "name_print": print_name,
            "joint1": joints[0], "joint2": joints[1], "joint3": joints[2],
        })
    return pl.DataFrame(rows)


def make_folder(tmp_path: Path, **opts: object) -> Path:
    result = label_result()
    blobs, _, _ = build_outputs(result, input_rows=result.height, input_info={"name": "r.csv"},
                                opts=Options(**opts))  # type: ignore[arg-type]
    return publish_dir(blobs, tmp_path / "out", force=False)


def read_rows(folder: Path, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / "mailing.csv").read_bytes().decode(encoding), newline="")))


@pytest.mark.parametrize("columns", ["ja", "en"])
@pytest.mark.parametrize(("charset", "out_encoding", "label_encoding"), [
    ("cp932", None, "cp932"),
    ("jisx0208", None, "cp932"),
    ("jisx0213", None, "utf-8-sig"),
    ("unicode", None, "utf-8-sig"),
    ("cp932", "utf-8-sig", "utf-8-sig"),
    ("cp932", "utf-8", "utf-8"),
])
def test_check_passes_every_profile_and_encoding(tmp_path: Path, columns: str, charset: str,
                                                 out_encoding: str | None, label_encoding: str) -> None:
    folder = make_folder(tmp_path, columns=columns, charset=charset, out_encoding=out_encoding)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["columns"] == columns and manifest["out_encoding"] == (out_encoding or label_encoding)
    report = check_output(folder)
    if HAVE_POSTAL:
        assert report.ok, report.render()
    rows = read_rows(folder, label_encoding)
    assert tuple(rows[0]) == schema.profile_columns(columns)  # the headers as a spreadsheet shows them
    assert len(rows) == 4 and (folder / "mailing.csv").read_bytes().count(b"\r\n") == 4  # CRLF lines
    if label_encoding == "utf-8-sig":
        assert (folder / "mailing.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_label_profile_fields(tmp_path: Path) -> None:
    rows = read_rows(make_folder(tmp_path), "cp932")
    assert rows[0] == ["宛名番号", "郵便番号", "住所1", "住所2", "氏名", "敬称", "連名1", "連名2", "連名3",
                       "カスタマバーコード"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["氏名"], first["敬称"], first["連名1"], first["連名2"]) == ("山田　太郎", "様", "花子", "")
    assert dict(zip(rows[0], rows[2], strict=True))["敬称"] == "殿"  # the register's own 敬称
    assert dict(zip(rows[0], rows[3], strict=True))["氏名"] == "ＳＭＩＴＨ　ＪＯＨＮ"  # as the register wrote it
    en = read_rows(make_folder(tmp_path / "en", columns="en"), "cp932")
    assert dict(zip(en[0], en[1], strict=True))["name"] == "山田　太郎・花子"  # v1: one cell, names joined


def _edit(folder: Path, encoding: str, line: int, column: str, value: str) -> None:
    rows = read_rows(folder, encoding)
    rows[line - 1][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    (folder / "mailing.csv").write_bytes(data)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"]["mailing.csv"].update(sha256=sha256_hex(data), bytes=len(data))
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def test_check_judges_honorific_and_joint_names(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, charset="jisx0208")
    _edit(folder, "cp932", 2, "敬称", "髙")  # CP932 has it, JIS X 0208 does not
    problems = check_output(folder).problems
    assert any("line 2, column 敬称: a character outside the character set jisx0208" in p for p in problems)
    folder = make_folder(tmp_path / "b")
    _edit(folder, "cp932", 2, "連名1", "")
    _edit(folder, "cp932", 2, "連名2", "花子")
    assert any("連名 column is empty before a filled one" in p for p in check_output(folder).problems)


def test_check_refuses_the_other_profile_header(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    _edit(folder, "cp932", 1, "氏名", "name")
    problems = check_output(folder).problems
    assert any("columns are not 宛名番号" in p and "(profile ja)" in p for p in problems)
    assert not any("山田" in p for p in problems)


def test_a_mailing_file_v1_folder_still_checks(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, columns="en", out_encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["format"] = "addrjp-mailing/1"
    del manifest["columns"]
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    report = check_output(folder)
    assert report.ok or not HAVE_POSTAL, report.render()


def test_unprintable_register_honorific_is_held() -> None:
    pytest.importorskip("addrjp.quality.record")
    from addrjp.mailing.pipeline import clean_frame

    df = pl.DataFrame({
        "id": ["1", "2", "3"], "name": ["山田 太郎", "佐藤 花子", "鈴木 一郎"],
        "postal_code": ["160-0023"] * 3,
        "address": ["東京都新宿区西新宿2-8-1", "東京都新宿区西新宿2-8-2", "東京都新宿区西新宿2-8-3"],
        "honorific": ["", "殿", "\ue000"],
    })
    out = clean_frame(df, honorific="さま")
    assert out["honorific"].to_list() == ["さま", "殿", "\ue000"]
    assert out["status"][2] == "hold" and "name.unprintable" in out["findings"][2]
    assert out["status"][0] != "hold" and out["status"][1] != "hold"


def test_honorific_option_is_checked() -> None:
    from addrjp.errors import InputError
    from addrjp.mailing.label import check_honorific

    assert check_honorific(" 様 ", "cp932") == "様"
    assert check_honorific("", "cp932") == ""  # the vendor's software adds it
    with pytest.raises(InputError, match="--honorific"):
        check_honorific("髙", "jisx0208")
