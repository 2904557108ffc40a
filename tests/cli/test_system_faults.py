"""A machine's fault (disk full, file-size limit, read-only output folder) is exit 3 with one line naming the
path and the cause: never a traceback, never a half-written output, and the output place is proved writable
before the work starts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fault_fs import ADDRJP, namespaces_available, register_csv, run_on_tmpfs, run_with_file_size_limit

needs_namespaces = pytest.mark.skipif(not namespaces_available(),
                                      reason="no mount namespace (unshare -r -m) on this machine")


@pytest.fixture(scope="module", autouse=True)
def warm_caches() -> None:
    """The postal index and town master are built into the cache here, not under the child's limits."""
    from addrjp.address.towns import load_town_master
    from addrjp.postal.lookup import lookup_postal

    lookup_postal("1600023")
    load_town_master()


def _one_line_fault(stderr: str, *needles: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1 and lines[0].startswith("addrjp clean: system error: "), stderr
    for needle in needles:
        assert needle in lines[0], stderr


def test_file_size_limit_is_a_fault_and_publishes_nothing(tmp_path: Path) -> None:
    src = register_csv(tmp_path / "r.csv", 800)
    out = tmp_path / "out"
    proc = run_with_file_size_limit([*ADDRJP, "clean", str(src), "--out", str(out), "-q"], 48 * 1024)
    assert proc.returncode == 3, proc.stderr
    _one_line_fault(proc.stderr, str(out), "EFBIG", "nothing was published")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]  # no output, no temporary


@needs_namespaces
def test_disk_full_is_a_fault_and_publishes_nothing(tmp_path: Path) -> None:
    src = register_csv(tmp_path / "r.csv", 800)
    mnt = tmp_path / "disk"
    result = run_on_tmpfs(mnt, [*ADDRJP, "clean", str(src), "--out", str(mnt / "out"), "-q"], size_kib=64)
    assert result.returncode == 3, result.stderr
    _one_line_fault(result.stderr, str(mnt / "out"), "ENOSPC", "free space")
    assert result.left == []  # nothing half-written, no temporary


@needs_namespaces
def test_read_only_output_folder_is_refused_before_the_work(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("番号,氏名\n1,x\n", "utf-8")  # an input error the run would report if it read the file
    mnt = tmp_path / "ro"
    result = run_on_tmpfs(mnt, [*ADDRJP, "clean", str(src), "--out", str(mnt / "out"), "-q"], readonly=True)
    assert result.returncode == 3, result.stderr
    _one_line_fault(result.stderr, str(mnt), "EROFS", "cannot be written")
    assert result.left == []


def test_help_of_every_writing_command_documents_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    from addrjp.cli.main import main

    for argv in (["--help"], ["clean", "--help"], ["check", "--help"], ["barcode", "--help"],
                 ["postal", "--help"], ["towns", "import", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        assert "3 system error" in text and "disk full" in text, argv


def test_unexpected_os_error_is_one_line_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from addrjp.cli import clean_cmd
    from addrjp.cli.main import main

    def failing(args: object) -> int:
        raise OSError(5, "Input/output error", str(tmp_path / "x"))

    monkeypatch.setattr(clean_cmd, "run", failing)
    assert main(["clean", str(tmp_path / "r.csv"), "--out", str(tmp_path / "o")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "EIO" in err and "Traceback" not in err


if sys.platform != "linux":  # pragma: no cover
    pytestmark = pytest.mark.skip("Linux fault injection")
