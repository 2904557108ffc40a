"""``addrjp clean`` and ``addrjp check`` on the command line: exit codes, messages, nothing half-written."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import polars as pl
import pytest

from addrjp.cli.main import main
from addrjp.mailing.pipeline import Options, build_outputs
from addrjp.mailing.writer import publish_dir

HEADER = "宛名番号,氏名,郵便番号,住所,方書,生年月日\n"
ROWS = [
    "1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01",
    "2,佐藤 花子,1600022,新宿区新宿一丁目1番1号,,1945-05-05",
    "3,,160-0023,新宿区西新宿2-8-1,,1940-01-01",
    "4,鈴木 一郎,160-0023,新宿区西新宿2-8-1,,2001-01-01",
]


def register_file(tmp_path: Path, rows: list[str] = ROWS, encoding: str = "cp932") -> Path:
    p = tmp_path / "register.csv"
    p.write_bytes((HEADER + "\n".join(rows) + "\n").encode(encoding))
    return p


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.mark.parametrize(
    "rows,needle",
    [
        ([], "no data rows"),
        (["1,a,b,c,d,e", "1,a,b,c,d,e"], "line 3 repeats the id of line 2"),
        (["1,a,b,c,d"], "too few fields"),
        (["1,a,b,c,d,e,f"], "too many fields"),
    ],
)
def test_input_errors_exit_2_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               rows: list[str], needle: str) -> None:
    src = register_file(tmp_path, rows)
    assert run("clean", str(src), "--out", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert needle in err and "register.csv" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv"]


def test_undecodable_suggests_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.csv"
    src.write_bytes(b"id,name,postal_code,address\n1,\x85\x40\xe3\x81,b,c\n")
    assert run("clean", str(src), "--out", str(tmp_path / "out")) == 2
    assert "--encoding" in capsys.readouterr().err


def test_missing_column_lists_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.csv"
    src.write_text("番号,氏名,住所\n1,a,b\n", "utf-8")
    assert run("clean", str(src), "--out", str(tmp_path / "out")) == 2
    assert "the columns found are: 番号, 氏名, 住所" in capsys.readouterr().err


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = register_file(tmp_path)
    with pytest.raises(SystemExit) as info:
        run("clean", str(src))  # no --out
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        run("clean", str(src), "--out", "x", "--as-of", "15/09/2026", "--min-age", "77")
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert run("clean", str(src), "--out", str(tmp_path / "o"), "--as-of", "2026-09-15") == 2
    assert run("clean", str(src), "--out", str(tmp_path / "o"), "--charset", "ebcdic") == 2
    assert run("clean", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")) == 2
    assert run("clean", str(src), "--out", str(tmp_path / "o"), "--gaiji-map", "nope.csv") == 2
    assert not (tmp_path / "o").exists()


def test_existing_out_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = register_file(tmp_path)
    (tmp_path / "out").mkdir()
    assert run("clean", str(src), "--out", str(tmp_path / "out")) == 2
    assert "--force" in capsys.readouterr().err


def _folder(tmp_path: Path) -> Path:
    from addrjp.mailing.barcode import barcode_to_text, encode_barcode

    result = pl.DataFrame({
        "id": ["1", "2"], "status": ["ok", "hold"], "findings": ["", "name.empty"], "duplicate_of": ["", ""],
        "postal_code_in": ["160-0023"] * 2, "postal_code_out": ["160-0023"] * 2, "address_in": ["a", "b"],
        "address_out": ["西新宿二丁目8番1号", ""], "name_in": ["山田", ""], "name_out": ["山田", ""],
        "suggestion": ["", ""], "address1": ["西新宿二丁目8番1号", ""], "address2": ["", ""],
        "barcode": [barcode_to_text(encode_barcode("160-0023", "2-8-1")), ""], "town": ["西新宿", ""],
        "_line": [2, 3],
    })
    blobs, _, _ = build_outputs(result, input_rows=2, input_info={}, opts=Options())
    return publish_dir(blobs, tmp_path / "out", force=False)


def test_check_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    code = run("check", str(folder))
    out = capsys.readouterr().out
    try:
        import addrjp.postal.lookup  # noqa: F401

        assert code == 0 and "PASS" in out
    except ImportError:
        assert code == 1
    p = folder / "mailing.csv"
    p.write_bytes(p.read_bytes()[:-10])
    assert run("check", str(folder)) == 1
    assert "changed since the run" in capsys.readouterr().out
    assert run("check", str(folder), "--json") == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert run("check", str(tmp_path / "nothing")) == 1


# --- end to end (needs the record validation of addrjp.quality.record) -------------------------------


def test_clean_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("addrjp.quality.record")
    src = register_file(tmp_path)
    before = src.read_bytes()
    out = tmp_path / "out"
    code = run("clean", str(src), "--out", str(out), "--min-age", "77", "--as-of", "2026-09-15",
               "--fail-on", "hold")
    err = capsys.readouterr().err
    assert code == 1  # row 3 has no name: held
    assert "hold" in err and "山田" not in err and "西新宿" not in err
    assert src.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "mailing.csv", "manifest.json", "report.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["input"] == 4 and manifest["counts"]["by_status"]["excluded"] == 1
    assert run("check", str(out)) == 0, capsys.readouterr().out
    assert run("clean", str(src), "--out", str(out), "--quiet") == 2  # exists
    assert run("clean", str(src), "--out", str(out), "--quiet", "--force", "--out-encoding", "cp932") == 0
    assert run("check", str(out)) == 0
