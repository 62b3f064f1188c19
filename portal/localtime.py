"""Days and wall-clock times in the portal's time zone (settings.TIME_ZONE, Europe/Amsterdam).

Queries select a day as a range of moments, `start_of_day(day) <= start < start_of_day(day + 1)`,
never with a `__date` lookup: that converts every row's time to a local date (on SQLite with a Python
function per row), so it cannot use the index on `start` and grows with the table.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day: date, moment: time) -> datetime:
    """The aware moment of a wall-clock time on a day in the portal's zone (DST-safe).

    The offset is the one of that day: 10:00 on the day the clocks go forward is 10:00 summer time.
    """
    return datetime.combine(day, moment).replace(tzinfo=local_tz())


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the portal's zone."""
    return local_datetime(day, time.min)


def day_range(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """The moments from the start of `first` up to (not including) the start of the day after `last`."""
    return start_of_day(first), start_of_day((last or first) + timedelta(days=1))


# The dates a visitor can ask for in a URL (the calendar's and the programme's month, the listings' date
# filters): anything outside these years is a 404 or a message in the form, never a date the database or
# Python's calendar cannot handle (year 1, year 9999 plus a month).
FIRST_YEAR = 2000
LAST_YEAR = 2100


def month_start(year: int, month: int) -> date | None:
    """The first day of that month, or None for a month that does not exist or lies outside the years above."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def parse_month(value: str | None) -> date | None:
    """The first day of a `jjjj-mm` month from a URL, or None for anything else (see `month_start`)."""
    year, dash, month = (value or "").strip().partition("-")
    if not (dash and year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        return None
    if len(year) != 4 or len(month) != 2:  # the shape of jjjj-mm
        return None
    return month_start(int(year), int(month))


def day_in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR
