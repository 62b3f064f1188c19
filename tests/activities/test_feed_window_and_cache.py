"""The feed /activiteiten/agenda.ics at scale: a year ahead and at most FEED_LIMIT dates, the same queries for
few or many activities, and served from the page cache until an activity changes, never for a session."""

from datetime import date, time, timedelta

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities import calendar_views
from activities.models import Recurrence
from committees import services as committee_services
from committees.models import CommitteeKind
from portal import page_cache

pytestmark = pytest.mark.django_db

URL = "/activiteiten/agenda.ics"
HEADER = page_cache.HEADER


def events(response) -> list:
    assert response.status_code == 200
    return vobject.readOne(response.content.decode()).contents.get("vevent", [])


@pytest.fixture
def weekly_for_fourteen_months(settings, make_activity):
    settings.PORTAL_OCCURRENCE_WINDOW_DAYS = 440
    return make_activity(
        title="Koersbal",
        recurrence=Recurrence.WEEKLY,
        until=timezone.localdate() + timedelta(days=430),
        start_time=time(10),
        end_time=time(11),
    )


def test_the_feed_reaches_a_year_ahead_no_further(client, weekly_for_fourteen_months):
    today = timezone.localdate()
    window_end = calendar_views.feed_window_end(today)
    dates = list(weekly_for_fourteen_months.occurrences.order_by("start"))
    assert dates[-1].start > window_end, "the activity goes on after the window"

    starts = [event.dtstart.value for event in events(client.get(URL, {"gebouw": "de-linde"}))]

    assert starts == [o.start for o in dates if o.start < window_end]
    assert min(starts) >= timezone.now() - timedelta(days=1)  # what is over is not in it
    assert (window_end.date() - today).days in (365, 366)


def test_the_feed_holds_at_most_its_limit_the_first_dates(client, monkeypatch, weekly_for_fourteen_months):
    monkeypatch.setattr(calendar_views, "FEED_LIMIT", 5)

    starts = [event.dtstart.value for event in events(client.get(URL))]

    assert starts == [o.start for o in weekly_for_fourteen_months.occurrences.order_by("start")[:5]]


def test_a_leap_day_window_ends_on_the_28th():
    assert f"{calendar_views.feed_window_end(date(2028, 2, 29)):%Y-%m-%d}" == "2029-02-28"


def _queries(client, **filters) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, filters).status_code == 200
    return len(queries)


def test_the_feeds_queries_do_not_grow_with_its_dates(client, make_activity, other_building, no_page_cache):
    other_committee = committee_services.committee_create(
        parent=other_building,
        title="Bewonerscommissie Het Anker",
        kind=CommitteeKind.RESIDENTS,
        description="Wij spreken namens de bewoners.",
        contact_email="bc-anker@example.org",
    )
    make_activity(title="Bingo")
    # What the cache keeps for every page (root paths, buildings) read once, by a feed with another filter (each
    # filter's feed is kept apart, until a date changes: that one would be read from the cache below).
    client.get(URL, {"gebouw": "de-linde", "categorie": "bewegen"})
    few = (_queries(client), _queries(client, gebouw="de-linde"))
    until = timezone.localdate() + timedelta(days=60)
    for n in range(6):
        make_activity(title=f"Koffie {n}", recurrence=Recurrence.WEEKLY, until=until)
        make_activity(title=f"Sjoelen {n}", parent=other_committee)

    many = (_queries(client), _queries(client, gebouw="de-linde"))

    assert len(events(client.get(URL))) > 40
    assert many == few


def test_a_second_anonymous_request_is_served_from_the_page_cache(client, make_activity):
    make_activity(title="Bingo")

    first = client.get(URL, {"gebouw": "de-linde"})
    again = client.get(URL, {"utm_source": "agenda", "gebouw": "de-linde"})  # other parameters do not count
    other = client.get(URL, {"categorie": "bewegen"})

    assert (first[HEADER], again[HEADER], other[HEADER]) == ("miss", "hit", "miss")
    assert again.content == first.content
    assert "Cache-Control" not in first  # nothing private about it


def test_changing_or_publishing_an_activity_makes_the_next_feed_fresh(client, make_activity):
    bingo = make_activity(title="Bingo")
    client.get(URL)

    revision = bingo.save_revision()
    bingo.title = "Bingo met prijzen"
    revision = bingo.save_revision()
    revision.publish()
    renamed = client.get(URL)
    make_activity(title="Sjoelen")  # a new activity published
    added = client.get(URL)
    occurrence = bingo.occurrences.get()
    occurrence.cancelled = True
    occurrence.save()
    cancelled = client.get(URL)

    assert renamed[HEADER] == added[HEADER] == cancelled[HEADER] == "miss"
    assert [e.summary.value for e in events(renamed)] == ["Bingo met prijzen"]
    assert sorted(e.summary.value for e in events(added)) == ["Bingo met prijzen", "Sjoelen"]
    assert {e.summary.value: e.status.value for e in events(cancelled)}["Bingo met prijzen"] == "CANCELLED"


def test_a_request_with_a_session_is_never_stored_nor_served_from_the_cache(client, make_activity, resident):
    make_activity(title="Bingo")
    client.force_login(resident)

    first = client.get(URL)
    again = client.get(URL)

    assert first.get(HEADER) in (None, "miss")  # a logged-in request of a cached view says "miss" at most
    assert again.get(HEADER) in (None, "miss")
    assert page_cache.cache_key(first.wsgi_request) is None
    assert "private" in first["Cache-Control"]
    client.logout()
    assert client.get(URL)[HEADER] == "miss"  # nothing was stored while logged in


def test_a_feed_is_written_once_for_everyone_and_a_new_date_shows_at_once(client, make_activity, resident):
    """A logged-in resident's calendar app is never served a stored page; the feed body is kept all the same."""
    make_activity(title="Bingo")
    client.force_login(resident)
    first = client.get(URL, {"gebouw": "de-linde"})

    with CaptureQueriesContext(connection) as again:
        second = client.get(URL, {"gebouw": "de-linde"})
        dates_read = [query for query in again if "activities_occurrence" in query["sql"]]
    make_activity(title="Sjoelen")
    after = client.get(URL, {"gebouw": "de-linde"})

    assert second.content == first.content
    assert dates_read == []
    assert sorted(event.summary.value for event in events(after)) == ["Bingo", "Sjoelen"]
