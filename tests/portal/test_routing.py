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
