"""/activiteiten/ at the size of the largest corporation: the list counts at most `portal.paging.COUNT_LIMIT`
dates, and a building's dates are found through its activities (the same queries for few and many)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import page_cache, paging

pytestmark = pytest.mark.django_db


def test_past_the_limit_the_list_says_more_than_and_points_to_the_filters(
    client, make_activity, monkeypatch, no_page_cache
):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    day = timezone.localdate() + timedelta(days=3)
    for n in range(4):
        make_activity(title=f"Activiteit {n}", start_date=day)

    response = client.get("/activiteiten/")

    assert response.status_code == 200
    assert "Meer dan 3 activiteiten" in response.text
    assert "Kies hierboven een gebouw, een soort of een periode" in response.text


def test_within_the_limit_the_list_says_how_many(client, make_activity, no_page_cache):
    make_activity(title="Stoelgym", start_date=timezone.localdate() + timedelta(days=3))

    response = client.get("/activiteiten/")

    assert "1 activiteit" in response.text
    assert "Meer dan" not in response.text


def test_the_bounded_pages_say_their_number_without_a_total(client, make_activity, monkeypatch, no_page_cache):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 25)
    monkeypatch.setattr("activities.views.PER_PAGE", 2)
    day = timezone.localdate() + timedelta(days=3)
    for n in range(5):
        make_activity(title=f"Activiteit {n}", start_date=day)

    second = client.get("/activiteiten/?pagina=2")

    assert "Pagina 2 van 3" in second.text  # 5 dates: counted, so the total is known
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    bounded = client.get("/activiteiten/?pagina=2")
    assert "Pagina 2" in bounded.text
    assert "Pagina 2 van" not in bounded.text


def test_a_buildings_list_costs_the_same_queries_for_few_and_many_activities(
    client, make_activity, make_building, django_assert_num_queries, no_page_cache
):
    day = timezone.localdate() + timedelta(days=3)
    make_activity(title="Stoelgym", start_date=day)
    client.get("/activiteiten/?gebouw=de-linde")
    with django_assert_num_queries(1):  # the page itself; the dates are kept with the building's pages
        client.get("/activiteiten/?gebouw=de-linde")
    page_cache.invalidate_buildings(["de-linde"], listed=False)  # what a sign-up in the building does
    with django_assert_num_queries(4):  # the same 4 below
        client.get("/activiteiten/?gebouw=de-linde")
    for n in range(12):
        make_activity(title=f"Activiteit {n}", start_date=day)
    for n in range(5):
        make_building(title=f"Gebouw {n}")
    client.get("/activiteiten/?gebouw=de-linde")  # the list of buildings is cached again, as on a running server
    page_cache.invalidate_buildings(["de-linde"], listed=False)

    with django_assert_num_queries(4):
        response = client.get("/activiteiten/?gebouw=de-linde")

    assert "Activiteit 11" in response.text


def test_a_renamed_building_shows_in_the_list_at_once(client, building, make_activity, no_page_cache):
    """The buildings' names in a list are kept with the pages (`portal.selectors.building_labels`): the next
    request after a change of the building shows the new name."""
    make_activity(title="Stoelgym", start_date=timezone.localdate() + timedelta(days=3))
    assert "Stoelgym, De Linde" in client.get("/activiteiten/").text

    building.title = "De Lindehof"
    building.save_revision().publish()

    text = client.get("/activiteiten/").text
    assert "Stoelgym, De Lindehof" in text
    assert "Stoelgym, De Linde<" not in text


def test_the_buildings_names_cost_no_query_once_kept(client, make_activity, no_page_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_activity(title="Stoelgym", start_date=timezone.localdate() + timedelta(days=3))
    client.get("/activiteiten/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/activiteiten/")

    assert "Stoelgym, De Linde" in response.text
    assert not [q for q in queries.captured_queries if 'FROM "portal_buildingpage"' in q["sql"]]


def test_a_sign_up_shows_at_once_on_the_buildings_kept_list_and_within_the_listing_lifetime_on_all(
    client, make_activity, resident, no_page_cache, settings
):
    """A page of /activiteiten/ is kept for everyone: a building's list under the building's generation, which a
    sign-up there renews; the corporation's list for PORTAL_PAGE_CACHE_LISTING_SECONDS at most, as the page cache
    keeps the cross-building lists (0 here: not kept)."""
    from activities import services as activity_services

    settings.PORTAL_PAGE_CACHE_LISTING_SECONDS = 0
    activity = make_activity(title="Bingo", capacity=10, signup_required=True)
    assert "Nog 10 plaatsen vrij" in client.get("/activiteiten/?gebouw=de-linde").text
    assert "Nog 10 plaatsen vrij" in client.get("/activiteiten/").text

    activity_services.registration_create(
        occurrence=activity.occurrences.get(), user=resident, guests=0, made_by=resident
    )

    assert "Nog 9 plaatsen vrij" in client.get("/activiteiten/?gebouw=de-linde").text
    assert "Nog 9 plaatsen vrij" in client.get("/activiteiten/").text
