"""The current code against the code an issue measured, run in the same minutes (基準版との同時計測).

The project's machine class is a VM whose speed moves by up to 2× over a day (:mod:`benchmarks.host_gauge`).
A target given in seconds was measured at one such speed, so a figure taken at another hour does not say
whether the target is met. This script says it: it runs the baseline (the commit whose figures the issue
quotes: by default ``1da5c24``, the state issue 16 measured its "now" column on) and the current working
tree, turn by turn, on the same register with the same command, and prints

* each one's median wall and CPU (user + system of the whole process tree, from ``wait4``) and peak memory
  summed over the tree (:mod:`benchmarks.process_tree`);
* the speed-up (baseline / current), the figure that does not move with the host;
* with ``--issue-seconds`` (the baseline's wall figure as the issue quotes it, 6.5 for issue 16's 35k row):
  the host factor of that day (issue figure / baseline now) and the current figure at that day's speed
  (current × factor), to set beside the target.

The baseline is exported with ``git archive`` into a temporary folder and run from its own ``src`` (the
current tree from this checkout's ``src``), each with a home folder of its own (a baseline that builds a cache
in the home on its first run is warmed by one untimed run of each, and its cache never meets this user's).

Run: ``python3 -m benchmarks.against_baseline --register R35.csv --rounds 3 --per 3 --issue-seconds 6.5``
(the 35k register: ``python3 -m benchmarks.synth_register --rows 35335 --seed 7 --out R35.csv --encoding
cp932``). Each figure is a median of ``rounds × per`` fresh processes; the host gauge is printed before and
after.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench_clean import CLEAN_ARGS
from benchmarks.host_gauge import gauge_seconds, gauge_text
from benchmarks.process_tree import Measured, child_env, load_average, measure

ROOT = Path(__file__).resolve().parents[1]
#: The state issue 16's "now" column was measured on (the merge before its first change).
ISSUE16_BASE = "1da5c24"


def export(commit: str, into: Path) -> Path:
    """The tree of *commit* of this checkout, written under *into* (``git archive``)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _run(tree: Path, home: Path, register: Path, out: Path) -> Measured:
    env = child_env(PYTHONPATH=str(tree / "src"), HOME=str(home))
    m = measure([sys.executable, "-m", "addrjp", "clean", str(register), "--out", str(out), *CLEAN_ARGS],
                env=env, cwd=tree)
    if m.returncode:
        raise SystemExit(f"clean failed in {tree} (exit {m.returncode}):\n{m.stderr}")
    return m


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.against_baseline")
    ap.add_argument("--register", required=True, help="the register both trees clean")
    ap.add_argument("--base", default=ISSUE16_BASE, help=f"the baseline commit (default {ISSUE16_BASE})")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--per", type=int, default=3, help="runs of each tree in a round")
    ap.add_argument("--issue-seconds", type=float, help="the baseline's wall time as the issue quotes it")
    args = ap.parse_args(argv)
    register = Path(args.register).resolve()
    work = Path(tempfile.mkdtemp(prefix="addrjp-baseline-"))
    try:
        trees = {f"base {args.base}": export(args.base, work / "base"), "current": ROOT}
        homes = {name: work / f"home{i}" for i, name in enumerate(trees)}
        for home in homes.values():
            home.mkdir()
        runs: dict[str, list[Measured]] = {name: [] for name in trees}
        gauges, load_before = [gauge_seconds() for _ in range(2)], load_average()
        for name, tree in trees.items():  # untimed: a baseline's first run may build a cache in its home
            _run(tree, homes[name], register, homes[name] / "out")
        for _ in range(args.rounds):
            for name, tree in trees.items():
                for _ in range(args.per):
                    runs[name].append(_run(tree, homes[name], register, homes[name] / "out"))
        gauges += [gauge_seconds() for _ in range(2)]
        load_after = load_average()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{register.name}: {args.rounds} rounds of {args.per} runs each, turn by turn; "
          f"load {load_before:.2f} -> {load_after:.2f}\n  {gauge_text(gauges)}, before and after")
    medians: dict[str, tuple[float, float]] = {}
    for name, ms in runs.items():
        wall = statistics.median(m.wall for m in ms)
        cpu = statistics.median(m.cpu for m in ms)
        medians[name] = (wall, cpu)
        print(f"  {name:16} wall {wall:6.2f} s ({min(m.wall for m in ms):.2f}–{max(m.wall for m in ms):.2f})"
              f"  cpu {cpu:6.2f} s  peak rss summed {statistics.median(m.peak_rss_mb for m in ms):7.1f} MB")
    (bw, bc), (cw, cc) = medians[f"base {args.base}"], medians["current"]
    print(f"  speed-up (base / current): wall {bw / cw:.2f}×, cpu {bc / cc:.2f}×")
    if args.issue_seconds:
        factor = args.issue_seconds / bw
        print(f"  the issue's day: base {args.issue_seconds:.2f} s then, {bw:.2f} s now -> host factor {factor:.2f}; "
              f"current at that day's speed {cw * factor:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
