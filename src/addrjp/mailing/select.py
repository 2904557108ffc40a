"""Selection by age (年齢による対象者の抽出): who is, say, 77 or older on a reference date.

Japanese law counts age by the 年齢計算ニ関スル法律 (Act on the Calculation of Age, 1902) with Civil Code
article 143: a person becomes a year older **at the end of the day before the birthday**. So on the
reference date D a person has the age they would have, counted the everyday way, on D + 1 day. Someone born
on 29 February becomes a year older at the end of 28 February in a common year (and in a leap year too).

Birthdates are read in the forms registers use: ``1949-09-16``, ``1949/9/16``, ``19490916``,
``1949年9月16日`` and the Japanese eras (和暦) ``昭和24年9月16日``, ``S24.9.16``, ``令和元年5月1日``.

>>> import datetime as dt
>>> age_on(dt.date(1949, 9, 16), dt.date(2026, 9, 15))   # 77th birthday tomorrow: 77 at the end of today
77
>>> age_on(dt.date(1949, 9, 17), dt.date(2026, 9, 15))
76
>>> age_on(dt.date(1948, 2, 29), dt.date(2025, 2, 27)), age_on(dt.date(1948, 2, 29), dt.date(2025, 2, 28))
(76, 77)
>>> parse_birthdate("昭和24年9月16日"), parse_birthdate("S24.9.16"), parse_birthdate("19490916")
(datetime.date(1949, 9, 16), datetime.date(1949, 9, 16), datetime.date(1949, 9, 16))
>>> parse_birthdate("平成31年2月30日") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from addrjp.text.width import fold_width

#: Japanese eras: first day, and the offset to add to an era year (元年 = 1).
ERAS: dict[str, tuple[dt.date, int]] = {
    "明治": (dt.date(1868, 1, 25), 1867),
    "大正": (dt.date(1912, 7, 30), 1911),
    "昭和": (dt.date(1926, 12, 25), 1925),
    "平成": (dt.date(1989, 1, 8), 1988),
    "令和": (dt.date(2019, 5, 1), 2018),
}
ERA_LETTERS: dict[str, str] = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ERA = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def age_on(birth: dt.date, as_of: dt.date) -> int:
    """Age on *as_of* as Japanese law counts it (older at the end of the day before the birthday)."""
    d = as_of + dt.timedelta(days=1)
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


def parse_birthdate(text: str | None) -> dt.date | None:
    """A birthdate from a register cell, or None when it is empty or not a real date."""
    if not text:
        return None
    s = fold_width(text).strip().upper()
    s = s.split("T")[0] if _looks_iso_datetime(s) else s.split(" ")[0]
    try:
        m = _WESTERN.match(s) or _COMPACT.match(s)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _ERA.match(s)
        if m:
            era = ERA_LETTERS.get(m[1], m[1])
            start, offset = ERAS[era]
            year = 1 if m[2] == "元" else int(m[2])
            if year < 1:
                return None
            date = dt.date(offset + year, int(m[3]), int(m[4]))
            return date if date >= start else None
    except ValueError:
        return None
    return None


def _looks_iso_datetime(s: str) -> bool:
    return len(s) > 10 and s[4:5] == "-" and s[10:11] == "T"


def age_selection(birthdates: pl.Series, *, min_age: int, as_of: dt.date) -> tuple[pl.Series, pl.Series]:
    """(selected, invalid) boolean Series for a column of birthdate cells.

    *invalid* marks a missing or impossible date, or one after *as_of*; *selected* marks rows aged *min_age*
    or more on *as_of*. Dates are parsed once per distinct cell; the age itself is a column expression.
    """
    frame = pl.DataFrame({"b": birthdates.fill_null("")})
    distinct = frame.select(pl.col("b").unique())["b"].to_list()
    parsed = pl.DataFrame(
        {"b": distinct, "d": [parse_birthdate(v) for v in distinct]},
        schema={"b": pl.String, "d": pl.Date},
    )
    d1 = as_of + dt.timedelta(days=1)
    md = d1.month * 100 + d1.day
    out = frame.join(parsed, on="b", how="left", maintain_order="left").select(
        invalid=pl.col("d").is_null() | (pl.col("d") > pl.lit(as_of)),
        age=pl.lit(d1.year) - pl.col("d").dt.year()
        - (pl.lit(md) < pl.col("d").dt.month().cast(pl.Int32) * 100 + pl.col("d").dt.day().cast(pl.Int32)).cast(
            pl.Int32
        ),
    )
    invalid = out["invalid"]
    selected = (~invalid) & (out["age"] >= min_age).fill_null(False)
    return selected.alias("selected"), invalid.alias("invalid")


__all__ = ["ERAS", "age_on", "age_selection", "parse_birthdate"]
