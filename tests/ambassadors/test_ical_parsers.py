"""A tour's calendar event as two parsers the portal does not write with read it: the corporation as
organiser (so calendar programs apply a cancellation), the building's address, and METHOD:CANCEL when cancelled."""

import ics
import pytest
import vobject

from ambassadors import services
from ambassadors.ical import calendar_for, uid_for

pytestmark = pytest.mark.django_db


def test_a_tour_has_organiser_and_address_and_its_cancellation_withdraws_it(settings, book, building):
    settings.DEFAULT_FROM_EMAIL = "Bewonersportaal <portaal@example.org>"
    settings.PORTAL_CORPORATION_NAME = "Woonstichting Zilverlinde"
    booking = book()

    booked = vobject.readOne(calendar_for(booking).decode())
    cancelled_text = calendar_for(services.booking_cancel(booking=booking)).decode()
    cancelled = vobject.readOne(cancelled_text)

    assert booked.vevent.organizer.value == "mailto:portaal@example.org"
    assert booked.vevent.organizer.params["CN"] == ["Woonstichting Zilverlinde"]
    assert booked.vevent.location.value == f"{building.street_address}, {building.postal_code} {building.city}"
    assert booked.vevent.status.value == "CONFIRMED"
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert cancelled.vevent.uid.value == booked.vevent.uid.value == uid_for(booking)
    assert int(cancelled.vevent.sequence.value) > int(booked.vevent.sequence.value)
    assert [e.uid for e in ics.Calendar(cancelled_text).events] == [uid_for(booking)]
