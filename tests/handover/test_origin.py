"""A forger holding the vendor's public key (it is sent openly) is refused: ``open`` checks the package
against the ward's signature, the SHA-256 the ward recorded, or the ward's ledger, before decrypting."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from handover_fixtures import MAILING, leftovers, make_output, tar_gz

from addrjp.errors import InputError, IntegrityError
from addrjp.handover._files import sha256_bytes
from addrjp.handover.keys import generate_keypair, load_recipient
from addrjp.handover.ledger import Ledger
from addrjp.handover.seal import SealResult, open_package, seal_directory
from addrjp.handover.signing import (
    generate_signing_key,
    load_signing_key,
    load_verify_key,
    sign_file,
    signature_path,
    verify_file,
)

MINISIGN = shutil.which("minisign")
FORGED_ROW = "A099,160-0022,東京都新宿区新宿1-1-1,,偽造太郎,\r\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    make_output(tmp_path / "out")
    generate_keypair(tmp_path / "vendor")
    generate_signing_key(tmp_path / "ward")
    return tmp_path


def _seal(work: Path) -> SealResult:
    return seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub",
                          sign_key=work / "ward.sign.key")


def _forge(work: Path, genuine: Path) -> Path:
    """What a forger with only the vendor's public key makes: a changed mailing.csv with a manifest and a
    handover.json that match it, encrypted to the vendor; written over the genuine package's name."""
    mailing = MAILING.encode() + FORGED_ROW.encode()
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    manifest["files"]["mailing.csv"] = {"sha256": sha256_bytes(mailing), "bytes": len(mailing), "rows": 3}
    manifest["counts"]["mailing"] = 3
    manifest_bytes = json.dumps(manifest).encode()
    handover = {"format": "addrjp-handover/1", "records": 3, "content": "x",
                "files": {"mailing.csv": {"sha256": sha256_bytes(mailing), "bytes": len(mailing)},
                          "manifest.json": {"sha256": sha256_bytes(manifest_bytes), "bytes": len(manifest_bytes)}}}
    payload = tar_gz([("handover.json", json.dumps(handover).encode()), ("mailing.csv", mailing),
                      ("manifest.json", manifest_bytes)])
    genuine.write_bytes(pyrage.encrypt(payload, [load_recipient(work / "vendor.pub")]))
    return genuine


def _refused(work: Path, error: type[Exception], match: str, **anchors: object) -> None:
    with pytest.raises(error, match=match):
        open_package(work / "pkg.age", work / "in", identity=work / "vendor.key", **anchors)  # type: ignore[arg-type]
    assert not (work / "in").exists() and leftovers(work) == []


def test_a_forged_package_fails_the_ward_signature(work: Path) -> None:
    _seal(work)
    _forge(work, work / "pkg.age")  # the genuine PACKAGE.minisig stays beside it
    _refused(work, IntegrityError, "signature does not match", ward_key=work / "ward.sign.pub")


def test_a_forged_package_without_a_signature_fails(work: Path) -> None:
    _seal(work)
    _forge(work, work / "pkg.age")
    signature_path(work / "pkg.age").unlink()
    _refused(work, IntegrityError, "no signature beside the package", ward_key=work / "ward.sign.pub")


def test_a_forged_package_signed_with_the_forgers_own_key_fails(work: Path) -> None:
    _seal(work)
    _forge(work, work / "pkg.age")
    forger = generate_signing_key(work / "forger")
    sign_file(work / "pkg.age", load_signing_key(forger.secret_path), "addrjp-package looks fine")
    _refused(work, IntegrityError, "signed with another key", ward_key=work / "ward.sign.pub")


def test_a_forged_package_fails_the_recorded_sha256(work: Path) -> None:
    sealed = _seal(work)
    _forge(work, work / "pkg.age")
    _refused(work, IntegrityError, "not the package the ward sent", expect_sha256=sealed.sha256)


def test_a_forged_package_fails_the_ward_ledger(work: Path) -> None:
    _seal(work)
    book = Ledger(work / "ledger.jsonl")
    book.add_package(work / "pkg.age", handler="区 山田", direction="ward-to-vendor")
    _forge(work, work / "pkg.age")
    _refused(work, IntegrityError, "records no handover", ledger=book.path)


def test_a_return_entry_is_not_a_handover_to_the_vendor(work: Path) -> None:
    _seal(work)
    book = Ledger(work / "ledger.jsonl")
    book.add_package(work / "pkg.age", handler="区 山田", direction="vendor-to-ward", records=2, content="x")
    _refused(work, IntegrityError, "records no handover", ledger=book.path)


def test_every_check_given_must_pass(work: Path) -> None:
    sealed = _seal(work)
    _refused(work, IntegrityError, "not the package the ward sent", ward_key=work / "ward.sign.pub",
             expect_sha256="0" * 64)
    opened = open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                          ward_key=work / "ward.sign.pub", expect_sha256=sealed.sha256.upper())
    assert opened.origin is not None and len(opened.origin.checks) == 2


def test_open_without_any_check_is_refused(work: Path) -> None:
    _seal(work)
    _refused(work, InputError, "say how to check that the package is the one the ward sent")


def test_a_malformed_expected_sha256_is_an_input_error(work: Path) -> None:
    _seal(work)
    _refused(work, InputError, "64 hexadecimal digits", expect_sha256="12ab")


def test_the_genuine_signed_package_opens_and_records_how_it_was_checked(work: Path) -> None:
    sealed = _seal(work)
    assert sealed.signature == signature_path(work / "pkg.age") and sealed.signed_by
    receipt = json.loads(sealed.receipt.read_text())
    assert receipt["signature"] == "pkg.age.minisig" and receipt["signed_by"] == sealed.signed_by
    opened = open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                          ward_key=work / "ward.sign.pub")
    record = json.loads((work / "in" / "handover.json").read_text())
    assert record["package_sha256"] == sealed.sha256 and opened.package_sha256 == sealed.sha256
    assert record["origin_checks"][0].startswith(f"signed by the ward key {sealed.signed_by}")
    assert f"sha256={sealed.sha256}" in record["origin_checks"][0] and "records=2" in record["origin_checks"][0]


def test_a_changed_trusted_comment_is_detected(work: Path) -> None:
    _seal(work)
    sig = signature_path(work / "pkg.age")
    lines = sig.read_text().splitlines()
    lines[2] = lines[2].replace("records=2", "records=3")
    sig.write_text("\n".join(lines) + "\n")
    _refused(work, IntegrityError, "trusted comment was changed", ward_key=work / "ward.sign.pub")


def test_a_signature_naming_another_package_is_refused(work: Path) -> None:
    _seal(work)
    sign_file(work / "pkg.age", load_signing_key(work / "ward.sign.key"), f"addrjp-package sha256={'a' * 64}")
    _refused(work, IntegrityError, "names another package", ward_key=work / "ward.sign.pub")


def test_signing_keys_are_owner_only_and_never_overwritten(work: Path) -> None:
    assert (work / "ward.sign.key").stat().st_mode & 0o777 == 0o600
    assert (work / "ward.sign.pub").stat().st_mode & 0o777 == 0o644
    with pytest.raises(InputError, match="already exists"):
        generate_signing_key(work / "ward")


def test_the_wrong_kind_of_key_is_named(work: Path) -> None:
    with pytest.raises(InputError, match="age encryption key"):
        load_verify_key(work / "vendor.pub")
    with pytest.raises(InputError, match="secret key, not its public key"):
        load_verify_key(work / "ward.sign.key")
    with pytest.raises(InputError, match="public key, not the ward's secret"):
        load_signing_key(work / "ward.sign.pub")
    with pytest.raises(InputError, match="does not exist"):
        load_signing_key(work / "nope.sign.key")
    (work / "bad.pub").write_text("untrusted comment: x\nnot base64!\n")
    with pytest.raises(InputError, match="not base64"):
        load_verify_key(work / "bad.pub")
    with pytest.raises(InputError, match="does not exist"):
        seal_directory(work / "out", work / "p.age", recipient=work / "vendor.pub", sign_key=work / "none.key")
    assert not (work / "p.age").exists()


def test_seal_without_signing_refuses_a_stale_signature_beside_the_package(work: Path) -> None:
    _seal(work)
    with pytest.raises(InputError, match=r"signature .* lies beside"):
        seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub", overwrite=True)


@pytest.mark.skipif(MINISIGN is None, reason="the minisign tool is not installed")
def test_the_minisign_tool_verifies_the_ward_signature(work: Path) -> None:
    sealed = _seal(work)
    done = subprocess.run([str(MINISIGN), "-Vm", str(work / "pkg.age"), "-p", str(work / "ward.sign.pub")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and f"sha256={sealed.sha256}" in done.stdout
    (work / "other").write_bytes(b"data")
    subprocess.run([str(MINISIGN), "-S", "-s", str(work / "ward.sign.key"), "-m", str(work / "other"),
                    "-t", "signed by the tool"], capture_output=True, check=True)
    assert verify_file(work / "other", load_verify_key(work / "ward.sign.pub")).trusted_comment == "signed by the tool"
    subprocess.run([str(MINISIGN), "-G", "-W", "-p", str(work / "tool.pub"), "-s", str(work / "tool.key")],
                   capture_output=True, check=True)
    sealed = seal_directory(work / "out", work / "p2.age", recipient=work / "vendor.pub", sign_key=work / "tool.key")
    opened = open_package(work / "p2.age", work / "in2", identity=work / "vendor.key", ward_key=work / "tool.pub")
    assert opened.package_sha256 == sealed.sha256
