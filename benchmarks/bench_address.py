"""Speed of address parsing (住所の解析): addresses per second on one core.

Corpus: 20,000 distinct Shinjuku addresses built from the town master (every town, its 丁目, random
block/house numbers, with and without prefecture, buildings and rooms), in a fixed random order.

- ``test_parse_uncached``: the parser proper; the whole-string cache is bypassed and the width/variant
  caches are cleared before each round (the worst case: every address seen for the first time);
- ``test_parse_cached``: ``parse_address`` as the pipeline calls it, with its whole-string LRU cache warm
  (registers repeat addresses: households, buildings);
- ``test_normalize``: parse + horizontal style, cached.

Rate = 20,000 / median seconds. Target: 30,000 addresses/s uncached (issue 3).
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from addrjp.address.format import normalize_address
from addrjp.address.parse import _parse_cached, parse_address
from addrjp.address.towns import load_town_master
from addrjp.text import fold_width
from addrjp.text.variants import fold_variants

N = 20_000


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    m = load_town_master()
    towns = m.towns_in("東京都", "新宿区")
    rng = random.Random(20261126)
    out: dict[str, None] = {}
    while len(out) < N:
        t = rng.choice(towns)
        c = rng.choice(t.chome_list or (None,))
        ban, go = rng.randint(1, 40), rng.randint(1, 30)
        num = rng.choice([f"{c}-{ban}-{go}", f"{c}丁目{ban}番{go}号"]) if c else f"{ban}-{go}"
        tail = rng.choice(["", " メゾン新宿 101号室", "ビル5F", f"-{rng.randint(101, 1205)}", "　コーポ山田２０３"])
        out[rng.choice(["東京都新宿区", "新宿区", "東京都 新宿区 "]) + t.town + num + tail] = None
    return list(out)


def _report(benchmark: Any) -> None:
    median = benchmark.stats.stats.median
    benchmark.extra_info["addresses_per_second"] = round(N / median)


def test_parse_uncached(benchmark: Any, corpus: list[str]) -> None:
    master = load_town_master()

    def clear() -> None:
        fold_width.cache_clear()
        fold_variants.cache_clear()

    def run() -> None:
        for text in corpus:
            parse_address(text, master=master)

    benchmark.pedantic(run, setup=clear, rounds=5, iterations=1)
    _report(benchmark)


def test_parse_cached(benchmark: Any, corpus: list[str]) -> None:
    _parse_cached.cache_clear()
    for text in corpus:
        parse_address(text)

    def run() -> None:
        for text in corpus:
            parse_address(text)

    benchmark.pedantic(run, rounds=5, iterations=1)
    _report(benchmark)


def test_normalize(benchmark: Any, corpus: list[str]) -> None:
    for text in corpus:
        normalize_address(text)

    def run() -> None:
        for text in corpus:
            normalize_address(text)

    benchmark.pedantic(run, rounds=5, iterations=1)
    _report(benchmark)
