"""Hostile tar members (展開の安全): duplicates, members not listed, sizes beyond the list, decompression
bombs, links and devices are refused; nothing refused is written anywhere; memory stays bounded."""

from __future__ import annotations

import io
import json
import tarfile
import tracemalloc
from pathlib import Path

import pyrage
import pytest
from handover_fixtures import leftovers, make_output, recorded_sha256, tar_gz, zero_bomb_tar_gz

from addrjp.errors import IntegrityError
from addrjp.handover._files import sha256_bytes
from addrjp.handover.keys import generate_keypair, load_recipient
from addrjp.handover.seal import open_package, seal_directory
from addrjp.handover.unpack import MIN_UNPACKED_BYTES, scan, tar_entries

BOMB_BYTES = 300 * 10**6


@pytest.fixture
def work(tmp_path: Path) -> Path:
    make_output(tmp_path / "out")
    generate_keypair(tmp_path / "vendor")
    seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=tmp_path / "vendor.pub")
    open_package(tmp_path / "pkg.age", tmp_path / "good", identity=tmp_path / "vendor.key",
                 expect_sha256=recorded_sha256(tmp_path / "pkg.age"))
    return tmp_path


def _members(work: Path) -> dict[str, bytes]:
    """The genuine members, with the sealed handover.json (as it travelled in the package)."""
    good = work / "good"
    sealed = json.loads((good / "handover.json").read_text())["sealed"]
    return {"handover.json": json.dumps(sealed).encode(), "mailing.csv": (good / "mailing.csv").read_bytes(),
            "manifest.json": (good / "manifest.json").read_bytes()}


def _package(work: Path, payload: bytes) -> Path:
    (work / "bad.age").write_bytes(pyrage.encrypt(payload, [load_recipient(work / "vendor.pub")]))
    return work / "bad.age"


def _refused(work: Path, match: str) -> None:
    with pytest.raises(IntegrityError, match=match):
        open_package(work / "bad.age", work / "in", identity=work / "vendor.key",
                     expect_sha256=recorded_sha256(work / "bad.age"))
    assert not (work / "in").exists() and leftovers(work) == []


def test_a_duplicate_member_is_refused_even_when_both_copies_match(work: Path) -> None:
    m = _members(work)
    _package(work, tar_gz([("handover.json", m["handover.json"]), ("mailing.csv", m["mailing.csv"]),
                           ("mailing.csv", m["mailing.csv"]), ("manifest.json", m["manifest.json"])]))
    _refused(work, "mailing.csv appears twice")


def test_a_duplicate_handover_json_is_refused(work: Path) -> None:
    m = _members(work)
    _package(work, tar_gz([("handover.json", m["handover.json"]), ("mailing.csv", m["mailing.csv"]),
                           ("manifest.json", m["manifest.json"]), ("handover.json", m["handover.json"])]))
    _refused(work, "handover.json appears twice")


def test_a_member_not_listed_is_refused_and_never_written(work: Path) -> None:
    m = _members(work)
    _package(work, tar_gz([("handover.json", m["handover.json"]), ("mailing.csv", m["mailing.csv"]),
                           ("manifest.json", m["manifest.json"]), ("extra.csv", b"A001,x\r\n")]))
    _refused(work, "does not list")
    assert not list(work.rglob("extra.csv"))


def test_a_member_larger_than_listed_is_refused_from_its_header(work: Path) -> None:
    m = _members(work)
    doc = json.loads(m["handover.json"])
    grown = m["mailing.csv"] + b"A099,160-0022,x,,y,\r\n"
    doc["files"]["mailing.csv"]["sha256"] = sha256_bytes(grown)  # the hash matches; the listed size does not
    _package(work, tar_gz([("handover.json", json.dumps(doc).encode()), ("mailing.csv", grown),
                           ("manifest.json", m["manifest.json"])]))
    _refused(work, "lists")


@pytest.mark.parametrize("name", ["/etc/cron.d/x", "../x.csv", "a/b.csv", ".hidden", "a\\b.csv"])
def test_paths_that_leave_the_folder_are_refused(work: Path, name: str) -> None:
    m = _members(work)
    _package(work, tar_gz([("handover.json", m["handover.json"]), (name, b"x")]))
    _refused(work, "unexpected path")


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE,
                                  tarfile.FIFOTYPE, tarfile.DIRTYPE])
def test_links_devices_and_folders_are_refused(work: Path, kind: bytes) -> None:
    m = _members(work)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("handover.json")
        info.size = len(m["handover.json"])
        tar.addfile(info, io.BytesIO(m["handover.json"]))
        odd = tarfile.TarInfo("mailing.csv")
        odd.type, odd.linkname = kind, "/etc/passwd"
        tar.addfile(odd)
    _package(work, buffer.getvalue())
    _refused(work, "not a regular file")


def test_a_decompression_bomb_is_refused_with_bounded_memory(work: Path) -> None:
    """300 MB of zeros in a package of about 300 KB (an old-style package: no handover.json first): read as a
    stream, refused at the bound, never held in memory."""
    payload = zero_bomb_tar_gz("mailing.csv", BOMB_BYTES)
    assert len(payload) < 400_000
    _package(work, payload)
    tracemalloc.start()
    try:
        with pytest.raises(IntegrityError, match="decompresses to more than"):
            open_package(work / "bad.age", work / "in", identity=work / "vendor.key",
                         expect_sha256=recorded_sha256(work / "bad.age"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, f"peak {peak:,} bytes"
    assert not (work / "in").exists() and leftovers(work) == []


def test_a_bomb_behind_a_handover_json_is_refused_from_its_header(work: Path) -> None:
    m = _members(work)
    payload = zero_bomb_tar_gz("mailing.csv", BOMB_BYTES, before=(("handover.json", m["handover.json"]),))
    _package(work, payload)
    tracemalloc.start()
    try:
        _refused(work, r"mailing\.csv in the package has 300,000,000 bytes")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, f"peak {peak:,} bytes"


def test_the_scan_reads_no_more_than_the_bound() -> None:
    read = 0
    with pytest.raises(IntegrityError, match="decompresses to more than"):
        for _name, _size, chunks in tar_entries(zero_bomb_tar_gz("m.csv", 2 * MIN_UNPACKED_BYTES)):
            for chunk in chunks:
                read += len(chunk)
    assert read <= MIN_UNPACKED_BYTES


def test_a_genuine_package_scans_with_handover_json_first(work: Path) -> None:
    from addrjp.handover.keys import load_identity

    payload = pyrage.decrypt((work / "pkg.age").read_bytes(), [load_identity(work / "vendor.key")])
    names = []
    for name, _size, chunks in tar_entries(payload):
        names.append(name)
        for _ in chunks:
            pass
    assert names == ["handover.json", "mailing.csv", "manifest.json"]
    scanned = scan(tar_entries(payload))
    assert set(scanned.members) == {"mailing.csv", "manifest.json"}
