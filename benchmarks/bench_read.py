"""The read phase of ``addrjp clean`` alone (読み込み): a register opened and every chunk read and checked, in a
fresh process, measured as a whole (wall, CPU, peak RSS and PSS: :mod:`benchmarks.process_tree`).

The read streams a CSV in blocks (:mod:`addrjp.mailing.stream`); its memory must not grow with the file
beyond the chunk it holds (and every row's id, kept for the uniqueness check). Run on a large register::

    python3 -m benchmarks.bench_read /tmp/memory/reg10m.csv --runs 1 --trace /tmp/read.trace
    python3 -m benchmarks.bench_read reg1m.csv --runs 3 --block-bytes 65536

Prints medians (min–max) over *runs* fresh processes and the load average before and after (the noise).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Sequence

#: The child: the register read as ``clean`` reads it, every chunk checked and let go.
_CHILD = """
import sys
from addrjp.mailing.reader import open_register
source = open_register(sys.argv[1], block_bytes=int(sys.argv[2]))
rows = sum(chunk.height for chunk in source.chunks())
assert rows == source.rows
"""


def _spread(values: Sequence[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main(argv: Sequence[str] | None = None) -> int:
    from addrjp.mailing.stream import BLOCK_BYTES
    from benchmarks.process_tree import load_average, measure

    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.bench_read")
    ap.add_argument("register")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--block-bytes", type=int, default=BLOCK_BYTES)
    ap.add_argument("--trace", help="append the memory curve (seconds, RSS MB, PSS MB, processes) to this file")
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between samples of the process")
    args = ap.parse_args(argv)
    cmd = [sys.executable, "-c", _CHILD, args.register, str(args.block_bytes)]
    before = load_average()
    runs = [measure(cmd, trace=args.trace, interval=args.interval, trace_every=1.0) for _ in range(args.runs)]
    after = load_average()
    bad = [m for m in runs if m.returncode]
    if bad:
        print(bad[0].stderr, file=sys.stderr)
        return 1
    print(f"read {args.register} ({args.runs} runs, blocks of {args.block_bytes:,} bytes): "
          f"wall {_spread([m.wall for m in runs])} s  cpu {_spread([m.cpu for m in runs])} s  "
          f"peak rss {_spread([m.peak_rss_mb for m in runs], '{:.0f}')} MB  "
          f"pss {_spread([m.peak_pss_mb for m in runs], '{:.0f}')} MB  load {before:.2f} -> {after:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
