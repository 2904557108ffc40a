"""The columns of a register given as a DataFrame (列の対応, column mapping), by the command line's rules.

:func:`addrjp.clean_frame` takes a frame with Japanese headers as a ward's export has them (氏名, 郵便番号,
住所, 方書, 生年月日, 宛名番号 …, :data:`addrjp.mailing.schema.HEADER_ALIASES`) or with a column map like
``--map`` (``{"name": "氏名"}`` or ``"name=氏名,address=住所"``): :func:`canonical_frame` renames them to the
canonical columns with the reader's own :func:`~addrjp.mailing.reader.map_columns`, so a frame and a file
are read alike. Integer postal codes (a spreadsheet drops the leading zero of 060-0001) are written back
with seven digits, as the Excel reader does. Errors are :class:`~addrjp.errors.InputError` naming columns,
never cell contents.

>>> import polars as pl
>>> df = pl.DataFrame({"宛名番号": ["1"], "氏名": ["新宿　太郎"], "郵便番号": [600001], "住所": ["札幌市中央区北一条西"]})
>>> canonical_frame(df).columns
['id', 'name', 'postal_code', 'address']
>>> canonical_frame(df)["postal_code"].to_list()
['0600001']
>>> canonical_frame(df.rename({"氏名": "お客様"}), {"name": "お客様"})["name"].to_list()
['新宿\\u3000太郎']
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from addrjp.errors import InputError
from addrjp.mailing.reader import map_columns, parse_mapping
from addrjp.mailing.schema import INPUT_COLUMNS

#: Names errors give a frame (it has no file and no line).
_WHERE = "DataFrame"


def canonical_frame(df: pl.DataFrame, mapping: Mapping[str, str] | str | None = None) -> pl.DataFrame:
    """*df* with its register columns under their canonical names (``--map`` first, then known headers).

    Other columns are left out; ``_line`` (the reader's line numbers) is kept when present.
    """
    wanted = parse_mapping(mapping) if isinstance(mapping, str) else dict(mapping or {})
    unknown = [k for k in wanted if k not in INPUT_COLUMNS]
    if unknown:
        raise InputError(f"mapping: unknown column '{unknown[0]}'", hint="the columns are " + ", ".join(INPUT_COLUMNS))
    header = [str(c) for c in df.columns]
    try:
        colmap = map_columns(header, wanted, file=_WHERE)
    except InputError as exc:  # a frame has no file or line: say which columns instead
        hint = exc.hint.replace("--map ", "mapping ") if exc.hint else None
        raise InputError(exc.reason.replace("--map ", "mapping "), file=_WHERE, hint=hint) from None
    cols = []
    for canonical, i in colmap.items():
        col = pl.col(df.columns[i])
        if canonical == "postal_code" and df.schema[df.columns[i]].is_integer():
            col = pl.when(col.is_between(0, 9_999_999)).then(col.cast(pl.String).str.zfill(7)).otherwise(
                col.cast(pl.String))
        cols.append(col.alias(canonical))
    if "_line" in df.columns and "_line" not in colmap:
        cols.append(pl.col("_line"))
    return df.select(cols)


__all__ = ["canonical_frame"]
