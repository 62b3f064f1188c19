"""iCalendar output for activities (portal.ical): one activity, the filtered feed, and e-mail attachments.

UIDs are stable (activity and local start time), and cancelled dates are STATUS:CANCELLED so calendars strike
them through.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from portal.ical import UID_DOMAIN, calendar_bytes, calendar_new, event_add


def uid_for(occurrence) -> str:
    return f"{_uid(occurrence)}@{UID_DOMAIN}"


def _uid(occurrence) -> str:
    start = occurrence.start.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"activiteit-{occurrence.activity_id}-{start:%Y%m%dT%H%M}"


def calendar_for(occurrences: Iterable, *, name: str, base_url: str = "") -> bytes:
    calendar = calendar_new(product="Activiteiten", name=name)
    occurrences = list(occurrences)
    stamp = timezone.now()
    for occurrence in occurrences:
        activity = occurrence.activity
        event_add(
            calendar,
            uid=_uid(occurrence),
            start=occurrence.start,
            end=occurrence.end,
            summary=activity.title,
            description=strip_tags(str(activity.description)),
            location=getattr(occurrence, "place_label", "") or activity.place or "",
            url=f"{base_url.rstrip('/')}{activity.url}" if base_url else "",
            cancelled=occurrence.cancelled,
            stamp=stamp,
        )
    if not occurrences:
        return calendar_bytes(calendar)
    return calendar_bytes(calendar, first=min(o.start for o in occurrences), last=max(o.end for o in occurrences))
