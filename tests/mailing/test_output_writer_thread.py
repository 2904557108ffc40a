"""The output folder's writer thread (OutputFolder.append_beside / sync_beside / wait): parts written in the
order given, and a fault in the thread raised as the serial write raises it — the same error, the folder
discarded, nothing published, no temporary left."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path
from typing import Any

import pytest

from addrjp.errors import FaultError
from addrjp.mailing.pipeline import Options, run_clean
from addrjp.mailing.writer import OutputFile, OutputFolder

_ROWS = "\n".join(f"R{i:04d},新宿　花子{i},160-0023,東京都新宿区西新宿2-8-{i % 9 + 1}," for i in range(40))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("id,name,postal_code,address,address2\n" + _ROWS + "\n", "utf-8")
    return path


def test_parts_given_to_the_writer_thread_are_written_in_order(tmp_path: Path) -> None:
    parts = [f"{i:05d},行{i}\r\n".encode() * (i % 7 + 1) for i in range(300)]
    with OutputFolder(tmp_path / "out", force=False) as folder:
        f = folder.open("part.csv")
        for p in parts:
            folder.append_beside(f, p)
        folder.sync_beside(f)
        folder.wait()
        assert f.size == sum(map(len, parts)) and f.sha256 == hashlib.sha256(b"".join(parts)).hexdigest()
        folder.publish()
    assert (tmp_path / "out" / "part.csv").read_bytes() == b"".join(parts)


def _failing_write(name: str, exc: BaseException) -> Any:
    original = OutputFile.write

    def write(self: OutputFile, data: bytes) -> None:
        if self.name == name:
            raise exc
        original(self, data)

    return write


def _run_error(register: Path, out: Path) -> BaseException:
    with pytest.raises(BaseException) as info:
        run_clean(register, out, Options(barcode=False), force=True)
    return info.value


def _nothing_left(out: Path) -> None:
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]  # no temporary beside it


@pytest.mark.parametrize("name", ["mailing.csv", "findings.csv"])
def test_a_fault_in_the_writer_thread_is_the_serial_writes_fault(register: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(OutputFile, "write", _failing_write(name, full))
    beside = _run_error(register, tmp_path / "beside")
    _nothing_left(tmp_path / "beside")
    monkeypatch.setattr(OutputFolder, "append_beside", OutputFolder.append)  # the serial write
    serial = _run_error(register, tmp_path / "serial")
    _nothing_left(tmp_path / "serial")
    assert isinstance(beside, FaultError) and type(beside) is type(serial)
    assert str(beside).replace("beside", "OUT") == str(serial).replace("serial", "OUT")
    assert name in str(beside) and "花子" not in str(beside)


def test_another_error_in_the_writer_thread_surfaces_as_itself(register: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OutputFile, "write", _failing_write("findings.csv", RuntimeError("a fault of the code")))
    error = _run_error(register, tmp_path / "out")
    assert type(error) is RuntimeError and str(error) == "a fault of the code"
    _nothing_left(tmp_path / "out")


def test_a_fault_of_the_flush_beside_the_page_publishes_nothing(register: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def sync(self: OutputFile) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(OutputFile, "sync", sync)
    error = _run_error(register, tmp_path / "out")
    assert isinstance(error, FaultError) and "Input/output error" in str(error)
    _nothing_left(tmp_path / "out")
