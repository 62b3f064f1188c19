"""The core's iCalendar helpers (portal.ical), which activities and tours both write with."""

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from portal.ical import calendar_bytes, calendar_new, event_add

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_an_event_keeps_its_local_hour_on_both_sides_of_summer_time():
    calendar = calendar_new(product="Proef", name="Proefagenda")
    winter = datetime(2026, 3, 28, 10, 0, tzinfo=AMSTERDAM)  # the day before the clocks go forward
    summer = datetime(2026, 3, 30, 10, 0, tzinfo=AMSTERDAM)
    for number, start in enumerate([winter, summer]):
        event_add(
            calendar, uid=f"proef-{number}", start=start, end=start.replace(hour=11), summary="Koffie", sequence=2
        )

    parsed = Calendar.from_ical(calendar_bytes(calendar, first=winter, last=summer))

    events = parsed.walk("VEVENT")
    assert [event.decoded("dtstart").astimezone(AMSTERDAM).hour for event in events] == [10, 10]
    assert [str(event["uid"]) for event in events] == ["proef-0@bewonersportaal", "proef-1@bewonersportaal"]
    assert [event["sequence"] for event in events] == [2, 2]
    assert [str(zone["tzid"]) for zone in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert str(parsed["x-wr-calname"]) == "Proefagenda"
    assert str(parsed["prodid"]) == "-//Bewonersportaal//Proef//NL"


def test_a_cancelled_event_is_struck_through_and_a_withdrawal_says_cancel():
    calendar = calendar_new(product="Proef", method="CANCEL")
    start = datetime(2026, 12, 10, 14, 0, tzinfo=AMSTERDAM)
    event_add(calendar, uid="weg", start=start, end=start.replace(hour=15), summary="Rondleiding", cancelled=True)

    parsed = Calendar.from_ical(calendar_bytes(calendar, first=start, last=start))

    assert str(parsed["method"]) == "CANCEL"
    assert [str(event["status"]) for event in parsed.walk("VEVENT")] == ["CANCELLED"]
    assert "x-wr-calname" not in parsed
