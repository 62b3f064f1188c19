"""The tour as an iCalendar event (icalendar): attached to the visitor's and the ambassador's e-mails.

The UID stays the same when a tour moves and SEQUENCE goes up, so calendar apps update the event;
a cancelled tour is sent with METHOD:CANCEL and STATUS:CANCELLED.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from activities.ical import UID_DOMAIN
from ambassadors.models import BookingStatus, TourBooking


def uid_for(booking: TourBooking) -> str:
    return f"rondleiding-{booking.pk}@{UID_DOMAIN}"


def calendar_for(booking: TourBooking, *, link: str = "") -> bytes:
    tz = ZoneInfo(settings.TIME_ZONE)
    cancelled = booking.status == BookingStatus.CANCELLED
    building = booking.building
    calendar = Calendar()
    calendar.add("prodid", "-//Bewonersportaal//Rondleidingen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", uid_for(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start.astimezone(tz))
    event.add("dtend", booking.end.astimezone(tz))
    event.add("summary", _("Rondleiding %(building)s") % {"building": building.title})
    event.add("location", f"{building.street_address}, {building.postal_code} {building.city}")
    description = _("Met ambassadeur %(name)s.") % {"name": booking.ambassador.display_name}
    if link:
        description += "\n" + _("Bekijken, verzetten of annuleren: %(link)s") % {"link": link}
        event.add("url", link)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=booking.start.date() - timedelta(days=1), last_date=booking.end.date() + timedelta(days=1)
    )
    return calendar.to_ical()
