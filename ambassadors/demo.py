"""Demo ambassadors: weekly patterns, one-off times, blocked dates, and tours in every state.

`seed_demo` calls it through `registry.DEMO_DATA`.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.utils import timezone

from ambassadors import selectors, services
from ambassadors.models import Ambassador, BookingStatus, GroupTour, GroupTourPlace, TourBooking, TourRequest
from portal.models import Weekday

INTRODUCTIONS = [
    "Ik woon hier al twaalf jaar en ken iedereen op de gang. Ik laat u graag de tuin en de ontmoetingsruimte zien.",
    "Ik ben hier komen wonen na de verkoop van ons huis. Ik vertel u eerlijk hoe dat bevalt.",
    "Ik ben vrijwilliger bij de koffieochtend. Kom kijken hoe gezellig het is in de huiskamer.",
    "Ik woon op de bovenste verdieping, met uitzicht over de stad. Ik laat u een woning zien zoals die van mij.",
]
VISITORS = ["Marijke Smit", "Johan de Wit", "Anneke Visser", "Gerrit Bos", "Nel Kramer", "Hans Peters"]
PATTERNS = [
    [(Weekday.TUESDAY, time(10, 0), time(12, 0)), (Weekday.THURSDAY, time(14, 0), time(16, 0))],
    [(Weekday.WEDNESDAY, time(10, 0), time(11, 30))],
    [(Weekday.MONDAY, time(13, 30), time(15, 30)), (Weekday.FRIDAY, time(10, 0), time(12, 0))],
]

# Practical facts per building for the tour visitor (Rotterdam area): meeting point, parking, public transport.
MEETING_POINTS = [
    "In de hal bij de brievenbussen",
    "Bij de hoofdingang, naast de bank",
    "In de ontmoetingsruimte op de begane grond",
]
PARKING = [
    "Gratis parkeren voor de deur",
    "Betaald parkeren in de straat; bezoekersplaatsen achter het gebouw",
    "Parkeergarage naast het gebouw, eerste uur gratis",
]
TRANSPORT = [
    "Tram 4, halte Bergweg, 2 minuten lopen",
    "Metro A, B of C, station Schiedam Centrum, 5 minuten lopen",
    "Metro C, station Capelle Centrum, 4 minuten lopen",
    "Bus 53, halte Westhavenkade, voor de deur",
    "Metro D, station Barendrecht (Rhoon), dan bus 88",
]


def seed_tour_info(buildings) -> None:
    """Meeting point, accessibility, parking and public transport for every building (shown to tour visitors)."""
    from portal.models import BuildingPage

    for n, building in enumerate(buildings):
        BuildingPage.objects.filter(pk=building.pk).update(
            tour_meeting_point=MEETING_POINTS[n % len(MEETING_POINTS)],
            has_lift=True,
            step_free=n % 3 != 2,
            wheelchair_accessible=n % 3 == 0,
            parking=PARKING[n % len(PARKING)],
            public_transport=TRANSPORT[n % len(TRANSPORT)],
        )


def seed_group_tours(buildings, *, today) -> None:
    """An open afternoon in the first buildings (with and without an ambassador), one with places taken."""
    from ambassadors import visitor_services
    from portal.localtime import local_datetime

    for n, building in enumerate(buildings):
        start = local_datetime(today + timedelta(days=8 + n), time(14, 0))
        group_tour = visitor_services.group_tour_offer(
            building=building, start=start, end=start + timedelta(hours=2), capacity=10, title="Open middag"
        )
        if n == 0:
            # Written directly, as the demo's tours are: no confirmation e-mails while seeding.
            GroupTourPlace.objects.bulk_create(
                GroupTourPlace(group_tour=group_tour, name=name, email=f"open-middag{index}@example.org", party_size=2)
                for index, name in enumerate(VISITORS[:3])
            )


def seed_ambassadors(context: dict) -> None:
    """Ambassadors in every other building; the demo ambassador log-in shows De Linde (the first)."""
    buildings, accounts = context["buildings"], context["accounts"]
    residents_by_building = context["residents_by_building"]
    rng = context["random"]()
    now = timezone.now()
    today = timezone.localdate()
    seed_tour_info(buildings)
    seed_group_tours(buildings[:4], today=today)
    for n, building in enumerate(buildings):
        if n % 2:
            continue
        user = accounts["ambassador"] if n == 0 else residents_by_building[building.pk][0]
        ambassador = services.ambassador_appoint(
            user=user,
            building=building,
            display_name=user.first_name,  # the name on the tour page is the ambassador's own
            introduction=INTRODUCTIONS[n % len(INTRODUCTIONS)],
            languages=["nl", "en"] if n % 4 == 0 else ["nl"],
        )
        services.weekly_times_replace(
            ambassador=ambassador,
            times=[services.TimeRange(weekday=d, start=s, end=e) for d, s, e in PATTERNS[n % len(PATTERNS)]],
        )
        services.extra_time_add(
            ambassador=ambassador, day=today + timedelta(days=10 + n % 7), start=time(18, 30), end=time(20, 0)
        )
        holiday = today + timedelta(weeks=4)
        services.blocked_period_add(ambassador=ambassador, first_day=holiday, last_day=holiday + timedelta(days=6))
        _bookings(ambassador, building, rng, now=now)


def remove_demo_data() -> None:
    """Tours and ambassadors go before their buildings (a booking keeps its ambassador: RESTRICT)."""
    TourBooking.objects.all().delete()
    GroupTour.objects.all().delete()
    TourRequest.objects.all().delete()
    Ambassador.objects.all().delete()


def _bookings(ambassador, building, rng: random.Random, *, now) -> None:
    """Two booked tours ahead (one with no e-mail: booked by phone), and past ones held, no-show, cancelled."""
    slots = selectors.building_slots(building=building, ambassador=ambassador, now=now)
    for index, slot in enumerate(slots[1:5:3]):
        TourBooking.objects.create(
            ambassador=ambassador,
            building=building,
            start=slot.start,
            end=slot.end,
            name=rng.choice(VISITORS),
            email="" if index else f"bezoeker{ambassador.pk}@example.org",
            phone="06 12345678",
            party_size=rng.randint(1, 3),
            booked_by=ambassador.user if index else None,
        )
    length = timedelta(minutes=building.tour_minutes)
    for weeks_ago, status in [(1, BookingStatus.HELD), (2, BookingStatus.NO_SHOW), (3, BookingStatus.CANCELLED)]:
        start = (now - timedelta(weeks=weeks_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
        TourBooking.objects.create(
            ambassador=ambassador,
            building=building,
            start=start,
            end=start + length,
            name=rng.choice(VISITORS),
            email=f"bezoeker{ambassador.pk}-{weeks_ago}@example.org",
            party_size=rng.randint(1, 4),
            status=status,
            cancelled_at=start - timedelta(days=2) if status == BookingStatus.CANCELLED else None,
        )
    # Long past: the visitor's details are already wiped, the count remains.
    start = (now - timedelta(days=75)).replace(hour=9, minute=0, second=0, microsecond=0)
    TourBooking.objects.create(
        ambassador=ambassador,
        building=building,
        start=start,
        end=start + length,
        status=BookingStatus.HELD,
        party_size=2,
        anonymised_at=now,
    )
