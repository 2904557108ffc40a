"""Erase only what was received (受領したものだけを消去): every refusal touches nothing, checked by hashing the tree.

``addrjp erase`` must prove that a folder is a package received through ``open`` (its ``handover.json``
written by open, every file matching it, nothing else inside) and that each ``--package`` is a sealed package
with the SHA-256 recorded; a web project or an export with a ``manifest.json`` is never destroyed.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from handover_fixtures import make_output, received_package, recorded_sha256, tree_digest

from addrjp.errors import InputError, IntegrityError
from addrjp.handover import erase as erase_module
from addrjp.handover.erase import erase_directory
from addrjp.handover.keys import generate_keypair
from addrjp.handover.ledger import Ledger
from addrjp.handover.seal import seal_directory


@pytest.fixture
def received(tmp_path: Path) -> Path:
    return received_package(tmp_path)


def _refused(tmp_path: Path, error: type[Exception], match: str, directory: Path | None, **kwargs: object) -> None:
    """The call raises ``error`` and not one path, byte or mode under ``tmp_path`` changed."""
    before = tree_digest(tmp_path)
    with pytest.raises(error, match=match):
        erase_directory(directory, tmp_path / "cert.json", **kwargs)  # type: ignore[arg-type]
    assert tree_digest(tmp_path) == before


def test_a_web_project_with_a_manifest_json_is_never_erased(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "icons").mkdir(parents=True)
    (site / "manifest.json").write_text('{"name": "My PWA", "start_url": "/"}')
    (site / "index.html").write_text("<html></html>")
    (site / "icons" / "a.png").write_bytes(b"\x89PNG")
    _refused(tmp_path, InputError, "not a package received through addrjp open", site)
    assert not (tmp_path / "cert.json").exists() and not (tmp_path / "cert.html").exists()


def test_an_export_shaped_like_a_clean_output_is_never_erased(tmp_path: Path) -> None:
    make_output(tmp_path / "export")  # mailing.csv, findings.csv, report.html, manifest.json: the ward's own
    _refused(tmp_path, InputError, "not a package received through addrjp open", tmp_path / "export")


def test_a_handover_json_not_written_by_open_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "data.csv").write_text("a,b\n")
    (folder / "handover.json").write_text(json.dumps({"files": {"data.csv": {"sha256": "0" * 64, "bytes": 4}}}))
    _refused(tmp_path, InputError, "not written by addrjp open", folder)


def test_anything_else_in_the_received_folder_is_listed_and_refused(received: Path, tmp_path: Path) -> None:
    (received / "notes.txt").write_text("print run 2")
    (received / "proofs").mkdir()
    _refused(tmp_path, InputError, r"did not write: notes\.txt, proofs/ \(folder\)", received)


def test_a_changed_file_in_the_received_folder_is_refused(received: Path, tmp_path: Path) -> None:
    mode = (received / "mailing.csv").stat().st_mode
    (received / "mailing.csv").write_bytes(b"id,name\r\n")
    os.chmod(received / "mailing.csv", mode)
    _refused(tmp_path, IntegrityError, r"mailing\.csv was changed after addrjp open", received)


def test_a_missing_file_of_the_received_folder_is_refused(received: Path, tmp_path: Path) -> None:
    (received / "manifest.json").rename(tmp_path / "moved.json")
    _refused(tmp_path, IntegrityError, r"manifest\.json listed in handover\.json is missing", received)


def test_a_file_that_is_not_a_sealed_package_is_refused(received: Path, tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 ...")
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as archive:  # a ZIP, but not an AES-encrypted one
        archive.writestr("a.txt", "x")
    for other in ("report.pdf", "plain.zip"):
        _refused(tmp_path, InputError, "not a sealed package", received, packages=[tmp_path / other])
        _refused(tmp_path, InputError, "not a sealed package", None, packages=[tmp_path / other])


def test_a_package_other_than_the_one_received_is_refused(received: Path, tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "vendor2")
    seal_directory(tmp_path / "out", tmp_path / "other.age", recipient=pair.public_path)
    _refused(tmp_path, IntegrityError, "not the package the folder was opened from", received,
             packages=[tmp_path / "other.age"])


def test_a_package_whose_receipt_or_ledger_disagrees_is_refused(received: Path, tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "vendor2")
    seal_directory(tmp_path / "out", tmp_path / "other.age", recipient=pair.public_path)
    receipt = tmp_path / "other.age.receipt.json"
    doc = json.loads(receipt.read_text())
    receipt.write_text(json.dumps({**doc, "package_sha256": "f" * 64}))
    _refused(tmp_path, IntegrityError, "receipt belongs to another package", None, packages=[tmp_path / "other.age"])
    receipt.write_text(json.dumps(doc))
    book = Ledger(tmp_path / "ledger.jsonl")
    book.add_package(tmp_path / "pkg.age", handler="区 山田", direction="ward-to-vendor")
    _refused(tmp_path, IntegrityError, "records no handover", None, packages=[tmp_path / "other.age"],
             ledger=book.path)


def test_the_received_folder_and_its_package_are_erased_and_certified_complete(received: Path,
                                                                             tmp_path: Path) -> None:
    book = Ledger(tmp_path / "ledger.jsonl")
    book.add_package(tmp_path / "pkg.age", handler="区 山田", direction="ward-to-vendor")
    digest = recorded_sha256(tmp_path / "pkg.age")
    cert = erase_directory(received, tmp_path / "cert.json", packages=[tmp_path / "pkg.age"], ledger=book.path)
    assert not received.exists() and not (tmp_path / "pkg.age").exists()
    doc = cert.doc
    assert doc["result"] == "complete" and doc["not_erased"] == []
    assert doc["received"]["package_sha256"] == digest and doc["received"]["record"] == "addrjp open"
    assert set(doc["received"]["files"]) == {"mailing.csv", "manifest.json"}
    assert [p["sha256"] for p in doc["packages"]] == [digest]
    assert any("ledger" in check for check in doc["packages"][0]["checks"])
    assert {e["path"] for e in doc["erased"]} == {"mailing.csv", "manifest.json", "handover.json", "pkg.age"}
    assert doc["time_zone"] == "Asia/Tokyo" and doc["started"].endswith("+09:00")
    assert doc["japanese_contract_fields"]["年月日"].startswith("令和")


def test_a_package_alone_can_be_erased(tmp_path: Path) -> None:
    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    seal_directory(tmp_path / "out", tmp_path / "pkg.zip", zip_aes=True)
    seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    cert = erase_directory(None, tmp_path / "cert.json", packages=[tmp_path / "pkg.age", tmp_path / "pkg.zip"])
    assert cert.doc["result"] == "complete" and cert.doc["received"] is None
    assert sorted(p["format"] for p in cert.doc["packages"]) == ["age", "zip-aes"]
    assert not (tmp_path / "pkg.age").exists() and not (tmp_path / "pkg.zip").exists()


def test_a_folder_opened_by_an_earlier_version_is_still_erasable(received: Path, tmp_path: Path) -> None:
    sealed = json.loads((received / "handover.json").read_text())["sealed"]
    (received / "handover.json").write_text(json.dumps(sealed))  # what open wrote before the receipt record
    cert = erase_directory(received, tmp_path / "cert.json")
    assert not received.exists() and cert.doc["result"] == "complete"
    assert cert.doc["received"]["package_sha256"] is None and "earlier version" in cert.doc["received"]["record"]


def test_an_erasure_that_stops_is_certified_incomplete(received: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = erase_module._overwrite_and_unlink
    calls: list[Path] = []

    def fail_second(path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(path)

    monkeypatch.setattr(erase_module, "_overwrite_and_unlink", fail_second)
    with pytest.raises(IntegrityError, match="marked incomplete"):
        erase_directory(received, tmp_path / "cert.json")
    doc = json.loads((tmp_path / "cert.json").read_text(encoding="utf-8"))
    assert doc["result"] == "incomplete" and len(doc["erased"]) == 1 and len(doc["not_erased"]) == 2
    assert "未完了" in (tmp_path / "cert.html").read_text(encoding="utf-8")
