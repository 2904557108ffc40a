"""The fingerprint of a register row as ``review.decisions.fingerprints`` made it before it was made cheaper
(every column put in its canonical form, the birthdate read after that, the hex digest cut in Python): the
reference its tests compare the function with. The values are stored in decisions files: they never change."""

from __future__ import annotations

import hashlib

import polars as pl

from addrjp.review import decisions as D


def reference_fingerprints(frame: pl.DataFrame) -> pl.Series:
    cols = {c: (c if c in frame.columns else None) for c in ("id", "name", "postal_code", "address", "address2",
                                                               "birthdate")}
    exprs = [(D._canon_expr(c) if c else pl.lit("")).alias(k) for k, c in cols.items()]
    canon = frame.select(exprs).with_columns(
        pl.col("postal_code").str.replace_many(list(D._FULL_DIGITS), list(D._FULL_DIGITS.values()))
        .str.replace_all(r"[^0-9]", ""))
    distinct = canon["birthdate"].unique().to_list()
    bd = pl.DataFrame({"birthdate": distinct, "_bd": D._birthdate_canon(distinct)},
                      schema={"birthdate": pl.String, "_bd": pl.String})
    canon = canon.join(bd, on="birthdate", how="left", maintain_order="left")
    joined = canon.select(pl.concat_str([pl.lit("fp1"), "id", "name", "postal_code", "address", "address2", "_bd"],
                                        separator="\x1f").cast(pl.Binary)).to_series().to_list()
    return pl.Series("fingerprint", [D.FINGERPRINT_PREFIX + hashlib.sha256(b).hexdigest()[:D._FP_HEX]
                                     for b in joined], dtype=pl.String)
