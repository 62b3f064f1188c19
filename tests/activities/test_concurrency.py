"""Capacity and 'nobody twice' under concurrent requests: threads and a barrier against PostgreSQL.

Only transactional tests live in this file: pytest-django runs those after the others, and with
`--dist loadfile` a whole file goes to one worker, so the flush at their end cannot take the data
of the migrations away from tests that still need it.
"""

import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from activities import services
from activities.models import Registration, RegistrationStatus
from portal.factories import ResidentProfileFactory, UserFactory

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="Concurrency needs PostgreSQL row locks; SQLite serialises writers. CI runs this with DATABASE_URL.",
)


def people(n):
    return [UserFactory() for _ in range(n)]


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_capacity_holds_under_concurrent_sign_ups(make_activity):
    """Twelve people press 'Aanmelden' at the same moment for three places."""
    activity = make_activity(capacity=3)
    occurrence = activity.occurrences.get()
    users = people(12)
    barrier = threading.Barrier(len(users))
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            services.registration_create(occurrence=occurrence, user=user, now=timezone.now())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    occurrence.refresh_from_db()
    confirmed = Registration.objects.filter(occurrence=occurrence, status=RegistrationStatus.CONFIRMED).count()
    assert errors == []
    assert confirmed == 3
    assert occurrence.seats_taken == 3
    assert Registration.objects.filter(occurrence=occurrence, status=RegistrationStatus.WAITING).count() == 9


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_one_person_pressing_twice_at_once_is_signed_up_once(make_activity, building):
    occurrence = make_activity(capacity=10).occurrences.get()
    user = UserFactory()
    ResidentProfileFactory(user=user, building=building)
    barrier = threading.Barrier(4)
    outcomes = []

    def sign_up():
        try:
            barrier.wait()
            services.registration_create(occurrence=occurrence, user=user)
            outcomes.append("ok")
        except services.AlreadySignedUp:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "already", "already", "ok"]
    assert Registration.objects.filter(user=user).count() == 1
