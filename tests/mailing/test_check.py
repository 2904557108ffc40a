"""``check_output``: the vendor's pre-print check catches every edit, truncation and broken promise."""

from __future__ import annotations

import doctest
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

import addrjp.mailing.check as check_mod
from addrjp.mailing.check import check_output
from addrjp.mailing.manifest import sha256_hex
from addrjp.mailing.pipeline import Options, build_outputs
from addrjp.mailing.writer import publish_dir

try:
    import addrjp.postal.lookup  # noqa: F401

    HAVE_POSTAL = True
except ImportError:
    HAVE_POSTAL = False


def make_result(n: int = 12) -> pl.DataFrame:
    """A frame in the shape clean_frame returns (hand-made test data)."""
    from addrjp.mailing.barcode import barcode_to_text, encode_barcode

    pattern = ["ok", "fixed", "review", "hold", "excluded", "ok"]
    rows = []
    for i in range(n):
        s = pattern[i % 6]
        printed = s in ("ok", "fixed", "review")
        rows.append({
            "id": f"A{i:05d}", "status": s, "findings": "address.no_number" if s == "hold" else "",
            "duplicate_of": "", "postal_code_in": "1600023", "postal_code_out": "160-0023",
            "address_in": "x", "address_out": "西新宿二丁目8番1号", "name_in": "@山田", "name_out": "@山田　太郎",
            "suggestion": "", "address1": "西新宿二丁目8番1号" if printed else "", "address2": "",
            "barcode": barcode_to_text(encode_barcode("160-0023", f"2-8-{i + 1}")) if printed else "",
            "town": "西新宿", "_line": i + 2,
        })
    return pl.DataFrame(rows)


def make_folder(tmp_path: Path, result: pl.DataFrame | None = None, **opts: object) -> Path:
    """A folder in the English profile, UTF-8 unless told (the profiles: test_check_profiles.py)."""
    result = make_result() if result is None else result
    opts = {"columns": "en", "out_encoding": "utf-8", **opts}
    blobs, _, _ = build_outputs(result, input_rows=result.height, input_info={"name": "r.csv"},
                                opts=Options(**opts))  # type: ignore[arg-type]
    return publish_dir(blobs, tmp_path / "out", force=False)


def rehash(folder: Path, name: str) -> None:
    """What a careless tool would do: edit a file and update the manifest to match."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    data = (folder / name).read_bytes()
    manifest["files"][name].update(sha256=sha256_hex(data), bytes=len(data))
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def postal_problems_only(problems: list[str]) -> bool:
    return all("postal index is not available" in p for p in problems)


def test_doctests() -> None:
    assert doctest.testmod(check_mod).failed == 0


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_clean_folder_passes(tmp_path: Path, encoding: str) -> None:
    report = check_output(make_folder(tmp_path, out_encoding=encoding))
    if HAVE_POSTAL:
        assert report.ok, report.render()
        assert "PASS" in report.render()
    else:
        assert postal_problems_only(report.problems), report.problems
    assert report.counts["mailing"] == 8 and report.counts["barcodes"] == 8


def test_edited_byte_fails(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    p = folder / "mailing.csv"
    data = bytearray(p.read_bytes())
    data[-5] ^= 1
    p.write_bytes(bytes(data))
    report = check_output(folder)
    assert not report.ok
    assert any("mailing.csv: changed since the run" in x for x in report.problems)
    assert "FAIL" in report.render()


def test_truncated_file_fails(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    p = folder / "mailing.csv"
    lines = p.read_bytes().split(b"\r\n")
    p.write_bytes(b"\r\n".join(lines[:-3]) + b"\r\n")
    report = check_output(folder)
    assert any("changed since the run" in x for x in report.problems)
    rehash(folder, "mailing.csv")  # even with the manifest's hash updated, the counts give it away
    report = check_output(folder)
    assert any("rows, the manifest says 8" in x for x in report.problems)
    assert any("not exactly the rows" in x for x in report.problems)


def test_vendor_copy_without_ward_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "findings.csv").unlink()
    (folder / "report.html").unlink()
    report = check_output(folder)
    assert any("findings.csv: not present" in n for n in report.notes)
    assert report.ok or postal_problems_only(report.problems)


def test_missing_mailing_or_manifest(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    shutil.copytree(folder, tmp_path / "copy")
    (folder / "mailing.csv").unlink()
    assert any("mailing.csv: missing" in p for p in check_output(folder).problems)
    (tmp_path / "copy" / "manifest.json").unlink()
    report = check_output(tmp_path / "copy")
    assert not report.ok and "manifest.json: missing" in report.problems[0]


def test_manifest_counts_tampered(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["counts"]["by_status"]["hold"] -= 1
    manifest["counts"]["by_status"]["ok"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    problems = check_output(folder).problems
    assert any("printed statuses" in p for p in problems)
    assert any("status hold" in p for p in problems)


def _edit_mailing(folder: Path, line: int, column: int, value: str, encoding: str = "utf-8") -> None:
    import csv
    import io

    p = folder / "mailing.csv"
    rows = list(csv.reader(io.StringIO(p.read_bytes().decode(encoding), newline="")))
    rows[line - 1][column] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    p.write_bytes(buf.getvalue().encode(encoding))
    rehash(folder, "mailing.csv")


def test_bad_barcode_check_digit(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    import csv
    import io

    rows = list(csv.reader(io.StringIO((folder / "mailing.csv").read_text("utf-8"), newline="")))
    from addrjp.mailing.barcode import barcode_from_text

    tokens = barcode_from_text(rows[2][5])
    wrong = "".join(tokens[:-1]) + ("0" if tokens[-1] != "0" else "1")
    _edit_mailing(folder, 3, 5, wrong)
    problems = check_output(folder).problems
    assert any("line 3, column barcode: check digit wrong" in p for p in problems), problems


def test_barcode_of_another_postal_code(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    _edit_mailing(folder, 2, 1, "160-0022")
    problems = check_output(folder).problems
    assert any("line 2, column barcode: postal code differs" in p for p in problems), problems


def test_duplicate_ids_and_malformed_postal_code(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    _edit_mailing(folder, 3, 0, "A00000")
    _edit_mailing(folder, 4, 1, "1600023")
    problems = check_output(folder).problems
    assert any("line 3, column id: repeats line 2" in p for p in problems)
    assert any("line 4, column postal_code: not NNN-NNNN" in p for p in problems)


@pytest.mark.skipif(not HAVE_POSTAL, reason="postal index not built yet")
def test_unknown_postal_code(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, result=make_result().with_columns(barcode=pl.lit("")))
    _edit_mailing(folder, 2, 1, "999-9999")
    problems = check_output(folder).problems
    assert any("line 2, column postal_code: not in the Japan Post data" in p for p in problems)


def test_character_set(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, charset="jisx0208")
    _edit_mailing(folder, 2, 4, "髙橋　太郎")  # in CP932, not in JIS X 0208
    problems = check_output(folder).problems
    assert any("line 2, column name: a character outside the character set jisx0208" in p for p in problems)


def test_wrong_schema(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    _edit_mailing(folder, 1, 5, "birthdate")
    assert any("columns are not" in p for p in check_output(folder).problems)


def test_messages_hold_no_content(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    _edit_mailing(folder, 2, 4, "")
    _edit_mailing(folder, 3, 0, "A00000")
    text = check_output(folder).render()
    assert "山田" not in text and "西新宿" not in text


def test_not_a_folder(tmp_path: Path) -> None:
    assert not check_output(tmp_path / "nothing").ok
    (tmp_path / "manifest.json").write_text("{not json", "utf-8")
    assert "not readable JSON" in check_output(tmp_path).problems[0]


@pytest.mark.parametrize("field,value", [
    ("files", ["mailing.csv"]),
    ("counts", {"mailing": "12"}),
    ("files", {"mailing.csv": {"rows": "12"}}),
    ("charset", 932),
])
def test_a_manifest_field_of_the_wrong_type_fails_the_check_naming_it(tmp_path: Path, field: str,
                                                                     value: object) -> None:
    folder = make_folder(tmp_path)
    path = folder / "manifest.json"
    doc = json.loads(path.read_text("utf-8"))
    doc[field] = value
    path.write_text(json.dumps(doc), "utf-8")
    report = check_output(folder)
    assert not report.ok and any(f"field {field}" in p for p in report.problems)
