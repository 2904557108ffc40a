"""Age selection as Japanese law counts age (年齢計算ニ関スル法律)."""

from __future__ import annotations

import datetime as dt
import doctest

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import addrjp.mailing.select as select_mod
from addrjp.mailing.select import age_on, age_selection, parse_birthdate

D = dt.date


def test_doctests() -> None:
    assert doctest.testmod(select_mod).failed == 0


def test_older_at_the_end_of_the_day_before_the_birthday() -> None:
    as_of = D(2026, 9, 15)
    assert age_on(D(1949, 9, 15), as_of) == 77  # birthday today
    assert age_on(D(1949, 9, 16), as_of) == 77  # birthday tomorrow: 77 at the end of today
    assert age_on(D(1949, 9, 17), as_of) == 76
    assert age_on(D(1950, 9, 16), as_of) == 76


def test_born_on_29_february() -> None:
    b = D(1948, 2, 29)
    assert age_on(b, D(2025, 2, 27)) == 76
    assert age_on(b, D(2025, 2, 28)) == 77  # common year: older at the end of 28 February
    assert age_on(b, D(2024, 2, 27)) == 75
    assert age_on(b, D(2024, 2, 28)) == 76  # leap year: the day before 29 February is 28 February
    assert age_on(b, D(2024, 2, 29)) == 76


def test_school_year_rule() -> None:
    """The law's famous consequence: children born on 1 April are 6 on 31 March."""
    assert age_on(D(2020, 4, 1), D(2026, 3, 31)) == 6
    assert age_on(D(2020, 4, 2), D(2026, 3, 31)) == 5


@pytest.mark.parametrize(
    "text,date",
    [
        ("1949-09-16", D(1949, 9, 16)),
        ("1949/9/6", D(1949, 9, 6)),
        ("１９４９年９月１６日", D(1949, 9, 16)),
        ("19490916", D(1949, 9, 16)),
        ("1949-09-16T00:00:00", D(1949, 9, 16)),
        ("1949-09-16 00:00:00", D(1949, 9, 16)),
        ("昭和24年9月16日", D(1949, 9, 16)),
        ("S24.9.16", D(1949, 9, 16)),
        ("s24/09/16", D(1949, 9, 16)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("R1.5.1", D(2019, 5, 1)),
        ("明治45年7月29日", D(1912, 7, 29)),
    ],
)
def test_parse_birthdate(text: str, date: dt.date) -> None:
    assert parse_birthdate(text) == date


@pytest.mark.parametrize("text", ["", "  ", "1949-02-30", "昭和24年13月1日", "平成元年1月7日", "不明", "S0.1.1",
                                  "12/31/1949"])
def test_invalid_birthdates(text: str) -> None:
    assert parse_birthdate(text) is None


def test_age_selection() -> None:
    cells = pl.Series(["1949-09-16", "1949-09-17", "", "x", "昭和23年2月29日", "2030-01-01"])
    selected, invalid = age_selection(cells, min_age=77, as_of=D(2026, 9, 15))
    assert selected.to_list() == [True, False, False, False, True, False]
    assert invalid.to_list() == [False, False, True, True, False, True]


dates = st.dates(min_value=D(1890, 1, 1), max_value=D(2030, 12, 31))


@given(dates, dates)
def test_vectorised_age_matches_scalar(birth: dt.date, as_of: dt.date) -> None:
    if birth > as_of or age_on(birth, as_of) > 120:  # over 120: not a birthdate (test_birthdates.py)
        return
    for min_age in (age_on(birth, as_of), age_on(birth, as_of) + 1):
        selected, invalid = age_selection(pl.Series([birth.isoformat()]), min_age=min_age, as_of=as_of)
        assert not invalid[0]
        assert selected[0] == (age_on(birth, as_of) >= min_age)


@given(dates, dates)
def test_age_increments_once_a_year_on_the_day_before(birth: dt.date, as_of: dt.date) -> None:
    if birth >= as_of:
        return
    before, now = age_on(birth, as_of - dt.timedelta(days=1)), age_on(birth, as_of)
    assert now - before in (0, 1)
    if now != before:  # the next day is the birthday (or 1 March for a 29 February birth in a common year)
        nxt = as_of + dt.timedelta(days=1)
        assert (nxt.month, nxt.day) == (birth.month, birth.day) or (
            (birth.month, birth.day) == (2, 29) and (nxt.month, nxt.day) == (3, 1)
        )


cells = st.lists(st.one_of(st.sampled_from(["", "x", "昭和23年2月29日", "S64.1.8", "H1.1.8", "1949-09-16", "2030-01-01",
                                            "1800-01-01", "１９４９－０９－１６", "19490916", "1949-02-30", None]),
                           dates.map(dt.date.isoformat)), max_size=12)


@given(cells, dates, st.integers(0, 110))
def test_one_reading_gives_what_each_rule_gives_per_cell(values: list[str | None], as_of: dt.date,
                                                        min_age: int) -> None:
    from addrjp.mailing.select import birthdate_problem, birthdate_problems, birthdate_selection

    series = pl.Series(values, dtype=pl.String)
    frame = birthdate_selection(series, min_age=min_age, as_of=as_of)
    problems = [birthdate_problem(v, as_of) for v in values]
    assert frame["problem"].to_list() == problems == birthdate_problems(series, as_of=as_of).to_list()
    assert frame["invalid"].to_list() == [p is not None for p in problems]
    for v, selected, p in zip(values, frame["selected"].to_list(), problems, strict=True):
        birth = parse_birthdate(v)
        assert selected == (p is None and birth is not None and age_on(birth, as_of) >= min_age)


#: ISO-shaped cells, real days or not (2月30日, 13月, 0000年, before 明治), and near misses of the shape
iso_like = st.one_of(
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.from_regex(r"\A[0-9]{3,5}-[0-9]{1,3}-[0-9]{1,3}[ 日]?\Z"),
    dates.map(dt.date.isoformat),
)


@given(st.lists(st.one_of(iso_like, st.sampled_from(["", "S24.9.16", "昭和24年9月16日", "1949/9/16", None])),
                max_size=20), dates, st.integers(0, 110))
def test_iso_cells_read_as_a_column_as_one_by_one(values: list[str | None], as_of: dt.date, min_age: int) -> None:
    """The column reading of the plain ISO form (birthdate_dates) gives what read_birthdate gives per cell."""
    from addrjp.mailing.select import (
        birthdate_dates,
        birthdate_iso,
        birthdate_problem,
        birthdate_selection,
        read_birthdate,
    )

    series = pl.Series(values, dtype=pl.String)
    read = birthdate_dates(series)
    assert read["b"].to_list() == values
    expected = [read_birthdate(v) for v in values]
    assert read["d"].to_list() == [d for d, _ in expected]
    assert read["r"].to_list() == [r for _, r in expected]
    assert birthdate_iso(series).to_list() == [(d.isoformat() if (d := parse_birthdate(v)) else None) for v in values]
    frame = birthdate_selection(series, min_age=min_age, as_of=as_of)
    assert frame["problem"].to_list() == [birthdate_problem(v, as_of) for v in values]
