"""The command line of the handover: keygen, seal, open, ledger add|show|verify, erase (exit codes, messages)."""

from __future__ import annotations

import io
import json
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from handover_fixtures import assert_no_personal_data, make_output

from addrjp.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@dataclass
class FakeReport:
    ok: bool

    def render(self) -> str:
        return f"CHECK-REPORT ok={self.ok}"


def test_the_whole_procedure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    code, out, _ = run(capsys, "keygen", "--out", f"{t}/vendor")
    assert code == 0 and "age1" in out
    code, out, _ = run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/vendor.pub", "--out", f"{t}/pkg.age")
    assert code == 0 and "sealed 2 records" in out and "findings.csv, report.html" in out
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/ledger.jsonl", "--handler", "区 山田",
                       "--direction", "ward-to-vendor", "--package", f"{t}/pkg.age")
    assert code == 0 and "entry 1" in out and "2 records" in out
    head = out.strip().split()[-1]
    code, out, _ = run(capsys, "open", f"{t}/pkg.age", "--identity", f"{t}/vendor.key", "--out", f"{t}/in",
                       "--no-check")
    assert code == 0 and (tmp_path / "in" / "mailing.csv").exists()
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/ledger.jsonl", "--handler", "印刷 佐藤",
                       "--direction", "vendor-to-ward", "--package", f"{t}/pkg.age")
    assert code == 0 and "same package as entry 1" in out
    code, out, _ = run(capsys, "ledger", "show", "--ledger", f"{t}/ledger.jsonl")
    assert code == 0 and "chain OK: 2 entries" in out and "返却" in out
    code, out, _ = run(capsys, "ledger", "verify", "--ledger", f"{t}/ledger.jsonl")
    assert code == 0 and "ledger OK: 2 entries" in out
    code, _, err = run(capsys, "ledger", "verify", "--ledger", f"{t}/ledger.jsonl", "--head", head)
    assert code == 2 and "removed from the end or added" in err
    code, out, _ = run(capsys, "erase", f"{t}/in", "--certificate", f"{t}/cert.json", "--responsible", "佐藤",
                       "--package", f"{t}/pkg.age")
    assert code == 0 and "erased 4 files" in out
    assert not (tmp_path / "in").exists() and (tmp_path / "cert.html").exists()
    doc = json.loads((tmp_path / "cert.json").read_text(encoding="utf-8"))
    assert doc["japanese_contract_fields"]["責任者"] == "佐藤"
    assert_no_personal_data((tmp_path / "ledger.jsonl").read_text(encoding="utf-8"))


def test_open_runs_the_pre_print_check(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    seen: list[Path] = []
    fake = types.ModuleType("addrjp.mailing.check")

    def check_output(path: Path) -> FakeReport:
        seen.append(Path(path))
        return FakeReport(ok=False)

    fake.check_output = check_output  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "addrjp.mailing.check", fake)
    code, out, _ = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in")
    assert seen == [tmp_path / "in"] and "CHECK-REPORT ok=False" in out and code == 1


def test_open_without_check_module_says_it_was_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    monkeypatch.setitem(sys.modules, "addrjp.mailing.check", None)  # import raises ModuleNotFoundError
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in")
    assert code == 0 and "pre-print check skipped" in err


def test_zip_aes_password_printed_once_and_read_from_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    code, out, _ = run(capsys, "seal", f"{t}/out", "--zip-aes", "--out", f"{t}/p.zip")
    assert code == 0
    password = out.split("it is not stored anywhere):")[1].split()[0]
    assert out.count(password) == 1
    assert password not in (tmp_path / "p.zip.receipt.json").read_text()
    assert all(password.encode() not in p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong-password\n"))
    code, _, err = run(capsys, "open", f"{t}/p.zip", "--password-stdin", "--out", f"{t}/in", "--no-check")
    assert code == 2 and "wrong password" in err and not (tmp_path / "in").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code, out, _ = run(capsys, "open", f"{t}/p.zip", "--password-stdin", "--out", f"{t}/in", "--no-check")
    assert code == 0 and "opened 2 records" in out


def test_errors_are_messages_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "keygen", "--out", f"{t}/w")
    code, _, err = run(capsys, "keygen", "--out", f"{t}/v")
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "seal", f"{t}/nowhere", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    assert code == 2 and "does not exist" in err
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/w.key", "--out", f"{t}/in")
    assert code == 2 and "cannot open the package" in err and not (tmp_path / "in").exists()
    data = bytearray((tmp_path / "p.age").read_bytes())
    data[-3] ^= 0xFF
    (tmp_path / "p.age").write_bytes(bytes(data))
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in")
    assert code == 2 and "damaged or was changed" in err and not (tmp_path / "in").exists()
    code, _, err = run(capsys, "ledger", "add", "--ledger", f"{t}/l.jsonl", "--handler", "山田",
                       "--direction", "ward-to-vendor", "--package", f"{t}/p.age")
    assert code == 2 and "receipt belongs to another package" in err
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/l.jsonl", "--handler", "山田",
                       "--direction", "vendor-to-ward", "--package", f"{t}/v.pub", "--records", "3",
                       "--content", "返却物")
    assert code == 0 and "3 records" in out
    lines = (tmp_path / "l.jsonl").read_text(encoding="utf-8").replace('"records":3', '"records":4')
    (tmp_path / "l.jsonl").write_text(lines, encoding="utf-8")
    code, _, err = run(capsys, "ledger", "verify", "--ledger", f"{t}/l.jsonl")
    assert code == 2 and "edited" in err
    code, out, err = run(capsys, "ledger", "show", "--ledger", f"{t}/l.jsonl")
    assert code == 2 and "BROKEN" in err and "返却物" in out
    code, _, err = run(capsys, "erase", f"{t}/out", "--certificate", f"{t}/out/c.json")
    assert code == 2 and "outside the folder" in err


@pytest.mark.parametrize("command", [["keygen"], ["seal"], ["open"], ["ledger"], ["ledger", "add"],
                                     ["ledger", "show"], ["ledger", "verify"], ["erase"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: addrjp" in capsys.readouterr().out
