"""Erasure with a certificate (消去証明): files gone, certificate fields, refusals before any byte changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from handover_fixtures import assert_no_personal_data, received_package

from addrjp.errors import InputError
from addrjp.handover._files import sha256_file
from addrjp.handover.erase import certificate_paths, erase_directory


@pytest.fixture
def opened(tmp_path: Path) -> Path:
    return received_package(tmp_path)


def test_erase_removes_files_and_writes_both_certificates(opened: Path, tmp_path: Path) -> None:
    hashes = {p.name: sha256_file(p) for p in opened.iterdir()}
    package_hash = sha256_file(tmp_path / "pkg.age")
    cert = erase_directory(opened, tmp_path / "cert.json", responsible="印刷 佐藤", organization="株式会社印刷",
                           medium="作業端末 PC-01 (SSD)", contract="敬老はがき印刷", packages=[tmp_path / "pkg.age"])
    assert not opened.exists() and not (tmp_path / "pkg.age").exists()
    doc = json.loads((tmp_path / "cert.json").read_text(encoding="utf-8"))
    ja = doc["japanese_contract_fields"]
    assert set(ja) == {"情報項目", "媒体", "数量", "方法", "責任者", "年月日"}
    assert "郵便番号" in ja["情報項目"] and "氏名" in ja["情報項目"]
    assert "レコード 2 件" in ja["数量"] and "ファイル 4 件" in ja["数量"]
    assert ja["責任者"] == "印刷 佐藤" and ja["媒体"] == "作業端末 PC-01 (SSD)" and "年" in ja["年月日"]
    nist = doc["nist_sp_800_88_rev1"]
    assert {"person_performing_sanitization", "media_information", "sanitization_details", "media_destination",
            "signature", "validation"} <= set(nist)
    details = nist["sanitization_details"]
    assert details["method_used"] == "Overwrite" and details["tool_used"].startswith("addrjp")
    assert {"method_type", "method_details", "verification_method", "post_sanitization_classification",
            "notes"} <= set(details)
    erased = {e["path"]: e["sha256"] for e in doc["erased"]}
    assert erased == {**hashes, "pkg.age": package_hash}
    assert doc["result"] == "complete" and doc["not_erased"] == []
    assert "SSD" in doc["limitations"]["ja"] and "cannot prove" in doc["limitations"]["en"]
    page = (tmp_path / "cert.html").read_text(encoding="utf-8")
    for word in ("消去証明書", "情報項目", "媒体", "数量", "方法", "責任者", "年月日", "Method Type",
                 "Verification Method", "Validation", "software cannot prove", hashes["mailing.csv"]):
        assert word in page
    assert_no_personal_data(page + (tmp_path / "cert.json").read_text(encoding="utf-8"))
    assert cert.html_path == tmp_path / "cert.html"


def test_files_are_overwritten_before_unlink(opened: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = (opened / "mailing.csv").read_bytes()
    seen: list[bytes] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if path.name == "mailing.csv" and path.exists() and not seen:
            seen.append(path.read_bytes())
        real_fsync(fd)

    if not Path("/proc/self/fd").exists():
        pytest.skip("needs /proc to observe the overwrite")
    monkeypatch.setattr(os, "fsync", spy)
    erase_directory(opened, tmp_path / "cert.json")
    assert seen and len(seen[0]) == len(original) and seen[0] != original


def test_symlink_inside_package_refuses_everything(opened: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("keep me")
    (opened / "link").symlink_to(tmp_path / "outside.txt")
    before = sorted(p.name for p in opened.iterdir())
    with pytest.raises(InputError, match="symbolic link"):
        erase_directory(opened, tmp_path / "cert.json")
    assert sorted(p.name for p in opened.iterdir()) == before
    assert (tmp_path / "outside.txt").read_text() == "keep me"
    assert not (tmp_path / "cert.json").exists()


def test_symlinked_folder_and_sub_folder_are_refused(opened: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(opened)
    with pytest.raises(InputError, match="symbolic link"):
        erase_directory(tmp_path / "alias", tmp_path / "cert.json")
    (tmp_path / "elsewhere").mkdir()
    (opened / "sub").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError, match="symbolic link"):
        erase_directory(opened, tmp_path / "cert.json")
    assert (opened / "mailing.csv").exists()


def test_hard_link_is_refused(opened: Path, tmp_path: Path) -> None:
    os.link(opened / "mailing.csv", tmp_path / "copy.csv")
    with pytest.raises(InputError, match="hard link"):
        erase_directory(opened, tmp_path / "cert.json")
    assert (opened / "mailing.csv").exists() and (tmp_path / "copy.csv").exists()


def test_package_symlink_is_refused(opened: Path, tmp_path: Path) -> None:
    (tmp_path / "pkg-link.age").symlink_to(tmp_path / "pkg.age")
    with pytest.raises(InputError, match="symbolic link"):
        erase_directory(opened, tmp_path / "cert.json", packages=[tmp_path / "pkg-link.age"])
    assert (opened / "mailing.csv").exists()


def test_refuses_non_package_and_certificate_inside(opened: Path, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "letter.txt").write_text("x")
    with pytest.raises(InputError, match="not a package received through addrjp open"):
        erase_directory(tmp_path / "docs", tmp_path / "cert.json")
    with pytest.raises(InputError, match="outside the folder being erased"):
        erase_directory(opened, opened / "cert.json")
    (tmp_path / "cert.json").write_text("{}")
    with pytest.raises(InputError, match="already exists"):
        erase_directory(opened, tmp_path / "cert.json")
    with pytest.raises(InputError, match="does not exist"):
        erase_directory(tmp_path / "gone", tmp_path / "c2.json")
    assert (tmp_path / "docs" / "letter.txt").exists() and (opened / "mailing.csv").exists()


def test_a_folder_inside_the_received_folder_is_refused_and_named(opened: Path, tmp_path: Path) -> None:
    (opened / "proofs").mkdir()
    (opened / "proofs" / "p1.pdf").write_bytes(b"%PDF-1.4 proof")
    with pytest.raises(InputError, match=r"proofs/ \(folder\)"):
        erase_directory(opened, tmp_path / "cert")
    assert (opened / "proofs" / "p1.pdf").exists() and (opened / "mailing.csv").exists()
    assert not (tmp_path / "cert").exists()


def test_certificate_paths() -> None:
    assert certificate_paths(Path("c.json")) == (Path("c.json"), Path("c.html"))
    assert certificate_paths(Path("cert")) == (Path("cert"), Path("cert.html"))
