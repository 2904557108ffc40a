"""The command line of the handover: keygen, seal, open, ledger add|show|verify, erase (exit codes, messages)."""

from __future__ import annotations

import io
import json
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from handover_fixtures import assert_no_personal_data, make_output, recorded_sha256

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
                       "--ledger", f"{t}/ledger.jsonl", "--no-check")
    assert code == 0 and (tmp_path / "in" / "mailing.csv").exists() and "verified: ledger" in out
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/ledger.jsonl", "--handler", "印刷 佐藤",
                       "--direction", "vendor-to-ward", "--package", f"{t}/pkg.age")
    assert code == 0 and "same package as entry 1" in out
    code, out, _ = run(capsys, "ledger", "show", "--ledger", f"{t}/ledger.jsonl")
    assert code == 0 and "chain OK: 2 entries" in out and "返却" in out
    code, out, _ = run(capsys, "ledger", "verify", "--ledger", f"{t}/ledger.jsonl")
    assert code == 0 and "ledger OK: 2 entries" in out
    code, _, err = run(capsys, "ledger", "verify", "--ledger", f"{t}/ledger.jsonl", "--head", head)
    assert code == 1 and "removed from the end or added" in err
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
    code, out, _ = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in",
                       "--expect-sha256", recorded_sha256(tmp_path / "p.age"))
    assert seen == [tmp_path / "in"] and "CHECK-REPORT ok=False" in out and code == 1


def test_open_without_check_module_says_it_was_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    monkeypatch.setitem(sys.modules, "addrjp.mailing.check", None)  # import raises ModuleNotFoundError
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in",
                       "--expect-sha256", recorded_sha256(tmp_path / "p.age"))
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
    digest = recorded_sha256(tmp_path / "p.zip")
    code, _, err = run(capsys, "open", f"{t}/p.zip", "--password-stdin", "--out", f"{t}/in", "--no-check",
                       "--expect-sha256", digest)
    assert code == 2 and "wrong password" in err and not (tmp_path / "in").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code, out, _ = run(capsys, "open", f"{t}/p.zip", "--password-stdin", "--out", f"{t}/in", "--no-check",
                       "--expect-sha256", digest)
    assert code == 0 and "opened 2 records" in out


def test_errors_are_messages_with_their_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2 for what the user gave wrongly; 1 for what does not match its record (as ``addrjp check``)."""
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "keygen", "--out", f"{t}/w")
    code, _, err = run(capsys, "keygen", "--out", f"{t}/v")
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "seal", f"{t}/nowhere", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    assert code == 2 and "does not exist" in err
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/w.key", "--out", f"{t}/in",
                       "--expect-sha256", recorded_sha256(tmp_path / "p.age"))
    assert code == 2 and "cannot open the package" in err and not (tmp_path / "in").exists()
    data = bytearray((tmp_path / "p.age").read_bytes())
    data[-3] ^= 0xFF
    (tmp_path / "p.age").write_bytes(bytes(data))
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in",
                       "--expect-sha256", recorded_sha256(tmp_path / "p.age"))
    assert code == 1 and "damaged or was changed" in err and not (tmp_path / "in").exists()
    code, _, err = run(capsys, "ledger", "add", "--ledger", f"{t}/l.jsonl", "--handler", "山田",
                       "--direction", "ward-to-vendor", "--package", f"{t}/p.age")
    assert code == 1 and "receipt belongs to another package" in err
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/l.jsonl", "--handler", "山田",
                       "--direction", "vendor-to-ward", "--package", f"{t}/v.pub", "--records", "3",
                       "--content", "返却物")
    assert code == 0 and "3 records" in out
    lines = (tmp_path / "l.jsonl").read_text(encoding="utf-8").replace('"records":3', '"records":4')
    (tmp_path / "l.jsonl").write_text(lines, encoding="utf-8")
    code, _, err = run(capsys, "ledger", "verify", "--ledger", f"{t}/l.jsonl")
    assert code == 1 and "edited" in err
    code, out, err = run(capsys, "ledger", "show", "--ledger", f"{t}/l.jsonl")
    assert code == 1 and "BROKEN" in err and "返却物" in out
    code, _, err = run(capsys, "erase", f"{t}/out", "--certificate", f"{t}/c.json")
    assert code == 2 and "not a package received through addrjp open" in err
    assert (tmp_path / "out" / "mailing.csv").exists() and not (tmp_path / "c.json").exists()


@pytest.mark.parametrize("command", [["keygen"], ["seal"], ["open"], ["ledger"], ["ledger", "add"],
                                     ["ledger", "show"], ["ledger", "verify"], ["erase"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: addrjp" in out and "1 check failed" in out and "3 system error" in out


def test_a_signed_handover_from_keygen_to_the_certificate_back(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The order of the day: ward key, seal and sign, ledger; vendor verifies, opens, erases; ward checks the
    certificate against the ledger and records its receipt; the ledger is printed for filing."""
    make_output(tmp_path / "out")
    t = str(tmp_path)
    code, out, _ = run(capsys, "keygen", "--signing", "--out", f"{t}/ward")
    assert code == 0 and "key id" in out and (tmp_path / "ward.sign.key").stat().st_mode & 0o777 == 0o600
    run(capsys, "keygen", "--out", f"{t}/vendor")
    code, out, err = run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/vendor.pub", "--out", f"{t}/pkg.age",
                         "--sign-key", f"{t}/ward.sign.key")
    assert code == 0 and "signed with the ward key" in out and "not signed" not in err
    code, out, _ = run(capsys, "ledger", "add", "--ledger", f"{t}/ledger.jsonl", "--handler", "区 山田",
                       "--direction", "ward-to-vendor", "--package", f"{t}/pkg.age")
    assert code == 0 and "令和" in out
    code, out, _ = run(capsys, "open", f"{t}/pkg.age", "--identity", f"{t}/vendor.key", "--out", f"{t}/in",
                       "--ward-key", f"{t}/ward.sign.pub", "--no-check")
    assert code == 0 and "verified: signed by the ward key" in out
    code, out, _ = run(capsys, "erase", f"{t}/in", "--certificate", f"{t}/cert.json", "--package", f"{t}/pkg.age",
                       "--responsible", "印刷 佐藤")
    assert code == 0 and not (tmp_path / "in").exists() and not (tmp_path / "pkg.age").exists()
    code, out, _ = run(capsys, "erase", "verify", f"{t}/cert.json", "--ledger", f"{t}/ledger.jsonl",
                       "--handler", "区 山田")
    assert code == 0 and "certificate OK" in out and "recorded as entry 2" in out
    code, _, err = run(capsys, "ledger", "add", "--ledger", f"{t}/ledger.jsonl", "--handler", "区 山田",
                       "--kind", "certificate", "--certificate", f"{t}/cert.json")
    assert code == 2 and "already recorded as entry 2" in err
    code, out, _ = run(capsys, "ledger", "show", "--ledger", f"{t}/ledger.jsonl", "--format", "csv",
                       "--out", f"{t}/ledger.csv")
    assert code == 0 and (tmp_path / "ledger.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, _ = run(capsys, "ledger", "show", "--ledger", f"{t}/ledger.jsonl", "--format", "html",
                       "--out", f"{t}/ledger.html")
    page = (tmp_path / "ledger.html").read_text(encoding="utf-8")
    assert code == 0 and "消去証明書の受領" in page and "chain check" in page
    code, _, err = run(capsys, "ledger", "show", "--ledger", f"{t}/ledger.jsonl", "--format", "html",
                       "--out", f"{t}/ledger.html")
    assert code == 2 and "already exists" in err
    for name in ("ledger.jsonl", "ledger.csv", "ledger.html", "cert.json", "cert.html"):
        assert_no_personal_data((tmp_path / name).read_text(encoding="utf-8-sig"))


def _forge(tmp_path: Path) -> None:
    """Replace p.age by a package made with only the vendor's public key: a changed mailing.csv, a manifest
    and a handover.json that match it."""
    import hashlib

    import pyrage
    from handover_fixtures import MAILING, tar_gz

    from addrjp.handover.keys import load_recipient

    mailing = MAILING.encode() + "A099,160-0022,東京都新宿区新宿1-1-1,,偽造太郎,\r\n".encode()
    manifest = json.dumps({"files": {"mailing.csv": {"sha256": hashlib.sha256(mailing).hexdigest()}}}).encode()
    handover = {"format": "addrjp-handover/1", "records": 3, "content": "x", "files": {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        for name, data in (("mailing.csv", mailing), ("manifest.json", manifest))}}
    payload = tar_gz([("handover.json", json.dumps(handover).encode()), ("mailing.csv", mailing),
                      ("manifest.json", manifest)])
    (tmp_path / "p.age").write_bytes(pyrage.encrypt(payload, [load_recipient(tmp_path / "v.pub")]))


def test_a_forged_package_is_never_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    genuine = recorded_sha256(tmp_path / "p.age")
    _forge(tmp_path)
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in")
    assert code == 2 and "--ward-key" in err and not (tmp_path / "in").exists()
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/v.key", "--out", f"{t}/in",
                       "--expect-sha256", genuine)
    assert code == 1 and "検査不合格" in err and "not the package the ward sent" in err
    assert not (tmp_path / "in").exists()


def test_a_missing_identity_file_is_a_message_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    run(capsys, "keygen", "--out", f"{t}/v")
    run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    code, _, err = run(capsys, "open", f"{t}/p.age", "--identity", f"{t}/missing.key", "--out", f"{t}/in",
                       "--expect-sha256", recorded_sha256(tmp_path / "p.age"))
    assert code == 2 and "missing.key: the secret key file does not exist" in err
    assert not (tmp_path / "in").exists()


def test_a_ledger_with_bytes_that_are_not_utf8_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t = str(tmp_path)
    (tmp_path / "p.age").write_bytes(b"age-encryption.org/v1\n")
    run(capsys, "ledger", "add", "--ledger", f"{t}/l.jsonl", "--handler", "区 山田", "--direction",
        "ward-to-vendor", "--package", f"{t}/p.age", "--records", "2", "--content", "x")
    with open(tmp_path / "l.jsonl", "ab") as handle:
        handle.write("区 山田".encode("cp932") + b"\n")
    for command in (["ledger", "verify"], ["ledger", "show"], ["ledger", "show", "--format", "csv"]):
        code, _, err = run(capsys, *command, "--ledger", f"{t}/l.jsonl")
        assert code == 1 and "line 2: not UTF-8" in err, command


def test_a_manifest_field_of_the_wrong_type_is_exit_2_naming_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    make_output(tmp_path / "out")
    t = str(tmp_path)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    manifest["files"]["mailing.csv"]["rows"] = "12"
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest))
    run(capsys, "keygen", "--out", f"{t}/v")
    code, _, err = run(capsys, "seal", f"{t}/out", "--recipient", f"{t}/v.pub", "--out", f"{t}/p.age")
    assert code == 2 and "manifest.json: field files.mailing.csv.rows must be a whole number" in err
    assert not (tmp_path / "p.age").exists()


def test_erase_refuses_a_web_project_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "manifest.json").write_text('{"name": "app"}')
    code, _, err = run(capsys, "erase", f"{tmp_path}/site", "--certificate", f"{tmp_path}/c.json")
    assert code == 2 and "not a package received through addrjp open" in err
    assert (tmp_path / "site" / "manifest.json").exists() and not (tmp_path / "c.json").exists()
    code, _, err = run(capsys, "erase", "verify", f"{tmp_path}/c.json")
    assert code == 2 and "--ledger and --handler" in err
