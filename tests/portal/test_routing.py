"""`HomePage.route`: a URL finds its page with one indexed query, whatever its depth."""

import pytest
from django.db import connection

from committees import services as committee_services
from committees.models import CommitteeKind

pytestmark = pytest.mark.django_db


def test_the_page_lookup_by_url_path_has_an_index():
    constraints = connection.introspection.get_constraints(connection.cursor(), "wagtailcore_page")

    indexed = [name for name, info in constraints.items() if info["index"] and info["columns"] == ["url_path"]]

    assert indexed, "no index on wagtailcore_page.url_path: every page request would scan the page table"


def test_a_page_three_levels_below_a_building_is_found(client, building, committee, no_page_cache):
    from committees.factories import NewsPageFactory

    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes", slug="nieuwe-bankjes")
    url = news.url

    response = client.get(url)

    assert response.status_code == 200
    assert "Nieuwe bankjes" in response.content.decode()


def test_a_child_page_whose_slug_equals_a_sub_route_of_its_building_wins(client, building, no_page_cache):
    """The deepest page whose address matches wins: a committee called 'bericht' under a building is found at
    /gebouwen/<building>/bericht/, before the building's own message form at that address. Wagtail's default
    routing would give the building's sub-route; the portal's one-query routing gives the page. Committees are
    named after what they are ("Bewonerscommissie …"), so the case is theoretical; this test pins the rule."""
    committee_services.committee_create(
        parent=building,
        title="Bericht",
        slug="bericht",
        kind=CommitteeKind.ACTIVITY,
        description="Een commissie met een ongelukkige naam.",
    )

    response = client.get(f"{building.url}bericht/")

    assert response.status_code == 200
    assert "Een commissie met een ongelukkige naam." in response.content.decode()


def _site_queries(queries) -> int:
    return sum("wagtailcore_site" in query["sql"] for query in queries)


def test_a_page_request_finds_the_site_without_asking_the_database_again(client, building, no_page_cache):
    """`portal.routing`: the site of the host and its front page's place are kept per process."""
    from django.test.utils import CaptureQueriesContext

    client.get(building.url)
    with CaptureQueriesContext(connection) as again:
        response = client.get(building.url)

    assert response.status_code == 200
    assert building.title in response.text
    assert _site_queries(again.captured_queries) == 0


def test_the_front_page_is_always_the_published_one(client, home_page, no_page_cache):
    client.get("/")
    home_page.title = "Welkom bij de bewoners"
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    assert "Welkom bij de bewoners" in response.text


def test_a_new_front_page_address_routes_at_once(client, building, home_page, no_page_cache):
    """Renaming the front page's slug moves every page's url_path; the kept site is forgotten at once."""
    client.get(building.url)
    home_page.slug = "thuis"
    home_page.save_revision().publish()
    building.refresh_from_db()
    assert building.url_path.startswith("/thuis/")

    response = client.get(building.url_path.removeprefix("/thuis"))  # the same address as before

    assert response.status_code == 200
    assert building.title in response.text


def test_a_changed_site_is_used_at_once(client, building, home_page, no_page_cache):
    from wagtail.models import Site

    client.get(building.url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Bewonersportaal Test"
    site.save()

    assert client.get(building.url).status_code == 200
    from portal.routing import _sites

    assert all(kept.site_name == "Bewonersportaal Test" for _, kept in _sites.values())
