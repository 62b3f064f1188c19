"""The waiting list under concurrent cancellations and sign-ups: threads and a barrier against PostgreSQL.

Only transactional tests live in this file (see test_concurrency.py for why).
"""

import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from activities import services
from activities.models import Registration, RegistrationStatus
from portal.factories import UserFactory

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="Concurrency needs PostgreSQL row locks; SQLite serialises writers. CI runs this with DATABASE_URL.",
)


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_no_free_seat_while_someone_who_fits_waits_after_many_cancellations_and_sign_ups(make_activity):
    """Ten places, full, twelve waiting (some with a guest); eight cancel and eight newcomers press at once."""
    activity = make_activity(capacity=10)
    occurrence = activity.occurrences.get()
    seated = [services.registration_create(occurrence=occurrence, user=UserFactory()) for _ in range(10)]
    waiting = [
        services.registration_create(occurrence=occurrence, user=UserFactory(), guests=index % 3 == 0)
        for index in range(12)
    ]
    newcomers = [UserFactory() for _ in range(8)]
    leaving = seated[:8]
    barrier = threading.Barrier(len(leaving) + len(newcomers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    work = [lambda r=r: services.registration_cancel(registration=r, by=r.user) for r in leaving] + [
        lambda u=u, g=i % 2: services.registration_create(occurrence=occurrence, user=u, guests=g, now=timezone.now())
        for i, u in enumerate(newcomers)
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    occurrence.refresh_from_db()
    registrations = list(Registration.objects.filter(occurrence=occurrence))
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    still_waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    free = 10 - occurrence.seats_taken
    # The count of seats is right, never over the limit, and no free seat while someone who fits waits.
    assert occurrence.seats_taken == sum(r.seats for r in confirmed) <= 10
    assert [r for r in still_waiting if r.seats <= free] == []
    # Nobody is lost: everyone who did not cancel is either coming or waiting, once.
    expected = {r.user_id for r in seated + waiting if r not in leaving} | {u.pk for u in newcomers}
    assert sorted(r.user_id for r in confirmed + still_waiting) == sorted(expected)
    assert {r.user_id for r in registrations if r.status == RegistrationStatus.CANCELLED} == {
        r.user_id for r in leaving
    }
