"""日時 (date and time) on the ward's records: Japan Standard Time (日本標準時, JST) and the 和暦 date.

The ledger (管理簿) and the erasure certificate (消去証明書) are read by people in Japan and filed on paper,
so every time stamp is recorded in JST (``Asia/Tokyo``, UTC+9, no summer time since 1951) whatever the
machine's own time zone is, and the date is written in the Japanese era calendar (和暦, *wareki*) beside
the ISO one. The era boundaries come from the one table in :data:`addrjp.mailing.select.ERAS` (the first
day of each era; an era ends the day before the next one begins): 令和 from 2019-05-01, 平成 from
1989-01-08, 昭和 from 1926-12-25, 大正 from 1912-07-30, 明治 from 1868-01-25. The first year of an era is
written 元年 (*gannen*), as in official documents.

>>> import datetime as dt
>>> wareki(dt.date(2026, 12, 1))
'令和8年12月1日'
>>> wareki(dt.date(2019, 4, 30)), wareki(dt.date(2019, 5, 1))
('平成31年4月30日', '令和元年5月1日')
>>> jst(dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC)).isoformat()
'2026-12-01T00:30:00+09:00'
>>> stamp_and_wareki("2026-11-30T15:30:00+00:00")
('2026-12-01T00:30:00+09:00', '令和8年12月1日')
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from addrjp.errors import InputError
from addrjp.mailing.select import ERAS

TIME_ZONE = "Asia/Tokyo"
#: Japan has kept UTC+9 all year since 1951; used when the machine has no time-zone database.
_JST_FIXED = dt.timezone(dt.timedelta(hours=9), "JST")


@cache
def tokyo() -> dt.tzinfo:
    """The ``Asia/Tokyo`` zone from the time-zone database (zoneinfo), or a fixed UTC+9 without one."""
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(TIME_ZONE)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return _JST_FIXED
    except ImportError:  # pragma: no cover - zoneinfo is in the standard library since 3.9
        return _JST_FIXED


def jst(when: dt.datetime) -> dt.datetime:
    """``when`` in JST; a naive time is taken as the machine's local time."""
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(tokyo())


def now_jst() -> dt.datetime:
    """The current time in JST, to the second."""
    return jst(dt.datetime.now(dt.UTC)).replace(microsecond=0)


def iso_jst(when: dt.datetime | None = None) -> str:
    """An ISO 8601 time stamp in JST with its offset (``2026-12-01T09:30:00+09:00``); now by default."""
    return jst(when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")


def wareki(day: dt.date) -> str:
    """The date in the Japanese era calendar (和暦): ``令和8年12月1日``; 元年 for an era's first year.

    Raises InputError for a date before 明治 (1868-01-25), which no era of the table covers.

    >>> import datetime as dt
    >>> wareki(dt.date(1989, 1, 7)), wareki(dt.date(1989, 1, 8))
    ('昭和64年1月7日', '平成元年1月8日')
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    for era, (start, offset) in sorted(ERAS.items(), key=lambda item: item[1][0], reverse=True):
        if day >= start:
            year = day.year - offset
            number = "元" if year == 1 else str(year)
            return f"{era}{number}年{day.month}月{day.day}日"
    raise InputError(f"{day.isoformat()} is before the first era of the table (明治, 1868-01-25)")


def western(day: dt.date) -> str:
    """The date as ``2026年12月1日`` (西暦, Western calendar)."""
    return f"{day.year}年{day.month}月{day.day}日"


def stamp_and_wareki(stamp: str) -> tuple[str, str]:
    """An ISO 8601 time stamp (any offset) as (the JST stamp, the 和暦 date of that JST day).

    A stamp without an offset is taken as JST (old records written on a machine set to Tokyo time).
    InputError when ``stamp`` is not an ISO 8601 time.
    """
    try:
        when = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        raise InputError(f"{stamp!r} is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tokyo())
    local = jst(when)
    return local.isoformat(timespec="seconds"), wareki(local.date())


__all__ = ["TIME_ZONE", "iso_jst", "jst", "now_jst", "stamp_and_wareki", "tokyo", "wareki", "western"]
