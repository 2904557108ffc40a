"""Seal and open (暗号化と復号): round trips with pyrage, the age tool and 7-Zip; tampering; wrong keys."""

from __future__ import annotations

import doctest
import io
import json
import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pyrage
import pytest
from handover_fixtures import MAILING, assert_no_personal_data, leftovers, make_output, recorded_sha256

import addrjp.handover._files
import addrjp.handover.dates
import addrjp.handover.erase
import addrjp.handover.keys
import addrjp.handover.ledger
import addrjp.handover.ledger_print
import addrjp.handover.origin
import addrjp.handover.package
import addrjp.handover.received
import addrjp.handover.seal
import addrjp.handover.signing
import addrjp.handover.temporaries
import addrjp.handover.unpack
from addrjp.errors import InputError, IntegrityError
from addrjp.handover.keys import generate_keypair, load_identity, load_recipient
from addrjp.handover.seal import make_password, open_package, seal_directory

AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")
SEVEN_ZIP = shutil.which("7zz") or shutil.which("7z") or shutil.which("7za")


@pytest.mark.parametrize("module", [addrjp.handover._files, addrjp.handover.dates, addrjp.handover.erase,
                                    addrjp.handover.keys, addrjp.handover.ledger, addrjp.handover.ledger_print,
                                    addrjp.handover.origin, addrjp.handover.package, addrjp.handover.received,
                                    addrjp.handover.seal, addrjp.handover.signing, addrjp.handover.temporaries,
                                    addrjp.handover.unpack])
def test_doctests(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0 and tried > 0


@pytest.fixture
def work(tmp_path: Path) -> Path:
    make_output(tmp_path / "out")
    generate_keypair(tmp_path / "vendor")
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --- keys -------------------------------------------------------------------------------------------------

def test_keygen_writes_owner_only_key_and_refuses_overwrite(tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "v")
    assert pair.identity_path.stat().st_mode & 0o777 == 0o600
    assert pair.public_path.read_text().strip().endswith(pair.recipient)
    assert str(load_identity(pair.identity_path).to_public()) == pair.recipient
    with pytest.raises(InputError, match="already exists"):
        generate_keypair(tmp_path / "v")


def test_key_loading_errors(tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "v")
    with pytest.raises(InputError, match="secret key, not a public key"):
        load_recipient(pair.identity_path)
    with pytest.raises(InputError, match="AGE-SECRET-KEY"):
        load_identity(pair.public_path)
    with pytest.raises(InputError, match="does not exist"):
        load_identity(tmp_path / "missing.key")
    assert str(load_recipient(pair.recipient)) == pair.recipient  # an age1... string works directly
    (tmp_path / "bad.pub").write_text("age1notakey\n")
    with pytest.raises(InputError, match="damaged"):
        load_recipient(tmp_path / "bad.pub")


def test_password_is_strong_and_random() -> None:
    passwords = {make_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p.replace("-", "")) == 24 for p in passwords)


# --- age round trip ---------------------------------------------------------------------------------------

def test_seal_open_round_trip_with_minimised_contents(work: Path) -> None:
    sealed = seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    assert sealed.files == ("mailing.csv", "manifest.json")
    assert sealed.withheld == ("findings.csv", "report.html")
    assert sealed.records == 2  # a quoted line break stays inside its record
    assert (work / "pkg.age").read_bytes().startswith(b"age-encryption.org/v1\n")
    assert (work / "pkg.age").stat().st_mode & 0o777 == 0o600
    opened = open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                          expect_sha256=recorded_sha256(work / "pkg.age"))
    got = _files(work / "in")
    assert sorted(got) == ["handover.json", "mailing.csv", "manifest.json"]
    assert got["mailing.csv"] == (work / "out" / "mailing.csv").read_bytes()
    assert got["manifest.json"] == (work / "out" / "manifest.json").read_bytes()
    assert opened.records == 2 and opened.format == "age"
    assert all((work / "in" / n).stat().st_mode & 0o777 == 0o600 for n in got)
    handover = json.loads(got["handover.json"])
    assert handover["format"] == "addrjp-received/1" and handover["package_sha256"] == sealed.sha256
    assert handover["sealed"]["withheld"] == ["findings.csv", "report.html"]
    receipt = json.loads(sealed.receipt.read_text())
    assert receipt["package_sha256"] == sealed.sha256 and receipt["records"] == 2
    assert_no_personal_data(got["handover.json"].decode() + sealed.receipt.read_text())
    assert leftovers(work) == []


def test_include_adds_ward_only_file(work: Path) -> None:
    sealed = seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub",
                            include=["findings.csv"])
    assert sealed.files == ("mailing.csv", "manifest.json", "findings.csv")
    assert sealed.withheld == ("report.html",)
    open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                 expect_sha256=recorded_sha256(work / "pkg.age"))
    assert (work / "in" / "findings.csv").read_bytes() == (work / "out" / "findings.csv").read_bytes()


def test_cp932_mailing_file_is_counted(tmp_path: Path) -> None:
    make_output(tmp_path / "out", encoding="cp932")
    pair = generate_keypair(tmp_path / "v")
    assert seal_directory(tmp_path / "out", tmp_path / "p.age", recipient=pair.public_path).records == 2


# --- refusals when sealing --------------------------------------------------------------------------------

def test_seal_refuses_stale_or_incomplete_folders(work: Path) -> None:
    out, pub = work / "out", work / "vendor.pub"
    with pytest.raises(InputError, match="exactly one"):
        seal_directory(out, work / "p.age")
    with pytest.raises(InputError, match="exactly one"):
        seal_directory(out, work / "p.age", recipient=pub, zip_aes=True)
    with pytest.raises(InputError, match="not a file name"):
        seal_directory(out, work / "p.age", recipient=pub, include=["../etc"])
    (work / "p.age").write_bytes(b"old")
    with pytest.raises(InputError, match="already exists"):
        seal_directory(out, work / "p.age", recipient=pub)
    with pytest.raises(InputError, match="into the folder being sealed"):
        seal_directory(out, out / "p.age", recipient=pub)
    (out / "mailing.csv").write_bytes(MAILING.encode() + b"A009,160-0022,x,,y,\r\n")
    with pytest.raises(IntegrityError, match="changed after addrjp clean"):
        seal_directory(out, work / "q.age", recipient=pub)
    (out / "mailing.csv").unlink()
    with pytest.raises(InputError, match="missing"):
        seal_directory(out, work / "q.age", recipient=pub)
    (out / "mailing.csv").symlink_to(work / "p.age")
    with pytest.raises(InputError, match="not a regular file"):
        seal_directory(out, work / "q.age", recipient=pub)
    assert not (work / "q.age").exists()


def test_seal_refuses_count_disagreeing_with_manifest(work: Path) -> None:
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    manifest["counts"]["mailing"] = 5
    del manifest["files"]
    (work / "out" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IntegrityError, match=r"has 2 records but manifest\.json"):
        seal_directory(work / "out", work / "p.age", recipient=work / "vendor.pub")


def test_seal_without_manifest_counts_counts_rows(work: Path) -> None:
    (work / "out" / "manifest.json").write_text("{}")
    assert seal_directory(work / "out", work / "p.age", recipient=work / "vendor.pub").records == 2


# --- tampering, wrong key: never a partial output ---------------------------------------------------------

@pytest.mark.parametrize("where", [30, 100, 200, -20, -1])
def test_changed_byte_in_age_package_is_detected(work: Path, where: int) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    data = bytearray((work / "pkg.age").read_bytes())
    data[where] ^= 0x01
    (work / "pkg.age").write_bytes(bytes(data))
    with pytest.raises((IntegrityError, InputError)) as caught:
        open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "pkg.age"))
    assert "nothing was written" in str(caught.value) or "damaged" in str(caught.value)
    assert not (work / "in").exists() and leftovers(work) == []


def test_truncated_age_package_is_detected(work: Path) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    data = (work / "pkg.age").read_bytes()
    (work / "pkg.age").write_bytes(data[:-10])
    with pytest.raises(IntegrityError):
        open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "pkg.age"))
    assert not (work / "in").exists() and leftovers(work) == []


def test_wrong_key_leaves_nothing(work: Path) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    other = generate_keypair(work / "other")
    with pytest.raises(InputError, match="cannot open the package"):
        open_package(work / "pkg.age", work / "in", identity=other.identity_path,
                     expect_sha256=recorded_sha256(work / "pkg.age"))
    assert not (work / "in").exists() and leftovers(work) == []


def test_open_refuses_non_empty_target_but_accepts_empty_one(work: Path) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    (work / "busy").mkdir()
    (work / "busy" / "x").write_text("x")
    with pytest.raises(InputError, match="not empty"):
        open_package(work / "pkg.age", work / "busy", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "pkg.age"))
    (work / "empty").mkdir()
    open_package(work / "pkg.age", work / "empty", identity=work / "vendor.key",
                 expect_sha256=recorded_sha256(work / "pkg.age"))
    assert (work / "empty" / "mailing.csv").exists()


def test_open_refuses_other_files(work: Path) -> None:
    (work / "plain.txt").write_text("hello")
    with pytest.raises(InputError, match="not a sealed package"):
        open_package(work / "plain.txt", work / "in", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "plain.txt"))
    with pytest.raises(InputError, match="does not exist"):
        open_package(work / "nope.age", work / "in", identity=work / "vendor.key", expect_sha256="0" * 64)


def _age_tar(members: dict[str, bytes], recipient: pyrage.x25519.Recipient, *, traversal: bool = False) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if traversal:
            link = tarfile.TarInfo("evil")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(link)
    return pyrage.encrypt(buffer.getvalue(), [recipient])


@pytest.mark.parametrize("case", ["dotdot", "symlink", "no-handover", "extra-file", "hash"])
def test_crafted_archives_are_refused(work: Path, case: str) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    open_package(work / "pkg.age", work / "good", identity=work / "vendor.key",
                 expect_sha256=recorded_sha256(work / "pkg.age"))
    members = _files(work / "good")
    recipient = load_recipient(work / "vendor.pub")
    if case == "dotdot":
        members["../escape.csv"] = b"x"
    elif case == "no-handover":
        del members["handover.json"]
    elif case == "extra-file":
        members["extra.csv"] = b"x"
    elif case == "hash":
        members["mailing.csv"] += b"A099,160-0022,x,,y,\r\n"
    (work / "bad.age").write_bytes(_age_tar(members, recipient, traversal=case == "symlink"))
    with pytest.raises(IntegrityError):
        open_package(work / "bad.age", work / "in", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "bad.age"))
    assert not (work / "in").exists() and not (work / "escape.csv").exists()
    assert leftovers(work) == []


# --- AES-256 ZIP ------------------------------------------------------------------------------------------

def test_zip_aes_round_trip_and_wrong_password(work: Path) -> None:
    sealed = seal_directory(work / "out", work / "pkg.zip", zip_aes=True)
    assert sealed.password and sealed.format == "zip-aes"
    assert sealed.password not in sealed.receipt.read_text()
    with zipfile.ZipFile(work / "pkg.zip") as archive:  # every entry encrypted, WinZip AES (method 99)
        assert all(i.flag_bits & 1 and i.compress_type == 99 for i in archive.infolist())
    with pytest.raises(InputError, match="wrong password"):
        open_package(work / "pkg.zip", work / "in", password="not-the-password",
                     expect_sha256=recorded_sha256(work / "pkg.zip"))
    assert not (work / "in").exists() and leftovers(work) == []
    open_package(work / "pkg.zip", work / "in", password=sealed.password,
                 expect_sha256=recorded_sha256(work / "pkg.zip"))
    assert (work / "in" / "mailing.csv").read_bytes() == (work / "out" / "mailing.csv").read_bytes()


def test_changed_byte_in_zip_is_detected(work: Path) -> None:
    sealed = seal_directory(work / "out", work / "pkg.zip", zip_aes=True)
    data = bytearray((work / "pkg.zip").read_bytes())
    with zipfile.ZipFile(work / "pkg.zip") as archive:
        info = archive.getinfo("mailing.csv")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 40] ^= 0x01  # inside the ciphertext
    (work / "pkg.zip").write_bytes(bytes(data))
    with pytest.raises((IntegrityError, InputError)):
        open_package(work / "pkg.zip", work / "in", password=sealed.password,
                     expect_sha256=recorded_sha256(work / "pkg.zip"))
    assert not (work / "in").exists() and leftovers(work) == []


def test_unencrypted_zip_is_refused(work: Path) -> None:
    with zipfile.ZipFile(work / "plain.zip", "w") as archive:
        archive.writestr("mailing.csv", MAILING)
        archive.writestr("handover.json", "{}")
    with pytest.raises(IntegrityError, match="not AES-256"):
        open_package(work / "plain.zip", work / "in", password="x",
                     expect_sha256=recorded_sha256(work / "plain.zip"))
    assert not (work / "in").exists()


# --- interoperability with the standard tools -------------------------------------------------------------

@pytest.mark.skipif(AGE is None, reason="the age command-line tool is not installed")
def test_age_tool_opens_a_sealed_package(work: Path) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    tar_bytes = subprocess.run([AGE, "-d", "-i", str(work / "vendor.key"), str(work / "pkg.age")],
                               capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:gz") as tar:
        names = sorted(tar.getnames())
        mailing = tar.extractfile("mailing.csv").read()  # type: ignore[union-attr]
    assert names == ["handover.json", "mailing.csv", "manifest.json"]
    assert mailing == (work / "out" / "mailing.csv").read_bytes()


@pytest.mark.skipif(AGE is None or AGE_KEYGEN is None, reason="the age command-line tools are not installed")
def test_addrjp_opens_what_the_age_tool_encrypted_with_an_age_keygen_key(work: Path) -> None:
    subprocess.run([AGE_KEYGEN, "-o", str(work / "tool.key")], capture_output=True, check=True)
    public = subprocess.run([AGE_KEYGEN, "-y", str(work / "tool.key")], capture_output=True, check=True,
                            text=True).stdout.strip()
    (work / "tool.pub").write_text(public + "\n")
    seal_directory(work / "out", work / "pkg.age", recipient=work / "tool.pub")
    payload = pyrage.decrypt((work / "pkg.age").read_bytes(), [load_identity(work / "tool.key")])
    (work / "payload.tar.gz").write_bytes(payload)
    subprocess.run([AGE, "-R", str(work / "tool.pub"), "-o", str(work / "by-tool.age"),
                    str(work / "payload.tar.gz")], check=True)
    opened = open_package(work / "by-tool.age", work / "in", identity=work / "tool.key",
                          expect_sha256=recorded_sha256(work / "by-tool.age"))
    assert opened.records == 2
    assert (work / "in" / "mailing.csv").read_bytes() == (work / "out" / "mailing.csv").read_bytes()


@pytest.mark.skipif(SEVEN_ZIP is None, reason="7-Zip (7zz/7z) is not installed")
def test_7zip_opens_the_aes_zip(work: Path) -> None:
    sealed = seal_directory(work / "out", work / "pkg.zip", zip_aes=True)
    listing = subprocess.run([str(SEVEN_ZIP), "l", "-slt", f"-p{sealed.password}", str(work / "pkg.zip")],
                             capture_output=True, text=True, check=True).stdout
    assert "AES-256" in listing and "ZipCrypto" not in listing
    subprocess.run([str(SEVEN_ZIP), "x", f"-p{sealed.password}", f"-o{work / 'x'}", str(work / "pkg.zip")],
                   capture_output=True, check=True)
    assert (work / "x" / "mailing.csv").read_bytes() == (work / "out" / "mailing.csv").read_bytes()
    wrong = subprocess.run([str(SEVEN_ZIP), "t", "-pwrong", str(work / "pkg.zip")], capture_output=True)
    assert wrong.returncode != 0


def test_no_group_or_world_bits_on_opened_folder(work: Path) -> None:
    seal_directory(work / "out", work / "pkg.age", recipient=work / "vendor.pub")
    open_package(work / "pkg.age", work / "in", identity=work / "vendor.key",
                 expect_sha256=recorded_sha256(work / "pkg.age"))
    assert os.stat(work / "in").st_mode & 0o077 == 0


def test_real_output_folder_passes_the_vendor_check_after_open(tmp_path: Path) -> None:
    """A folder written by the mailing writer and manifest, sealed and opened, passes ``check_output``."""
    pl = pytest.importorskip("polars")
    check = pytest.importorskip("addrjp.mailing.check")
    writer = pytest.importorskip("addrjp.mailing.writer")
    manifest = pytest.importorskip("addrjp.mailing.manifest")
    schema = pytest.importorskip("addrjp.mailing.schema")
    mailing = pl.DataFrame({"id": ["A1", "A2"], "postal_code": ["163-8001", "160-0021"],
                            "address1": ["東京都新宿区西新宿2-8-1", "東京都新宿区歌舞伎町1-4-1"],
                            "address2": ["", ""], "name": ["新宿花子", "西新宿太郎"], "barcode": ["", ""]})
    findings = pl.DataFrame({c: (["A1", "A2"] if c == "id" else ["ok", "ok"] if c == "status" else ["", ""])
                             for c in schema.FINDINGS_COLUMNS})
    m = writer.csv_bytes(mailing, schema.MAILING_COLUMNS, encoding="utf-8", file="mailing.csv")
    f = writer.csv_bytes(findings, schema.FINDINGS_COLUMNS, encoding="utf-8", file="findings.csv")
    doc = manifest.build_manifest(
        files={"mailing.csv": manifest.file_entry(m, rows=2), "findings.csv": manifest.file_entry(f, rows=2)},
        counts={"input": 2, "findings": 2, "mailing": 2,
                "by_status": {"ok": 2, "fixed": 0, "review": 0, "hold": 0, "excluded": 0}},
        input_info={}, options={}, charset="cp932", out_encoding="utf-8")
    writer.publish_dir({"mailing.csv": m, "findings.csv": f, "manifest.json": writer.json_bytes(doc)},
                       tmp_path / "out", force=False)
    pair = generate_keypair(tmp_path / "vendor")
    sealed = seal_directory(tmp_path / "out", tmp_path / "p.age", recipient=pair.public_path)
    assert sealed.records == 2 and sealed.withheld == ("findings.csv",)
    open_package(tmp_path / "p.age", tmp_path / "in", identity=pair.identity_path,
                 expect_sha256=recorded_sha256(tmp_path / "p.age"))
    report = check.check_output(tmp_path / "in")
    assert report.ok, report.render()
