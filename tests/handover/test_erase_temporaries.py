"""addrjp's temporaries beside a received folder (一時フォルダ): marked when made, erased with the folder only
when the marker proves them ours, look-alikes left alone and named on the certificate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from handover_fixtures import leftovers, make_output, recorded_sha256, tree_digest

from addrjp.errors import InputError
from addrjp.handover import unpack
from addrjp.handover.erase import erase_directory
from addrjp.handover.keys import generate_keypair
from addrjp.handover.seal import open_package, seal_directory
from addrjp.handover.temporaries import (
    TEMPORARY_MARKER,
    boot_id,
    is_addrjp_temporary,
    make_temporary,
    temporaries_beside,
)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    make_output(tmp_path / "out")
    pair = generate_keypair(tmp_path / "vendor")
    seal_directory(tmp_path / "out", tmp_path / "pkg.age", recipient=pair.public_path)
    return tmp_path


def _open(work: Path, out: str = "in") -> Path:
    open_package(work / "pkg.age", work / out, identity=work / "vendor.key",
                 expect_sha256=recorded_sha256(work / "pkg.age"))
    return work / out


def _stale(work: Path, *, pid: int = 2 ** 22 + 12345) -> Path:
    """A temporary left by an open that was killed while writing (as a kill -9 would leave it)."""
    tmp = make_temporary(work / "in")
    marker = json.loads((tmp / TEMPORARY_MARKER).read_text())
    (tmp / TEMPORARY_MARKER).write_text(json.dumps({**marker, "pid": pid}))
    (tmp / "mailing.csv").write_bytes((work / "out" / "mailing.csv").read_bytes()[:40])
    return tmp


def test_open_writes_into_a_marked_temporary_and_leaves_no_marker(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = unpack.extract

    def spy(entries: unpack.Entries, scanned: unpack.Scanned, folder: Path) -> None:
        seen.append(is_addrjp_temporary(folder) and folder.name.startswith(".in.tmp-"))
        real(entries, scanned, folder)

    monkeypatch.setattr(unpack, "extract", spy)
    received = _open(work)
    assert seen == [True]
    assert not (received / TEMPORARY_MARKER).exists() and leftovers(work) == []


def test_a_stale_marked_temporary_beside_the_folder_is_erased_and_listed(work: Path) -> None:
    stale = _stale(work)
    received = _open(work)
    cert = erase_directory(received, work / "cert.json")
    assert not stale.exists() and not received.exists()
    assert cert.doc["temporaries"] == [stale.name] and cert.doc["result"] == "complete"
    assert f"{stale.name}/mailing.csv" in {e["path"] for e in cert.doc["erased"]}
    assert stale.name in (work / "cert.html").read_text(encoding="utf-8")


def test_a_look_alike_without_the_marker_is_left_alone_and_named(work: Path) -> None:
    alike = work / ".in.tmp-notours"
    alike.mkdir()
    (alike / "keep.txt").write_text("not addrjp's")
    old_open = work / ".in.opening-abc123"  # the unmarked temporary of addrjp before the marker
    old_open.mkdir()
    received = _open(work)
    cert = erase_directory(received, work / "cert.json")
    assert (alike / "keep.txt").read_text() == "not addrjp's" and old_open.exists()
    assert cert.doc["left_alone"] == [".in.opening-abc123", ".in.tmp-notours"]
    assert cert.doc["temporaries"] == []


def test_a_temporary_of_a_run_still_at_work_refuses_everything(work: Path) -> None:
    if boot_id() is None:
        pytest.skip("needs Linux's boot id to tell a live process")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _stale(work, pid=child.pid)
        received = _open(work)
        before = tree_digest(work)
        with pytest.raises(InputError, match="still writing"):
            erase_directory(received, work / "cert.json")
        assert tree_digest(work) == before
    finally:
        child.kill()
        child.wait()


def test_a_marked_temporary_holding_a_link_refuses_everything(work: Path) -> None:
    stale = _stale(work)
    (stale / "link").symlink_to(work / "out" / "mailing.csv")
    received = _open(work)
    before = tree_digest(work)
    with pytest.raises(InputError, match="folder or a link"):
        erase_directory(received, work / "cert.json")
    assert tree_digest(work) == before


def test_temporaries_of_another_folder_are_not_touched(work: Path) -> None:
    other = make_temporary(work / "elsewhere")
    received = _open(work)
    erase_directory(received, work / "cert.json")
    assert other.exists() and temporaries_beside(work / "elsewhere") == [other]
