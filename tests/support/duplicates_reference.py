"""The duplicates engine's pair loop as it was written first (no tests here): every row of an address with
two or more name keys read into Python, one representative per name key, every pair of representatives
compared. The engine (:func:`addrjp.quality.duplicates._duplicate_rows`) now finds its pairs as columns and
compares in Python only those whose birthdates do not already say "two people"; tests compare the two."""

from __future__ import annotations

from itertools import groupby
from typing import Any

import polars as pl

from addrjp.quality.duplicates import _cluster_rows, _Clusters, _link_same_keys, _same_person_at_address


def duplicate_rows_reference(df: pl.DataFrame) -> pl.DataFrame:
    """(row, duplicate_kind, duplicate_of, reason) for the rows that duplicate an earlier one; *df* as
    :func:`addrjp.quality.duplicates._prepare` gives it."""
    schema = {"row": pl.Int64, "duplicate_kind": pl.String, "duplicate_of": pl.String, "reason": pl.String}
    cl = _Clusters()
    info: dict[int, tuple[Any, ...]] = {}
    cols = ["row", "name_text", "name_key", "birthdate", "address_key", "compact", "eligible", "id"]

    keyed = _link_same_keys(df, cols, cl, info)

    addr = keyed.filter(pl.col("address_key").is_not_null())
    multi = addr.filter(pl.col("name_key").n_unique().over("address_key") > 1).sort("address_key", "row")
    if multi.height:
        for _, grp in groupby(multi.select(cols).rows(), key=lambda r: r[4]):
            seen: dict[str, tuple[Any, ...]] = {}
            distinct = []
            for r in grp:
                if r[2] not in seen:
                    seen[r[2]] = r
                    distinct.append(r)
            for i, a in enumerate(distinct):
                for b in distinct[i + 1:]:
                    why = _same_person_at_address(a, b)
                    if why:
                        info[a[0]] = a
                        info[b[0]] = b
                        cl.why[(min(a[0], b[0]), max(a[0], b[0]))] = why
                        cl.union(a[0], b[0])
    return _cluster_rows(cl, info, schema)
