"""Impossible or placeholder birthdates are held (select.birthdate_invalid) with the reason: each era's end,
placeholders, an age over 120, text after the date. The parser never raises and reads back every form."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from addrjp.mailing.pipeline import Options, clean_frame
from addrjp.mailing.select import ERA_LAST_DAYS, ERAS, birthdate_problem, parse_birthdate, read_birthdate

AS_OF = dt.date(2026, 9, 15)


@pytest.mark.parametrize("text,reason", [
    ("昭和64年1月8日", "era_ended: 昭和 ended on 1989-01-07"),
    ("昭和64年12月31日", "era_ended: 昭和 ended on 1989-01-07"),
    ("S64.2.1", "era_ended: 昭和 ended on 1989-01-07"),
    ("平成31年5月1日", "era_ended: 平成 ended on 2019-04-30"),
    ("平成32年1月1日", "era_ended: 平成 ended on 2019-04-30"),
    ("大正15年12月26日", "era_ended: 大正 ended on 1926-12-25"),
    ("明治45年7月31日", "era_ended: 明治 ended on 1912-07-30"),
    ("平成元年1月7日", "before_era: 平成 began on 1989-01-08"),
    ("0001-01-01", "placeholder: before 明治 (1868-01-25)"),
    ("1800-01-01", "placeholder: before 明治 (1868-01-25)"),
    ("1900-01-01", "age_over_120"),
    ("1949-09-16 extra", "trailing_text"),
    ("昭和24年9月16日 生", "trailing_text"),
    ("19490916x", "trailing_text"),
    ("1949-02-30", "impossible_date"),
    ("2027-01-01", "future: after the reference date"),
    ("", "missing"),
    ("不明", "not_a_date"),
])
def test_impossible_birthdates_and_their_reasons(text: str, reason: str) -> None:
    assert birthdate_problem(text, AS_OF) == reason


@pytest.mark.parametrize("text,date", [
    ("昭和64年1月7日", dt.date(1989, 1, 7)), ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("大正15年12月25日", dt.date(1926, 12, 25)), ("昭和元年12月25日", dt.date(1926, 12, 25)),
    ("明治45年7月30日", dt.date(1912, 7, 30)), ("大正元年7月30日", dt.date(1912, 7, 30)),
    ("1949/09/16 0:00:00", dt.date(1949, 9, 16)), ("1949-09-16T00:00:00+09:00", dt.date(1949, 9, 16)),
])
def test_last_days_of_eras_are_birthdates(text: str, date: dt.date) -> None:
    assert parse_birthdate(text) == date and birthdate_problem(text, AS_OF) is None


def test_clean_holds_them_with_the_reason() -> None:
    cells = ["昭和64年1月8日", "0001-01-01", "1949-09-16 extra", "1940-01-01"]
    n = len(cells)
    frame = pl.DataFrame({"id": [str(i) for i in range(n)], "name": [f"山田　{c}郎" for c in "一二三四"],
                          "postal_code": ["160-0023"] * n, "address": [f"東京都新宿区西新宿2-8-{i + 1}" for i in range(n)],
                          "birthdate": cells})
    out = clean_frame(frame, Options(min_age=77, as_of=AS_OF))
    rows = out.select("status", "findings", "suggestion").rows()
    for status, findings, suggestion in rows[:3]:
        assert status == "hold" and "select.birthdate_invalid" in findings and suggestion.startswith("birthdate: ")
    assert rows[0][2] == "birthdate: era_ended: 昭和 ended on 1989-01-07"
    assert rows[3][0] != "hold"


@given(st.text(max_size=60))
def test_birthdate_parser_never_raises(text: str) -> None:
    date, reason = read_birthdate(text)
    assert (date is None) != (reason is None)
    birthdate_problem(text, AS_OF)


def _era_forms(d: dt.date) -> list[str]:
    forms = []
    for era, (start, offset) in ERAS.items():
        last = ERA_LAST_DAYS.get(era)
        if start <= d and (last is None or d <= last):
            year = d.year - offset
            y = "元" if year == 1 else str(year)
            forms += [f"{era}{y}年{d.month}月{d.day}日", f"{era}{y}年{d.month:02d}月{d.day:02d}日"]
            letter = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}[era]
            forms.append(f"{letter}{year}.{d.month}.{d.day}")
    return forms


@given(st.dates(min_value=dt.date(1868, 1, 25), max_value=dt.date(2100, 12, 31)))
def test_every_form_of_a_valid_date_reads_back(d: dt.date) -> None:
    forms = [d.isoformat(), f"{d.year}/{d.month}/{d.day}", d.strftime("%Y%m%d"), f"{d.year}年{d.month}月{d.day}日",
             f"{d.isoformat()} 00:00:00", f"{d.isoformat()}T00:00:00"]
    era_forms = _era_forms(d)
    assert era_forms  # every day since 明治 is in one era (two on 1912-07-30 and 1926-12-25)
    for text in forms + era_forms:
        assert parse_birthdate(text) == d, text
