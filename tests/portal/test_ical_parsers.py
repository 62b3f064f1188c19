"""The portal's calendars read the same in two parsers it does not write with (vobject and ics.py): every event
at its own local hour on both sides of summer time, in every year, with organiser and place."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import ics
import vobject

from portal.ical import calendar_bytes, calendar_new, event_add

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Around every change of the clocks in three years, and deep in summer and winter: 10:00 local each.
STARTS = [
    datetime(year, month, day, 10, 0, tzinfo=AMSTERDAM)
    for year in (2026, 2027, 2028)
    for month, day in ((1, 15), (3, 24), (4, 2), (7, 20), (10, 22), (11, 3), (12, 30))
]


def feed() -> str:
    calendar = calendar_new(product="Proef", name="Proefagenda")
    for number, start in enumerate(STARTS):
        event_add(
            calendar,
            uid=f"proef-{number}",
            start=start,
            end=start + timedelta(hours=1),
            summary="Koffie",
            location="Ontmoetingsruimte, Lindelaan 4, 3512 AB Utrecht",
            organizer="Bewonerscommissie De Linde",
        )
    return calendar_bytes(calendar).decode()


def test_vobject_reads_every_event_at_its_local_hour_in_summer_and_winter():
    parsed = vobject.readOne(feed())

    events = sorted(parsed.vevent_list, key=lambda event: event.uid.value)
    starts = {event.uid.value: event.dtstart.value for event in events}
    for number, start in enumerate(STARTS):
        read = starts[f"proef-{number}@bewonersportaal"]
        assert read.astimezone(UTC) == start.astimezone(UTC), start
        assert read.astimezone(AMSTERDAM).hour == 10


def test_ics_py_reads_every_event_at_its_local_hour_in_summer_and_winter():
    parsed = ics.Calendar(feed())

    starts = {event.uid: event.begin.datetime for event in parsed.events}
    assert len(starts) == len(STARTS)
    for number, start in enumerate(STARTS):
        read = starts[f"proef-{number}@bewonersportaal"]
        assert read.astimezone(UTC) == start.astimezone(UTC), start
        assert read.utcoffset() == start.utcoffset(), start  # the file's own VTIMEZONE, not the reader's


def test_the_time_zone_holds_both_summer_time_rules_for_every_year():
    zone = vobject.readOne(feed()).vtimezone

    rules = {
        part.name: set(part.rrule.value.split(";"))
        for part in zone.getChildren()
        if part.name in {"STANDARD", "DAYLIGHT"}
    }
    assert rules == {
        "DAYLIGHT": {"FREQ=YEARLY", "BYMONTH=3", "BYDAY=-1SU"},
        "STANDARD": {"FREQ=YEARLY", "BYMONTH=10", "BYDAY=-1SU"},
    }


def test_both_parsers_see_organiser_and_place(settings):
    settings.DEFAULT_FROM_EMAIL = "Bewonersportaal <portaal@example.org>"
    text = feed()

    event = vobject.readOne(text).vevent
    assert event.organizer.value == "mailto:portaal@example.org"
    assert event.organizer.params["CN"] == ["Bewonerscommissie De Linde"]
    assert event.location.value == "Ontmoetingsruimte, Lindelaan 4, 3512 AB Utrecht"
    assert {e.location for e in ics.Calendar(text).events} == {"Ontmoetingsruimte, Lindelaan 4, 3512 AB Utrecht"}
