"""Instructions of the address stage per distinct key (命令数, a figure the machine's load does not move).

Runs ``addrjp.mailing.address_stage._address_outcomes`` in one process over *n* distinct keys of a register
(default the 35k reference, ``/work/ref35/R35.csv``, CP932) after the same warm-up as ``run.py``'s (the
first 200 keys: imports, first-use tables), ``Options(area=13104)``. Under ``valgrind --tool=callgrind`` the
difference between a run with *n* keys and one with none is the stage's instructions for those keys
(``PYTHONHASHSEED=0``: stable to < 1 % run to run). ``--compare SRC`` runs the same against another source
tree (``git archive main src data | tar -x -C DIR``; ``DIR/src``) for an A/B pair.

Run: ``python -m benchmarks.count_address_stage [--keys 3000] [--register R35.csv] [--compare DIR/src]``
(needs valgrind; without it, ``--child N`` just runs the stage on N keys).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGISTER = "/work/ref35/R35.csv"
WARM = 200


def _child(register: str, n: int) -> None:
    from addrjp.address.towns import load_town_master
    from addrjp.mailing.address_stage import _address_outcomes
    from addrjp.mailing.options import Options

    with open(register, encoding="cp932", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keys = list(dict.fromkeys((r["postal_code"], r["address"], r["address2"]) for r in rows))
    load_town_master()
    opts = Options(area="13104")
    _address_outcomes(keys[:WARM], opts)
    _address_outcomes(keys[WARM:WARM + n], opts)


def _env(src: str) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": src}


def _compiled(src: str, register: str) -> None:
    """The tree's modules imported once outside the count, so that their bytecode is cached: otherwise the
    first counted run (the one with keys) compiles what it imports and the run without reads it back, and
    the difference counts the compiler (+~25 % a key seen after an edit)."""
    subprocess.run([sys.executable, "-m", "benchmarks.count_address_stage", "--child", "0", "--register", register],
                   cwd=ROOT, env=_env(src), capture_output=True, check=True)


def _instructions(src: str, register: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(src)
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", sys.executable, "-m",
             "benchmarks.count_address_stage", "--child", str(n), "--register", register],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise SystemExit("callgrind gave no count")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keys", type=int, default=3000)
    ap.add_argument("--register", default=REGISTER)
    ap.add_argument("--compare", help="another tree's src directory, counted the same way")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        _child(args.register, args.child)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    trees = [("this tree", str(ROOT / "src"))] + ([("compare", args.compare)] if args.compare else [])
    for name, src in trees:
        _compiled(src, args.register)
        total = _instructions(src, args.register, args.keys)
        base = _instructions(src, args.register, 0)
        print(f"{name}: {(total - base) / args.keys:,.0f} instructions a key ({args.keys} keys after {WARM})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
