"""addrjp for polars (住所の列を polars で扱う): an expression namespace, ``pl.col(...).addrjp``.

Importing this module registers the namespace ``addrjp`` on polars expressions (``import addrjp`` alone does
not: it never loads polars)::

    import polars as pl
    import addrjp.polars  # noqa: F401  (registers .addrjp)

    df.with_columns(parsed=pl.col("住所").addrjp.parse(postal_code=pl.col("郵便番号")))
    df.with_columns(codes=pl.col("住所").addrjp.postal_codes())
    df.with_columns(pl.col("住所").addrjp.normalize(style="official"))

Each method runs :func:`addrjp.parse_address` **once per distinct value** in a batch (a register repeats its
addresses: households, apartment blocks) through ``map_batches``, never once per row, and is null-safe: a
null address gives a null result. The postal code, when given, is context for a missing prefecture, city
or town, as in :func:`addrjp.parse_address` (an expression, a column name, or None).

* :meth:`AddressExpr.parse` → a struct of the :class:`~addrjp.Address` fields, typed by
  :data:`ADDRESS_STRUCT` (``chome`` and ``floor`` Int64, ``inferred`` List(String), the rest String);
* :meth:`AddressExpr.postal_codes` → List(String): the 7-digit codes Japan Post's rules give the parsed
  address (:func:`addrjp.codes_for`): one when the address decides it, several when it does not (西早稲田
  2丁目 without the 番), empty when the town is not resolved. It is the address's side, never a guess, and
  not the code the record was given: compare them to check a column of codes;
* :meth:`AddressExpr.normalize` → String: :func:`addrjp.normalize_address` in a house style.

>>> import polars as pl
>>> df = pl.DataFrame({"address": ["新宿区西新宿２－８－１", None, "新宿区西新宿２－８－１"]})
>>> out = df.select(pl.col("address").addrjp.parse().struct.field("town", "chome", "banchi"))
>>> out.rows()
[('西新宿', 2, '8'), (None, None, None), ('西新宿', 2, '8')]
>>> df.select(pl.col("address").addrjp.postal_codes()).to_series().to_list()
[['1600023'], None, ['1600023']]
>>> pl.DataFrame({"a": ["西早稲田2丁目1番5号"], "p": ["1620051"]}).select(
...     pl.col("a").addrjp.normalize(style="official", postal_code="p")).item()
'東京都新宿区西早稲田二丁目1番5号'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl  # the real polars: imports are absolute

from addrjp.address.model import Address
from addrjp.address.styles import check_style

#: The struct :meth:`AddressExpr.parse` returns: every field of :class:`~addrjp.Address` but ``original``
#: (the input itself), in the dataclass's order, with stable types.
ADDRESS_STRUCT = pl.Struct({
    "pref": pl.String,
    "city": pl.String,
    "town": pl.String,
    "chome": pl.Int64,
    "banchi": pl.String,
    "go": pl.String,
    "building": pl.String,
    "room": pl.String,
    "rest": pl.String,
    "numbering": pl.String,
    "inferred": pl.List(pl.String),
    "town_variant": pl.String,
    "jis": pl.String,
    "address_b": pl.String,
    "koaza": pl.String,
    "street": pl.String,
    "floor": pl.Int64,
    "lot_note": pl.String,
})
_FIELDS = tuple(ADDRESS_STRUCT.to_schema())

PostalContext = pl.Expr | str | None


def _parse(text: str, code: str | None) -> Address:
    from addrjp.address.parse import parse_address

    return parse_address(text, postal_code=code or None)


def _row(a: Address) -> dict[str, Any]:
    return {f: (list(a.inferred) if f == "inferred" else getattr(a, f)) for f in _FIELDS}


def _codes(text: str, code: str | None) -> list[str]:
    from addrjp.postal.lookup import codes_for

    a = _parse(text, code)
    if not (a.pref and a.city and a.town):
        return []
    return codes_for(a.pref, a.city, a.town, chome=a.chome, banchi=a.banchi, go=a.go, building=a.building,
                     floor=a.floor)


def _per_distinct(values: pl.Series, func: Callable[[str, str | None], Any], dtype: pl.DataType) -> pl.Series:
    """*func* over the distinct non-null (address, postal code) pairs of a struct batch, joined back by row."""
    pairs = values.struct.unnest()
    pairs.columns = ["a", "p"]
    code = pl.col("p").cast(pl.String)
    if pairs.schema["p"].is_integer():  # a spreadsheet's number: 600001 is 060-0001
        code = pl.when(pl.col("p").is_between(0, 9_999_999)).then(code.str.zfill(7)).otherwise(code)
    pairs = pairs.with_columns(pl.col("a").cast(pl.String), code)
    distinct = pairs.filter(pl.col("a").is_not_null()).unique(maintain_order=True)
    results = [func(a, p) for a, p in distinct.iter_rows()]
    table = distinct.with_columns(pl.Series("r", results, dtype=dtype))
    out = pairs.join(table, on=["a", "p"], how="left", nulls_equal=True, maintain_order="left")["r"]
    return out.alias(values.name)


def _context(postal_code: PostalContext) -> pl.Expr:
    if postal_code is None:
        return pl.lit(None, pl.String)
    return pl.col(postal_code) if isinstance(postal_code, str) else postal_code


@pl.api.register_expr_namespace("addrjp")
class AddressExpr:
    """``pl.col(...).addrjp``: addresses as polars expressions (see the module's docstring)."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def _map(self, postal_code: PostalContext, func: Callable[[str, str | None], Any],
             dtype: pl.DataType) -> pl.Expr:
        pair = pl.struct(self._expr.alias("a"), _context(postal_code).alias("p"))
        return pair.map_batches(lambda s: _per_distinct(s, func, dtype), return_dtype=dtype,
                                is_elementwise=True).alias(_name_of(self._expr))

    def parse(self, postal_code: PostalContext = None) -> pl.Expr:
        """The parsed address as a struct (:data:`ADDRESS_STRUCT`); null for a null address."""
        return self._map(postal_code, lambda a, p: _row(_parse(a, p)), ADDRESS_STRUCT)

    def postal_codes(self, postal_code: PostalContext = None) -> pl.Expr:
        """The codes Japan Post's rules give the parsed address, as List(String) of 7 digits."""
        return self._map(postal_code, _codes, pl.List(pl.String))

    def normalize(self, style: str = "horizontal", *, prefecture: bool | None = None,
                  postal_code: PostalContext = None) -> pl.Expr:
        """The address in a house style (:func:`addrjp.normalize_address`); a bad style raises at once."""
        from addrjp.address.format import normalize_address

        check_style(style)

        def one(a: str, p: str | None) -> str:
            out = normalize_address(a, style, prefecture=prefecture, postal_code=p or None)
            return out if isinstance(out, str) else " ".join(x for x in out if x)

        return self._map(postal_code, one, pl.String())


def _name_of(expr: pl.Expr) -> str:
    """The output name of *expr* (its root column), so the result keeps the address column's name."""
    try:
        return expr.meta.output_name()
    except Exception:  # an expression without one (a literal): polars names it
        return "address"


__all__ = ["ADDRESS_STRUCT", "AddressExpr"]
