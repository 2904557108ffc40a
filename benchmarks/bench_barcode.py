"""Customer barcodes from parsed addresses: ``encode_barcode(postal, extract_address_number(address_b))``.

Target: at least 100,000 barcodes per second. Two figures: with the caches warm (a register repeats its
building names and block numbers: the realistic case for ``addrjp clean``) and with every cache cleared
before each round over distinct addresses (the worst case). Rates are printed as barcodes per second from
the median round time: ``pytest benchmarks/bench_barcode.py --benchmark-only -s``.
"""

from __future__ import annotations

import random
from typing import Any

from addrjp.mailing import barcode
from addrjp.text.width import fold_width

BATCH = 5_000
_BUILDINGS = (
    "", "", "", "　サンハイツ201", " 新宿ビル3F", "　ABCマンション1203号室", "　コーポ西新宿B-102",
    "　パークタワー4階", " 第2清水ビル", "　メゾン・ド・新宿 505", "　グランドメゾン新宿Ⅱ 301号",
    "　西新宿ハイム A棟 1F 12", "　シティタワー西新宿 3208",
)
_FORMS = ("{c}丁目{b}番{g}号", "{c}-{b}-{g}", "{c}－{b}－{g}", "{kc}丁目{b}番{g}号", "{c}丁目{b}-{g}", "{c}ー{b}ー{g}")
_POSTAL = ("1600023", "1690073", "1620825", "1610033", "1600022", "1690051")


def _addresses(n: int, seed: int) -> list[tuple[str, str]]:
    """Distinct, realistic (postal code, address B) pairs in the manner of a Shinjuku register."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        c, b, g = rng.randint(1, 8), rng.randint(1, 30), rng.randint(1, 40)
        text = rng.choice(_FORMS).format(c=c, b=b, g=g, kc="一二三四五六七八"[c - 1]) + rng.choice(_BUILDINGS)
        out.append((rng.choice(_POSTAL), f"{text}{i}" if i % 3 == 0 else text))
    return out


def _encode_all(rows: list[tuple[str, str]]) -> int:
    for postal, address_b in rows:
        barcode.encode_barcode(postal, barcode.extract_address_number(address_b))
    return len(rows)


def _report(benchmark: Any, label: str) -> None:
    median = benchmark.stats.stats.median
    rate = BATCH / median
    benchmark.extra_info["barcodes_per_second"] = round(rate)
    print(f"\n{label}: {rate:,.0f} barcodes/s (median of {benchmark.stats.stats.rounds} rounds of {BATCH})")


def test_barcodes_cached(benchmark: Any) -> None:
    rows = _addresses(BATCH, seed=8)
    _encode_all(rows)  # warm the caches
    assert benchmark(_encode_all, rows) == BATCH
    _report(benchmark, "cached")


def test_barcodes_uncached(benchmark: Any) -> None:
    rows = _addresses(BATCH, seed=9)

    def clear() -> None:
        barcode._extract_cached.cache_clear()
        fold_width.cache_clear()

    result = benchmark.pedantic(_encode_all, args=(rows,), setup=clear, rounds=15, iterations=1)
    assert result == BATCH
    _report(benchmark, "uncached")
