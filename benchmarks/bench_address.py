"""Speed of address parsing (住所の解析): addresses per second on one core.

Corpus: 20,000 distinct Shinjuku addresses built from the town master (every town, its 丁目, random
block/house numbers, with and without prefecture, buildings and rooms), in a fixed random order.

- ``test_parse_uncached``: the parser proper; the whole-string cache is bypassed and the width/variant
  caches are cleared before each round (the worst case: every address seen for the first time);
- ``test_parse_cached``: ``parse_address`` as the pipeline calls it, with its whole-string LRU cache warm
  (registers repeat addresses: households, buildings);
- ``test_normalize``: parse + horizontal style, cached.
- ``test_master_load_fresh_process``: a new Python process imports the town master module, loads the
  master (from the packed cache in ``$ADDRJP_CACHE_DIR``/``~/.cache/addrjp``, warm) and parses one
  Shinjuku address with and one without a postal code: what every CLI run and test process pays.
  Target: 300 ms (issue 3 follow-up); ~2.5 s before the cache.
- ``test_master_build``: building the packed master from the postal index (what a cache miss costs).

Rate = 20,000 / median seconds. Target: 30,000 addresses/s uncached (issue 3).
"""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

import pytest

from addrjp.address.format import normalize_address
from addrjp.address.parse import _parse_cached, parse_address
from addrjp.address.towns import _build_packed, load_town_master
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


_FRESH = (
    "from addrjp.address.towns import load_town_master\n"
    "from addrjp.address.parse import parse_address\n"
    "load_town_master()\n"
    "parse_address('東京都新宿区西新宿2-8-1')\n"
    "parse_address('市谷田町1丁目219番地10', postal_code='1620843')\n"
)


def test_master_load_fresh_process(benchmark: Any) -> None:
    load_town_master()  # the cache is written if it was missing
    subprocess.run([sys.executable, "-c", _FRESH], check=True)

    def run() -> None:
        subprocess.run([sys.executable, "-c", _FRESH], check=True)

    benchmark.pedantic(run, rounds=5, iterations=1)


def test_master_build(benchmark: Any) -> None:
    from addrjp.postal.index import load_index

    index = load_index()
    areas = index.areas.select("code", "jis", "pref", "city", "town", "town_kana", "has_chome")
    offices = index.offices.select("pref", "city", "town").unique(maintain_order=True)

    def run() -> None:
        _build_packed(areas.iter_rows(named=True), offices.iter_rows(named=True))

    benchmark.pedantic(run, rounds=2, iterations=1)
