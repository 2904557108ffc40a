"""``addrjp clean`` end to end through the command line (start-up included) on synthetic registers.

Targets (issue 7, on the project's 2-core machine): 35,335 rows (the seed's size) in at most 3 s;
1,000,000 rows in at most 60 s with peak memory at most 2 GB; the 100k → 1M scaling ratio is reported in
``extra_info`` of the 1M benchmark (ideal: 10). Registers come from ``benchmarks/synth_register.py``
(written once per session into a temporary folder, CP932 like a ward's export).

Run: ``python3 -m pytest benchmarks/bench_clean.py --benchmark-only -m "not slow"`` (35k), add the slow
ones for 100k and 1M.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_TIMES: dict[int, float] = {}


def _register(tmp: Path, rows: int) -> Path:
    path = tmp / f"register_{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "benchmarks.synth_register", "--rows", str(rows), "--seed", "7",
                        "--out", str(path), "--encoding", "cp932"], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("addrjp.quality.record")
    return tmp_path_factory.mktemp("registers")


def _clean(src: Path, out: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "addrjp", "clean", str(src), "--out", str(out), "--force",
                           "--quiet", "--min-age", "77", "--as-of", "2026-09-15"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - started


def _run(benchmark: pytest.FixtureRequest, registers: Path, rows: int, rounds: int) -> None:
    src = _register(registers, rows)
    out = registers / f"out_{rows}"
    times: list[float] = []

    def once() -> None:
        times.append(_clean(src, out))

    benchmark.pedantic(once, rounds=rounds, iterations=1)  # type: ignore[attr-defined]
    _TIMES[rows] = min(times)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    benchmark.extra_info.update(rows=rows, best_seconds=round(min(times), 3),  # type: ignore[attr-defined]
                                peak_child_rss_mb=round(peak_mb))


def test_clean_35k(benchmark: pytest.FixtureRequest, registers: Path) -> None:
    _run(benchmark, registers, 35_335, rounds=3)


@pytest.mark.slow
def test_clean_100k(benchmark: pytest.FixtureRequest, registers: Path) -> None:
    _run(benchmark, registers, 100_000, rounds=1)


@pytest.mark.slow
def test_clean_1m(benchmark: pytest.FixtureRequest, registers: Path) -> None:
    _run(benchmark, registers, 1_000_000, rounds=1)
    if 100_000 in _TIMES:
        benchmark.extra_info["scaling_100k_to_1m"] = round(_TIMES[1_000_000] / _TIMES[100_000], 2)  # type: ignore[attr-defined]
