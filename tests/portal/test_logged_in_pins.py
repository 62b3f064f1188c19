"""The bench's logged-in rows (bench/pages.py: home_resident, activities_resident, my_page_resident): a resident's
pages cost the same queries with 2 buildings as with 12, rendered and from the page cache's resident copy."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Rendered, and with the page cache on (only /activiteiten/ has a resident copy: session, user, own building).
# The front page's few buildings and a page of /activiteiten/ are kept with the pages (portal.selectors.
# buildings_by_keys, activities.selectors.listing_page); the account is read with its caretaker (portal.auth_backends).
PINS = {"/": (6, 6), "/activiteiten/": (4, 3), "/mijn/": (10, 10)}


def _count(client, url) -> int:
    client.get(url)  # warm-up: the caches a running server has (building list, restrictions, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PINS)
@pytest.mark.parametrize("cached", [False, True])
def test_a_residents_page_costs_the_same_queries_at_any_size(
    client, resident, make_activity, make_building, url, cached, settings
):
    if not cached:
        settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.force_login(resident)
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Stoelgym", start_date=day)
    make_building(title="Het Anker")  # another building for the front page's few (none would be no query)
    few = _count(client, url)

    for n in range(10):
        make_building(title=f"Gebouw {n}")
        make_activity(title=f"Activiteit {n}", start_date=day)
    many = _count(client, url)

    assert many == few == PINS[url][cached]
