"""The page cache per building, and for logged-in residents (portal.page_cache): a sign-up in one building keeps
the other buildings' stored pages; a resident gets the shared parts from the cache and their own parts fresh."""

import pytest
from django.test import Client

from activities import services as activity_services
from committees import services as committee_services
from committees.models import CommitteeKind
from portal import page_cache
from portal.factories import ResidentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = page_cache.HEADER


@pytest.fixture
def anker_committee(other_building):
    return committee_services.committee_create(
        parent=other_building, title="Activiteitencommissie Het Anker", kind=CommitteeKind.ACTIVITY, description="Wij."
    )


@pytest.fixture
def two_buildings(make_activity, anker_committee):
    linde = make_activity(title="Stoelgym", capacity=2)
    anker = make_activity(title="Koersbal", capacity=5, parent=anker_committee)
    return linde, anker


def test_a_sign_up_in_one_building_keeps_the_other_buildings_pages(client, two_buildings, resident, other_building):
    linde, anker = two_buildings
    urls = [anker.url, other_building.url, "/activiteiten/?gebouw=het-anker", linde.url]
    assert [client.get(url)[HEADER] for url in urls] == ["miss"] * 4

    activity_services.registration_create(occurrence=linde.occurrences.get(), user=resident)

    assert [client.get(url)[HEADER] for url in urls[:3]] == ["hit"] * 3  # Het Anker's pages stay
    fresh = client.get(linde.url)
    assert fresh[HEADER] == "miss"
    assert "1 plaats vrij" in fresh.text


def test_new_content_in_a_building_shows_on_the_cross_building_lists_at_once(client, two_buildings, make_activity):
    assert "Stoelgym" in client.get("/activiteiten/").text
    anker_page = client.get(two_buildings[1].url)

    make_activity(title="Jeu de boules")

    assert "Jeu de boules" in client.get("/activiteiten/").text
    assert client.get(two_buildings[1].url).content == anker_page.content  # Het Anker's own pages stay


def test_content_of_the_tenants_platform_clears_every_page(client, two_buildings, platform, make_activity):
    client.get(two_buildings[1].url)

    make_activity(title="Huurdersvergadering", parent=platform)  # shown on every building's pages

    assert client.get(two_buildings[1].url)[HEADER] == "miss"


def test_cross_building_lists_live_short(client, two_buildings, settings):
    """A sign-up does not clear them (their places figure would change): their short lifetime keeps it fresh."""
    settings.PORTAL_PAGE_CACHE_LISTING_SECONDS = 0

    client.get("/activiteiten/")

    assert client.get("/activiteiten/")[HEADER] == "miss"
    client.get("/activiteiten/?gebouw=de-linde")
    assert client.get("/activiteiten/?gebouw=de-linde")[HEADER] == "hit"


# --------------------------------------------------------------------------
# Logged-in residents
# --------------------------------------------------------------------------


@pytest.fixture
def neighbour(building):
    user = UserFactory(email="buurman@example.org", first_name="Piet", last_name="Jansen")
    ResidentProfileFactory(user=user, building=building, apartment_number="14")
    return user


# The session and the user; on /activiteiten/ also the resident's own building (the stored copy is per own building).
@pytest.mark.parametrize(("url", "rendered", "stored"), [("/activiteiten/", 13, 3), ("/gebouwen/de-linde/", 16, 2)])
def test_a_residents_second_visit_comes_from_the_cache(
    client, two_buildings, resident, url, rendered, stored, django_assert_num_queries
):
    client.force_login(resident)
    with django_assert_num_queries(rendered):
        first = client.get(url)

    with django_assert_num_queries(stored):  # the page from the cache
        again = client.get(url)

    assert (first[HEADER], again[HEADER]) == ("miss", "hit")
    assert "Mijn pagina" in again.text
    assert "Uitloggen" in again.text
    assert "no-store" in again["Cache-Control"]
    assert again.text.count("csrfmiddlewaretoken") == 1  # the log-out form's token, this request's


def test_a_resident_sees_their_own_parts_and_not_another_residents(client, two_buildings, resident, neighbour):
    linde = two_buildings[0]
    neighbours = Client()
    neighbours.force_login(neighbour)
    neighbours.get("/activiteiten/")
    client.force_login(resident)
    occurrence = linde.occurrences.get()

    client.post(f"{linde.url}aanmelden/{occurrence.pk}/", {"guests": "0"})  # leaves "U bent aangemeld."
    own = client.get("/activiteiten/")
    theirs = neighbours.get("/activiteiten/")

    assert "U bent aangemeld" in own.text
    assert "U bent aangemeld" not in theirs.text
    assert theirs[HEADER] in {"hit", "miss"}
    assert "<!--personal:" not in own.text + theirs.text


def test_an_anonymous_page_never_has_a_residents_parts(client, two_buildings, resident):
    client.force_login(resident)
    client.get("/activiteiten/")
    client.get("/activiteiten/")
    visitor = Client()

    page = visitor.get("/activiteiten/")

    assert "Inloggen" in page.text
    assert "Mijn pagina" not in page.text
    assert "Uitloggen" not in page.text
    assert "csrfmiddlewaretoken" not in page.text


def test_the_activity_page_stays_rendered_for_each_resident(client, two_buildings, resident):
    """It shows the resident's own sign-up state in its body."""
    client.force_login(resident)
    client.get(two_buildings[0].url)

    assert client.get(two_buildings[0].url)[HEADER] == "miss"


def test_a_made_up_building_parameter_keeps_a_page_in_the_cross_building_scope(client, two_buildings, make_activity):
    """Only the filtered lists read ?gebouw=; the front page with it must still see new content elsewhere."""
    client.get("/", {"gebouw": "het-anker"})

    make_activity(title="Jeu de boules")  # in De Linde

    assert client.get("/", {"gebouw": "het-anker"})[HEADER] == "miss"


def test_a_made_up_building_address_makes_no_generation(client, building):
    from django.core.cache import cache

    client.get("/activiteiten/", {"gebouw": "<script>"})
    client.get("/gebouwen/bestaat-niet/")

    generations = [key for key in cache._cache if "page-cache-generation:" in key]
    assert not any("<script>" in key for key in generations)


def test_residents_of_two_buildings_are_each_offered_their_own(client, two_buildings, resident, other_building):
    """The listings offer "Mijn gebouw" from the resident's profile: the stored copy is kept per own building."""
    anker_resident = UserFactory(email="anker@example.org", first_name="Kees")
    ResidentProfileFactory(user=anker_resident, building=other_building, apartment_number="3")
    anker = Client()
    anker.force_login(anker_resident)
    client.force_login(resident)

    own = client.get("/activiteiten/")
    theirs = anker.get("/activiteiten/")
    again = anker.get("/activiteiten/")

    assert "Mijn gebouw: De Linde" in own.text
    assert "Mijn gebouw: Het Anker" in theirs.text
    assert "Mijn gebouw: De Linde" not in theirs.text
    assert (theirs[HEADER], again[HEADER]) == ("miss", "hit")
    assert "Mijn gebouw: Het Anker" in again.text
