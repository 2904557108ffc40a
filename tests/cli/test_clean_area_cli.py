"""``addrjp clean --area``: given, inferred (the default), none, invalid (a usage error), below 90 %; the
manifest and the report say which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from addrjp.cli.main import main

HEADER = "宛名番号,氏名,郵便番号,住所,方書,生年月日\n"
SHINJUKU = [
    "{i},山田　太郎,160-0023,東京都新宿区西新宿2-8-{i},,1940-01-01",
    "{i},佐藤　花子,1600022,新宿区新宿一丁目1番{i}号,,1945-05-05",
    "{i},鈴木　一郎,160-0016,信濃町31-{i},,1941-01-01",
]
OUTSIDE = "{i},田中　次郎,100-0001,東京都千代田区千代田1-{i},,1942-02-02"


def register_file(tmp_path: Path, shinjuku: int, outside: int) -> Path:
    rows = [SHINJUKU[i % 3].format(i=i + 1) for i in range(shinjuku)]
    rows += [OUTSIDE.format(i=shinjuku + i + 1) for i in range(outside)]
    p = tmp_path / "register.csv"
    p.write_bytes((HEADER + "\n".join(rows) + "\n").encode("cp932"))
    return p


def clean(tmp_path: Path, src: Path, *extra: str) -> tuple[int, dict, str, str]:
    out = tmp_path / "out"
    code = main(["clean", str(src), "--out", str(out), "--quiet", *extra])
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    report = (out / "report.html").read_text("utf-8")
    findings = (out / "findings.csv").read_text("utf-8-sig")
    return code, manifest, report, findings


def test_inferred_when_not_given(tmp_path: Path) -> None:
    code, manifest, report, findings = clean(tmp_path, register_file(tmp_path, 27, 1))
    assert code == 0
    assert manifest["area"] == "13104 (inferred from 96.4% of rows)"
    assert manifest["options"]["area"] == "13104" and manifest["options"]["area_source"] == "inferred"
    assert "対象地域 (area): 13104 (inferred from 96.4% of rows)" in report
    assert findings.count("address.outside_area") == 1


def test_given_with_its_check_digit(tmp_path: Path) -> None:
    code, manifest, report, findings = clean(tmp_path, register_file(tmp_path, 5, 5), "--area", "131041")
    assert code == 0 and manifest["area"] == "13104 (given)" and "13104 (given)" in report
    assert findings.count("address.outside_area") == 5


def test_none_turns_it_off(tmp_path: Path) -> None:
    code, manifest, _, findings = clean(tmp_path, register_file(tmp_path, 27, 1), "--area", "none")
    assert code == 0 and manifest["area"] == "none" and manifest["options"]["area"] is None
    assert "address.outside_area" not in findings


def test_below_90_percent_no_area(tmp_path: Path) -> None:
    code, manifest, report, findings = clean(tmp_path, register_file(tmp_path, 8, 2))
    assert code == 0 and manifest["options"]["area"] is None
    assert manifest["area"] == "none (not inferred: the most common municipality has 80.0% of rows, 90% needed)"
    assert "not inferred" in report and "address.outside_area" not in findings


@pytest.mark.parametrize("value,needle", [
    ("99999", "no municipality"), ("131042", "check digit"), ("13-104", "not a local government code"),
    ("13000", "prefecture"),
])
def test_an_area_that_does_not_exist_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      value: str, needle: str) -> None:
    src = register_file(tmp_path, 3, 0)
    assert main(["clean", str(src), "--out", str(tmp_path / "out"), "--area", value]) == 2
    err = capsys.readouterr().err
    assert f"--area {value}" in err and needle in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
