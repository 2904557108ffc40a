"""The batch pipeline: finding masks, status combination, conservation, outputs (and clean_frame once
record validation exists)."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io
import json
from pathlib import Path

import polars as pl
import pytest

import addrjp.mailing.manifest as manifest_mod
import addrjp.mailing.pipeline as pipeline_mod
import addrjp.mailing.report as report_mod
import addrjp.mailing.schema as schema_mod
from addrjp.errors import IntegrityError
from addrjp.mailing.pipeline import (
    CODE_BIT,
    Options,
    build_outputs,
    codes_of_mask,
    combine,
    encodability_part,
    mask_of,
    selection_part,
)
from addrjp.mailing.schema import FINDINGS_COLUMNS, MAILING_COLUMNS, profile_columns
from addrjp.quality.findings import CATALOGUE, Finding, join_codes, status_of


@pytest.mark.parametrize("module", [pipeline_mod, manifest_mod, report_mod, schema_mod])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_mask_text_is_join_codes() -> None:
    fs = [Finding.of("name.empty", field="name"), Finding.of("household.shared", field="address"),
          Finding.of("postal.unknown", field="postal_code", severity="info", fixed=True)]
    assert codes_of_mask(mask_of(fs)) == join_codes(fs)
    assert codes_of_mask(0) == ""
    assert len(CODE_BIT) == len(CATALOGUE)


def test_combine_matches_status_of() -> None:
    cases = [
        [],
        [Finding.of("address.town_variant", field="address", fixed=True)],
        [Finding.of("duplicate.probable", field="name"), Finding.of("name.width_fixed", field="name", fixed=True)],
        [Finding.of("postal.missing", field="postal_code"), Finding.of("duplicate.probable", field="name")],
        [Finding.of("select.age_below", field="birthdate"), Finding.of("postal.missing", field="postal_code")],
    ]
    rows = []
    for fs in cases:
        m, r, f = pipeline_mod.summarise(fs)
        rows.append({"a_mask": m, "a_rank": r, "a_fixed": f})
    base = pl.DataFrame({"id": [str(i) for i in range(len(cases))]})
    part = pl.DataFrame(rows, schema={"a_mask": pl.UInt64, "a_rank": pl.Int8, "a_fixed": pl.Boolean})
    out = combine(base, [part])
    assert out["status"].to_list() == [status_of(fs) for fs in cases]
    assert out["findings"].to_list() == [join_codes(fs) for fs in cases]


def test_combine_ors_parts() -> None:
    base = pl.DataFrame({"id": ["1"]})
    a = pl.DataFrame({"a_mask": [1 << CODE_BIT["household.shared"]], "a_rank": [0]},
                     schema={"a_mask": pl.UInt64, "a_rank": pl.Int8})
    n = pl.DataFrame({"n_mask": [1 << CODE_BIT["name.gaiji"]], "n_rank": [2]},
                     schema={"n_mask": pl.UInt64, "n_rank": pl.Int8})
    out = combine(base, [a, n])
    assert out.row(0, named=True)["findings"] == "name.gaiji;household.shared"
    assert out["status"][0] == "hold"


def test_selection_part() -> None:
    base = pl.DataFrame({"birthdate": ["1940-01-01", "2000-01-01", "?"]})
    part = selection_part(base, Options(min_age=77, as_of=dt.date(2026, 9, 15)))
    assert part["s_rank"].to_list() == [-1, 3, 2]
    assert [codes_of_mask(m) for m in part["s_mask"].to_list()] == ["", "select.age_below",
                                                                     "select.birthdate_invalid"]
    assert selection_part(base, Options())["s_mask"].to_list() == [0, 0, 0]


def test_encodability_part() -> None:
    frame = pl.DataFrame({"address1": ["西新宿2-8-1", "西新宿"], "address2_out": ["", "〜棟"],
                          "name_out": ["𠮷野", "山田"]})
    assert encodability_part(frame, "utf-8").to_list() == [0, 0]
    bit = 1 << CODE_BIT["output.unencodable"]
    assert encodability_part(frame, "cp932").to_list() == [bit, 0]  # 〜 has a CP932 image (～)


def make_result(n: int = 6) -> pl.DataFrame:
    """A frame in the shape clean_frame returns (test data, made by hand)."""
    from addrjp.mailing.barcode import barcode_to_text, encode_barcode

    statuses = ["ok", "fixed", "review", "hold", "excluded", "ok"] * (n // 6 + 1)
    rows = []
    for i in range(n):
        s = statuses[i]
        printed = s in ("ok", "fixed", "review")
        rows.append({
            "id": f"A{i:05d}",
            "status": s,
            "findings": {"ok": "", "fixed": "address.town_variant", "review": "duplicate.probable",
                         "hold": "address.no_number", "excluded": "select.age_below"}[s],
            "duplicate_of": "A00000" if s == "review" else "",
            "postal_code_in": "1600023",
            "postal_code_out": "160-0023" if s != "excluded" else "",
            "address_in": f"西新宿2-8-{i + 1}",
            "address_out": f"西新宿二丁目8番{i + 1}号" if printed else "",
            "name_in": "=山田 太郎" if i == 0 else f"山田 {i}",
            "name_out": "=山田　太郎" if i == 0 else f"山田　{i}",
            "suggestion": "",
            "address1": f"西新宿二丁目8番{i + 1}号" if printed else "",
            "address2": "",
            "barcode": barcode_to_text(encode_barcode("160-0023", f"2-8-{i + 1}")) if printed else "",
            "town": "西新宿",
            "_line": i + 2,
        })
    return pl.DataFrame(rows)


def _parse(data: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_build_outputs_columns_and_counts() -> None:
    result = make_result(12)
    blobs, counts, manifest = build_outputs(result, input_rows=12, input_info={"name": "r.csv"}, opts=Options())
    mailing = _parse(blobs["mailing.csv"], "cp932")  # the default: label profile, the charset's encoding
    findings = _parse(blobs["findings.csv"], "utf-8-sig")
    assert tuple(mailing[0]) == profile_columns("ja") and tuple(findings[0]) == FINDINGS_COLUMNS
    assert manifest["columns"] == "ja" and manifest["out_encoding"] == "cp932"
    assert mailing[1][5] == "様" and mailing[1][6:9] == ["", "", ""]  # 敬称 by default, no 連名
    assert len(findings) - 1 == 12 and len(mailing) - 1 == 8
    assert counts["by_status"] == {"ok": 4, "fixed": 2, "review": 2, "hold": 2, "excluded": 2}
    assert counts["mailing"] + counts["by_status"]["hold"] + counts["by_status"]["excluded"] == counts["input"]
    assert mailing[1][4] == "'=山田　太郎"  # formula neutralised
    assert manifest["files"]["mailing.csv"]["rows"] == 8
    text = json.dumps(manifest, ensure_ascii=False)
    assert "山田" not in text and "西新宿" not in text  # no personal data in the manifest
    assert "birthdate" not in blobs["mailing.csv"].decode("cp932")
    blobs, _, manifest = build_outputs(result, input_rows=12, input_info={}, opts=Options(columns="en"))
    assert tuple(_parse(blobs["mailing.csv"], "cp932")[0]) == MAILING_COLUMNS and manifest["columns"] == "en"


def test_report_is_self_contained() -> None:
    result = make_result(12)
    blobs, _, _ = build_outputs(result, input_rows=12, input_info={}, opts=Options())
    html = blobs["report.html"].decode()
    assert "<svg" in html and "保留" in html and "address.no_number" in html
    # the review page's script and style are inline (allowed by hash); nothing is loaded from anywhere
    for needle in ("<script src", "src=\"http", "href=\"http", "@import", "url(", "unsafe-inline"):
        assert needle not in html
    assert "=山田" not in html or "&" in html  # escaped content only


def test_conservation_failure_writes_nothing(tmp_path: Path) -> None:
    result = make_result(6)
    with pytest.raises(IntegrityError, match="conservation"):
        build_outputs(result, input_rows=7, input_info={}, opts=Options())


def test_cp932_output_holds_nothing_silently() -> None:
    result = make_result(6).with_columns(pl.lit("𠮷野").alias("name_out"))
    with pytest.raises(IntegrityError, match="cannot represent"):
        build_outputs(result, input_rows=6, input_info={}, opts=Options(out_encoding="cp932"))


def test_cp932_output_uses_cp932_images() -> None:
    result = make_result(6).with_columns(pl.lit("〜").alias("address2"))
    blobs, _, _ = build_outputs(result, input_rows=6, input_info={}, opts=Options(out_encoding="cp932"))
    assert _parse(blobs["mailing.csv"], "cp932")[1][3] == "～"
    blobs, _, _ = build_outputs(result, input_rows=6, input_info={}, opts=Options(columns="en", charset="unicode"))
    assert blobs["mailing.csv"].startswith(b"\xef\xbb\xbfid,")  # unicode: UTF-8 with a BOM


# --- with the real record validation (skipped until addrjp.quality.record exists) ----------------------


def test_clean_frame_one_row_per_input_row() -> None:
    pytest.importorskip("addrjp.quality.record")
    from addrjp.mailing.pipeline import clean_frame

    df = pl.DataFrame({
        "id": ["1", "2", "3", "4", "5"],
        "name": ["山田 太郎", "山田 太郎", "", "佐藤 花子", "ｽｽﾞｷ ｲﾁﾛｳ"],
        "postal_code": ["160-0023", "160-0023", "1600023", "", "160-0022"],
        "address": ["東京都新宿区西新宿2-8-1", "東京都新宿区西新宿2-8-1", "新宿区西新宿2-8-1", "新宿区西新宿二丁目8番1号",
                    "新宿区新宿1-1-1"],
        "birthdate": ["1940-01-01", "1940-01-01", "1940-01-01", "1999-01-01", "1930-02-29"],
    })
    out = clean_frame(df, min_age=77, as_of=dt.date(2026, 9, 15))
    assert out.height == df.height and out["id"].to_list() == df["id"].to_list()
    assert out.columns[: len(FINDINGS_COLUMNS)] == list(FINDINGS_COLUMNS)
    statuses = dict(zip(out["id"], out["status"], strict=True))
    assert statuses["3"] == "hold"  # no name
    assert statuses["4"] == "excluded"
    assert "select.birthdate_invalid" in out.filter(pl.col("id") == "5")["findings"][0]


@pytest.mark.parametrize(("option", "value", "message"), [("out_encoding", "latin1", "unknown output encoding"),
                                                          ("columns", "xx", "unknown column profile")])
def test_a_bad_output_option_is_an_input_error_before_any_row(option: str, value: str, message: str) -> None:
    from addrjp.errors import InputError

    with pytest.raises(InputError, match=message):
        Options(**{option: value})
