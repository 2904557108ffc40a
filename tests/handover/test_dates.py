"""日時 on the ward's records: JST whatever the machine's zone, and the 和暦 date with the right era boundaries."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addrjp.errors import InputError
from addrjp.handover import dates
from addrjp.handover.dates import iso_jst, jst, stamp_and_wareki, wareki
from addrjp.mailing.select import parse_birthdate


@pytest.mark.parametrize(("day", "expected"), [
    ((2026, 12, 1), "令和8年12月1日"),
    ((2019, 5, 1), "令和元年5月1日"),
    ((2019, 4, 30), "平成31年4月30日"),
    ((1989, 1, 8), "平成元年1月8日"),
    ((1989, 1, 7), "昭和64年1月7日"),
    ((1926, 12, 25), "昭和元年12月25日"),
    ((1926, 12, 24), "大正15年12月24日"),
    ((1912, 7, 30), "大正元年7月30日"),
    ((1912, 7, 29), "明治45年7月29日"),
    ((1868, 1, 25), "明治元年1月25日"),
    ((2020, 1, 1), "令和2年1月1日"),
])
def test_era_boundaries(day: tuple[int, int, int], expected: str) -> None:
    assert wareki(dt.date(*day)) == expected


def test_a_date_before_the_first_era_is_refused() -> None:
    with pytest.raises(InputError, match="before the first era"):
        wareki(dt.date(1868, 1, 24))


@given(st.dates(min_value=dt.date(1868, 1, 25), max_value=dt.date(2099, 12, 31)))
def test_wareki_reads_back_to_the_same_day(day: dt.date) -> None:
    """One table of eras: what the records write, the birthdate reader reads back to the same day."""
    assert parse_birthdate(wareki(day)) == day


@given(st.datetimes(min_value=dt.datetime(1952, 1, 1), max_value=dt.datetime(2090, 1, 1),
                    timezones=st.just(dt.UTC)))
def test_times_are_japan_standard_time(when: dt.datetime) -> None:
    local = jst(when)
    assert local.utcoffset() == dt.timedelta(hours=9) and local == when
    stamp, era_date = stamp_and_wareki(when.isoformat())
    assert stamp.endswith("+09:00") and era_date == wareki(local.date())


def test_jst_even_when_the_machine_runs_on_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert iso_jst(dt.datetime(2026, 11, 30, 15, 30)).startswith("2026-12-01T00:30:00+09:00")
        assert iso_jst().endswith("+09:00")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_without_a_time_zone_database_jst_is_a_fixed_nine_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    import zoneinfo

    def missing(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(key)

    dates.tokyo.cache_clear()
    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    try:
        assert jst(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)).isoformat() == "2026-06-01T09:00:00+09:00"
    finally:
        dates.tokyo.cache_clear()


def test_a_stamp_that_is_not_a_time_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an ISO 8601"):
        stamp_and_wareki("yesterday")
