"""Evaluate the whole cleansing run (clean_frame) against the synthetic register's truth.

Each row's expected status combines its planted faults (``expected_status``) with planted duplicates
(``duplicate_kind``: exact → hold, probable → review; the worst wins). Prints the confusion matrix of
expected against actual status, the share of rows whose status is right, and every printed postal code
checked against the truth.

Run: ``python3 -m benchmarks.eval_clean --rows 35335 --seed 1``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence

import polars as pl

from addrjp.mailing.pipeline import clean_frame
from benchmarks.synth_register import ROWS_HEADER, TRUTH_HEADER, generate

ORDER = ("ok", "fixed", "review", "hold", "excluded")
RANK = {s: i for i, s in enumerate(ORDER)}


def expected_status(t: dict[str, str]) -> str:
    status = t["expected_status"] or "ok"
    dup = {"exact": "hold", "probable": "review"}.get(t["duplicate_kind"], "ok")
    return status if RANK[status] >= RANK[dup] else dup


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=35_335)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    synth = generate(args.rows, seed=args.seed)
    df = pl.DataFrame(synth.rows, schema=list(ROWS_HEADER), orient="row")
    truth = [dict(zip(TRUTH_HEADER, t, strict=True)) for t in synth.truth]
    start = time.perf_counter()
    out = clean_frame(df)
    seconds = time.perf_counter() - start
    matrix: Counter[tuple[str, str]] = Counter()
    wrong_codes = 0
    for row, t in zip(out.iter_rows(named=True), truth, strict=True):
        exp = expected_status(t)
        matrix[(exp, row["status"])] += 1
        if row["status"] in ("ok", "fixed", "review") and t["expected_postal_code"] and not t["duplicate_kind"]:
            wrong_codes += row["postal_code_out"] != t["expected_postal_code"]
    total = sum(matrix.values())
    right = sum(v for (e, a), v in matrix.items() if e == a)
    print(f"{total} rows, seed {args.seed}, clean_frame {seconds:.1f} s")
    print("expected \\ actual " + "".join(f"{s:>9}" for s in ORDER[:4]))
    for e in ORDER[:4]:
        print(f"{e:18}" + "".join(f"{matrix[(e, a)]:9d}" for a in ORDER[:4]))
    print(f"status right: {right}/{total} ({right / total:.2%})")
    print(f"printed rows with a postal code other than the truth's: {wrong_codes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
