"""The visitor's own building first: asked once on the front page ("Welk gebouw is van u?"), remembered in a
cookie, changeable there; a resident's own building comes from their profile. Instead of the same coffee morning
once per building, the front page shows the own building's week and a link to the other buildings'."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services as committee_services
from committees.models import CommitteeKind
from portal import own_building, page_cache
from portal.factories import CaretakerFactory
from portal.models import BuildingPage

pytestmark = pytest.mark.django_db

QUESTION = "Welk gebouw is van u?"


@pytest.fixture
def coffee_mornings(make_activity, committee, other_building):
    """The same coffee morning in De Linde and in Het Anker."""
    other_committee = committee_services.committee_create(
        parent=other_building, title="Activiteitencommissie Het Anker", kind=CommitteeKind.ACTIVITY, description="."
    )
    return make_activity(title="Koffieochtend"), make_activity(title="Koffieochtend", parent=other_committee)


def _week(html: str) -> str:
    return html.split('id="deze-week"', 1)[1].split("</section>", 1)[0]


def _choose(client, building, next_url="/"):
    return client.post(reverse("building_choose"), {"gebouw": str(building.pk) if building else "", "next": next_url})


def test_an_anonymous_visitor_is_asked_for_their_building(client, coffee_mornings, building, other_building):
    html = client.get("/").text

    assert QUESTION in html
    # Typed, not picked from a list of every building (tests/portal/test_building_pick.py).
    assert '<label class="field__label" for="eigen-gebouw">Uw gebouw</label>' in html
    assert 'name="zoek"' in html
    assert "<option" not in html
    # Until then both coffee mornings show, each link naming its building.
    week = _week(html)
    assert "Koffieochtend, De Linde</a>" in week
    assert "Koffieochtend, Het Anker</a>" in week


def test_the_chosen_building_comes_first_and_the_others_behind_a_link(client, coffee_mornings, other_building):
    response = _choose(client, other_building, next_url="/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[own_building.COOKIE_NAME].value == str(other_building.pk)
    html = client.get("/").text
    assert QUESTION not in html.split("<summary>", 1)[0]  # no longer asked; the question waits behind "Ander gebouw"
    assert "Uw gebouw:" in html
    assert "Ander gebouw kiezen" in html
    week = _week(html)
    assert "De komende zeven dagen in Het Anker" in week
    assert week.count("Koffieochtend") == 1  # Het Anker's only; De Linde's is behind the link
    assert coffee_mornings[1].url in week
    assert coffee_mornings[0].url not in week
    assert "Wat er deze week in de andere gebouwen gebeurt" in week
    # In the list of buildings, the own building first.
    buildings = html.split('id="find-building"', 1)[1]
    assert buildings.index("Het Anker") < buildings.index("De Linde")


def test_an_empty_choice_forgets_the_building(client, coffee_mornings, other_building):
    _choose(client, other_building)

    response = _choose(client, None)

    assert response.cookies[own_building.COOKIE_NAME].value == ""
    assert QUESTION in client.get("/").text


@pytest.mark.parametrize("value", ["999999", "abc", "1" * 40])
def test_a_cookie_that_names_no_building_is_ignored(client, coffee_mornings, value):
    client.cookies[own_building.COOKIE_NAME] = value

    response = client.get("/")

    assert response.status_code == 200
    assert QUESTION in response.text


def test_a_choice_of_no_building_sets_none(client, home_page):
    response = client.post(reverse("building_choose"), {"gebouw": "999999", "next": "https://evil.example.com/"})

    assert response["Location"] == "/"
    assert response.cookies[own_building.COOKIE_NAME].value == ""


def test_a_resident_sees_their_own_building_without_being_asked(client, coffee_mornings, resident):
    client.force_login(resident)

    html = client.get("/").text

    assert QUESTION not in html
    assert "Ander gebouw kiezen" not in html  # the profile's home decides
    week = _week(html)
    assert "De komende zeven dagen in De Linde" in week
    assert coffee_mornings[0].url in week
    assert coffee_mornings[1].url not in week


def test_the_page_cache_keeps_one_front_page_per_building(client, coffee_mornings, building, other_building):
    client.cookies[own_building.COOKIE_NAME] = str(other_building.pk)
    first = client.get("/")
    client.cookies[own_building.COOKIE_NAME] = str(building.pk)
    second = client.get("/")
    client.cookies[own_building.COOKIE_NAME] = str(other_building.pk)
    again = client.get("/")

    assert (first[page_cache.HEADER], second[page_cache.HEADER], again[page_cache.HEADER]) == ("miss", "miss", "hit")
    assert "De komende zeven dagen in Het Anker" in again.text
    assert "De komende zeven dagen in De Linde" in second.text


def _add_buildings(building_index, count, start):
    caretakers = [CaretakerFactory() for _ in range(count // 5 + 1)]
    for n in range(start, start + count):
        building_index.add_child(
            instance=BuildingPage(
                title=f"Gebouw {n:03d}",
                street_address=f"Straat {n}",
                postal_code="3500 AA",
                city="Utrecht",
                homes=60,
                caretaker=caretakers[(n - start) // 5],
            )
        )


def _queries(client) -> int:
    client.get("/")  # warm-up: the site, the restrictions
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("chosen", [False, True])
def test_front_page_queries_are_pinned_and_do_not_grow(
    client, coffee_mornings, other_building, building_index, django_assert_max_num_queries, chosen
):
    if chosen:
        _choose(client, other_building)
    small = _queries(client)
    _add_buildings(building_index, 30, start=100)

    with django_assert_max_num_queries(12):
        response = client.get("/")

    assert response.status_code == 200
    assert _queries(client) == small
    assert ("De komende zeven dagen in Het Anker" in response.text) is chosen


def test_other_pages_stay_one_stored_copy_whatever_the_building(client, coffee_mornings, building, other_building):
    client.cookies[own_building.COOKIE_NAME] = str(other_building.pk)
    first = client.get("/gebouwen/")
    client.cookies[own_building.COOKIE_NAME] = str(building.pk)
    second = client.get("/gebouwen/")

    assert (first[page_cache.HEADER], second[page_cache.HEADER]) == ("miss", "hit")


def test_the_listings_keep_one_copy_per_building_as_they_offer_it(client, coffee_mornings, building, other_building):
    """/activiteiten/ offers the visitor's building as a one-click choice ("Mijn gebouw: Het Anker")."""
    client.cookies[own_building.COOKIE_NAME] = str(other_building.pk)
    first = client.get("/activiteiten/")
    client.cookies[own_building.COOKIE_NAME] = str(building.pk)
    second = client.get("/activiteiten/")

    assert (first[page_cache.HEADER], second[page_cache.HEADER]) == ("miss", "miss")
    assert "Mijn gebouw: Het Anker" in first.text
    assert "Mijn gebouw: De Linde" in second.text
