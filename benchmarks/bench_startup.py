"""Start-up of ``addrjp clean``: process start to the first row read (issue 16: ≤ 0.3 s, aim ≤ 0.15 s).

What is timed, each in a fresh process (median of ``--runs``, at least 10):

* ``python``: the interpreter alone, the floor no package can go under;
* ``import addrjp``: the lazy package;
* ``import polars``: the engine the reader hands the rows to, the floor of "first row read";
* ``first row read``: ``addrjp clean REGISTER --out DIR`` as the command runs it (interpreter start,
  ``import addrjp``, the command-line parser built, the options checked, the output folder checked) up to
  the moment the first chunk of the register's rows is read (:meth:`addrjp.mailing.reader.RegisterSource.chunks`): the process
  exits there, so nothing after the first rows is counted;

The first three exit with ``os._exit`` as soon as their work is done (no interpreter tear-down), like the
"first row read" child, so the figures compare.
* ``first address sent`` (with ``--dispatch REGISTER``, a register large enough for the worker pool, e.g.
  the 35,335-row reference): ``addrjp clean REGISTER`` from the spawn until the first of its addresses is
  handed to the worker pool (the process exits there): start-up, the warm-up and the fork, the read, and
  what the run does before its workers have anything to do;
* ``clean, 20 rows``: the whole command on a 20-row register (start-up plus the data loads the first row's
  validation needs: postal index, town master, readings), for comparison;
* ``first row read, base`` (with ``--base COMMIT``): the same "first row read" child run on COMMIT's tree
  (a ``git archive`` of this checkout, with a home of its own), turn by turn with the rest. The host's speed
  moves through the day (:mod:`benchmarks.host_gauge`), so an issue's figure in seconds is set beside the code
  it measured run in the same minutes: ``--base 1da5c24 --issue-seconds 0.5`` prints issue 16's host factor
  (its ~0.5 s over the base's time now) and this tree's first row read at that day's speed. A tree that read
  the whole register at once is timed to the end of that read.

Bytecode caching is on in the children (``PYTHONDONTWRITEBYTECODE`` removed), as in any installation: a
package compiled from source at every start measures the compiler, not the package. Each figure is the wall time measured by this process around the child (spawn to exit) and the child's CPU
time (user + system, from ``wait4``), which is steadier than wall time on a shared machine. The noise is
stated as the interquartile range and the load average before and after.

Run: ``python3 -m benchmarks.bench_startup`` (``--runs 15``, ``--json`` for a machine-readable line,
``--dispatch /work/ref35/R35.csv`` for the first address sent). The host's speed
(:mod:`benchmarks.host_gauge`) is read before and after and printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The child for "first row read": the CLI exactly as installed, with the reader's chunks wrapped to exit once
#: the first chunk of rows is read and checked. The reader module is imported first only to wrap it (the command imports it before reading).
_FIRST_ROW = """
import os, sys
import addrjp.mailing.reader as reader
if hasattr(reader, "RegisterSource"):
    _chunks = reader.RegisterSource.chunks
    def chunks(self):
        for chunk in _chunks(self):
            if chunk.height < 1:
                os._exit(3)
            sys.stdout.flush()
            os._exit(0)
        os._exit(3)
    reader.RegisterSource.chunks = chunks
else:  # an earlier tree (--base), which read the whole register at once
    _read = reader.read_register
    def read_register(*args, **kwargs):
        if _read(*args, **kwargs).rows < 1:
            os._exit(3)
        sys.stdout.flush()
        os._exit(0)
    reader.read_register = read_register
from addrjp.cli.main import main
main(sys.argv[1:])
os._exit(4)  # the register's rows were never read
"""

#: The child for "first address sent": the CLI as installed, exiting when the first addresses go to the pool.
_FIRST_DISPATCH = """
import os, sys
import addrjp.mailing.workers as workers
def submit(self, func, *args):
    sys.stdout.flush()
    os._exit(0)
workers.WorkerPool.submit = submit
from addrjp.cli.main import main
main(sys.argv[1:])
os._exit(5)  # no address went to the pool (a register too small for it, or --workers 1)
"""

_REGISTER = (
    "id,name,postal_code,address,address2,birthdate\n"
    "R1,新宿　太郎,160-0023,東京都新宿区西新宿2-8-1,,1940-01-01\n"
    "R2,新宿　花子,162-0051,東京都新宿区西早稲田2-1-5,,1941-02-02\n"
)


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])}…: exit {proc.returncode}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls = sorted(w for w, _ in samples)
    cpus = sorted(c for _, c in samples)
    q = statistics.quantiles(walls, n=4) if len(walls) >= 4 else [walls[0], walls[0], walls[-1]]
    return {"wall_median": statistics.median(walls), "wall_q1": q[0], "wall_q3": q[2],
            "wall_min": walls[0], "cpu_median": statistics.median(cpus)}


def measure(runs: int = 15, *, python: str = sys.executable, dispatch: Path | None = None,
            base: Path | None = None) -> dict[str, dict[str, float]]:
    """The figures of each case, interleaved run by run so that a burst of load hits all cases alike.
    *base*: the ``src`` folder of an earlier tree (``--base``), whose "first row read" is timed beside."""
    from benchmarks.process_tree import child_env

    with tempfile.TemporaryDirectory(prefix="addrjp-startup-") as tmp:
        reg = Path(tmp) / "register.csv"
        reg.write_bytes(_REGISTER.encode("cp932"))
        reg20 = Path(tmp) / "register20.csv"
        subprocess.run([python, "-m", "benchmarks.synth_register", "--rows", "20", "--seed", "7", "--out",
                        str(reg20), "--encoding", "cp932"], cwd=ROOT, check=True)
        env = child_env(ADDRJP_CACHE_DIR=os.environ.get("ADDRJP_CACHE_DIR", str(Path(tmp) / "cache")))
        out = str(Path(tmp) / "out")  # never created: the first-row child exits before writing
        out20 = str(Path(tmp) / "out20")
        cases = {
            "python": [python, "-c", "import os; os._exit(0)"],
            "import addrjp": [python, "-c", "import os, addrjp; os._exit(0)"],
            "import polars": [python, "-c", "import os, polars; os._exit(0)"],
            "first row read": [python, "-c", _FIRST_ROW, "clean", str(reg), "--out", out, "--quiet"],
            "clean, 20 rows": [python, "-m", "addrjp", "clean", str(reg20), "--out", out20, "--quiet",
                               "--force"],
        }
        if dispatch is not None:
            cases["first address sent"] = [python, "-c", _FIRST_DISPATCH, "clean", str(dispatch), "--out",
                                           str(Path(tmp) / "out_dispatch"), "--quiet", "--force"]
        envs = {name: env for name in cases}
        if base is not None:  # its own home and cache: a cache it builds never meets this tree's
            cases["first row read, base"] = cases["first row read"]
            envs["first row read, base"] = child_env(PYTHONPATH=str(base), HOME=str(Path(tmp) / "base-home"),
                                                     ADDRJP_CACHE_DIR=str(Path(tmp) / "base-cache"))
            _run(cases["clean, 20 rows"], envs["first row read, base"])  # its bytecode and cache, untimed
        _run(cases["clean, 20 rows"], env)  # builds the town master cache once, outside the timings
        samples: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
        for _ in range(runs):
            for name, argv in cases.items():
                samples[name].append(_run(argv, envs[name]))
                # the first-row child ends inside the run's temporary output folder: removed here, untimed,
                # so that the next child does not time the removal of a stale one
                for left in Path(tmp).glob(".out.tmp-*"):
                    shutil.rmtree(left, ignore_errors=True)
    return {name: _summary(s) for name, s in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="fresh processes per case (at least 10)")
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of the table")
    ap.add_argument("--dispatch", type=Path, metavar="REGISTER",
                    help="also time process start to the first address sent to the workers for REGISTER (large "
                         "enough for the worker pool: ~8,000 rows or more, e.g. the 35,335-row reference)")
    ap.add_argument("--base", metavar="COMMIT",
                    help="also time the first row read of COMMIT's tree (a git archive of this checkout), turn by "
                         "turn with the rest: issue 16's baseline is 1da5c24")
    ap.add_argument("--issue-seconds", type=float, default=0.5,
                    help="with --base, the base's figure as the issue quotes it (issue 16: ~0.5 s): the host "
                         "factor of that day and this tree's first row read at that day's speed are printed")
    args = ap.parse_args(argv)
    if args.runs < 10:
        ap.error("--runs: at least 10")
    if args.dispatch is not None and not args.dispatch.is_file():
        ap.error(f"--dispatch: no such file: {args.dispatch}")
    from benchmarks.host_gauge import gauge_seconds, gauge_text

    load_before = os.getloadavg()[0]
    gauges = [gauge_seconds() for _ in range(2)]
    with tempfile.TemporaryDirectory(prefix="addrjp-startup-base-") as exported:
        base = None
        if args.base:
            from benchmarks.against_baseline import export

            base = export(args.base, Path(exported)) / "src"
        figures = measure(args.runs, dispatch=args.dispatch.resolve() if args.dispatch else None, base=base)
    gauges += [gauge_seconds() for _ in range(2)]
    load_after = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"runs": args.runs, "load": [load_before, load_after], "host_gauge": gauges,
                          "cases": figures}))
        return 0
    print(f"{args.runs} fresh processes per case; load average {load_before:.2f} before, {load_after:.2f} after "
          f"({os.cpu_count()} cores)")
    print(f"  {'case':<20}{'wall median':>12}{'IQR':>18}{'min':>9}{'CPU median':>12}")
    for name, f in figures.items():
        print(f"  {name:<20}{f['wall_median']:>11.3f}s  {f['wall_q1']:.3f}–{f['wall_q3']:.3f} s"
              f"{f['wall_min']:>8.3f}s{f['cpu_median']:>11.3f}s")
    if args.base:
        now, then = figures["first row read, base"]["wall_median"], args.issue_seconds
        factor = then / now
        print(f"  the issue's day: base {args.base} {then:.3f} s then, {now:.3f} s now -> host factor {factor:.2f}; "
              f"first row read at that day's speed {figures['first row read']['wall_median'] * factor:.3f} s")
    print(f"  {gauge_text(gauges)}, before and after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
