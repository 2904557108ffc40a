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

``--compare DIR`` runs a second tree beside this one, interleaved run by run (``DIR/src`` first on the child's
``PYTHONPATH``, e.g. main's code from ``git -C /work/main archive HEAD src data | tar -x -C DIR``): on a shared
machine the ratio of the two, taken in the same minutes, is steadier than either rate. The other tree runs with a
home folder of its own (``DIR/.home``: a tree that built its town master into the user's cache keeps it there);
its ``area=13104`` cases are left out where its parser takes no area (1da5c24, the code issue 16 measured).

Run: ``python -m benchmarks.bench_parse_throughput [--rows 35335] [--runs 5] [--compare DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import inspect, json, sys, time
c0 = time.process_time()
from addrjp.address.parse import parse_address
from addrjp.address.towns import load_town_master
load_town_master()
c1 = time.process_time()
rows = json.load(open(sys.argv[1], encoding="utf-8"))
area = sys.argv[2] or None
kw = {"area": area} if area else {}
if kw and "area" not in inspect.signature(parse_address).parameters:  # a tree from before the area
    print(json.dumps({"load": c1 - c0, "parse": 0.0, "wall": 0.0, "n": 0}))
    sys.exit(0)
t2, c2 = time.perf_counter(), time.process_time()
for text, code in rows:
    parse_address(text, postal_code=code, **kw)
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


def run_case(path: Path, area: str, src: Path | None = None) -> dict[str, float]:
    """One child process: *path*'s addresses parsed once with *area*, by this tree or by *src* (a tree's
    ``src`` folder put first on ``PYTHONPATH``)."""
    env = None
    if src is not None:  # its own home: a tree that builds a cache there never meets this user's
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])),
                   HOME=str(src.parent / ".home"))
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), area], check=True, capture_output=True,
                         text=True, cwd=ROOT, env=env)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _summary(res: list[dict[str, float]]) -> tuple[float, float, float, float, float]:
    rates = [r["n"] / r["parse"] for r in res]
    wall = statistics.median(r["n"] / r["wall"] for r in res)
    load = statistics.median(r["load"] for r in res) * 1000
    return statistics.median(rates), min(rates), max(rates), wall, load


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=35335)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--compare", type=Path, default=None, metavar="DIR",
                    help="another tree (DIR/src) run interleaved with this one, e.g. main's code")
    args = ap.parse_args(argv)
    cases = corpora(args.rows, args.seed)
    other = args.compare.resolve() / "src" if args.compare is not None else None
    run_case_warm = True
    print(f"{'case':22} {'n':>6} {'addr/s (CPU)':>13} {'min–max':>19} {'addr/s (wall)':>14} {'load ms':>8}"
          + (f" {'compare':>9} {'min–max':>19} {'ratio':>6}" if other else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in cases.items():
            path = Path(tmp) / f"{name}.json"
            path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            if run_case_warm:  # the town master's disk cache is written if it was missing
                run_case(path, "")
                if other is not None:
                    run_case(path, "", other)
                run_case_warm = False
            for area in ("", "13104"):
                res: list[dict[str, float]] = []
                cmp: list[dict[str, float]] = []
                for _ in range(args.runs):  # interleaved: both trees see the same minutes of the machine
                    res.append(run_case(path, area))
                    if other is not None:
                        cmp.append(run_case(path, area, other))
                median, low, high, wall, load = _summary(res)
                label = name + (" area=13104" if area else "")
                line = f"{label:22} {len(items):6d} {median:13,.0f} {low:9,.0f}–{high:9,.0f} {wall:14,.0f} {load:8.0f}"
                if cmp and all(r["n"] for r in cmp):
                    c_median, c_low, c_high, _w, _l = _summary(cmp)
                    line += f" {c_median:9,.0f} {c_low:9,.0f}–{c_high:9,.0f} {median / c_median:6.2f}"
                elif cmp:
                    line += f" {'—':>9} {'(no area in that tree)':>19}"
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
