"""Where a run's time goes (実行の時間割): a timeline of one ``addrjp`` command, the parent's steps and the
workers' chunks (a development tool, not part of the package).

The command runs in a fresh child process (bytecode caching on, as installed), with the run-level functions
of the pipeline wrapped: each call's start and end (``time.monotonic``, shared by the processes of a run),
and at its end the process's user and system CPU and minor page faults (``getrusage``: all its threads, so
polars' pool counts). The address stage (``address_stage._address_outcomes``) is wrapped before the pool
forks, so each worker times its own chunks. Printed: the parent's calls in order (start, end, wall, and the
CPU and faults its process had used by the call's end), each worker's chunks (count, first start, last end,
busy time), and the run's phases — the front (process start to the first address in a worker), the
workers' span, the tail (the last address's end to the run's end) and the write phase (first
``finish_part`` to ``Outputs.finish``).

Run: ``python3 -m benchmarks.timeline -- clean R35.csv --out DIR --force --quiet --min-age 77 --as-of
2026-09-15``; ``--src DIR/src`` runs another tree (``git archive COMMIT src data | tar -x -C DIR``) for an A/B
pair taken turn by turn; ``--log FILE`` keeps the raw events.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: The functions timed in the parent: (module, attribute path).
STEPS: tuple[tuple[str, str], ...] = (
    ("addrjp.mailing.run", "start_pool"),
    ("addrjp.mailing.reader", "open_register"),
    ("addrjp.mailing.area", "resolve_area"),
    ("addrjp.mailing.ahead", "AheadWork.offer"),
    ("addrjp.mailing.pipeline", "CleanRun.start"),
    ("addrjp.mailing.pipeline", "CleanRun.complete"),
    ("addrjp.mailing.pipeline", "CleanRun.duplicate_parts"),
    ("addrjp.mailing.pipeline", "CleanRun.finish_part"),
    ("addrjp.mailing.outputs", "Outputs.add"),
    ("addrjp.mailing.outputs", "Outputs.finish"),
    ("addrjp.mailing.writer", "OutputFolder.publish"),
)

_CHILD = r"""
import importlib, os, resource, sys, time
T0 = time.monotonic()
log = open(sys.argv[1], "a", buffering=1)
def event(kind, name, a, b):
    r = resource.getrusage(resource.RUSAGE_SELF)
    log.write(f"{os.getpid()}\t{kind}\t{name}\t{a - T0:.4f}\t{b - T0:.4f}\t{r.ru_utime:.3f}\t{r.ru_stime:.3f}\t{r.ru_minflt}\n")
event("P", "start", T0, T0)
def wrap(module, path):
    owner = importlib.import_module(module)
    *outer, attr = path.split(".")
    for name in outer:
        owner = getattr(owner, name)
    real = getattr(owner, attr)
    def timed(*args, **kwargs):
        s = time.monotonic()
        try:
            return real(*args, **kwargs)
        finally:
            event("F", path, s, time.monotonic())
    setattr(owner, attr, timed)
import addrjp.mailing.address_stage as stage
import addrjp.mailing.run as run
real_stage = stage._address_outcomes
def chunk(keys, opts):
    s = time.monotonic()
    out = real_stage(keys, opts)
    event("W", f"chunk of {len(keys)}", s, time.monotonic())
    return out
stage._address_outcomes = chunk  # looked up there by the chunks' jobs and the work ahead
run._address_outcomes = chunk  # the warm-up's
s = time.monotonic()
import polars
event("F", "import polars", s, time.monotonic())
for module, path in __STEPS__:
    wrap(module, path)
from addrjp.cli.main import main
code = main(sys.argv[2:])
event("P", "end", time.monotonic(), time.monotonic())
log.flush()
os._exit(code)
"""


def run_timeline(command: Sequence[str], *, src: str | None = None, log: Path | None = None) -> list[list[str]]:
    """Run ``addrjp COMMAND`` in a child with the steps timed; returns the events (tab-separated fields)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        path = log or Path(tmp) / "events.tsv"
        path.write_text("")
        child = _CHILD.replace("__STEPS__", repr(STEPS))
        proc = subprocess.run([sys.executable, "-c", child, str(path), *command], env=env)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"addrjp {' '.join(command[:1])} exited {proc.returncode}")
        return [line.split("\t") for line in path.read_text().splitlines()]


def report(events: Sequence[Sequence[str]]) -> str:
    """The timeline as text: the parent's calls, the workers' chunks and the phases."""
    parent = events[0][0]
    lines = [f"{'start':>8} {'end':>8} {'wall':>7}  {'call':32} {'user':>7} {'sys':>6} {'faults':>8}"]
    calls = []
    for pid, _kind, name, a, b, user, system, faults in events:
        if pid == parent:
            calls.append((name, float(a), float(b)))
            lines.append(f"{float(a):8.3f} {float(b):8.3f} {float(b) - float(a):7.3f}  {name:32} {float(user):7.3f} "
                         f"{float(system):6.3f} {int(faults):8d}")
    chunks: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    for pid, kind, _, a, b, *_ in events:
        if kind == "W" and pid != parent:
            chunks[pid].append((float(a), float(b)))
    for pid, spans in chunks.items():
        lines.append(f"worker {pid}: {len(spans)} chunks, first {min(a for a, _ in spans):.3f} s, last "
                     f"{max(b for _, b in spans):.3f} s, busy {sum(b - a for a, b in spans):.3f} s")
    end = next(b for name, _, b in calls if name == "end")
    if chunks:
        first = min(a for spans in chunks.values() for a, _ in spans)
        last = max(b for spans in chunks.values() for _, b in spans)
        lines.append(f"front {first:.3f} s (to the first address in a worker); workers {last - first:.3f} s; "
                     f"tail {end - last:.3f} s (the last address to the end)")
    finishes = [a for name, a, _ in calls if name == "CleanRun.finish_part"]
    written = [a for name, a, _ in calls if name == "Outputs.finish"]
    if finishes and written:
        lines.append(f"write phase {written[0] - finishes[0]:.3f} s (the first finish_part to Outputs.finish)")
    lines.append(f"run {end:.3f} s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.timeline", description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", help="another tree's src folder to run instead of this one (PYTHONPATH)")
    ap.add_argument("--log", type=Path, help="keep the raw events in this file")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- and the addrjp command, e.g. -- clean R.csv --out D")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the addrjp command after --")
    print(report(run_timeline(command, src=args.src, log=args.log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
