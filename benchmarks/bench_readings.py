"""What pykakasi's dictionary costs a ``clean`` run, with pykakasi's own loading and with the lazy index.

In a fresh process per round (the load is a once-per-process cost), on the find_duplicates input of a
synthetic 35,335-row register (name keys from the names layer, address keys from the truth, as in
``bench_duplicates``): the time of ``readings.warm_up()`` (what the pipeline calls while the workers parse
addresses) and of ``find_duplicates`` (which reads the names it compares by reading), each as CPU time of the
child (``time.process_time``) and wall time, for

* ``pykakasi``: ``ADDRJP_KANWA_INDEX=0``, pykakasi unpickles its whole dictionary (before issue 16);
* ``index``: the dictionary filed by first character (:mod:`addrjp.quality.kanwa_index`), the cache built.

Rounds alternate between the two so that a burst of load on the shared machine hits both alike.

Run: ``python3 -m benchmarks.bench_readings`` (``--rounds 7 --rows 35335``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, sys, time
import polars as pl
from addrjp.quality import readings
from addrjp.quality.duplicates import find_duplicates
frame = pl.read_parquet(sys.argv[1])
c0, w0 = time.process_time(), time.perf_counter()
readings.warm_up()
c1, w1 = time.process_time(), time.perf_counter()
find_duplicates(frame)
c2, w2 = time.process_time(), time.perf_counter()
from pykakasi.kanji import Kanwa
table = Kanwa._shared_state["_jisyo_table"]
print(json.dumps({"warm_up_cpu": c1 - c0, "warm_up_wall": w1 - w0, "duplicates_cpu": c2 - c1,
                  "duplicates_wall": w2 - w1, "characters_loaded": getattr(table, "loaded", len(table))}))
"""


def measure(rows: int = 35_335, rounds: int = 7) -> dict[str, dict[str, float]]:
    from benchmarks.bench_duplicates import frame_of
    from benchmarks.process_tree import child_env

    with tempfile.TemporaryDirectory(prefix="addrjp-readings-") as tmp:
        path = Path(tmp) / "frame.parquet"
        frame_of(rows).write_parquet(path)
        runs: dict[str, list[dict[str, float]]] = {"pykakasi": [], "index": []}
        for i in range(rounds + 1):
            for name, flag in (("pykakasi", "0"), ("index", "1")):
                env = child_env(ADDRJP_KANWA_INDEX=flag)
                out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                                     env=env, cwd=ROOT, check=True).stdout
                if i:  # the first round builds the cache and the bytecode
                    runs[name].append(json.loads(out.strip().splitlines()[-1]))
    return {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=35_335)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    figures = measure(args.rows, args.rounds)
    print(f"{args.rows:,} rows, median of {args.rounds} fresh processes each; load average {load:.2f} "
          f"before, {os.getloadavg()[0]:.2f} after ({os.cpu_count()} cores)")
    print(f"  {'loading':<10}{'warm_up CPU':>12}{'wall':>8}{'duplicates CPU':>16}{'wall':>8}{'chars':>8}")
    for name, f in figures.items():
        print(f"  {name:<10}{f['warm_up_cpu']:>11.3f}s{f['warm_up_wall']:>7.3f}s{f['duplicates_cpu']:>15.3f}s"
              f"{f['duplicates_wall']:>7.3f}s{f['characters_loaded']:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
