"""The host's speed at this minute (計測時の機械の速さ): a fixed pure-Python loop's CPU time.

The project's machine class is a VM whose host gives it more or less speed from one minute to the next, quiet
or not (on 2026-12-02 the same loop took 0.18 s and 0.30 s of CPU three minutes apart with nothing else
running, and no steal time in ``/proc/stat``). A wall or CPU figure of ``addrjp`` is only comparable with
another taken at the same gauge, so the benchmarks print the gauge beside their figures (taken before each
run, in this process: its CPU time, which the load does not inflate the way it does wall time).

The loop is interpreter work of the kind the address stage does (a regular expression, a dict, a short
string built and read): it moves with the host's speed as ``addrjp`` does, not with the load of other
processes.

Run alone: ``python3 -m benchmarks.host_gauge`` (five readings and their median).

>>> gauge_seconds(loops=2_000) > 0
True
"""

from __future__ import annotations

import re
import statistics
import time

_PATTERN = re.compile(r"(\d+)(?:丁目|-)(\d+)(?:番地?|-)?(\d+)?")

#: Loops of one reading (~0.2–0.3 s of CPU on the project's machine class).
LOOPS = 100_000


def gauge_seconds(loops: int = LOOPS) -> float:
    """CPU seconds of *loops* rounds of the fixed work, in this process."""
    counts: dict[str, int] = {}
    started = time.process_time()
    for i in range(loops):
        text = f"西新宿{i % 9}丁目{i % 31}-{i % 7}"
        m = _PATTERN.search(text)
        counts[text[:5]] = counts.get(text[:5], 0) + (len(m.groups()) if m else 0)
        [c for c in text if c.isdigit()]
    return time.process_time() - started


def gauge_text(readings: list[float]) -> str:
    """One line for a benchmark's output: the median gauge and its range."""
    return (f"host gauge {statistics.median(readings):.3f} s ({min(readings):.3f}–{max(readings):.3f}, "
            f"{len(readings)} readings; lower is a faster host)")


def main() -> int:
    readings = [gauge_seconds() for _ in range(5)]
    print(gauge_text(readings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
