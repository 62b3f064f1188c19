"""The news index (filters, pagination, feeds), committee pages and house rules (reports: test_reports.py)."""

import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.factories import NewsPageFactory
from committees.models import NewsKind
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_news_index_filters_by_building_and_kind(client, committee, other_committee):
    NewsPageFactory(parent=committee, title="Linde nieuws", kind=NewsKind.NEWS)
    NewsPageFactory(parent=committee, title="Linde huisregels", kind=NewsKind.HOUSE_RULES)
    NewsPageFactory(parent=other_committee, title="Anker nieuws", kind=NewsKind.NEWS)

    by_building = client.get("/nieuws/", {"gebouw": "de-linde"}).text
    by_kind = client.get("/nieuws/", {"gebouw": "de-linde", "soort": "huisregels"}).text

    assert "Linde nieuws" in by_building
    assert "Anker nieuws" not in by_building
    assert "Linde huisregels" in by_kind
    assert "Linde nieuws" not in by_kind


def test_platform_news_shows_for_every_building(client, committee, platform):
    NewsPageFactory(parent=platform, title="Ledenvergadering platform")

    assert "Ledenvergadering platform" in client.get("/nieuws/", {"gebouw": "de-linde"}).text


def test_news_index_filters_by_committee(client, committee, other_committee):
    NewsPageFactory(parent=committee, title="Linde nieuws")
    NewsPageFactory(parent=other_committee, title="Anker nieuws")

    text = client.get("/nieuws/", {"commissie": other_committee.pk}).text

    assert "Anker nieuws" in text
    assert "Linde nieuws" not in text


def test_news_index_shows_20_a_page_and_keeps_the_filters(client, committee):
    for n in range(25):
        NewsPageFactory(parent=committee, title=f"Bericht {n:02d}")

    first = client.get("/nieuws/", {"gebouw": "de-linde"})
    second = client.get("/nieuws/", {"gebouw": "de-linde", "pagina": 2})

    assert first.text.count('class="card__title"') == 20
    assert second.text.count('class="card__title"') == 5
    assert "gebouw=de-linde&amp;pagina=2" in first.text


def test_unknown_filter_values_do_not_break_the_page(client, committee):
    response = client.get("/nieuws/", {"gebouw": "bestaat-niet", "soort": "onzin"})

    assert response.status_code == 200


def test_atom_feed_takes_the_same_filters(client, committee, other_committee):
    NewsPageFactory(parent=committee, title="Linde nieuws")
    NewsPageFactory(parent=other_committee, title="Anker nieuws")

    response = client.get("/nieuws/feed/", {"gebouw": "het-anker"})

    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [entry.find(f"{ATOM}title").text for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]
    assert titles == ["Anker nieuws"]


def test_rss_feed(client, committee):
    NewsPageFactory(parent=committee, title="Linde nieuws")

    root = ET.fromstring(client.get("/nieuws/rss/").content)

    assert [item.find("title").text for item in root.iter("item")] == ["Linde nieuws"]


def test_a_feed_is_kept_per_filter_and_a_new_item_is_in_it_at_once(client, committee, other_committee, resident):
    """Feed readers poll, logged in or not (the page cache serves neither a session nor every reader): the feed
    of a filter is kept with the pages, so the same filter again reads no news, and publishing clears it."""
    NewsPageFactory(parent=committee, title="Linde nieuws")
    client.force_login(resident)

    def titles(response):
        return [entry.find(f"{ATOM}title").text for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]

    first = client.get("/nieuws/feed/", {"gebouw": "de-linde"})
    with CaptureQueriesContext(connection) as again:
        second = client.get("/nieuws/feed/", {"gebouw": "de-linde"})
    read = [query["sql"] for query in again.captured_queries if "committees_newspage" in query["sql"]]
    NewsPageFactory(parent=committee, title="Nieuwe huisregels")
    NewsPageFactory(parent=other_committee, title="Anker nieuws")
    after = client.get("/nieuws/feed/", {"gebouw": "de-linde"})
    rss = ET.fromstring(client.get("/nieuws/rss/", {"gebouw": "de-linde"}).content)

    assert not read
    assert titles(first) == titles(second) == ["Linde nieuws"]
    assert second["Content-Type"].startswith("application/atom+xml")
    assert "Last-Modified" in second
    assert sorted(titles(after)) == ["Linde nieuws", "Nieuwe huisregels"]
    assert sorted(item.find("title").text for item in rss.iter("item")) == ["Linde nieuws", "Nieuwe huisregels"]


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/nieuws/", "/nieuws/?gebouw=de-linde", "committee", "building", "/huurdersplatform/"])
def test_query_counts_do_not_grow_with_the_news(client, committee, platform, django_assert_max_num_queries, url):
    url = {"committee": committee.url, "building": committee.get_parent().url}.get(url, url)
    NewsPageFactory(parent=committee)
    few = _queries(client, url)
    for _ in range(30):
        NewsPageFactory(parent=committee)
        NewsPageFactory(parent=platform)

    with django_assert_max_num_queries(12):
        client.get(url)
    assert _queries(client, url) == few


def test_building_page_shows_committees_news_and_house_rules(client, committee):
    NewsPageFactory(parent=committee, title="Nieuwe bankjes", kind=NewsKind.NEWS)
    rules = NewsPageFactory(parent=committee, title="Huisregels", kind=NewsKind.HOUSE_RULES)

    text = client.get(committee.get_parent().url).text

    assert "Bewonerscommissie De Linde" in text
    assert "bc-delinde@example.org" in text
    assert "Nieuwe bankjes" in text
    assert rules.url in text


def test_member_names_are_public_only_with_consent(client, committee, member):
    assert "Gerda" not in client.get(committee.url).text

    membership = committee.memberships.get(user=member)
    membership.show_publicly = True
    membership.save()

    assert "Gerda Bakker" in client.get(committee.url).text


def test_members_admin_adds_a_member_through_the_service(client, committee, moderator):
    user = UserFactory(email="nieuw-lid@example.org")
    client.force_login(moderator)

    client.post(reverse("committeemembership:add"), {"committee": committee.pk, "user": user.pk, "role": "lid"})

    assert user.groups.filter(pk=committee.group_id).exists()
