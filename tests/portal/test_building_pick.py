"""Choosing a building on the public pages without a list of every building (issue 19: 1,200 buildings at scale).

The filters of /activiteiten/ and /nieuws/, the month calendar and "Welk gebouw is van u?" take what the visitor
types (name, street or town): one building matches and is applied, several are listed ("Welk gebouw bedoelt u?"),
none is said plainly. The page is the same size with 5 buildings as with 60, and costs the same queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import own_building
from portal.factories import CaretakerFactory
from portal.models import BuildingPage
from portal.selectors import BUILDING_MATCHES_SHOWN, building_search

pytestmark = pytest.mark.django_db

SEVERAL = "Welk gebouw bedoelt u?"
LISTINGS = ["/activiteiten/", "/nieuws/", "/activiteiten/kalender/"]


@pytest.fixture
def buildings(committee, building, other_building, make_building):
    """De Linde and Het Anker (Utrecht), and two more Lindes elsewhere."""
    make_building(title="De Linde-Oost", slug="de-linde-oost", city="Amersfoort", street_address="Oostweg 1")
    make_building(title="Lindehof", slug="lindehof", city="Zeist", street_address="Hofweg 2")
    return building, other_building


def _links(html: str) -> list[str]:
    part = html.split(SEVERAL, 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', part)


@pytest.mark.parametrize("url", LISTINGS)
def test_one_match_applies_that_building_by_its_slug(client, buildings, url):
    response = client.get(url, {"zoek_gebouw": "anker", "soort": "huisregels", "pagina": "2"})

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(url + "?")
    assert "gebouw=het-anker" in location
    assert "soort=huisregels" in location  # the rest of the form stays
    assert "zoek_gebouw" not in location
    assert "pagina" not in location
    html = client.get(location).text
    assert "<strong>Gebouw:</strong> Het Anker, Utrecht" in html


@pytest.mark.parametrize("url", LISTINGS)
def test_a_name_typed_in_full_is_that_building(client, buildings, url):
    response = client.get(url, {"zoek_gebouw": "  de   LINDE "})

    assert response.status_code == 302
    assert "gebouw=de-linde&" in response["Location"] + "&"


@pytest.mark.parametrize("url", LISTINGS)
def test_several_matches_are_listed_as_links_with_their_town(client, buildings, url):
    response = client.get(url, {"zoek_gebouw": "lind", "gebouw": "het-anker", "maand": "2030-01"})

    assert response.status_code == 200
    html = response.text
    assert f'<h2 class="building-pick__title">{SEVERAL}</h2>' in html
    links = _links(html)
    assert [label.split(",")[0] for _href, label in links] == ["De Linde", "De Linde-Oost", "Lindehof"]
    assert links[1][1] == "De Linde-Oost, Oostweg 1, Amersfoort"
    href = links[2][0].replace("&amp;", "&")
    assert "gebouw=lindehof" in href
    assert "zoek_gebouw" not in href
    assert "maand=2030-01" in href  # the current query, with this building
    # The building chosen before still counts, and the typed words stay in the field.
    assert "<strong>Gebouw:</strong> Het Anker, Utrecht" in html
    assert 'name="zoek_gebouw" value="lind"' in html
    assert 'id="gebouw-keuze"' in html
    assert 'action="#gebouw-keuze"' in html


@pytest.mark.parametrize("url", LISTINGS)
def test_no_match_says_so_and_keeps_the_form(client, buildings, url):
    response = client.get(url, {"zoek_gebouw": "Kastanje", "gebouw": "het-anker"})

    assert response.status_code == 200
    html = response.text
    assert "Geen gebouw gevonden met ‘Kastanje’. Controleer de naam of kies uit" in html
    assert '<a href="/gebouwen/">de lijst van gebouwen</a>' in html
    assert 'aria-invalid="true" aria-describedby="zoek_gebouw_error"' in html
    assert "<strong>Gebouw:</strong> Het Anker, Utrecht" in html
    assert SEVERAL not in html


def test_the_residents_own_building_is_a_click_and_first_when_it_matches(client, buildings, resident):
    profile = resident.resident_profile
    profile.building = BuildingPage.objects.get(slug="lindehof")  # last of the Lindes by name
    profile.save()
    client.force_login(resident)

    html = client.get("/activiteiten/", {"gebouw": "het-anker"}).text
    assert '<a href="?gebouw=lindehof">Mijn gebouw: Lindehof</a>' in html

    several = client.get("/nieuws/", {"zoek_gebouw": "lind"}).text
    assert [label.split(",")[0] for _href, label in _links(several)] == ["Lindehof", "De Linde", "De Linde-Oost"]


def test_a_visitors_chosen_building_is_a_click_and_the_cache_keeps_it_apart(client, buildings):
    _linde, anker = buildings
    client.cookies[own_building.COOKIE_NAME] = str(anker.pk)
    first = client.get("/activiteiten/").text
    client.cookies[own_building.COOKIE_NAME] = ""
    del client.cookies[own_building.COOKIE_NAME]
    second = client.get("/activiteiten/").text

    assert "Mijn gebouw: Het Anker" in first
    assert "Mijn gebouw" not in second


def test_with_a_building_chosen_all_buildings_is_a_click(client, buildings):
    html = client.get("/activiteiten/", {"gebouw": "de-linde", "plaatsen": "on"}).text

    assert '<a href="?plaatsen=on">Alle gebouwen tonen</a>' in html
    assert '<input type="hidden" name="gebouw" value="de-linde">' in html


def test_the_search_is_the_buildings_search(buildings):
    assert [b.title for b in building_search(query="zeist").matches] == ["Lindehof"]  # the town
    assert [b.title for b in building_search(query="oostweg").matches] == ["De Linde-Oost"]  # the street
    found = building_search(query="lind")
    assert found.chosen is None
    assert not found.more
    assert building_search(query="   ").matches == []


def test_more_than_the_list_shows_asks_to_type_more(client, buildings, building_index):
    _add_buildings(building_index, BUILDING_MATCHES_SHOWN + 5)

    found = building_search(query="gebouw")
    assert len(found.matches) == BUILDING_MATCHES_SHOWN
    assert found.more
    html = client.get("/activiteiten/", {"zoek_gebouw": "gebouw"}).text
    assert html.count("building-pick__matches") == 1
    assert len(_links(html)) == BUILDING_MATCHES_SHOWN
    assert "Typ meer van de naam, de straat of de plaats." in html


# "Welk gebouw is van u?" on the front page: typed and sent to building_choose (POST, a cookie).


def _choose(client, words):
    return client.post(reverse("building_choose"), {"zoek": words, "next": "/"})


def test_own_building_one_match_is_remembered(client, buildings):
    response = _choose(client, "anker")

    assert response["Location"] == "/"
    assert response.cookies[own_building.COOKIE_NAME].value == str(buildings[1].pk)


def test_own_building_several_matches_are_buttons_that_remember_it(client, buildings):
    response = _choose(client, "lind")

    assert response["Location"] == "/?zoek_gebouw=lind#eigen-gebouw-keuze"
    assert own_building.COOKIE_NAME not in response.cookies
    html = client.get(response["Location"]).text
    part = html.split('id="eigen-gebouw-keuze"', 1)[1].split("</ul>", 1)[0]
    assert SEVERAL in part
    assert re.findall(r'name="gebouw" value="(\d+)">([^<]+)</button>', part)[0] == (
        str(buildings[0].pk),
        f"De Linde, {buildings[0].street_address}, Utrecht",
    )
    assert part.count("<li>") == 3
    chosen = client.post(reverse("building_choose"), {"gebouw": str(buildings[0].pk), "next": "/"})
    assert chosen.cookies[own_building.COOKIE_NAME].value == str(buildings[0].pk)


def test_own_building_no_match_says_so(client, buildings):
    response = _choose(client, "Kastanje")

    html = client.get(response["Location"]).text
    assert "Geen gebouw gevonden met ‘Kastanje’." in html
    assert '<a href="/gebouwen/">de lijst van gebouwen</a>' in html
    assert 'value="Kastanje"' in html
    assert own_building.COOKIE_NAME not in response.cookies


# The page does not grow with the corporation.


def _add_buildings(building_index, count, start=0):
    caretakers = [CaretakerFactory() for _ in range(count // 5 + 1)]  # at most 5 buildings each
    for n in range(start, start + count):
        building_index.add_child(
            instance=BuildingPage(
                title=f"Gebouw {n:03d}",
                slug=f"gebouw-{n:03d}",
                street_address=f"Straat {n}",
                postal_code="3500 AA",
                city="Utrecht",
                homes=60,
                caretaker=caretakers[(n - start) // 5],
            )
        )


def _measure(client, url) -> tuple[int, int, int]:
    client.get(url)  # warm-up: the site, the restrictions, the building choices
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(response.content), len(queries), response.text.count("<option")


PAGES = [
    "/activiteiten/",
    "/activiteiten/?gebouw=de-linde",
    "/nieuws/",
    "/nieuws/?gebouw=het-anker",
    "/activiteiten/kalender/?gebouw=de-linde&maand=2030-01",
    "/",
    "/activiteiten/?zoek_gebouw=lind",
    "/activiteiten/?zoek_gebouw=Kastanje",
]


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("url", PAGES)
def test_the_page_is_as_large_and_as_cheap_with_60_buildings_as_with_6(client, buildings, building_index, url):
    _add_buildings(building_index, 2)  # 6: as many as the front page's list of buildings shows
    size_5, queries_5, options_5 = _measure(client, url)
    _add_buildings(building_index, 54, start=100)
    size_60, queries_60, options_60 = _measure(client, url)

    assert BuildingPage.objects.count() == 60
    assert queries_60 == queries_5
    assert options_60 == options_5  # the other filters' options only (kinds of activity, of news)
    assert abs(size_60 - size_5) <= 200, (size_5, size_60)
    assert client.get(url).text.count("Gebouw 1") <= 6  # a few on the front page's list, never all of them


def test_no_listing_has_an_option_per_building(client, buildings):
    month = f"{timezone.localdate() + timedelta(days=1):%Y-%m}"
    for url in ["/activiteiten/", "/nieuws/", f"/activiteiten/kalender/?gebouw=de-linde&maand={month}"]:
        html = client.get(url).text
        assert 'value="lindehof"' not in html, url
        assert ">Lindehof<" not in html, url


@pytest.mark.parametrize("url", ["/activiteiten/", "/nieuws/"])
def test_an_old_link_to_a_building_that_is_gone_says_so(client, buildings, url):
    html = client.get(url, {"gebouw": "bestaat-niet"}).text

    assert "Dit gebouw kennen we niet (meer). Zoek het hieronder." in html
    assert 'name="gebouw"' not in html  # the next search starts without it


def test_the_other_links_of_the_page_leave_the_search_out(client, buildings):
    html = client.get("/activiteiten/", {"zoek_gebouw": "lind", "gebouw": "het-anker"}).text

    assert "/activiteiten/agenda.ics?gebouw=het-anker" in html  # the feed, the month calendar: the building only
    assert "kalender/?gebouw=het-anker" in html
