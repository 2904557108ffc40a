"""The return of the erasure certificate (消去証明書の受領): checked against the ward's ledger, then recorded as
an entry of kind ``certificate`` that closes the handover."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from handover_fixtures import assert_no_personal_data, make_output, recorded_sha256

from addrjp.errors import InputError, IntegrityError
from addrjp.handover.certificate import check_certificate, record_certificate
from addrjp.handover.erase import erase_directory
from addrjp.handover.keys import generate_keypair
from addrjp.handover.ledger import KIND_CERTIFICATE, Ledger
from addrjp.handover.seal import open_package, seal_directory


@pytest.fixture
def handed_over(tmp_path: Path) -> Path:
    """The ward sealed and recorded a package; the vendor opened it and erased it with a certificate."""
    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    Ledger(tmp_path / "ledger.jsonl").add_package(tmp_path / "pkg.age", handler="区 山田",
                                                  direction="ward-to-vendor")
    (tmp_path / "vendor-copy.age").write_bytes((tmp_path / "pkg.age").read_bytes())
    open_package(tmp_path / "vendor-copy.age", tmp_path / "in", identity=pair.identity_path,
                 ledger=tmp_path / "ledger.jsonl")
    erase_directory(tmp_path / "in", tmp_path / "cert.json", responsible="印刷 佐藤",
                    packages=[tmp_path / "vendor-copy.age"])
    return tmp_path


def test_the_returned_certificate_is_checked_and_its_receipt_recorded(handed_over: Path) -> None:
    book = Ledger(handed_over / "ledger.jsonl")
    assert book.read()[0].files["mailing.csv"]["sha256"] == recorded_sha256(handed_over / "out" / "mailing.csv")
    checked, entry = record_certificate(handed_over / "cert.json", book, handler="区 山田")
    assert checked.handover.seq == 1 and checked.covers_folder and checked.responsible == "印刷 佐藤"
    assert entry.kind == KIND_CERTIFICATE and entry.refers_to == 1 and entry.certificate == "cert.json"
    assert entry.certificate_sha256 == recorded_sha256(handed_over / "cert.json")
    assert entry.direction == "vendor-to-ward" and entry.date_wareki.startswith("令和")
    assert book.verify().entries == 2
    assert_no_personal_data(book.path.read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="already recorded as entry 2"):
        record_certificate(handed_over / "cert.json", book, handler="区 山田")


def _edit(path: Path, change: dict[str, object]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.update(change)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_a_certificate_of_another_package_fails(handed_over: Path) -> None:
    doc = json.loads((handed_over / "cert.json").read_text(encoding="utf-8"))
    received = {**doc["received"], "package_sha256": "f" * 64}
    erased = [e for e in doc["erased"] if e["path"] != "vendor-copy.age"]
    _edit(handed_over / "cert.json", {"received": received, "packages": [], "erased": erased})
    with pytest.raises(IntegrityError, match="names no package that the ledger"):
        check_certificate(handed_over / "cert.json", Ledger(handed_over / "ledger.jsonl"))


def test_a_certificate_whose_files_are_not_those_handed_over_fails(handed_over: Path) -> None:
    doc = json.loads((handed_over / "cert.json").read_text(encoding="utf-8"))
    erased = [{**e, "sha256": "0" * 64} if e["path"] == "mailing.csv" else e for e in doc["erased"]]
    _edit(handed_over / "cert.json", {"erased": erased})
    with pytest.raises(IntegrityError, match=r"mailing\.csv on the certificate is not the file"):
        check_certificate(handed_over / "cert.json", Ledger(handed_over / "ledger.jsonl"))


def test_an_incomplete_certificate_fails(handed_over: Path) -> None:
    _edit(handed_over / "cert.json", {"result": "incomplete", "error": "OSError after 1 of 4 files"})
    with pytest.raises(IntegrityError, match="incomplete"):
        check_certificate(handed_over / "cert.json", Ledger(handed_over / "ledger.jsonl"))


def test_a_file_that_is_not_a_certificate_is_an_input_error(handed_over: Path) -> None:
    for text in ("not json", "[]", json.dumps({"format": "x"}),
                 json.dumps({"format": "addrjp-erasure-certificate/1", "result": "complete"})):
        (handed_over / "bad.json").write_text(text)
        with pytest.raises(InputError, match="not an erasure certificate"):
            check_certificate(handed_over / "bad.json", Ledger(handed_over / "ledger.jsonl"))
