"""Two people enter the same home's paper ballot at the same moment: the home counts once (PostgreSQL, threads).

Only transactional tests live in this file (see tests/activities/test_concurrency.py for why).
"""

import datetime
import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from committees import services as services_committees
from consultations import selectors, services
from consultations.models import (
    Ballot,
    BallotChannel,
    ConsultationKind,
    ConsultationPage,
    ConsultationQuestion,
    QuestionKind,
)
from portal.factories import HomeFactory, UserFactory

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="Concurrency needs PostgreSQL row locks; SQLite serialises writers. CI runs this with DATABASE_URL.",
)


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_the_same_home_entered_by_four_people_at_once_counts_once(building):
    committee = services_committees.committee_create(
        parent=building, title="Bewonerscommissie De Linde", kind="bewoners", description="Wij."
    )
    today = timezone.localdate()
    poll = committee.add_child(
        instance=ConsultationPage(
            title="Een bankje?",
            kind=ConsultationKind.POLL,
            intro="Uitleg.",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=1),
        )
    )
    question = ConsultationQuestion.objects.create(page=poll, text="Een bankje?", kind=QuestionKind.YES_NO)
    home = HomeFactory(building=building, number="7")
    members = [UserFactory() for _ in range(4)]
    for member in members:
        services_committees.committee_member_add(committee=committee, user=member, role="lid")
    barrier = threading.Barrier(len(members))
    errors = []

    def enter(member, value):
        try:
            barrier.wait()
            services.ballot_submit(
                consultation=poll, home=home, answers={question.pk: [value]}, channel=BallotChannel.PAPER, by=member
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=enter, args=(member, "ja" if n % 2 else "nee")) for n, member in enumerate(members)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ballot = Ballot.objects.get(consultation=poll, home=home)
    assert ballot.choices.count() == 1, "one answer for the home, not one per person"
    (result,) = selectors.consultation_results(consultation=poll)
    assert result.homes_answered == 1
