"""The area of a run on register-like extracts: rows written from the town down (舟町26-203, no 東京都新宿区),
their postal codes missing, malformed or wrong, cleaned with the area given, inferred, and off.

The synthetic Shinjuku register (:mod:`benchmarks.synth_register`, ``town_down=``) marks those rows
``area.town_down`` in its truth. For each way of giving the area, :func:`addrjp.mailing.pipeline.clean_frame`
runs on the whole register and, per kind of postal code (right, missing, malformed, wrong), this counts:

- **fixed, right code**: the row is printed (ok or fixed) with the truth's postal code (target: every row
  with a bad code ``fixed``; every row with the right one ok or fixed);
- **wrong code printed**: printed with another postal code (target: 0);
- **held** and the most frequent findings of the held rows (before the parser reads a town in the area:
  ``address.city_unknown``).

Also: the area the run used (``auto``: inferred from the register) and, over all rows, printed rows whose
postal code is not the truth's.

Run: ``python3 -m benchmarks.eval_area --rows 35335 --seed 1 --town-down 0.3``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import polars as pl

from addrjp.mailing.area import describe_area, resolve_area
from addrjp.mailing.pipeline import Options, clean_frame
from benchmarks.synth_register import ROWS_HEADER, TOWN_DOWN, TRUTH_HEADER, generate

PRINTED = ("ok", "fixed", "review")
KINDS = ("right", "postal.missing", "postal.malformed", "postal.mismatch")
#: area values compared: off (the figures before this option), given, inferred
AREAS: dict[str, str | None] = {"off": None, "given 13104": "13104", "inferred": "auto"}


def _kind(fault_classes: str) -> str | None:
    faults = fault_classes.split(";")
    if TOWN_DOWN not in faults:
        return None
    return next((f for f in faults if f in KINDS), "right")


def evaluate(rows: int, seed: int, town_down: float, bad_postal: float = 0.5,
             areas: dict[str, str | None] = AREAS) -> dict[str, Any]:
    """Counts per area setting and postal kind; see the module text."""
    synth = generate(rows, seed=seed, town_down=town_down, town_down_bad_postal=bad_postal)
    df = pl.DataFrame(synth.rows, schema=list(ROWS_HEADER), orient="row")
    truth = [dict(zip(TRUTH_HEADER, t, strict=True)) for t in synth.truth]
    out: dict[str, Any] = {"rows": rows, "seed": seed, "town_down": town_down, "settings": {}}
    for label, area in areas.items():
        opts = resolve_area(df, Options(area=area))
        start = time.perf_counter()
        result = clean_frame(df, opts)
        seconds = time.perf_counter() - start
        counts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
        wrong_all = 0
        for row, t in zip(result.iter_rows(named=True), truth, strict=True):
            printed = row["status"] in PRINTED
            right_code = row["postal_code_out"] == t["expected_postal_code"]
            if printed and t["expected_postal_code"] and not t["duplicate_kind"] and not right_code:
                wrong_all += 1
            kind = _kind(t["fault_classes"])
            if kind is None:
                continue
            c = counts[kind]
            c["n"] += 1
            c[row["status"]] += 1
            c["fixed_right"] += row["status"] == "fixed" and right_code
            c["printed_right"] += printed and right_code
            c["wrong_printed"] += printed and not right_code
            if row["status"] == "hold":
                for code in row["findings"].split(";"):
                    c["finding:" + code] += 1
        out["settings"][label] = {"area": describe_area(opts.for_manifest()), "seconds": round(seconds, 1),
                                  "kinds": {k: dict(v) for k, v in counts.items()},
                                  "wrong_code_printed_all_rows": wrong_all}
    return out


def report(res: dict[str, Any]) -> str:
    lines = [f"{res['rows']} rows, seed {res['seed']}, town-down share {res['town_down']}"]
    for label, s in res["settings"].items():
        lines.append(f"\n== area {label}: {s['area']} (clean_frame {s['seconds']} s); printed rows with a "
                     f"postal code other than the truth's, all rows: {s['wrong_code_printed_all_rows']}")
        lines.append(f"  {'postal code':18} {'rows':>6} {'fixed+right':>11} {'printed+right':>13} "
                     f"{'wrong printed':>13} {'ok':>6} {'fixed':>6} {'review':>6} {'hold':>6}  held for")
        for kind, c in s["kinds"].items():
            held_for = sorted(((k[8:], v) for k, v in c.items() if k.startswith("finding:")),
                              key=lambda kv: -kv[1])[:3]
            lines.append(
                f"  {kind:18} {c.get('n', 0):6d} {c.get('fixed_right', 0):11d} {c.get('printed_right', 0):13d} "
                f"{c.get('wrong_printed', 0):13d} {c.get('ok', 0):6d} {c.get('fixed', 0):6d} "
                f"{c.get('review', 0):6d} {c.get('hold', 0):6d}  "
                + ", ".join(f"{k} {v}" for k, v in held_for))
    lines.append("\ntarget: every row with a bad postal code fixed with the right code, none printed with a "
                 "wrong one (with the area given or inferred)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=35_335)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--town-down", type=float, default=0.3, metavar="SHARE")
    ap.add_argument("--bad-postal", type=float, default=0.5, metavar="SHARE")
    args = ap.parse_args(argv)
    print(report(evaluate(args.rows, args.seed, args.town_down, args.bad_postal)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
