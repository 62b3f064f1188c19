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


def _queries(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_an_address_routed_before_costs_one_query_less(client, building, committee, no_page_cache):
    from committees.factories import NewsPageFactory

    url = NewsPageFactory(parent=committee, title="Nieuwe bankjes", slug="nieuwe-bankjes").url
    client.get(url)  # warm-up: the site, restrictions
    from portal.routing import forget_addresses

    forget_addresses()
    first, cold = _queries(client, url)
    again, warm = _queries(client, url)

    assert first.status_code == again.status_code == 200
    assert "Nieuwe bankjes" in again.content.decode()
    assert warm == cold - 1


def test_a_kept_address_follows_a_rename_a_move_and_a_deletion_at_once(client, building, committee, no_page_cache):
    from committees.factories import NewsPageFactory

    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes", slug="nieuwe-bankjes")
    old_url = news.url
    assert client.get(old_url).status_code == 200  # kept

    news.slug = "bankjes-in-de-tuin"
    news.save_revision().publish()
    news.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert "Nieuwe bankjes" in client.get(news.url).content.decode()

    news.delete()
    assert client.get(news.url).status_code == 404


def test_a_page_made_below_an_address_that_was_a_sub_route_is_found_at_once(client, building, no_page_cache):
    """/gebouwen/<building>/bericht/ is the building's message form; a page made there later wins at once (the
    deepest page wins, see above), though making it renews only the building's generation."""
    url = f"{building.url}bericht/"
    assert client.get(url).status_code in (200, 302)  # the building's own sub-route (a log-in for visitors)

    committee_services.committee_create(
        parent=building, title="Bericht", slug="bericht", kind=CommitteeKind.RESIDENTS, description="Wij zijn er."
    )

    response = client.get(url)
    assert response.status_code == 200
    assert "Wij zijn er." in response.content.decode()
