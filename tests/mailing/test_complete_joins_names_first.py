"""CleanRun.complete joins the names to their rows while the workers read the addresses, and only the
addresses after the last one is in: each row gets its own name's and address's outcomes, an excluded row
none (even when another row shares its name and address), and the columns come in the order of the rows,
the addresses', the names' — as when both were joined after the addresses."""

from __future__ import annotations

import datetime as dt

import polars as pl

from addrjp.mailing.address_stage import _address_outcomes
from addrjp.mailing.pipeline import (
    _ADDRESS_SCHEMA,
    _NAME_SCHEMA,
    CleanRun,
    Options,
    _name_outcomes,
    prepare_input,
)

_KEYS = ["postal_code", "address", "address2"]


def _base() -> pl.DataFrame:
    rows = [
        ("A1", "新宿　花子", "160-0023", "東京都新宿区西新宿2-8-1", "", "1940-01-02"),
        ("A2", "新宿　太郎", "160-0023", "東京都新宿区西新宿2-8-1", "", "1941-03-04"),
        ("A3", "新宿　花子", "160-0023", "東京都新宿区西新宿2-8-1", "", "2001-05-06"),  # too young: excluded
        ("A4", "", "1600022", "東京都新宿区新宿一丁目1番1号", "ハイツ101", "1939-07-08"),
        ("A5", "高田　一郎", "", "新宿区高田馬場1-1", "", "1938-09-10"),
    ]
    frame = pl.DataFrame(rows, schema=["id", "name", "postal_code", "address", "address2", "birthdate"], orient="row")
    return prepare_input(frame)


def test_each_row_gets_its_own_names_and_addresses_outcomes_and_an_excluded_row_none() -> None:
    opts = Options(min_age=77, as_of=dt.date(2026, 9, 15), barcode=False, area=None, workers=1)
    base = _base()
    out = CleanRun(opts).rows_part(base)
    address_cols = [c for c in _ADDRESS_SCHEMA if c not in ("address_key", "block_key")]
    name_cols = [c for c in _NAME_SCHEMA if c != "name_key"]
    cols = out.columns
    # the rows' columns, then the addresses', then the names' (the keys the duplicates read dropped)
    assert cols.index("_line") < cols.index(address_cols[0]) < cols.index(address_cols[-1]) < cols.index(name_cols[0])
    assert [c for c in cols if c in address_cols] == address_cols and [c for c in cols if c in name_cols] == name_cols
    assert out.height == base.height and out["id"].to_list() == base["id"].to_list()
    by_id = {r["id"]: r for r in out.iter_rows(named=True)}
    for rid in ("A1", "A2", "A4", "A5"):
        r = by_id[rid]
        key = tuple(r[k] for k in _KEYS)
        want_a = dict(zip(_ADDRESS_SCHEMA, _address_outcomes([key], opts)[0], strict=True))
        want_n = dict(zip(_NAME_SCHEMA, _name_outcomes([(r["name"], None)], opts)[0], strict=True))
        assert {c: r[c] for c in address_cols} == {c: want_a[c] for c in address_cols}, rid
        assert {c: r[c] for c in name_cols} == {c: want_n[c] for c in name_cols}, rid
    excluded = by_id["A3"]
    assert all(excluded[c] is None for c in ("a_mask", "a_rank", "a_fixed", "n_mask", "n_rank", "n_fixed"))
    assert all(excluded[c] == "" for c in ("postal_code_out", "address1", "address2_out", "address_out", "town",
                                           "a_suggestion", "barcode", "name_out", "n_suggestion"))
