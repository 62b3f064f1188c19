"""One slot, one booking, also when many visitors press 'Boeken' at the same moment (PostgreSQL).

Only transactional tests live in this file (see tests/activities/test_concurrency.py for why).
"""

import os
import threading
from datetime import timedelta

import pytest
from django.db import connection

from ambassadors import selectors, services
from ambassadors.models import TourBooking

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="Concurrency needs PostgreSQL row locks; SQLite serialises writers. CI runs this with DATABASE_URL.",
)


def race(n, book):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(book(i))
        except services.SlotTaken as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_ten_visitors_book_the_same_slot_at_once_and_exactly_one_gets_it(ambassador, building):
    slot = selectors.building_slots(building=building)[0]

    results, errors = race(
        10,
        lambda i: services.booking_create(
            ambassador_id=slot.ambassador_id, start=slot.start, name=f"Bezoeker {i}", email=f"b{i}@example.net"
        ),
    )

    assert len(results) == 1
    assert len(errors) == 9
    assert all("net door iemand anders gekozen" in e.messages[0] for e in errors)
    assert TourBooking.objects.filter(ambassador=ambassador, start=slot.start).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_overlapping_slots_of_one_ambassador_cannot_both_be_booked_at_once(make_ambassador, building):
    """Two starts too close together for one ambassador (the second window begins 5 minutes after the first ends,
    with 15 minutes needed between tours): both are offered, the row lock lets only one through. (Overlapping
    windows are refused since issue 18, so the clash comes from the building's time between tours.)"""
    from datetime import time

    ambassador = make_ambassador(
        times=[services.TimeRange(weekday=d, start=time(10, 0), end=time(10, 45)) for d in range(7)]
        + [services.TimeRange(weekday=d, start=time(10, 50), end=time(11, 35)) for d in range(7)]
    )
    building.tour_buffer_minutes = 15
    building.save()
    # The first day that still has its 10:00 tour (tomorrow's may be within the notice period, by time of day).
    day = next(
        s.local_start.date() for s in selectors.building_slots(building=building) if s.local_start.time() == time(10)
    )
    candidates = [s for s in selectors.building_slots(building=building) if s.local_start.date() == day]
    starts = sorted({s.start for s in candidates})[:2]  # 10:00 and 10:50: 5 minutes apart where 15 are needed
    assert len(starts) == 2
    assert starts[1] - starts[0] < timedelta(minutes=45 + 15)

    results, errors = race(
        2,
        lambda i: services.booking_create(
            ambassador_id=ambassador.pk, start=starts[i], name=f"Bezoeker {i}", email=f"o{i}@example.net"
        ),
    )

    assert len(results) == 1
    assert len(errors) == 1
    assert TourBooking.objects.filter(ambassador=ambassador).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_a_double_click_at_the_same_moment_makes_one_booking(ambassador, building):
    slot = selectors.building_slots(building=building)[0]

    results, errors = race(
        2,
        lambda i: services.booking_create(
            ambassador_id=slot.ambassador_id, start=slot.start, name="Marijke", email="m@example.net", request_key="k1"
        ),
    )

    assert errors == []
    assert len({booking.pk for booking in results}) == 1
    assert TourBooking.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_six_visitors_of_two_for_five_places_and_the_group_tour_never_overfills(other_building):
    """Two people each for five places left: the row lock on the group tour lets exactly two of them in."""
    from datetime import timedelta

    from django.utils import timezone

    from ambassadors import visitor_services
    from ambassadors.models import BookingStatus, GroupTourPlace

    start = timezone.now() + timedelta(days=3)
    group_tour = visitor_services.group_tour_offer(
        building=other_building, start=start, end=start + timedelta(hours=2), capacity=5
    )
    barrier = threading.Barrier(6)
    results, full = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(
                visitor_services.group_place_book(
                    group_tour_id=group_tour.pk, name=f"Bezoeker {i}", email=f"g{i}@example.net", party_size=2
                )
            )
        except visitor_services.GroupTourFull as error:
            full.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (len(results), len(full)) == (2, 4)
    booked = GroupTourPlace.objects.filter(group_tour=group_tour, status=BookingStatus.BOOKED)
    assert sum(place.party_size for place in booked) == 4
