"""The tour as an iCalendar event (portal.ical): attached to the visitor's and the ambassador's e-mails.

The UID stays the same when a tour moves and SEQUENCE goes up, so calendar apps update the event;
a cancelled tour is sent with METHOD:CANCEL and STATUS:CANCELLED. The corporation is the ORGANIZER (mailto: the
portal's sender), without which many calendar programs ignore the cancellation.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambassadors.models import BookingStatus, TourBooking
from portal.context_processors import corporation_contact
from portal.ical import UID_DOMAIN, calendar_bytes, calendar_new, event_add


def uid_for(booking: TourBooking) -> str:
    return f"rondleiding-{booking.pk}@{UID_DOMAIN}"


def calendar_for(booking: TourBooking, *, link: str = "", for_ambassador: bool = False) -> bytes:
    cancelled = booking.status == BookingStatus.CANCELLED
    calendar = calendar_new(product="Rondleidingen", method="CANCEL" if cancelled else "PUBLISH")
    _event(calendar, booking, link=link, for_ambassador=for_ambassador)
    return calendar_bytes(calendar)


def feed_for(bookings, *, name: str, base_url: str) -> bytes:
    """The ambassador's private feed: their tours, each linking to the tour on /mijn/rondleidingen/."""
    calendar = calendar_new(product="Rondleidingen", name=name)
    base = base_url.rstrip("/")
    for booking in bookings:
        _event(calendar, booking, link=f"{base}/mijn/rondleidingen/#rondleiding-{booking.pk}", for_ambassador=True)
    return calendar_bytes(calendar)


def _event(calendar, booking: TourBooking, *, link: str, for_ambassador: bool) -> None:
    """One tour. The ambassador's version names the party and language, not the visitor: a calendar keeps it
    long after the portal has wiped the visitor's details."""
    cancelled = booking.status == BookingStatus.CANCELLED
    building = booking.building
    if for_ambassador:
        description = ngettext(
            "%(count)s persoon, voorkeurstaal %(language)s.",
            "%(count)s personen, voorkeurstaal %(language)s.",
            booking.party_size,
        ) % {"count": booking.party_size, "language": booking.get_language_display()}
        if link:
            description += "\n" + _("Gegevens van de bezoeker: %(link)s") % {"link": link}
    else:
        description = _("Met ambassadeur %(name)s.") % {"name": booking.ambassador.display_name}
        for label, text in building.tour_info:
            description += "\n" + f"{label}: {text}"
        if link:
            description += "\n" + _("Bekijken, verzetten of annuleren: %(link)s") % {"link": link}
    event_add(
        calendar,
        uid=f"rondleiding-{booking.pk}",
        start=booking.start,
        end=booking.end,
        summary=_("Rondleiding %(building)s") % {"building": building.title},
        description=description,
        location=_location(building),
        url=link,
        organizer=corporation_contact()["name"],
        cancelled=cancelled,
        sequence=booking.sequence,
    )


def calendar_for_group_place(place, *, link: str = "") -> bytes:
    """A visitor's places on a group tour, as an event (cancelled when the visitor or the tour is off)."""
    group_tour = place.group_tour
    building = group_tour.building
    cancelled = place.status == BookingStatus.CANCELLED or group_tour.cancelled
    calendar = calendar_new(product="Rondleidingen", method="CANCEL" if cancelled else "PUBLISH")
    description = ngettext(
        "%(title)s, voor %(count)s persoon.", "%(title)s, voor %(count)s personen.", place.party_size
    ) % {
        "title": group_tour.title,
        "count": place.party_size,
    }
    for label, text in building.tour_info:
        description += "\n" + f"{label}: {text}"
    if link:
        description += "\n" + _("Bekijken of annuleren: %(link)s") % {"link": link}
    event_add(
        calendar,
        uid=f"groepsrondleiding-{place.pk}",
        start=group_tour.start,
        end=group_tour.end,
        summary=_("%(title)s %(building)s") % {"title": group_tour.title, "building": building.title},
        description=description,
        location=_location(building),
        url=link,
        organizer=corporation_contact()["name"],
        cancelled=cancelled,
        sequence=1 if cancelled else 0,
    )
    return calendar_bytes(calendar)


def _location(building) -> str:
    parts = (building.street_address, f"{building.postal_code} {building.city}", building.tour_meeting_point)
    return ", ".join(part for part in parts if part)
