"""Measuring a command as a whole: wall time, CPU of the process and all its children, and the peak memory
summed over every process of its tree (a development tool for the benchmarks, not part of the package).

A run of ``addrjp clean`` is one parent and, for large inputs, worker processes. ``RUSAGE_CHILDREN``'s
``ru_maxrss`` is the peak of the largest single process, not of the run; so the tree is sampled from
``/proc`` every :data:`INTERVAL` seconds and the resident set sizes (``VmRSS``) of its live processes are
summed. The sum counts a page shared by a parent and a forked child twice (as ``ps`` and the issue's "summed
over processes" do); the proportional set size (``Pss``, shared pages split between their users) is
sampled beside it for the record, but sparingly: reading ``smaps_rollup`` walks the whole page table of a
process, and at every 50 ms sample on a 1.4 GB run of two cores it took so much of a core that a 1M-row
``clean`` measured 91.7 s instead of 66 s unsampled. So a PSS sample waits :data:`PSS_SPACING` times as
long as the last one took (a few hundredths of a second on a ward's run, a few seconds on a million rows):
the sampler keeps to about 2 % of a core. Its own CPU is measured and printed beside the figures. CPU is user + system from ``wait4`` (the child and every descendant it
waited for, the workers included). Linux only.

>>> m = measure([sys.executable, "-c", "import time; x = bytearray(50_000_000); time.sleep(0.3)"])
>>> m.returncode, m.peak_rss_mb > 40, m.cpu >= 0
(0, True, True)
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.05
#: A sample of the proportional set sizes (``smaps_rollup``: costly on a large process) waits this many times
#: as long as the last one took.
PSS_SPACING = 50.0


@dataclass(frozen=True)
class Measured:
    """One run of a command: exit code, wall and CPU seconds, peak summed RSS and PSS (MB), stderr's end."""

    returncode: int
    wall: float
    cpu: float
    peak_rss_mb: float
    peak_pss_mb: float
    processes: int
    stderr: str
    #: CPU seconds this process spent sampling (taken from the machine's two cores beside the run)
    sampler_cpu: float = 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        out.extend(int(c) for c in text.split())
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int) -> int:
    """``VmRSS`` of *pid* in kB, from ``/proc/PID/statm`` (its second field, in pages): the same figure as
    ``status`` gives, at a fraction of the cost of that file."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _kb(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
            interval: float = INTERVAL, pss: bool = True, trace: str | Path | None = None,
            trace_every: float = 5.0, pss_spacing: float = PSS_SPACING) -> Measured:
    """Run *argv* to its end, sampling its process tree's memory; see the module's docstring. With *trace*,
    a line ``seconds rss_mb pss_mb processes`` is appended to that file every *trace_every* seconds (the
    memory curve of a long run)."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), env=dict(env) if env is not None else None, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = {"rss": 0, "pss": 0, "n": 0}
    done = threading.Event()

    cpu_before = time.process_time()

    def sample() -> None:
        last = -trace_every
        next_pss = 0.0
        pss_now = 0
        while not done.is_set():
            pids = _tree(proc.pid)
            rss = sum(_rss_kb(p) for p in pids)
            peak["rss"] = max(peak["rss"], rss)
            peak["n"] = max(peak["n"], len(pids))
            now = time.perf_counter() - started
            if pss and now >= next_pss:
                t = time.perf_counter()
                pss_now = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
                peak["pss"] = max(peak["pss"], pss_now)
                next_pss = now + pss_spacing * (time.perf_counter() - t)
            if trace is not None and now - last >= trace_every:
                last = now
                with open(trace, "a", encoding="ascii") as fh:
                    fh.write(f"{now:.1f} {rss / 1024:.0f} {pss_now / 1024:.0f} {len(pids)}\n")
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read() if proc.stderr else b""  # drains the pipe while the child runs
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.stderr:
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(proc.returncode, wall, usage.ru_utime + usage.ru_stime, peak["rss"] / 1024,
                    peak["pss"] / 1024, peak["n"], err.decode("utf-8", "replace")[-4000:],
                    time.process_time() - cpu_before)


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment for a measured child, with *extra* set: bytecode caching on
    (``PYTHONDONTWRITEBYTECODE`` removed), as in any installation — a package compiled from source at every
    start measures the compiler, not the package."""
    env = {**os.environ, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def load_average() -> float:
    """The one-minute load average (the machine's noise is stated with every figure)."""
    return os.getloadavg()[0]


if __name__ == "__main__":  # python3 -m benchmarks.process_tree [--trace FILE] [--interval S] CMD ARGS…
    args = sys.argv[1:]
    trace_file, every = None, INTERVAL
    while args[:1] in (["--trace"], ["--interval"]):
        if args[0] == "--trace":
            trace_file = args[1]
        else:
            every = float(args[1])  # a long run: sampling a large process's smaps costs CPU
        args = args[2:]
    m = measure(args, trace=trace_file, interval=every)
    print(f"exit {m.returncode}  wall {m.wall:.2f} s  cpu {m.cpu:.2f} s  peak rss {m.peak_rss_mb:.0f} MB  "
          f"pss {m.peak_pss_mb:.0f} MB  processes {m.processes}  (sampler cpu {m.sampler_cpu:.2f} s)")
    if m.returncode:
        print(m.stderr, file=sys.stderr)
