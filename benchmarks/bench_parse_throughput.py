"""Parse throughput (住所解析の処理速度): distinct addresses per second, first pass, fresh process, one core.

Corpus: the distinct addresses of a 35,335-row synthetic 新宿区 register
(``benchmarks.synth_register.generate(35335, seed=1)``), in three forms:

- ``full``: 東京都新宿区 + the address from the town down;
- ``town``: the address from the town down (東京都, 新宿区 and the spaces before the town stripped), as a
  ward's own extract writes it — with and without ``area="13104"`` as context;
- the same with the register's postal code as context (``+code``), as ``validate_record`` passes it.

Each case runs in a **new Python process** (``python -c``), so nothing is cached: the process imports
addrjp, loads the town master from its disk cache (``load`` column: CPU ms of import + load, what every CLI run pays)
and parses every distinct address once (``parse_address``, whose whole-string cache never hits on
distinct strings; the width, variant and town-master section caches start empty). The rate is distinct
addresses / parse seconds of the process's CPU time (``time.process_time``: one core, and on a shared
machine much steadier than the wall clock, which is reported beside it); each case is run ``--runs`` times
(default 5) and the median reported with the spread (min–max), which is the noise.

Target (issue 12, issue 16): at least 30,000 distinct addresses/s on one core in every case, aim 100,000;
the town-down forms about as fast as the full ones.

Run: ``python -m benchmarks.bench_parse_throughput [--rows 35335] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, sys, time
c0 = time.process_time()
from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
load_town_master()
c1 = time.process_time()
rows = json.load(open(sys.argv[1], encoding="utf-8"))
area = sys.argv[2] or None
t2, c2 = time.perf_counter(), time.process_time()
for text, code in rows:
    parse_address(text, postal_code=code, area=area)
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"load": c1 - c0, "parse": c3 - c2, "wall": t3 - t2, "n": len(rows)}))
"""

_HEAD = re.compile(r"^(?:東京都)?[\s\u3000]*(?:新宿区)?[\s\u3000]*")


def corpora(rows: int, seed: int) -> dict[str, list[tuple[str, str | None]]]:
    """The distinct (address, postal code) pairs of each form."""
    from benchmarks.synth_register import generate

    synth = generate(rows, seed=seed)
    town_down: dict[str, str] = {}
    for row in synth.rows:
        address, code = row[3], row[2]
        town_down.setdefault(_HEAD.sub("", address), code)
    town_only = [(t, None) for t in town_down]
    return {
        "full": [("東京都新宿区" + t, None) for t, _ in town_only],
        "town": town_only,
        "full+code": [("東京都新宿区" + t, c or None) for t, c in town_down.items()],
        "town+code": [(t, c or None) for t, c in town_down.items()],
    }


def run_case(path: Path, area: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), area], check=True, capture_output=True,
                         text=True, cwd=ROOT)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=35335)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    cases = corpora(args.rows, args.seed)
    run_case_warm = True
    print(f"{'case':22} {'n':>6} {'addr/s (CPU)':>13} {'min–max':>19} {'addr/s (wall)':>14} {'load ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in cases.items():
            path = Path(tmp) / f"{name}.json"
            path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            if run_case_warm:  # the town master's disk cache is written if it was missing
                run_case(path, "")
                run_case_warm = False
            for area in ("", "13104"):
                res = [run_case(path, area) for _ in range(args.runs)]
                rates = [r["n"] / r["parse"] for r in res]
                wall = statistics.median(r["n"] / r["wall"] for r in res)
                load = statistics.median(r["load"] for r in res) * 1000
                label = name + (" area=13104" if area else "")
                print(f"{label:22} {len(items):6d} {statistics.median(rates):13,.0f} "
                      f"{min(rates):9,.0f}–{max(rates):9,.0f} {wall:14,.0f} {load:8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
