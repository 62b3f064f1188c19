"""/zoeken/ answers the top tasks: the caretaker's hours of your building, and what you meant despite a typing
mistake or another word ("kofie", "gym"). Runs on SQLite and on PostgreSQL (CI's DATABASE_URL)."""

from datetime import time

import pytest
from django.db import connection

from activities.models import ActivityCategory
from portal import services
from portal.models import PresenceSlot
from tests.portal.search_page import titles

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


@pytest.fixture
def caretaker_hours(building, caretaker):
    services.presence_slots_replace(
        caretaker=caretaker,
        slots=[
            PresenceSlot(building=building, weekday=1, start=time(9, 0), end=time(12, 0)),
            PresenceSlot(building=building, weekday=3, start=time(13, 0), end=time(15, 30)),
        ],
    )


@pytest.mark.parametrize("query", ["huismeester", "wanneer is de huismeester er", "Huismeester?"])
def test_a_resident_asking_for_the_caretaker_gets_the_hours_of_their_building(
    client, resident, caretaker_hours, query, django_assert_max_num_queries
):
    client.force_login(resident)
    client.get(URL, {"q": "bingo"})  # a server that has answered before (content types cached), as in production

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": query})

    assert response.status_code == 200
    answer = response.text.split('id="huismeester"', 1)[1].split("</section>", 1)[0]
    assert "De huismeester in De Linde" in answer
    assert "Henk Jansen" in answer
    assert "030 123 45 67" in answer
    assert "van 09:00 tot 12:00 uur" in answer
    assert "van 13:00 tot 15:30 uur" in answer


def test_a_visitor_who_chose_another_building_sees_that_buildings_caretaker(
    client, make_building, other_caretaker, caretaker_hours
):
    make_building(title="Het Anker", slug="het-anker", caretaker=other_caretaker)

    response = client.get(URL, {"q": "huismeester", "gebouw": "het-anker"})

    assert "De huismeester in Het Anker" in response.text
    assert "Ans Smit" in response.text
    assert "Henk Jansen" not in response.text


def test_a_visitor_without_a_building_is_shown_where_to_find_the_hours(client, building, caretaker_hours):
    response = client.get(URL, {"q": "wanneer is de huismeester er"})

    assert "Wanneer is de huismeester er?" in response.text
    assert 'href="/gebouwen/"' in response.text
    assert "Henk Jansen" not in response.text


def test_other_searches_show_no_caretaker_answer(client, resident, caretaker_hours, make_activity):
    make_activity(title="Koffieochtend", description="<p>Koffie en een praatje.</p>")
    client.force_login(resident)

    response = client.get(URL, {"q": "koffie"})

    assert response.context["caretaker_answer"] is None
    assert 'id="huismeester"' not in response.text


def test_a_typing_mistake_still_finds_the_coffee_morning(client, make_activity, django_assert_max_num_queries):
    make_activity(title="Koffieochtend", description="<p>Koffie en een praatje in de ontmoetingsruimte.</p>")
    make_activity(title="Bingo", description="<p>Met mooie prijzen.</p>")

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "kofie"})

    assert titles(response) == ["Koffieochtend"]


def test_gym_finds_the_chair_exercises(client, make_activity, django_assert_max_num_queries):
    make_activity(title="Stoelgym", description="<p>Rustig bewegen op een stoel.</p>")
    make_activity(
        title="Bingo", description="<p>Met mooie prijzen.</p>", category=ActivityCategory.objects.get(slug="creatief")
    )

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "gym"})

    assert titles(response) == ["Stoelgym"]


def test_a_word_found_as_typed_is_not_widened(client, make_activity):
    make_activity(title="Bingo", description="<p>Met mooie prijzen.</p>")
    make_activity(title="Bingoavond", description="<p>Een avond vol spel.</p>")

    response = client.get(URL, {"q": "bingo"})

    assert "Bingo" in titles(response)
    assert response.context["all_words"] is True


def test_nonsense_still_finds_nothing(client, make_activity):
    make_activity(title="Koffieochtend", description="<p>Koffie en een praatje.</p>")

    response = client.get(URL, {"q": "xqzwv"})

    assert response.context["page_obj"].paginator.count == 0
    assert "Kijk of het woord goed gespeld is." in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_on_postgresql_the_database_finds_what_a_misspelt_word_meant(client, make_activity):
    """pg_trgm's word similarity in the database, not a word list in Python: "stoelgim" and "kofieochtent" find
    their activities, a word like nothing finds nothing."""
    from django.test.utils import CaptureQueriesContext

    make_activity(title="Koffieochtend", description="<p>Koffie en een praatje.</p>")
    make_activity(title="Stoelgym", description="<p>Rustig bewegen op een stoel.</p>")

    with CaptureQueriesContext(connection) as queries:
        misspelt = client.get(URL, {"q": "stoelgim"})

    assert titles(misspelt) == ["Stoelgym"]
    assert any("WORD_SIMILARITY" in query["sql"].upper() for query in queries.captured_queries)
    assert titles(client.get(URL, {"q": "kofieochtent"})) == ["Koffieochtend"]
    assert titles(client.get(URL, {"q": "xyzzyq"})) == []
