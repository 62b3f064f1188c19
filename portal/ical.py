"""iCalendar (the icalendar library) as the portal writes it, for every app: the calendar's frame, one event,
and the time zone, so calendar apps show the right hour on both sides of a change to or from summer time.

Times are written in the portal's time zone (Europe/Amsterdam) with a full VTIMEZONE: both summer-time rules as
yearly RRULEs, not only the changes between the first and last event (a calendar program that read such a cut
file shifted its later summer events by an hour). UIDs end in
`@UID_DOMAIN` and stay the same for as long as the thing they describe exists, so a calendar updates its event
instead of adding a second one.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

UID_DOMAIN = "bewonersportaal"
FOLD_AT = 75  # octets: RFC 5545 folds a content line that reaches 75 (the library folds at the 75th)

# The EU rules since 1996: summer time from the last Sunday of March 02:00 (CEST, +0200) to the last Sunday of
# October 03:00 (CET, +0100).
AMSTERDAM_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
X-LIC-LOCATION:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


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
    organizer: str = "",
    cancelled: bool = False,
    status: str = "",
    sequence: int | None = None,
    stamp: datetime | None = None,
) -> None:
    """One event, in the portal's time zone; a cancelled one has STATUS:CANCELLED, so calendars strike it
    through. `sequence` goes up each time the event changes (a tour moved), so calendars take the new one.
    `status` overrides CONFIRMED ("TENTATIVE": a place on a waiting list). `organizer` is the name shown as
    organiser (a committee, the corporation); its address is the portal's sender, so calendar programs accept
    the METHOD:CANCEL that later withdraws the event."""
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
    if organizer:
        event.add("organizer", organizer_address(organizer))
    event.add("status", "CANCELLED" if cancelled else (status or "CONFIRMED"))
    calendar.add_component(event)


def organizer_address(name: str) -> vCalAddress:
    """mailto: the portal's sender address, with CN = who organises."""
    address = vCalAddress(_mailto(settings.DEFAULT_FROM_EMAIL))
    address.params["cn"] = vText(name)
    return address


@functools.lru_cache(maxsize=4)
def _mailto(sender: str) -> str:
    """Parsed once per sender setting, not once per event of a 500-date feed."""
    return f"mailto:{parseaddr(sender)[1]}"


def calendar_bytes(calendar: Calendar, *, first: datetime | None = None, last: datetime | None = None) -> bytes:
    """The calendar as a file, with the full rules of the portal's time zone (`first` and `last` are no longer
    needed: the VTIMEZONE holds for every year)."""
    if settings.TIME_ZONE == "Europe/Amsterdam":
        calendar.subcomponents.insert(0, Timezone.from_ical(AMSTERDAM_VTIMEZONE))  # before the events
    else:  # another zone (not used by the portal): its transitions over the years the portal accepts
        calendar.add_missing_timezones(first_date=date(1970, 1, 1), last_date=date(2100, 12, 31))
    return _folded(calendar.content_lines())


def _folded(lines) -> bytes:
    """What `Calendar.to_ical()` gives, byte for byte, faster: the library folds every line character by
    character, a third of the time of a 500-date feed; most lines are shorter than a fold (74 octets), only
    the longer ones go through the library's folding."""
    out = []
    for line in lines:
        if not line:
            continue
        data = line.encode("utf-8")
        out.append(data if len(data) < FOLD_AT else line.to_ical())
    return b"\r\n".join(out) + b"\r\n"
