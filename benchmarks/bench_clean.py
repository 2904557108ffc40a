"""``addrjp clean`` end to end through the command line (start-up included) on synthetic registers.

Targets (issue 7, on the project's 2-core machine): 35,335 rows (the seed's size) in at most 3 s;
1,000,000 rows in at most 60 s with peak memory at most 2 GB; the 100k → 1M scaling ratio is reported in
``extra_info`` of the 1M benchmark (ideal: 10). Registers come from ``benchmarks/synth_register.py``
(written once per session into a temporary folder, CP932 like a ward's export).

Run: ``python3 -m pytest benchmarks/bench_clean.py --benchmark-only -m "not slow"`` (35k), add the slow
ones for 100k and 1M.

As a script (issue 16's figures), each run a fresh process measured with :mod:`benchmarks.process_tree`
(wall, user + system CPU of the whole tree, peak resident memory summed over the tree's processes)::

    python3 -m benchmarks.bench_clean --rows 35335 --runs 5            # 35k whole process
    python3 -m benchmarks.bench_clean --rows 35335 --runs 5 --no-address  # 35k minus the address stage
    python3 -m benchmarks.bench_clean --rows 35335 1000000 --runs 1    # CPU per row, 1M vs 35k

``--no-address`` serves the address stage from a table recorded in a first run of the same register
(``--workers 1``, the same options): what remains is everything else of the command (start-up, reader,
area, names, duplicates, encodability, outputs, pool), the part issue 16 splits from the address path.
Medians of ``--runs``, the spread (min–max) and the load average before and after are printed; with
``--steps`` also the main process's CPU in each step (``--no-address`` only). Before each run the host's
speed is read (:mod:`benchmarks.host_gauge`) and its median printed: figures compare only at like gauges.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
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


# --- the script: issue 16's figures ---------------------------------------------------------------------

#: The options of every measured ``clean`` (an age rule on a fixed day, as a ward runs it).
CLEAN_ARGS = ["--force", "--quiet", "--min-age", "77", "--as-of", "2026-09-15"]

#: A child that records the address stage's outcomes of a run (in this process: ``--workers 1``).
_RECORD = """
import pickle, sys
import addrjp.mailing.address_stage as stage
table = {}
real = stage._address_outcomes
def record(keys, opts):
    out = real(keys, opts)
    table.update(zip(keys, out))
    return out
stage._address_outcomes = record
from addrjp.cli.main import main
try:
    main(sys.argv[2:])
finally:
    with open(sys.argv[1], "wb") as fh:
        pickle.dump(table, fh)
"""

#: A child whose address stage is served from the recorded table (the run's pool inherits it). At its end it
#: writes to stderr how long it ran after its last addresses arrived (the last address chunk gathered).
_SERVE = """
import atexit, pickle, sys, time
import addrjp.mailing.address_stage as stage
import addrjp.mailing.pipeline as p
import addrjp.mailing.run as r
with open(sys.argv[1], "rb") as fh:
    table = pickle.load(fh)
spare = next(iter(table.values()))
def serve(keys, opts):  # the pool's warm-up address is not the register's: any outcome will do
    return [table.get(k, spare) for k in keys]
stage._address_outcomes = serve  # (looked up there by the work ahead and the chunks' jobs)
r._address_outcomes = serve  # (the warm-up's)
last = {}
frame = p._Chunks.frame
def gathered(self, schema):
    out = frame(self, schema)
    if self.stage == "addresses":
        last["wall"], last["cpu"] = time.perf_counter(), time.process_time()
    return out
p._Chunks.frame = gathered
def report():
    if last:
        print(f"AFTER_LAST_ADDRESS {time.perf_counter() - last['wall']:.4f} {time.process_time() - last['cpu']:.4f}",
              file=sys.stderr)
atexit.register(report)
from addrjp.cli.main import main
main(sys.argv[2:])
"""


#: ``--steps``: the main process's CPU in each step of the rest of ``clean`` (``time.process_time`` around
#: the functions named; a step called several times is summed), written to stderr at exit.
_STEPS = """
import atexit as _atexit, importlib as _importlib, sys as _sys, time as _time
_spent = {}
def _timed(module, paths, label):
    for path in paths.split("|"):  # the first that exists (an older tree names a step otherwise)
        owner = _importlib.import_module(module)
        *outer, name = path.split(".")
        for part in outer:
            owner = getattr(owner, part, None)
        if getattr(owner, name, None) is not None:
            break
    else:
        return
    real = getattr(owner, name)
    def add(c):
        _spent[label] = _spent.get(label, 0.0) + _time.process_time() - c
    def steps(gen):  # a generator's time is spent as it is iterated
        while True:
            c = _time.process_time()
            try:
                item = next(gen)
            except StopIteration:
                add(c)
                return
            add(c)
            yield item
    def step(*a, **k):
        c = _time.process_time()
        try:
            out = real(*a, **k)
        finally:
            add(c)
        return steps(out) if hasattr(out, "__next__") and hasattr(out, "send") else out
    setattr(owner, name, step)
for _m, _p, _l in [
    ("addrjp.mailing.run", "start_pool", "pool warm-up and fork"),
    ("addrjp.mailing.reader", "RegisterSource.chunks", "read"),
    ("addrjp.mailing.area", "AreaTally.add", "area: tally"),
    ("addrjp.mailing.area", "resolve_area", "area: settled"),
    ("addrjp.mailing.pipeline", "selection_part", "age rule"),
    ("addrjp.review.decisions", "fingerprints", "fingerprints (in start)"),
    ("addrjp.mailing.pipeline", "_name_rows|_name_outcomes", "names"),
    ("addrjp.mailing.pipeline", "_read_ahead", "read-ahead of readings"),
    ("addrjp.mailing.pipeline", "_Chunks.frame", "results gathered into frames"),
    ("addrjp.mailing.pipeline", "duplicates_input", "duplicates: input"),
    ("addrjp.quality.duplicates", "BlockedDuplicates.results", "duplicates: engine"),
    ("addrjp.mailing.pipeline", "CleanRun.finish_part", "finishing the rows"),
    ("addrjp.mailing.outputs", "Outputs.add", "mailing.csv + findings.csv"),
    ("addrjp.mailing.report", "report_parts", "report page"),
    ("addrjp.mailing.writer", "OutputFolder.publish", "publish"),
]:
    _timed(_m, _p, _l)
def _steps_report():
    for label, cpu in _spent.items():
        print(f"STEP {cpu:.4f} {label}", file=_sys.stderr)
    print(f"STEP {_time.process_time():.4f} this process in all", file=_sys.stderr)
_atexit.register(_steps_report)
"""


def _steps(stderr: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in stderr.splitlines():
        if line.startswith("STEP "):
            _, cpu, label = line.split(" ", 2)
            out[label] = out.get(label, 0.0) + float(cpu)
    return out


def _after_last_address(stderr: str) -> tuple[float, float] | None:
    """(wall, CPU of the main process) after the last addresses arrived, from a served child's stderr."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("AFTER_LAST_ADDRESS "):
            wall, cpu = line.split()[1:3]
            return float(wall), float(cpu)
    return None


def _register_file(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return _register(folder, rows)


def _spent_text(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def _spread(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.host_gauge import gauge_seconds, gauge_text
    from benchmarks.process_tree import child_env, load_average, measure

    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.bench_clean")
    ap.add_argument("--rows", type=int, nargs="+", default=[35_335])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None, help="--workers of the command (default: its own)")
    ap.add_argument("--no-address", action="store_true", help="the address stage served from a recorded table")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "addrjp-bench-registers"),
                    help="where the generated registers are kept between runs")
    ap.add_argument("--register", help="a register file to use instead of a generated one (one --rows)")
    ap.add_argument("--steps", action="store_true",
                    help="print the main process's CPU per step (medians; with --no-address)")
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    extra = [] if args.workers is None else ["--workers", str(args.workers)]
    per_row: dict[int, float] = {}
    for rows in args.rows:
        src = Path(args.register) if args.register else _register_file(folder, rows)
        out = folder / f"out_{rows}"
        cmd = [sys.executable, "-m", "addrjp", "clean", str(src), "--out", str(out), *CLEAN_ARGS, *extra]
        if args.no_address:
            table = folder / f"addresses_{rows}.pickle"
            if not table.exists():
                subprocess.run([sys.executable, "-c", _RECORD, str(table), "clean", str(src), "--out", str(out),
                                *CLEAN_ARGS, "--workers", "1"], check=True, cwd=ROOT, env=child_env())
            served = _SERVE.replace("from addrjp.cli.main import main", _STEPS + "from addrjp.cli.main import main") \
                if args.steps else _SERVE
            cmd = [sys.executable, "-c", served, str(table), "clean", str(src), "--out", str(out), *CLEAN_ARGS, *extra]
        before = load_average()
        runs, gauges = [], []
        for _ in range(args.runs):
            gauges.append(gauge_seconds())  # the host's speed at this run's minute
            runs.append(measure(cmd, env=child_env(), cwd=ROOT))
        after = load_average()
        bad = [m for m in runs if m.returncode]
        if bad:
            print(bad[0].stderr, file=sys.stderr)
            return 1
        cpu = [m.cpu for m in runs]
        per_row[rows] = statistics.median(cpu) / rows
        label = "minus the address stage" if args.no_address else "whole process"
        print(f"{rows:>10,} rows, {label}, {args.runs} runs: wall {_spread([m.wall for m in runs])} s  "
              f"cpu {_spread(cpu)} s  peak rss summed {_spread([m.peak_rss_mb for m in runs])} MB  "
              f"pss {statistics.median(m.peak_pss_mb for m in runs):.0f} MB  processes {runs[0].processes}  "
              f"cpu/row {per_row[rows] * 1e6:.1f} us  load {before:.2f} -> {after:.2f}")
        print(f"{'':>10}  {gauge_text(gauges)}")
        steps = [_steps(m.stderr) for m in runs]
        for label in steps[0] if steps and steps[0] else ():
            values = [st.get(label, 0.0) for st in steps]
            print(f"{'':>10}  step {label:<34} cpu {_spent_text(values)} s")
        tails = [t for m in runs if (t := _after_last_address(m.stderr)) is not None]
        if tails:
            print(f"{'':>10}  after the last address arrived: wall {_spread([w for w, _ in tails])} s  "
                  f"cpu (this process) {_spread([c for _, c in tails])} s")
    if len(per_row) > 1:
        small, large = min(per_row), max(per_row)
        print(f"cpu per row, {large:,} vs {small:,}: {per_row[large] / per_row[small]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
