"""The local default (SQLite, `make run`): twenty people pressing the button at the same moment get answers,
never a 500 "database is locked" (WAL, immediate transactions and a busy timeout; config/settings/base.py).

Only transactional tests live in this file (see tests/activities/test_concurrency.py for why); the
PostgreSQL versions are tests/ambassadors/test_concurrency.py and tests/activities/test_concurrency.py.
"""

import threading
from datetime import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from activities import services as activity_services
from activities.models import Registration, RegistrationStatus
from ambassadors import selectors
from ambassadors import services as tour_services
from ambassadors.models import TourBooking
from portal.factories import ResidentProfileFactory, UserFactory

PEOPLE = 20

pytestmark = [
    pytest.mark.skipif(
        connections["default"].vendor != "sqlite",
        reason="The SQLite settings under test; PostgreSQL has its own concurrency tests.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_keep_migrated_data"),
]


def all_at_once(work, arguments):
    """Run `work(argument)` in one thread per argument, released together; (results, domain errors, others)."""
    barrier = threading.Barrier(len(arguments))
    results, refusals, errors = [], [], []

    def run(argument):
        try:
            barrier.wait()
            results.append(work(argument))
        except (tour_services.TourError, activity_services.SignupError) as refusal:
            refusals.append(refusal)
        except Exception as error:  # a 500 on the site: "database is locked" and the like
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, refusals, errors


def test_the_sqlite_database_waits_its_turn():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_twenty_visitors_book_one_tour_slot_at_once_on_sqlite(building):
    user = UserFactory(email="ambassadeur@example.org", first_name="Ria")
    ResidentProfileFactory(user=user, building=building, apartment_number="40")
    ambassador = tour_services.ambassador_appoint(
        user=user, building=building, display_name="Ria", introduction="Welkom.", languages=["nl"]
    )
    tour_services.weekly_times_replace(
        ambassador=ambassador,
        times=[tour_services.TimeRange(weekday=day, start=time(10, 0), end=time(12, 0)) for day in range(7)],
    )
    slot = selectors.building_slots(building=building)[0]

    results, refusals, errors = all_at_once(
        lambda i: tour_services.booking_create(
            ambassador_id=slot.ambassador_id, start=slot.start, name=f"Bezoeker {i}", email=f"b{i}@example.net"
        ),
        list(range(PEOPLE)),
    )

    assert errors == []
    assert len(results) == 1
    assert len(refusals) == PEOPLE - 1
    assert all("net door iemand anders gekozen" in refusal.messages[0] for refusal in refusals)
    assert TourBooking.objects.filter(ambassador=ambassador, start=slot.start).count() == 1


def test_twenty_residents_sign_up_for_eight_places_at_once_on_sqlite(make_activity):
    occurrence = make_activity(capacity=8).occurrences.get()
    users = [UserFactory() for _ in range(PEOPLE)]

    results, refusals, errors = all_at_once(
        lambda user: activity_services.registration_create(occurrence=occurrence, user=user, now=timezone.now()),
        users,
    )

    assert errors == []
    assert refusals == []
    assert len(results) == PEOPLE
    confirmed = Registration.objects.filter(occurrence=occurrence, status=RegistrationStatus.CONFIRMED).count()
    waiting = Registration.objects.filter(occurrence=occurrence, status=RegistrationStatus.WAITING).count()
    assert (confirmed, waiting) == (8, PEOPLE - 8)
    occurrence.refresh_from_db()
    assert occurrence.seats_taken == 8
