"""After ``kill -9`` of ``clean``, the worker processes (holding the register in memory) end with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.synth_register import ROWS_HEADER, generate

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_end_when_clean_is_killed(tmp_path: Path) -> None:
    import csv

    synth = generate(12_000, seed=7)  # > PARALLEL_MIN_DISTINCT distinct addresses: the pool is used
    src = tmp_path / "r.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(ROWS_HEADER)
        writer.writerows(synth.rows)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    parent = subprocess.Popen([sys.executable, "-m", "addrjp", "clean", str(src), "--out", str(tmp_path / "out"),
                               "--workers", "2", "-q"], env=env, stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and parent.poll() is None:
            workers = _children(parent.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "the pool never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.1)
        survivors = [p for p in workers if _alive(p)]
        assert not survivors, f"{len(survivors)} worker(s) outlived the killed parent"
    finally:
        for p in workers:
            if _alive(p):
                os.kill(p, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


def test_doctests() -> None:
    import doctest

    import addrjp.mailing.workers as workers_mod

    assert doctest.testmod(workers_mod).failed == 0


def test_a_worker_whose_parent_is_already_gone_ends(tmp_path: Path) -> None:
    """The race the kernel signal cannot cover: the parent died before the worker asked for it."""
    code = ("import os; from addrjp.mailing.workers import tie_to_parent; "
            "tie_to_parent(os.getppid() + 1_000_000); print('survived')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "survived" not in proc.stdout
