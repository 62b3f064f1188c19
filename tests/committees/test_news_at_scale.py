"""/nieuws/ at the size of the largest corporation: it counts at most `portal.paging.COUNT_LIMIT` items, newest
first from an index, and one building's news is found by the building's key (the same queries for few and many)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.factories import NewsPageFactory
from portal import paging

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def add_news(committee, count, *, first=0):
    for n in range(first, first + count):
        NewsPageFactory(
            parent=committee, title=f"Nieuws {n}", slug=f"nieuws-{n}", date=TODAY - datetime.timedelta(days=n)
        )


def test_past_the_limit_the_news_says_more_than_and_points_to_the_filters(
    client, committee, monkeypatch, no_page_cache
):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    add_news(committee, 4)

    response = client.get("/nieuws/")

    assert "Meer dan 3 berichten" in response.text
    assert "Kies hierboven een gebouw, een commissie of een soort" in response.text
    assert response.text.index("Nieuws 0") < response.text.index("Nieuws 2")  # newest first


def test_within_the_limit_the_news_says_how_many(client, committee, no_page_cache):
    add_news(committee, 2)

    response = client.get("/nieuws/")

    assert "2 berichten" in response.text
    assert "Meer dan" not in response.text


def test_one_buildings_news_costs_the_same_queries_for_few_and_many(
    client, committee, building, make_building, no_page_cache
):
    from committees import services

    add_news(committee, 2)
    url = f"/nieuws/?gebouw={building.slug}"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response, len(queries)

    _few, with_one = count()
    for n in range(5):
        other = make_building(title=f"Gebouw {n}")
        elsewhere = services.committee_create(
            parent=other, title=f"Bewonerscommissie {n}", kind="bewoners", description="x"
        )
        add_news(elsewhere, 3, first=100 + 10 * n)
    response, with_many = count()

    assert with_many == with_one
    assert response.text.count("Nieuws ") >= 2
    assert "Nieuws 100" not in response.text  # another building's
    # The building is named by its key in the query, not by a sub-query on its slug.
    listing = next(q["sql"] for q in queries_of(client, url) if 'FROM "committees_newspage"' in q["sql"])
    assert 'U1."slug"' not in listing


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return queries.captured_queries
