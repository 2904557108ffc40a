"""Evaluate validate_record on the synthetic Shinjuku register (issue 4's proof).

For every planted fault class: recall (the row got the class's finding codes, the expected status and, where
one is expected, the right postal code and town). For clean rows (no fault, or only legitimate format
variations): the share sent to review or hold (false positives). And every correction made anywhere is
checked against the truth: a wrong correction is the worst error this tool can make.

Run: ``python3 -m benchmarks.eval_validation --rows 20000 --seed 7``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence

from addrjp.address.towns import town_key
from addrjp.quality.record import RecordResult, validate_record
from benchmarks.synth_register import TRUTH_HEADER, generate

CLEAN_CLASSES = {"", "format.width", "format.hyphen", "format.kanji_numeral"}


def _truth_dicts(truth: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    return [dict(zip(TRUTH_HEADER, t, strict=True)) for t in truth]


def _hit(result: RecordResult, t: dict[str, str]) -> bool:
    expected = {c for c in t["expected_findings"].split(";") if c}
    found = {f.code for f in result.findings}
    if not expected <= found:
        return False
    if result.status != t["expected_status"]:
        return False
    printed = t["expected_status"] in ("ok", "fixed", "review")
    if printed and t["expected_postal_code"] and result.postal_code_out != t["expected_postal_code"]:
        return False
    return not (t["expected_town"] and not _same_town(result, t["expected_town"]))


def _same_town(result: RecordResult, expected: str) -> bool:
    """Towns compare by key: the truth may use the ward's spelling (霞ヶ丘町), the index Japan Post's (霞ケ丘町)."""
    town = result.address.town if result.address is not None else None
    return town is not None and town_key(town) == town_key(expected)


def evaluate(rows: int, seed: int) -> dict[str, object]:
    synth = generate(rows, seed=seed)
    truth = _truth_dicts(synth.truth)
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    clean = Counter[str]()
    wrong_corrections: list[tuple[str, str, str]] = []
    misses: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    for row, t in zip(synth.rows, truth, strict=True):
        _id, name, postal_code, address, address2, _birth = row
        r = validate_record(name=name, postal_code=postal_code, address=address, address2=address2 or None)
        classes = [c for c in t["fault_classes"].split(";") if c]
        for cls in classes:
            ok = _hit(r, t)
            per_class[cls]["rows"] += 1
            per_class[cls]["hit"] += ok
            if not ok and len(misses[cls]) < 3:
                misses[cls].append(f"{t['id']}: got {r.status} {r.codes} {r.postal_code_out}")
        if set(classes) <= CLEAN_CLASSES:
            clean["rows"] += 1
            if r.status in ("review", "hold"):
                clean["flagged"] += 1
                if len(misses["clean"]) < 5:
                    misses["clean"].append(f"{t['id']}: got {r.status} {r.codes}")
        # every correction is checked against the truth
        postal_fixed = any(f.fixed and f.field == "postal_code" for f in r.findings)
        if postal_fixed and t["expected_postal_code"] and r.postal_code_out != t["expected_postal_code"]:
            wrong_corrections.append((t["id"], "postal_code", str(r.postal_code_out)))
        town_changed = any(f.code in ("address.town_variant", "address.town_unknown") and f.suggestion
                           for f in r.findings)
        if town_changed and t["expected_town"] and r.address is not None and r.address.town and not _same_town(
                r, t["expected_town"]):
            wrong_corrections.append((t["id"], "town", "-"))
    elapsed = time.perf_counter() - start
    return {"rows": rows, "seed": seed, "seconds": elapsed, "per_class": per_class, "clean": clean,
            "wrong_corrections": wrong_corrections, "misses": misses}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    res = evaluate(args.rows, args.seed)
    per_class = res["per_class"]
    assert isinstance(per_class, dict)
    print(f"{res['rows']} rows, seed {res['seed']}, {res['seconds']:.1f} s")
    print(f"{'fault class':28} {'rows':>6} {'recall':>8}")
    worst = 1.0
    for cls in sorted(per_class):
        c = per_class[cls]
        recall = c["hit"] / c["rows"] if c["rows"] else 0.0
        worst = min(worst, recall)
        print(f"{cls:28} {c['rows']:6d} {recall:8.2%}")
    clean = res["clean"]
    assert isinstance(clean, Counter)
    fp = clean["flagged"] / clean["rows"] if clean["rows"] else 0.0
    wrong = res["wrong_corrections"]
    assert isinstance(wrong, list)
    print(f"clean rows: {clean['rows']}, sent to review/hold: {clean['flagged']} ({fp:.3%})")
    print(f"wrong corrections: {len(wrong)}")
    if args.show_misses:
        misses = res["misses"]
        assert isinstance(misses, dict)
        for cls, examples in misses.items():
            for e in examples:
                print(f"  miss {cls}: {e}")
        for w in wrong[:10]:
            print(f"  wrong correction: {w}")
    ok = worst >= 0.99 and fp <= 0.005 and not wrong
    print("PASS" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
