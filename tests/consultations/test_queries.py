"""The consultation's page takes the same number of queries for 10 homes as for 1,000 (open and closed)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Ballot, BallotChoice, ConsultationPage, ConsultationQuestion
from portal.models import Home
from portal.routing import forget_sites

pytestmark = pytest.mark.django_db


def grow(page, building, *, to: int) -> None:
    """Homes up to `to`, four in five answered ("voor" in two of three), in three bulk inserts."""
    have = Home.objects.filter(building=building).count()
    Home.objects.bulk_create([Home(building=building, number=f"{1000 + n}") for n in range(have, to)])
    homes = list(Home.objects.filter(building=building).exclude(pk__in=Ballot.objects.values("home")))
    now = timezone.now()
    Ballot.objects.bulk_create(
        [
            Ballot(consultation=page, home=home, channel="papier", submitted_at=now)
            for i, home in enumerate(homes)
            if i % 5
        ]
    )
    question = page.questions.get()
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, question=question, value="voor" if ballot.pk % 3 else "tegen")
            for ballot in Ballot.objects.filter(consultation=page, choices__isnull=True)
        ]
    )


def consultation(committee, *, title: str, kind: str, opened: int, closes: int) -> ConsultationPage:
    """A consultation of the committee, open since `opened` days and closing in `closes` days (negative: closed)."""
    today = timezone.localdate()
    return committee.add_child(
        instance=ConsultationPage(
            title=title,
            kind=kind,
            intro="?",
            opens_on=today - datetime.timedelta(days=opened),
            closes_on=today + datetime.timedelta(days=closes),
        )
    )


def queries(client, url) -> int:
    cache.clear()
    forget_sites()  # cold each time, as cache.clear() makes it: the site is looked up again (portal.routing)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("closed", [False, True])
def test_the_page_queries_stay_flat_from_10_to_1000_homes(client, committee, building, closed):
    page = consultation(committee, title="Renovatie", kind="draagvlakmeting", opened=30, closes=-1 if closed else 5)
    ConsultationQuestion.objects.create(page=page, text="Voor?", kind="voor_tegen")

    grow(page, building, to=10)
    small = queries(client, page.url)
    grow(page, building, to=1000)
    large = queries(client, page.url)

    assert Home.objects.filter(building=building).count() == 1000
    assert small == large
    assert large <= 12
    if closed:
        assert "woningen voor" in client.get(page.url).content.decode()


def test_the_buildings_asked_are_kept_and_a_new_choice_shows_once_published(
    client, committee, building, other_building, no_page_cache
):
    """Who is asked is kept with the pages (a second look reads no building) and read by key when worked out;
    choosing more buildings is a publish, which clears it: the page names them at once."""
    page = consultation(committee, title="Bankjes", kind="peiling", opened=1, closes=5)
    first = client.get(page.url).text
    with CaptureQueriesContext(connection) as again:
        client.get(page.url)
    read = [query["sql"] for query in again.captured_queries if 'FROM "portal_buildingpage"' in query["sql"]]

    page.buildings.set([building, other_building])
    page.save_revision().publish()
    chosen = client.get(page.url).text

    assert not read
    assert "Het Anker" not in first
    assert "De Linde" in first
    assert "De Linde, Het Anker" in chosen
