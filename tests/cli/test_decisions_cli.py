"""``addrjp decisions check`` and ``addrjp clean --decisions`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.mailing.reader import read_register
from addrjp.review.decisions import Decision, decisions_bytes, fingerprints

REGISTER = """id,name,postal_code,address,address2,birthdate
A1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01
A2,佐藤　花子,1600022,新宿区新宿一丁目1番1号,,1945-05-05
A3,鈴木　一郎,160-0023,新宿区西新宿2-8-1,,1941-01-01
"""


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "register.csv"
    src.write_text(REGISTER, encoding="utf-8")
    frame = read_register(src).frame
    fps = dict(zip(frame["id"].to_list(), fingerprints(frame).to_list(), strict=True))
    dec = tmp_path / "判断記録.csv"
    dec.write_bytes(decisions_bytes([
        Decision("A1", fps["A1"], "approve", decided_by="確認"),
        Decision("A2", "fp1:ffffffffffffffff", "exclude", reason="佐藤さん転出"),
        Decision("A3", fps["A3"], "hold"), Decision("A3", fps["A3"], "approve"),
        Decision("Z9", fps["A1"], "approve"),
    ]))
    return src, dec


def test_check_lists_stale_unknown_conflicting_by_line_and_id(files: tuple[Path, Path],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    src, dec = files
    assert main(["decisions", "check", str(dec), "--register", str(src)]) == 1
    out, err = capsys.readouterr()
    assert "line 3: id A2 (register line 3): stale" in out
    assert "line 4, 5: id A3 (register line 4): conflicting" in out and "two actions: approve, hold" in out
    assert "line 6: id Z9: unknown id" in out
    assert "stale 1, unknown 1, conflicting 1" in err
    for secret in ("山田", "佐藤", "西新宿", "転出"):
        assert secret not in out + err


def test_check_json_and_ok(files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    src, dec = files
    assert main(["decisions", "check", str(dec), "--register", str(src), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [p["kind"] for p in doc["problems"]] == ["stale", "conflict", "unknown"] and doc["applies"] == 1
    frame = read_register(src).frame
    good = tmp_path / "good.csv"
    good.write_bytes(decisions_bytes([Decision("A1", fingerprints(frame)[0], "approve")]))
    assert main(["decisions", "check", str(good), "--register", str(src)]) == 0
    assert "OK" in capsys.readouterr().out


def test_check_bad_file_exit_2(tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    src, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("宛名番号,照合値,判断\nA1,fp1:0123456789abcdef,だめ\n", encoding="utf-8")
    assert main(["decisions", "check", str(bad), "--register", str(src)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, line 2, column 判断(action): unknown action" in err and "Traceback" not in err


def test_clean_with_decisions_prints_counts(files: tuple[Path, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src, dec = files
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "--decisions", str(dec)]) == 0
    err = capsys.readouterr().err
    assert "decisions (判断記録): applied 1 (approve 1); stale 1; unknown 1; conflicting 2" in err
    assert main(["clean", str(src), "--out", str(tmp_path / "out2"), "--decisions", str(tmp_path / "none.csv")]) == 2
    assert "--decisions: no such file" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists()
