"""Speed of find_duplicates (issue 6): 35,335 rows in at most 1 s; 1,000,000 rows in at most 30 s, ≤1.5 GB.

The frames come from the synthetic Shinjuku register (planted duplicates, households, hard negatives) with
name keys from ``addrjp.quality.names`` and address keys from the truth (building keys with the parser is the
pipeline's cost, measured in its own benchmarks). Reading caches are cleared before every round, so each
round pays for its readings; pykakasi's dictionary is loaded once per process, like an import.

pytest-benchmark: ``python3 -m pytest benchmarks/bench_duplicates.py --benchmark-only``
Peak memory of one million rows, in a fresh process:
``python3 -m benchmarks.bench_duplicates --rows 1000000``

As ``clean`` runs them at 1M (issue 16: what is left after the last address), in 200,000-row parts, two
partitions, spilled to disk; medians of ``--runs`` of ``results()`` alone (its CPU and wall; the readings
made once before, as the run's read-ahead and earlier partitions make them):
``python3 -m benchmarks.bench_duplicates --rows 1000000 --blocked --runs 5``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import polars as pl

from addrjp.quality import readings
from addrjp.quality.duplicates import find_duplicates
from benchmarks.eval_duplicates import build_frame
from benchmarks.synth_register import generate


@lru_cache(maxsize=4)
def frame_of(rows: int, seed: int = 1) -> pl.DataFrame:
    synth = generate(rows, seed)
    return build_frame(synth.rows, synth.truth, truth_keys=True)


def _cold(frame: pl.DataFrame) -> pl.DataFrame:
    readings.reading.cache_clear()
    readings.readings.cache_clear()
    return find_duplicates(frame)


def test_find_duplicates_35335(benchmark) -> None:  # type: ignore[no-untyped-def]
    frame = frame_of(35_335)
    find_duplicates(frame.head(2000))  # load pykakasi's dictionary once (a process start cost)
    out = benchmark.pedantic(_cold, args=(frame,), rounds=5, iterations=1)
    assert out.height == 35_335
    benchmark.extra_info["rows"] = 35_335


def test_find_duplicates_1m(benchmark) -> None:  # type: ignore[no-untyped-def]
    frame = frame_of(1_000_000)
    find_duplicates(frame.head(2000))
    out = benchmark.pedantic(_cold, args=(frame,), rounds=1, iterations=1)
    assert out.height == 1_000_000
    benchmark.extra_info["rows"] = 1_000_000


# VmHWM (peak resident set of this process image): ru_maxrss would carry the builder's peak across exec.
_CHILD = """
import sys, time
import polars as pl
from addrjp.quality.duplicates import find_duplicates
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
frame = pl.read_parquet(sys.argv[1])
base = hwm()
find_duplicates(frame.head(2000))
t = time.perf_counter()
out = find_duplicates(frame, joint_household=True)
dt = time.perf_counter() - t
print(f"{out.height} rows in {dt:.2f} s; peak RSS {hwm():.0f} MB (after reading the frame: {base:.0f} MB)")
"""


_BLOCKED = """
import statistics, sys, tempfile, time
from pathlib import Path
import polars as pl
from addrjp.quality.duplicates import BlockedDuplicates
from addrjp.spill import Spill
frame = pl.read_parquet(sys.argv[1])
runs, chunk = int(sys.argv[2]), 200_000
partitions = max(1, -(-frame.height // 500_000)) if frame.height > chunk else 1
def once():
    with tempfile.TemporaryDirectory() as tmp:
        run = BlockedDuplicates(partitions=partitions, spill=Spill(Path(tmp) if partitions > 1 else None))
        for start in range(0, frame.height, chunk):
            run.add(frame.slice(start, chunk))
        t, c = time.perf_counter(), time.process_time()
        rows = sum(part.height for part in run.results())
        return time.perf_counter() - t, time.process_time() - c, rows
once()  # the readings made once, as in a run
out = [once() for _ in range(runs)]
wall, cpu = [w for w, _, _ in out], [c for _, c, _ in out]
print(f"{out[0][2]} rows, {partitions} partition(s): results() cpu {statistics.median(cpu):.3f} s "
      f"({min(cpu):.3f}-{max(cpu):.3f}), wall {statistics.median(wall):.3f} s ({min(wall):.3f}-{max(wall):.3f})")
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.bench_duplicates")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--blocked", action="store_true", help="BlockedDuplicates in parts, as clean runs it")
    ap.add_argument("--runs", type=int, default=5, help="rounds of --blocked")
    ap.add_argument("--frame", help="a parquet frame to use (written by an earlier run with --keep)")
    ap.add_argument("--keep", help="write the built frame to this parquet file")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.frame) if args.frame else Path(tmp) / "frame.parquet"
        if not args.frame:
            t = time.perf_counter()
            frame = frame_of(args.rows, args.seed)
            print(f"frame built in {time.perf_counter() - t:.1f} s "
                  f"(peak RSS of the builder {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
            frame.write_parquet(path)
            if args.keep:
                frame.write_parquet(args.keep)
        if args.blocked:
            subprocess.run([sys.executable, "-c", _BLOCKED, str(path), str(args.runs)], check=True)
        else:
            subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
