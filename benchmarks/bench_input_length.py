"""Time against input length for the public text functions, on hostile repeated patterns up to the limit.

For each function and pattern, the median of several runs at 1,000 and at 4,000 characters (the limit,
:data:`addrjp.text.limits.MAX_TEXT_CHARS`), caches cleared, and the ratio of the two: about 4 means linear,
about 16 quadratic. CPU time of this process (``time.process_time``), so other processes on a shared machine
count less; still, on a busy 2-core machine single figures vary by a factor of 2 — read the ratios of a few
runs, and a ratio well above 4 in every run names a cause to fix.

Run: ``python3 -m benchmarks.bench_input_length --runs 5``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence

import addrjp
from addrjp.mailing.barcode import BarcodeError

PATTERNS = {"千": "千", "二十三": "二十三", "1-": "1-", "丁目番地": "二丁目3番地の", "ｶﾞ": "ｶﾞ", "𠮷髙": "𠮷髙 ",
            "mark": "か\u3099", "101号室": "ハイツ101号室"}


def _quiet(fn: Callable[[str], object]) -> Callable[[str], object]:
    def run(text: str) -> object:
        try:
            return fn(text)
        except BarcodeError:
            return None
    return run


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "parse_address": lambda t: addrjp.parse_address("東京都新宿区西新宿" + t),
    "normalize_address": lambda t: addrjp.normalize_address("東京都新宿区西新宿" + t),
    "validate_record": lambda t: addrjp.validate_record(name="山田", postal_code="1600023",
                                                        address="東京都新宿区西新宿" + t[:1000]),
    "normalize_name": lambda t: addrjp.normalize_name(t, max_length=None),
    "name_key": lambda t: addrjp.name_key(t),
    "fold_variants": lambda t: addrjp.fold_variants(t),
    "customer_barcode": _quiet(lambda t: addrjp.customer_barcode("1600023", "東京都新宿区西新宿" + t)),
    "extract_address_number": lambda t: addrjp.extract_address_number(t),
}


def _clear_caches() -> None:
    from addrjp.address import parse
    from addrjp.mailing import barcode
    from addrjp.quality import names
    from addrjp.text import variants

    parse._parse_cached.cache_clear()
    names._normalize_cached.cache_clear()
    names.name_key.cache_clear()
    barcode._extract_cached.cache_clear()
    variants.fold_variants.cache_clear()


REPEAT = 5


def _median(fn: Callable[[str], object], text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()  # this process's CPU time: other processes on a shared machine count less
        for _ in range(REPEAT):
            _clear_caches()
            fn(text)
        times.append((time.process_time() - t) / REPEAT)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    FUNCTIONS["parse_address"]("2-8-1")  # load the data first
    print(f"{'function':<24}{'pattern':<10}{'1,000 (ms)':>12}{'3,990 (ms)':>12}{'ratio':>8}")
    for name, fn in FUNCTIONS.items():
        for label, pattern in PATTERNS.items():
            small = (pattern * 1000)[:1000]
            large = (pattern * 4000)[:3990]  # with the 9-character prefix: at the limit
            a, b = _median(fn, small, args.runs), _median(fn, large, args.runs)
            flag = "  <- superlinear" if b > 8 * a and b > 0.005 else ""
            print(f"{name:<24}{label:<10}{1000 * a:>12.2f}{1000 * b:>12.2f}{b / a if a else 0:>8.1f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
