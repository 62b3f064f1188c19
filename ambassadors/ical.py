"""The tour as an iCalendar event (portal.ical): attached to the visitor's and the ambassador's e-mails.

The UID stays the same when a tour moves and SEQUENCE goes up, so calendar apps update the event;
a cancelled tour is sent with METHOD:CANCEL and STATUS:CANCELLED. The corporation is the ORGANIZER (mailto: the
portal's sender), without which many calendar programs ignore the cancellation.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ambassadors.models import BookingStatus, TourBooking
from portal.context_processors import corporation_contact
from portal.ical import UID_DOMAIN, calendar_bytes, calendar_new, event_add


def uid_for(booking: TourBooking) -> str:
    return f"rondleiding-{booking.pk}@{UID_DOMAIN}"


def calendar_for(booking: TourBooking, *, link: str = "") -> bytes:
    cancelled = booking.status == BookingStatus.CANCELLED
    building = booking.building
    calendar = calendar_new(product="Rondleidingen", method="CANCEL" if cancelled else "PUBLISH")
    description = _("Met ambassadeur %(name)s.") % {"name": booking.ambassador.display_name}
    if link:
        description += "\n" + _("Bekijken, verzetten of annuleren: %(link)s") % {"link": link}
    event_add(
        calendar,
        uid=f"rondleiding-{booking.pk}",
        start=booking.start,
        end=booking.end,
        summary=_("Rondleiding %(building)s") % {"building": building.title},
        description=description,
        location=f"{building.street_address}, {building.postal_code} {building.city}",
        url=link,
        organizer=corporation_contact()["name"],
        cancelled=cancelled,
        sequence=booking.sequence,
    )
    return calendar_bytes(calendar)
