"""iCalendar output (the icalendar library): one activity, the filtered feed, and e-mail attachments.

UIDs are stable (activity and local start time), times are Europe/Amsterdam with the zone
included, and cancelled dates are STATUS:CANCELLED so calendars strike them through.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

UID_DOMAIN = "bewonersportaal"


def uid_for(occurrence) -> str:
    start = occurrence.start.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"activiteit-{occurrence.activity_id}-{start:%Y%m%dT%H%M}@{UID_DOMAIN}"


def calendar_for(occurrences: Iterable, *, name: str, base_url: str = "") -> bytes:
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Bewonersportaal//Activiteiten//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    occurrences = list(occurrences)
    stamp = timezone.now()
    for occurrence in occurrences:
        activity = occurrence.activity
        event = Event()
        event.add("uid", uid_for(occurrence))
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.start.astimezone(tz))
        event.add("dtend", occurrence.end.astimezone(tz))
        event.add("summary", activity.title)
        event.add("description", strip_tags(str(activity.description)))
        event.add("location", getattr(occurrence, "place_label", "") or activity.place or "")
        if base_url:
            event.add("url", f"{base_url.rstrip('/')}{activity.url}")
        event.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
        calendar.add_component(event)
    if occurrences:
        # VTIMEZONE for Europe/Amsterdam covering these dates, so DST is right in every calendar app.
        calendar.add_missing_timezones(
            first_date=min(o.start for o in occurrences).date() - timedelta(days=1),
            last_date=max(o.end for o in occurrences).date() + timedelta(days=1),
        )
    return calendar.to_ical()
