"""The pairs of names at one address judged in the run's worker processes give what this process gives: the
same verdicts in the same order, so the same clusters, kinds and reasons."""

from __future__ import annotations

import random

import polars as pl
import pytest

import addrjp.quality.duplicates as dup
from addrjp.mailing.workers import WorkerPool, fork_available
from addrjp.quality.names import name_key

SURNAMES = ["山田", "髙橋", "高橋", "佐藤", "鈴木", "斉藤", "斎藤", "渡辺", "渡邊"]
GIVEN = ["太郎", "太朗", "花子", "悦子", "エツコ", "幸子", "倖子", "実", "ミノル", "清", "きよし", "一郎", "二郎"]


def _frame(n: int, seed: int) -> pl.DataFrame:
    rnd = random.Random(seed)
    names = [f"{rnd.choice(SURNAMES)}\u3000{rnd.choice(GIVEN)}" if rnd.random() > 0.1 else rnd.choice(GIVEN)
             for _ in range(n)]
    addresses = [f"東京都|新宿区|西新宿|2|{rnd.randint(1, 12)}|1|{rnd.randint(1, 3)}" for _ in range(n)]
    births = [rnd.choice(["1940-01-01", "1941-02-02", None]) for _ in range(n)]
    return pl.DataFrame({"id": [f"R{i:05d}" for i in range(n)], "name_text": names,
                         "name_key": [name_key(x) for x in names], "address_key": addresses,
                         "block_key": [a.rsplit("|", 2)[0] for a in addresses], "birthdate": births})


@pytest.mark.skipif(not fork_available(), reason="the run's pool forks")
def test_pairs_judged_in_the_pool_give_the_same_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _frame(600, seed=3)
    expected = dup.find_duplicates(frame)
    calls: list[int] = []
    real = dup.judge_pairs
    monkeypatch.setattr(dup, "POOL_MIN_PAIRS", 10)
    pool = WorkerPool(2)
    try:
        class Counting:  # the pool, counting what it is given
            workers = pool.workers

            def submit(self, func: object, pairs: list[object]) -> object:
                assert func is real
                calls.append(len(pairs))
                return pool.submit(func, pairs)

        run = dup.BlockedDuplicates(pool=Counting())
        run.add(frame)
        got = pl.concat(list(run.results()), how="vertical").sort("row")
    finally:
        pool.shutdown()
    assert len(calls) == 2 and sum(calls) > 10  # the pairs went to both workers
    assert got.equals(expected)
    assert got["duplicate_kind"].drop_nulls().len() > 0  # the frame has duplicates to find


def test_few_pairs_or_no_pool_are_judged_here() -> None:
    class NoSubmit:
        workers = 2

        def submit(self, *a: object) -> object:
            raise AssertionError("not for so few pairs")

    pairs = [((0, "山田　太郎", "山田太郎", None), (1, "山田　太朗", "山田太朗", None))]
    assert dup._judged(pairs, NoSubmit()) == dup.judge_pairs(pairs) == dup._judged(pairs, None)
