"""A forked worker of ``clean`` never reads with polars: what it needs is loaded before the fork.

polars' thread pool does not survive a fork: a read in a forked worker waits for ever, and the whole run
with it (a register with an address in a town whose lots are numbered per 小字, outside Tokyo, hung so: the
warm-up, an address of 新宿区, had not read those towns). Guarded here: the towns come from ``cities.bin``
without polars; an index without that file has them read before the fork; and a read the workers were not
given fails at once instead of hanging.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from addrjp.address import lots
from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.options import Options
from addrjp.mailing.workers import WorkerPool, fork_available
from addrjp.postal.index import PostalIndex, load_index

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork")

#: A town of 三重県いなべ市 whose lots are numbered per 小字, with a 小字 of kanji and a lot number after it: its
#: parse asks :func:`addrjp.address.lots.koaza_numbered`.
_KOAZA_KEY = ("511-0000", "三重県いなべ市北勢町治田外面四ノ割横道東8", "")
_SHINJUKU_KEY = ("160-0023", "東京都新宿区西新宿2-8-1", "")
#: Long enough for a hang to be a failure, far longer than the work takes.
_TIMEOUT = 120


def _warm_pool() -> WorkerPool:
    # as run.start_pool: the warm-up of an address of 新宿区, then the fork (which loads what is left)
    _address_outcomes([_SHINJUKU_KEY], Options(area=None, area_source="off"))
    return WorkerPool(2)


def _result_in_worker(pool: WorkerPool, keys: list[tuple[str, str, str]]) -> list[tuple[object, ...]]:
    return pool.submit(_address_outcomes, keys, Options(area=None, area_source="off")).result(timeout=_TIMEOUT)


def test_the_koaza_towns_from_cities_bin_are_those_of_the_areas_parquet() -> None:
    import polars as pl

    index = load_index()
    assert index.cities is not None
    frame = PostalIndex(index.directory).area_columns("pref", "city", "town", "koaza_banchi").filter(
        pl.col("koaza_banchi"))
    assert sorted(index.cities.koaza_towns()) == sorted(
        (p, c, t or "") for p, c, t in frame.select("pref", "city", "town").iter_rows())


def test_a_worker_reads_the_koaza_towns_without_polars() -> None:
    lots._koaza_numbered_towns.cache_clear()  # the worker must read them itself
    pool = _warm_pool()
    try:
        assert not lots._koaza_numbered_towns.cache_info().currsize  # not read before the fork: not needed
        got = _result_in_worker(pool, [_KOAZA_KEY])
    finally:
        pool.shutdown()
    assert got == _address_outcomes([_KOAZA_KEY], Options(area=None, area_source="off"))


def test_without_cities_bin_the_koaza_towns_are_read_before_the_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    index = load_index()
    monkeypatch.setitem(index.__dict__, "cities", None)  # as an index written before cities.bin existed
    lots._koaza_numbered_towns.cache_clear()
    try:
        pool = _warm_pool()
        try:
            assert lots._koaza_numbered_towns.cache_info().currsize == 1  # read here, with polars
            got = _result_in_worker(pool, [_KOAZA_KEY])
        finally:
            pool.shutdown()
        assert got == _address_outcomes([_KOAZA_KEY], Options(area=None, area_source="off"))
    finally:
        lots._koaza_numbered_towns.cache_clear()


def _read_a_table(directory: str) -> int:
    return PostalIndex(Path(directory)).area_columns("code").height


def test_a_read_with_polars_in_a_worker_fails_at_once_instead_of_hanging() -> None:
    pool = _warm_pool()
    try:
        future = pool.submit(_read_a_table, str(load_index().directory))
        with pytest.raises(RuntimeError, match="after a fork"):
            future.result(timeout=_TIMEOUT)
    finally:
        pool.shutdown()

