"""Home, the building index and a building page: page-tree rules, rendering, and pinned query counts."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from portal import services
from portal.factories import CaretakerFactory
from portal.models import BuildingIndexPage, BuildingPage, HomePage, PresenceSlot

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_home_sits_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_buildings_live_under_the_building_index(self):
        self.assertAllowedSubpageTypes(BuildingIndexPage, {BuildingPage})
        self.assertAllowedParentPageTypes(BuildingPage, {BuildingIndexPage})
        self.assertAllowedParentPageTypes(BuildingIndexPage, {HomePage})

    def test_an_editor_can_create_a_building(self):
        _home, index = services.site_ensure(hostname="testserver")
        self.login()
        self.assertCanCreate(
            index,
            BuildingPage,
            {
                "title": "De Kastanje",
                "slug": "de-kastanje",
                "street_address": "Kastanjelaan 1",
                "postal_code": "3512 AB",
                "city": "Utrecht",
                "homes": 64,
                "tour_minutes": 45,
                "tour_buffer_minutes": 15,
                "meeting_room_name": "De Serre",
                "description": "",
                "photo_alt_text": "",
                "body": rich_text(""),
            },
        )

    def test_pages_render(self):
        home, index = services.site_ensure(hostname="testserver")
        building = index.add_child(
            instance=BuildingPage(
                title="De Eik", street_address="Eikweg 2", postal_code="3511 AA", city="Utrecht", homes=50
            )
        )
        for page in (home, index, building):
            self.assertPageIsRenderable(page)


def test_building_page_shows_the_caretaker_card_and_week(client, building, caretaker):
    services.presence_slots_replace(
        caretaker=caretaker,
        slots=[
            PresenceSlot(building=building, weekday=1, start=time(9, 0), end=time(12, 0)),
            PresenceSlot(building=building, weekday=3, start=time(13, 0), end=time(15, 30)),
        ],
    )

    response = client.get(building.url)

    assert response.status_code == 200
    assert "Henk Jansen" in response.text
    assert "030 123 45 67" in response.text
    assert "Volgende keer hier" in response.text or "Nu in het gebouw" in response.text
    assert "Dinsdag" in response.text
    assert "13:00 – 15:30" in response.text


def test_building_without_caretaker_says_whom_to_call(client, make_building):
    building = make_building(title="Zonder Huismeester")

    response = client.get(building.url)

    assert "geen vaste huismeester" in response.text


def test_building_index_finds_by_city(client, building_index, make_building):
    make_building(title="Het Anker", city="Zeist")
    make_building(title="De Linde", city="Utrecht")

    response = client.get(building_index.url, {"q": "zeist"})

    assert "Het Anker" in response.text
    assert "De Linde" not in response.text
    assert "1 gebouw gevonden" in response.text


def test_home_links_to_the_buildings(client, home_page, building):
    response = client.get("/")

    assert response.status_code == 200
    assert building.url in response.text
    assert 'href="/gebouwen/"' in response.text


def _seed_buildings(building_index, count):
    caretakers = [CaretakerFactory() for _ in range(max(1, count // 5 + 1))]
    for n in range(count):
        caretaker = caretakers[n // 5]
        building = BuildingPage(
            title=f"Gebouw {n:03d}",
            street_address=f"Straat {n}",
            postal_code="3500 AA",
            city="Utrecht",
            homes=60,
            caretaker=caretaker,
        )
        building_index.add_child(instance=building)
        PresenceSlot.objects.create(caretaker=caretaker, building=building, weekday=n % 5, start=time(9), end=time(10))


def _count_queries(client, url):
    client.get(url)  # warm-up: Site lookup caches etc.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/gebouwen/", "/gebouwen/gebouw-000/"])
def test_query_count_is_pinned_and_does_not_grow_with_buildings(
    client, building_index, django_assert_max_num_queries, url
):
    _seed_buildings(building_index, 3)
    small = _count_queries(client, url)
    _seed_buildings_more = 27
    caretakers = [CaretakerFactory() for _ in range(6)]
    for n in range(3, 3 + _seed_buildings_more):
        building = BuildingPage(
            title=f"Gebouw {n:03d}",
            street_address=f"Straat {n}",
            postal_code="3500 AA",
            city="Utrecht",
            homes=60,
            caretaker=caretakers[(n - 3) // 5],
        )
        building_index.add_child(instance=building)

    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    large = _count_queries(client, url)

    assert large == small


def test_the_building_cards_are_kept_and_a_change_shows_at_once(
    client, building_index, building, caretaker, make_building, no_page_cache
):
    """A page of /gebouwen/ (and of its search) is rendered once and kept with the pages: a second look reads no
    building, and a new building or a caretaker's new name is on the next look."""
    client.get(building_index.url, {"q": "linde"})
    with CaptureQueriesContext(connection) as again:
        client.get(building_index.url, {"q": "linde"})
    read = [query["sql"] for query in again.captured_queries if "portal_buildingpage" in query["sql"]]

    make_building(title="De Linde Zuid", city="Utrecht")
    caretaker.name = "Henk de Vries"
    caretaker.save()
    after = client.get(building_index.url, {"q": "linde"}).text

    assert not read
    assert "De Linde Zuid" in after
    assert "Huismeester: Henk de Vries" in after
    assert "2 gebouwen gevonden" in after
