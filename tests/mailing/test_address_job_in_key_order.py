"""``AddressJob.frame`` gives every key's outcomes in the order of the chunk's keys: when every key was done
ahead in that very order (a ward's register without decisions) the work ahead's frame is taken as it is,
otherwise the keys are joined to both sources — the same rows either way."""

from __future__ import annotations

import datetime as dt

import polars as pl

from addrjp.mailing.ahead import AddressJob, _Ahead
from addrjp.mailing.pipeline import _ADDRESS_SCHEMA, Options

OPTS = Options(min_age=77, as_of=dt.date(2026, 9, 15), workers=1, area=None, area_source="off")


def _keys(n: int) -> pl.DataFrame:
    return pl.DataFrame({"postal_code": [f"160-00{i % 30:02d}" for i in range(n)],
                         "address": [f"東京都新宿区西新宿{i}-1" for i in range(n)], "address2": [""] * n})


def _outcomes(keys: pl.DataFrame) -> pl.DataFrame:
    """A stand-in result per key (made from the key, so a row in the wrong place shows)."""
    n = keys.height
    cols: dict[str, pl.Series] = {}
    for name, dtype in _ADDRESS_SCHEMA.items():
        if dtype == pl.String:
            cols[name] = keys["address"].alias(name) + f":{name}"
        else:
            cols[name] = pl.Series(name, [None] * n, dtype=dtype)
    return pl.concat([keys, pl.DataFrame(cols)], how="horizontal")


def _ahead(keys: pl.DataFrame) -> _Ahead:
    ahead = _Ahead.__new__(_Ahead)
    ahead.opts, ahead.keys, ahead.job, ahead.selection = OPTS, keys, None, None
    frame = _outcomes(keys)
    ahead.kept = lambda: frame
    return ahead


def _expected(keys: pl.DataFrame) -> pl.DataFrame:
    return _outcomes(keys).select(list(_ADDRESS_SCHEMA))


def test_keys_done_ahead_in_their_order_are_taken_as_they_are() -> None:
    keys = _keys(50)
    got = AddressJob(keys, _ahead(keys), OPTS, None, pool=None).frame(_ADDRESS_SCHEMA)
    assert got.equals(_expected(keys))


def test_keys_done_ahead_in_another_order_are_put_in_the_chunks_order() -> None:
    keys = _keys(50)
    shuffled = keys.sample(fraction=1.0, shuffle=True, seed=3)
    got = AddressJob(keys, _ahead(shuffled), OPTS, None, pool=None).frame(_ADDRESS_SCHEMA)
    assert got.equals(_expected(keys))


def test_keys_not_done_ahead_are_validated_and_joined_in_order() -> None:
    keys = _keys(6).with_columns(pl.col("address").str.replace("西新宿", "西新宿 "))
    part = keys.slice(2, 4)
    job = AddressJob(keys, _ahead(part), OPTS, None, pool=None)
    assert job.rest.height == 2
    got = job.frame(_ADDRESS_SCHEMA)
    assert got.height == 6
    assert got.slice(2, 4).equals(_expected(part))
    assert not got.slice(0, 2)["address1"].str.ends_with(":address1").any()  # validated now, not stand-ins
