"""The worker pool for a small register (thresholds lowered), with each run's AheadWork collected: for the
tests of the work sent ahead (tests/mailing/test_run_ahead*.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from run_outputs import assert_same_outputs

from addrjp.mailing import jobs
from addrjp.mailing import run as run_module
from addrjp.mailing.check import check_output


def pooled_runs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Runs of a small register get the pool; the list fills with their AheadWork objects, in run order."""
    monkeypatch.setattr(run_module, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(jobs, "PARALLEL_MIN_DISTINCT", 10)
    made: list[Any] = []
    original = run_module._ahead_work

    def collect(pool: Any, folder: Any) -> Any:
        made.append(original(pool, folder))
        return made[-1]

    monkeypatch.setattr(run_module, "_ahead_work", collect)
    return made


def assert_as_without_ahead(ahead: Path, manifest: dict[str, Any], baseline: Path,
                            baseline_manifest: dict[str, Any], pooled: list[Any]) -> None:
    """The run in *ahead* (its manifest *manifest*), whose work was sent ahead, wrote what the second run of
    *pooled*, in *baseline*, wrote without sending any: the same outputs and counts; and ``check`` passes."""
    assert pooled[1].sent == 0
    assert_same_outputs(ahead, baseline)
    assert manifest["counts"] == baseline_manifest["counts"]
    report = check_output(ahead)
    assert report.ok, report.problems


def assert_readers_error_leaves_nothing(register: Path, line: int, clean: Callable[[Path, Path], Any],
                                        out: Path) -> None:
    """A control character put into *register*'s line *line* (counted from 0, the header's): the run
    (``clean(register, out)``) raises the error the reader raises for it, and *out* is never made."""
    from addrjp.mailing.reader import read_register

    lines = register.read_bytes().split(b"\r\n")
    lines[line] = lines[line].replace(b",", b"\x07,", 1)
    register.write_bytes(b"\r\n".join(lines))
    with pytest.raises(Exception) as read_error:
        read_register(register)
    with pytest.raises(type(read_error.value)) as run_error:
        clean(register, out)
    assert str(run_error.value) == str(read_error.value)
    assert not out.exists()
