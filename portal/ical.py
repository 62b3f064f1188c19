"""iCalendar (the icalendar library) as the portal writes it, for every app: the calendar's frame, one event,
and the time zone, so calendar apps show the right hour on both sides of a change to or from summer time.

Times are written in the portal's time zone (Europe/Amsterdam) with a VTIMEZONE covering the events; UIDs end in
`@UID_DOMAIN` and stay the same for as long as the thing they describe exists, so a calendar updates its event
instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

UID_DOMAIN = "bewonersportaal"


def calendar_new(*, product: str, method: str = "PUBLISH", name: str = "") -> Calendar:
    """An empty calendar; `product` names what it holds ("Activiteiten"), `name` is the title calendar apps show
    for a subscribed feed. METHOD:CANCEL withdraws the events it carries."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Bewonersportaal//{product}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def event_add(
    calendar: Calendar,
    *,
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    cancelled: bool = False,
    sequence: int | None = None,
    stamp: datetime | None = None,
) -> None:
    """One event, in the portal's time zone; a cancelled one has STATUS:CANCELLED, so calendars strike it
    through. `sequence` goes up each time the event changes (a tour moved), so calendars take the new one."""
    tz = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    if sequence is not None:
        event.add("sequence", sequence)
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)


def calendar_bytes(calendar: Calendar, *, first: datetime | None = None, last: datetime | None = None) -> bytes:
    """The calendar as a file, with the time zone's rules for the days from `first` to `last` (the events' span)."""
    if first is not None and last is not None:
        calendar.add_missing_timezones(
            first_date=first.date() - timedelta(days=1), last_date=last.date() + timedelta(days=1)
        )
    return calendar.to_ical()
