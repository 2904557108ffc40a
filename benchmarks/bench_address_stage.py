"""The address stage (住所の処理段, what ``clean`` does per distinct address): CPU µs per distinct key, split
into the parser and everything else.

The stage is ``addrjp.mailing.address_stage._address_outcomes`` in one process (no workers) over the distinct
(postal code, address, address2) keys of a synthetic 新宿区 register
(``benchmarks.synth_register.generate(--rows, seed=--seed)``), area 13104, barcode on — what each worker
of ``addrjp clean`` runs. Each run is a **new process**: it imports addrjp, loads the town master, runs the
stage on the first 200 keys (imports, first-use tables, as ``run.py``'s warm-up before the pool forks), then
measures the rest once (first pass: the parser's whole-string cache never hits on distinct strings). The
time inside ``parse_lines`` (a record's lines, called by ``record.py``) and ``parse_address`` (other parses:
a corrected town, an office's address) is taken by a thin wrapper (≈0.3 µs a call, the outermost call
only), the rest is the stage minus that.
CPU time of the process (``time.process_time``), median and spread (min–max) of ``--runs`` runs, and the
load average before and after: on a shared machine the spread is the noise, and the ratio rest/parse (the
parser is not changed by this stage's work) is steadier than either figure.

Target (issue 16): everything but the parse at least 3× cheaper per key than at the merge base (~170 µs on
the quiet 2-core machine → ≤ 55 µs).

Run: ``python -m benchmarks.bench_address_stage [--rows 35335] [--seed 1] [--runs 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, sys, time
from benchmarks.synth_register import generate
rows = generate(int(sys.argv[1]), seed=int(sys.argv[2])).rows
keys = list(dict.fromkeys((code, address, address2) for _i, _n, code, address, address2, _b in rows))
import addrjp.address.parse as P
import addrjp.quality.record as R
from addrjp.address.towns import load_town_master
from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.options import Options
load_town_master()
opts = Options(area="13104")
_address_outcomes(keys[:200], opts)
keys = keys[200:]
clock = time.process_time_ns
spent = [0, 0]
depth = [0]
def wrapped(direct):
    def timed(*args, **kwargs):  # the outermost parse only (parse_lines may call parse_address)
        depth[0] += 1
        t = clock()
        try:
            return direct(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[0] += clock() - t
                spent[1] += 1
    return timed
P.parse_address = R.parse_address = wrapped(P.parse_address)
R.parse_lines = wrapped(P.parse_lines)  # the record's lines (record.py calls it directly)
t = clock()
_address_outcomes(keys, opts)
total = clock() - t
print(json.dumps({"keys": len(keys), "total": total / len(keys) / 1e3, "parse": spent[0] / len(keys) / 1e3,
                  "calls": spent[1]}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=35335)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", _CHILD, str(args.rows), str(args.seed)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        r["rest"] = r["total"] - r["parse"]
        runs.append(r)

    def fig(key: str) -> str:
        values = [r[key] for r in runs]
        return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"

    ratio = statistics.median(r["rest"] / r["parse"] for r in runs)
    print(f"address stage, {runs[0]['keys']:,} distinct keys, {runs[0]['calls']:,} parse calls, {args.runs} runs, "
          f"CPU µs per key, median (min–max): total {fig('total')}  parse {fig('parse')}  rest {fig('rest')}  "
          f"rest/parse {ratio:.2f}  load {load:.1f} -> {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
