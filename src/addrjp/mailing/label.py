"""The label fields (宛名ラベルの項目, what address-printing software prints): 敬称 and 連名, per column profile.

Japanese label software (宛名印刷ソフト) reads a name, its honorific (敬称, e.g. 様) and, for a joint card
(連名), up to three more given names that share the family name and the honorific. This module makes those
fields from a cleansed frame and lays a printed row out in a column profile of
:mod:`addrjp.mailing.schema` (``ja``: 氏名, 敬称, 連名1…3; ``en``: one ``name`` cell, joint names joined ・).

* 敬称: a register column of its own (敬称) wins where the cell is not empty; otherwise the run's
  ``--honorific`` (default 様). It is printed, so it must be printable in the vendor's character set: a
  register 敬称 that is not holds the row (``name.unprintable``); an unprintable ``--honorific`` is refused
  before the run.

>>> honorific_text(" 殿 ", "様"), honorific_text("", "様")
('殿', '様')
>>> f = mailing_frame(pl.DataFrame({"id": ["1"], "postal_code_out": ["160-0023"], "address1": ["a"],
...     "address2": [""], "name_out": ["山田　太郎・花子"], "name_print": ["山田　太郎"], "honorific": ["様"],
...     "joint1": ["花子"], "barcode": [""]}), "ja")
>>> f.row(0)
('1', '160-0023', 'a', '', '山田\\u3000太郎', '様', '花子', '', '', '')
>>> mailing_frame(f.rename({"name": "name_out"}).with_columns(name_out=pl.lit("山田　太郎・花子")), "en").columns
['id', 'postal_code', 'address1', 'address2', 'name', 'barcode']
"""

from __future__ import annotations

import polars as pl

from addrjp.errors import InputError
from addrjp.mailing import schema

#: Characters stripped around a register's 敬称 (spaces of either width).
_STRIP = " \u3000"


def honorific_text(cell: str | None, default: str) -> str:
    """The 敬称 of one row: the register's own (spaces trimmed) where there is one, else *default*."""
    own = (cell or "").strip(_STRIP)
    return own or default


def check_honorific(text: str, charset: str) -> str:
    """The ``--honorific`` in the target's image; :class:`InputError` when the vendor cannot print it."""
    from addrjp.text.charsets import printable, to_target

    value = to_target(text.strip(_STRIP), charset)
    if not printable(value, charset) or len(value) > 10:
        raise InputError(f"--honorific: not printable in the character set {charset} (or longer than 10)",
                         hint="use an honorific such as 様 or 殿 that the vendor can print")
    return value


def honorific_part(cells: pl.Series, default: str, charset: str) -> pl.DataFrame:
    """``honorific`` (to print), ``h_mask``/``h_rank`` (``name.unprintable`` where it cannot be) per row."""
    from addrjp.quality.findings import CATALOGUE, SEVERITY_RANK
    from addrjp.text.charsets import printable, to_target

    values = cells.fill_null("").unique().to_list()
    texts = [to_target(honorific_text(v, default), charset) for v in values]
    ok = [printable(t, charset) for t in texts]
    table = pl.DataFrame({"_h": values, "honorific": texts, "_ok": ok},
                         schema={"_h": pl.String, "honorific": pl.String, "_ok": pl.Boolean})
    bit = 1 << list(CATALOGUE).index("name.unprintable")  # the pipeline's mask: bit i = i-th catalogue code
    error = SEVERITY_RANK["error"]
    return (cells.fill_null("").to_frame("_h").join(table, on="_h", how="left", maintain_order="left")
            .select("honorific",
                    h_mask=pl.when("_ok").then(pl.lit(0, pl.UInt64)).otherwise(pl.lit(bit, pl.UInt64)),
                    h_rank=pl.when("_ok").then(pl.lit(-1, pl.Int8)).otherwise(pl.lit(error, pl.Int8))))


def mailing_frame(printed: pl.DataFrame, profile: str) -> pl.DataFrame:
    """The printed rows of a cleansed frame as the fields of *profile*, in file order (field names).

    Missing label columns take their defaults (敬称 様, no 連名, the printed name as ``name_print``).
    """
    cols = printed.columns

    def col(name: str, default: pl.Expr) -> pl.Expr:
        return pl.col(name).fill_null("") if name in cols else default

    name_out = col("name_out", pl.lit(""))
    exprs: dict[str, pl.Expr] = {
        "id": pl.col("id"),
        "postal_code": col("postal_code_out", pl.lit("")),
        "address1": col("address1", pl.lit("")),
        "address2": col("address2", pl.lit("")),
        # ja: the card's own name, the other members in 連名; en: the names joined (mailing file v1)
        "name": col("name_print", name_out) if profile == "ja" else name_out,
        "honorific": col("honorific", pl.lit(schema.DEFAULT_HONORIFIC)),
        "barcode": col("barcode", pl.lit("")),
    }
    for i in range(1, schema.MAX_JOINT + 1):
        exprs[f"joint{i}"] = col(f"joint{i}", pl.lit(""))
    fields = schema.profile_fields(profile)
    return printed.select([exprs[f].alias(f) for f in fields])


__all__ = ["check_honorific", "honorific_part", "honorific_text", "mailing_frame"]
