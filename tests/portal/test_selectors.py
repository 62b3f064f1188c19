"""'Next time here' in Europe/Amsterdam, right on both sides of the clock change."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.models import PresenceSlot
from portal.selectors import next_presence

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY, WEDNESDAY, SUNDAY = 0, 2, 6


def weekly(weekday, start, end):
    return PresenceSlot(weekday=weekday, start=time(*start), end=time(*end))


def test_monday_after_summer_time_starts_is_still_nine_local():
    # Saturday 28 March 2026, noon; the clocks go forward on Sunday 29 March.
    now = datetime(2026, 3, 28, 12, 0, tzinfo=AMSTERDAM)

    presence = next_presence(slots=[weekly(MONDAY, (9, 0), (12, 0))], now=now)

    assert presence.start.astimezone(AMSTERDAM).replace(tzinfo=None) == datetime(2026, 3, 30, 9, 0)
    assert presence.start.astimezone(UTC) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    assert not presence.is_now


def test_monday_after_winter_time_starts_is_still_nine_local():
    # Saturday 24 October 2026; the clocks go back on Sunday 25 October.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=AMSTERDAM)

    presence = next_presence(slots=[weekly(MONDAY, (9, 0), (12, 0))], now=now)

    assert presence.start.astimezone(UTC) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # CET, UTC+1
    assert presence.end.astimezone(AMSTERDAM).hour == 12


def test_on_the_day_of_the_change_itself():
    # Sunday 29 March 2026 at 01:30 local (before the jump at 02:00), presence Sunday 10:00.
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)

    presence = next_presence(slots=[weekly(SUNDAY, (10, 0), (11, 0))], now=now)

    assert presence.start.astimezone(UTC) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_while_present_it_says_now():
    now = datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM)  # a Monday

    presence = next_presence(slots=[weekly(MONDAY, (9, 0), (12, 0))], now=now)

    assert presence.is_now
    assert presence.end.astimezone(AMSTERDAM).hour == 12


def test_after_todays_slot_it_is_next_week():
    now = datetime(2026, 11, 23, 12, 30, tzinfo=AMSTERDAM)  # Monday, after the slot

    presence = next_presence(slots=[weekly(MONDAY, (9, 0), (12, 0))], now=now)

    assert presence.start.astimezone(AMSTERDAM).date().isoformat() == "2026-11-30"


def test_the_earliest_of_several_slots_wins():
    now = datetime(2026, 11, 23, 12, 30, tzinfo=AMSTERDAM)  # Monday

    presence = next_presence(
        slots=[weekly(MONDAY, (9, 0), (12, 0)), weekly(WEDNESDAY, (13, 0), (14, 0)), weekly(MONDAY, (14, 0), (15, 0))],
        now=now,
    )

    assert presence.start.astimezone(AMSTERDAM).replace(tzinfo=None) == datetime(2026, 11, 23, 14, 0)


def test_no_slots_no_presence():
    assert next_presence(slots=[], now=datetime(2026, 11, 23, tzinfo=UTC)) is None


@pytest.mark.parametrize("weekday", range(7))
def test_next_presence_is_never_more_than_a_week_away(weekday):
    now = datetime(2026, 11, 21, 23, 59, tzinfo=AMSTERDAM)

    presence = next_presence(slots=[weekly(weekday, (8, 0), (9, 0))], now=now)

    assert now < presence.start <= now + timedelta(days=7)
