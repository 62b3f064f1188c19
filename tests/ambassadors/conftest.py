from datetime import time

import pytest

from ambassadors import selectors, services
from ambassadors.models import TourIndexPage
from portal.factories import ResidentProfileFactory, UserFactory

EVERY_DAY_MORNING = [services.TimeRange(weekday=day, start=time(10, 0), end=time(12, 0)) for day in range(7)]


@pytest.fixture
def tour_page(site_tree):
    return TourIndexPage.objects.get()


@pytest.fixture
def make_ambassador(building):
    def make(*, email="ambassadeur@example.org", name="Ria", building=building, times=EVERY_DAY_MORNING):
        user = UserFactory(email=email, first_name=name)
        ResidentProfileFactory(user=user, building=building, apartment_number="40")
        ambassador = services.ambassador_appoint(
            user=user,
            building=building,
            display_name=name,
            introduction="Ik woon hier al twaalf jaar en laat u graag de tuin zien.",
            languages=["nl", "en"],
        )
        services.weekly_times_replace(ambassador=ambassador, times=times)
        return ambassador

    return make


@pytest.fixture
def ambassador(make_ambassador):
    """Ria, ambassador of De Linde, every day 10:00–12:00: two tours of 45 minutes a day."""
    return make_ambassador()


@pytest.fixture
def other_ambassador(make_ambassador, other_building):
    return make_ambassador(email="ambassadeur-anker@example.org", name="Wim", building=other_building)


@pytest.fixture
def slots(ambassador, building):
    return selectors.building_slots(building=building)


@pytest.fixture
def book(slots):
    """Book a slot through the service, the way the public form does."""

    def make(slot=None, **kwargs):
        slot = slot or slots[0]
        kwargs.setdefault("name", "Marijke Smit")
        kwargs.setdefault("email", "marijke@example.net")
        return services.booking_create(ambassador_id=slot.ambassador_id, start=slot.start, **kwargs)

    return make
