"""Name normalization speed: normalize_name on names that need no substitution, and name_key.

Target (issue 5): at least 200,000 names per second for cp932. The names are synthetic combinations of
common family and given names (no real resident), many distinct, as a ward register would give.
"""

from __future__ import annotations

import itertools

from addrjp.quality.names import name_key, normalize_name

FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "渡邊", "齋藤", "櫻井", "髙橋", "﨑山", "濵田"]
GIVEN = ["太郎", "花子", "一郎", "和子", "茂", "清", "幸子", "正", "節子", "昭", "勝", "進", "ハル", "キヨ", "トメ", "ゑい", "實", "勇", "ヨシ", "久子", "美代子", "次郎", "三郎", "文子"]
NAMES = [f"{f}\u3000{g}" for f, g in itertools.product(FAMILY, GIVEN)]
BATCH = NAMES * (20000 // len(NAMES) + 1)
BATCH = BATCH[:20000]


def _run_normalize() -> int:
    n = 0
    for name in BATCH:
        if normalize_name(name).text is not name:
            n += 1
    return n


def test_normalize_name_cp932_no_substitution(benchmark) -> None:  # type: ignore[no-untyped-def]
    assert all(not normalize_name(n).changed for n in NAMES)
    benchmark.extra_info["names_per_round"] = len(BATCH)
    benchmark(_run_normalize)


def _run_uncached() -> None:
    from addrjp.quality import names as mod

    mod._normalize_cached.cache_clear()
    for name in NAMES:
        normalize_name(name)


def test_normalize_name_cp932_cold_cache(benchmark) -> None:  # type: ignore[no-untyped-def]
    benchmark.extra_info["names_per_round"] = len(NAMES)
    benchmark(_run_uncached)


def test_name_key(benchmark) -> None:  # type: ignore[no-untyped-def]
    benchmark.extra_info["names_per_round"] = len(BATCH)
    benchmark(lambda: [name_key(n) for n in BATCH])
