"""iCalendar output for activities (portal.ical): one activity, the filtered feed, and e-mail attachments.

UIDs are stable (activity and local start time), and cancelled dates are STATUS:CANCELLED so calendars strike
them through. Each event says where (the place or the building's meeting room, and the building's address) and
who organises it (the committee, or the corporation), so calendar programs accept a later METHOD:CANCEL.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.context_processors import corporation_contact
from portal.ical import UID_DOMAIN, calendar_bytes, calendar_new, event_add


def uid_for(occurrence) -> str:
    return f"{_uid(occurrence)}@{UID_DOMAIN}"


def _uid(occurrence) -> str:
    start = occurrence.start.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"activiteit-{occurrence.activity_id}-{start:%Y%m%dT%H%M}"


def _buildings(occurrences: list) -> dict:
    from portal.models import BuildingPage

    ids = {o.activity.building_id for o in occurrences if o.activity.building_id}
    if not ids:
        return {}
    fields = ("title", "street_address", "postal_code", "city", "meeting_room_name")
    return {b.pk: b for b in BuildingPage.objects.filter(pk__in=ids).only(*fields)}


def _committees(occurrences: list) -> dict:
    from committees.models import CommitteePage

    ids = {o.activity.committee_id for o in occurrences if o.activity.committee_id}
    return {c.pk: c for c in CommitteePage.objects.filter(pk__in=ids).only("title")} if ids else {}


def location_of(occurrence, building) -> str:
    """The room and the building's address: "Ontmoetingsruimte, Lindelaan 4, 3512 AB Utrecht"."""
    room = occurrence.activity.place or (building.meeting_room_name if building else "")
    address = f"{building.street_address}, {building.postal_code} {building.city}" if building else ""
    return ", ".join(part for part in (room, address) if part)


def calendar_for(
    occurrences: Iterable,
    *,
    name: str,
    base_url: str = "",
    status: str = "",
    method: str = "PUBLISH",
    request=None,
) -> bytes:
    """The dates as a calendar. `status="TENTATIVE"`: a place on the waiting list (not yet a place);
    `method="CANCEL"` with cancelled dates withdraws them (see `cancellation_for`).

    A feed holds up to 500 dates of far fewer activities: what every date of an activity says alike (its
    address, description, location, organiser) is worked out once per activity, and the corporation's name
    (a cache read) once per calendar. Two queries (buildings, committees) for any number of dates. With
    `request`, the site's root paths for the links are read once for the whole calendar.
    """
    calendar = calendar_new(product="Activiteiten", name=name, method=method)
    occurrences = list(occurrences)
    stamp = timezone.now()
    buildings = _buildings(occurrences)
    committees = _committees(occurrences)
    corporation = corporation_contact()["name"] if any(not o.activity.committee_id for o in occurrences) else ""
    prefix = base_url.rstrip("/")
    shared: dict[int, dict] = {}
    for occurrence in occurrences:
        activity = occurrence.activity
        alike = shared.get(activity.pk)
        if alike is None:
            committee = committees.get(activity.committee_id)
            alike = shared[activity.pk] = {
                "summary": activity.title,
                "description": strip_tags(str(activity.description)),
                "location": location_of(occurrence, buildings.get(activity.building_id)),
                "url": f"{prefix}{activity.get_url(request=request)}" if base_url else "",
                "organizer": committee.title if committee else corporation,
            }
        event_add(
            calendar,
            uid=_uid(occurrence),
            start=occurrence.start,
            end=occurrence.end,
            cancelled=occurrence.cancelled or method == "CANCEL",
            status=status,
            stamp=stamp,
            **alike,
        )
    return calendar_bytes(calendar)


def cancellation_for(occurrence, *, base_url: str = "") -> bytes:
    """A withdrawal of this date from the resident's calendar (METHOD:CANCEL, STATUS:CANCELLED, same UID): to
    attach when someone cancels their place or the date is cancelled."""
    return calendar_for(
        [occurrence],
        name=_("Afgemeld: %(title)s") % {"title": occurrence.activity.title},
        base_url=base_url,
        method="CANCEL",
    )
