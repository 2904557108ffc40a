"""Selection by age (年齢による対象者の抽出): who is, say, 77 or older on a reference date.

Japanese law counts age by the 年齢計算ニ関スル法律 (Act on the Calculation of Age, 1902) with Civil Code
article 143: a person becomes a year older **at the end of the day before the birthday**. So on the
reference date D a person has the age they would have, counted the everyday way, on D + 1 day. Someone born
on 29 February becomes a year older at the end of 28 February in a common year (and in a leap year too).

Birthdates are read in the forms registers use: ``1949-09-16``, ``1949/9/16``, ``19490916``,
``1949年9月16日`` (a time of day after it is allowed: ``1949-09-16 00:00:00``) and the Japanese eras (和暦)
``昭和24年9月16日``, ``S24.9.16``, ``令和元年5月1日``.

A date that cannot be a living resident's birthdate is refused with its reason (:func:`birthdate_problem`):
a date after its era's last day (昭和64年1月8日: 昭和 ended on 1989-01-07; 平成31年5月1日; 大正15年12月26日;
明治45年7月31日 — up to 昭和 the era changed on the day, so 大正15年12月25日 and 昭和元年12月25日 are the
same day), before its era's first day, an impossible day (2月30日), text after the date (``1949-09-16
extra``), a placeholder before 明治 (``0001-01-01``, ``1800-01-01``), a date after the reference date, or an
age over :data:`MAX_AGE`.

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
>>> birthdate_problem("昭和64年1月8日", dt.date(2026, 9, 15))
'era_ended: 昭和 ended on 1989-01-07'
>>> birthdate_problem("1949-09-16 extra", dt.date(2026, 9, 15)), birthdate_problem("1800-01-01", dt.date(2026, 9, 15))
('trailing_text', 'placeholder: before 明治 (1868-01-25)')
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
#: The last day of each ended era. Up to 昭和 the new era began on the day the emperor died (即日改元), so
#: that day is in both eras; 平成 and 令和 began the next day (翌日改元).
ERA_LAST_DAYS: dict[str, dt.date] = {
    "明治": dt.date(1912, 7, 30),
    "大正": dt.date(1926, 12, 25),
    "昭和": dt.date(1989, 1, 7),
    "平成": dt.date(2019, 4, 30),
}
ERA_LETTERS: dict[str, str] = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
#: The oldest age accepted; beyond it the birthdate is a placeholder or a typing error.
MAX_AGE = 120
#: Before this day (明治元年1月1日) a birthdate is a placeholder (0001-01-01, 1800-01-01).
EARLIEST = ERAS["明治"][0]
#: Longest birthdate cell read; longer ones are not a date.
MAX_CHARS = 40

_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ERA = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
#: a time of day after the date (spreadsheets write 1949/09/16 0:00:00, ISO 1949-09-16T00:00:00)
_TIME = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_DATE_START = re.compile(r"^(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}|"
                         r"(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:\d{1,2}|元)\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")


def age_on(birth: dt.date, as_of: dt.date) -> int:
    """Age on *as_of* as Japanese law counts it (older at the end of the day before the birthday)."""
    d = as_of + dt.timedelta(days=1)
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


def read_birthdate(text: str | None) -> tuple[dt.date | None, str | None]:
    """(date, None) for a birthdate cell, or (None, reason) — ``missing``, ``not_a_date``, ``trailing_text``,
    ``impossible_date``, ``era_ended: …``, ``before_era: …``, ``placeholder: …``. Never raises."""
    if text is None or not str(text).strip():
        return None, "missing"
    s = fold_width(str(text)).strip().upper()
    if len(s) > MAX_CHARS:
        return None, "not_a_date"
    s = _TIME.sub("", s).strip() if len(s) > 8 else s
    try:
        m = _WESTERN.match(s) or _COMPACT.match(s)
        if m:
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if date < EARLIEST:
                return None, f"placeholder: before 明治 ({EARLIEST.isoformat()})"
            return date, None
        m = _ERA.match(s)
        if m:
            era = ERA_LETTERS.get(m[1], m[1])
            start, offset = ERAS[era]
            year = 1 if m[2] == "元" else int(m[2])
            if year < 1:
                return None, "impossible_date"
            date = dt.date(offset + year, int(m[3]), int(m[4]))
            if date < start:
                return None, f"before_era: {era} began on {start.isoformat()}"
            last = ERA_LAST_DAYS.get(era)
            if last is not None and date > last:
                return None, f"era_ended: {era} ended on {last.isoformat()}"
            return date, None
    except ValueError:
        return None, "impossible_date"
    if _DATE_START.match(s):
        return None, "trailing_text"
    return None, "not_a_date"


def parse_birthdate(text: str | None) -> dt.date | None:
    """A birthdate from a register cell, or None when it is empty or not a real date (see :func:`read_birthdate`)."""
    return read_birthdate(text)[0]


def birthdate_problem(text: str | None, as_of: dt.date) -> str | None:
    """Why a cell is not a birthdate of a resident on *as_of* (see :func:`read_birthdate`, plus ``future``
    and ``age_over_120``), or None when it is one."""
    date, reason = read_birthdate(text)
    if date is None:
        return reason
    return _age_problem(date, as_of)


def _age_problem(date: dt.date, as_of: dt.date) -> str | None:
    if date > as_of:
        return "future: after the reference date"
    if age_on(date, as_of) > MAX_AGE:
        return f"age_over_{MAX_AGE}"
    return None


def birthdate_problems(birthdates: pl.Series, *, as_of: dt.date) -> pl.Series:
    """``birthdate_problem`` of every cell (null where the birthdate is good), once per distinct cell."""
    return birthdate_selection(birthdates, min_age=0, as_of=as_of)["problem"]


def age_selection(birthdates: pl.Series, *, min_age: int, as_of: dt.date) -> tuple[pl.Series, pl.Series]:
    """(selected, invalid) boolean Series for a column of birthdate cells.

    *invalid* marks a cell that is not a resident's birthdate on *as_of* (:func:`birthdate_problem`: missing,
    impossible, after its era, a placeholder, after *as_of*, an age over :data:`MAX_AGE`); *selected* marks
    rows aged *min_age* or more on *as_of*. Dates are parsed once per distinct cell; the age itself is a
    column expression.
    """
    frame = birthdate_selection(birthdates, min_age=min_age, as_of=as_of)
    return frame["selected"], frame["invalid"]


def birthdate_selection(birthdates: pl.Series, *, min_age: int, as_of: dt.date) -> pl.DataFrame:
    """``selected``, ``invalid`` (:func:`age_selection`) and ``problem`` (:func:`birthdate_problems`) of a column
    of birthdate cells, each distinct cell read once (:func:`read_birthdate`, or :func:`birthdate_dates` for the
    plain ISO form) for all three.

    >>> f = birthdate_selection(pl.Series(["1940-01-01", "2000-01-01", "S99.1.1", ""]), min_age=77,
    ...                         as_of=dt.date(2026, 9, 15))
    >>> f["selected"].to_list(), f["invalid"].to_list(), f["problem"].to_list()[2:]
    ([True, False, False, False], [False, False, True, True], ['era_ended: 昭和 ended on 1989-01-07', 'missing'])
    """
    frame = pl.DataFrame({"b": birthdates.fill_null("")})
    parsed = birthdate_dates(frame["b"].unique())
    d1 = as_of + dt.timedelta(days=1)
    md = d1.month * 100 + d1.day
    age = (pl.lit(d1.year) - pl.col("d").dt.year()
           - (pl.lit(md) < pl.col("d").dt.month().cast(pl.Int32) * 100 + pl.col("d").dt.day().cast(pl.Int32)).cast(
               pl.Int32))
    out = frame.join(parsed, on="b", how="left", maintain_order="left").select(
        "d", "r", future=pl.col("d") > pl.lit(as_of), age=age)
    invalid = (out["future"].fill_null(True) | (out["age"] > MAX_AGE).fill_null(True)).alias("invalid")
    selected = ((~invalid) & (out["age"] >= min_age).fill_null(False)).alias("selected")
    # a date's problem is _age_problem's, as a column: after the reference date, or older than MAX_AGE
    problem = out.select(
        pl.when(pl.col("d").is_null()).then("r")
        .when(pl.col("future")).then(pl.lit("future: after the reference date"))
        .when(pl.col("age") > MAX_AGE).then(pl.lit(f"age_over_{MAX_AGE}"))
        .otherwise(pl.lit(None, pl.String)).alias("problem")).to_series()
    return pl.DataFrame([selected, invalid, problem])


#: The plain ISO form, which most registers write: read as a column (a real day on or after 明治元年, else the
#: cell goes through :func:`read_birthdate`, which gives its reason).
_ISO_SHAPE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def birthdate_dates(cells: pl.Series) -> pl.DataFrame:
    """``b`` (each cell of *cells*), ``d`` (its date, :func:`read_birthdate`'s) and ``r`` (the reason when it has
    none). Cells of the form ``1949-09-16`` are read as a column; the others one by one.

    >>> birthdate_dates(pl.Series(["1949-09-16", "1949-02-30", "S24.9.16"])).rows()
    [('1949-09-16', datetime.date(1949, 9, 16), None), ('1949-02-30', None, 'impossible_date'), \
('S24.9.16', datetime.date(1949, 9, 16), None)]
    """
    b = pl.col("b")
    frame = pl.DataFrame({"b": cells.cast(pl.String)}).with_columns(
        d=pl.when(b.str.contains(_ISO_SHAPE)).then(b.str.to_date("%Y-%m-%d", strict=False)))
    frame = frame.with_columns(d=pl.when(pl.col("d") >= pl.lit(EARLIEST)).then("d"))
    odd = frame.filter(pl.col("d").is_null())["b"].unique(maintain_order=True).to_list()
    if not odd:
        return frame.with_columns(r=pl.lit(None, pl.String))
    read = [read_birthdate(v) for v in odd]
    slow = pl.DataFrame({"b": odd, "_d": [d for d, _ in read], "r": [r for _, r in read]},
                        schema={"b": pl.String, "_d": pl.Date, "r": pl.String})
    return (frame.join(slow, on="b", how="left", maintain_order="left", nulls_equal=True)
            .select("b", pl.coalesce("d", "_d").alias("d"), "r"))


def birthdate_iso(cells: pl.Series) -> pl.Series:
    """Each cell's birthdate as ``YYYY-MM-DD`` (:func:`parse_birthdate`), null where it is not a date.

    >>> birthdate_iso(pl.Series(["昭和24年9月16日", "1949-09-16", "x", None])).to_list()
    ['1949-09-16', '1949-09-16', None, None]
    """
    frame = pl.DataFrame({"b": cells.cast(pl.String)})
    parsed = birthdate_dates(frame["b"].drop_nulls().unique())
    return (frame.join(parsed, on="b", how="left", maintain_order="left")["d"].dt.to_string("%Y-%m-%d")
            .alias(cells.name))


__all__ = [
    "ERAS",
    "ERA_LAST_DAYS",
    "MAX_AGE",
    "age_on",
    "age_selection",
    "birthdate_dates",
    "birthdate_iso",
    "birthdate_problem",
    "birthdate_problems",
    "birthdate_selection",
    "parse_birthdate",
    "read_birthdate",
]
