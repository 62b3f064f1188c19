"""The news feeds are valid Atom and RSS: every entry carries the news item's own date (read with feedparser)."""

import datetime

import feedparser
import pytest

from committees.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(committee):
    """Thirty items made in bulk, as the demo and an import make them: never published through a revision."""
    today = datetime.date(2026, 12, 4)
    return [
        NewsPageFactory(
            parent=committee, title=f"Nieuws {n}", slug=f"nieuws-{n}", date=today - datetime.timedelta(days=n)
        )
        for n in range(30)
    ]


@pytest.mark.parametrize("path", ["/nieuws/feed/", "/nieuws/rss/"])
def test_every_entry_has_the_items_own_date(client, news, path):
    parsed = feedparser.parse(client.get(path).content)

    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 30
    by_title = {page.title: page.date for page in news}
    for entry in parsed.entries:
        published = entry.get("published_parsed")
        assert published is not None, f"{entry.title} has no date"
        # The start of the item's day in Amsterdam is the evening before in UTC (feedparser gives UTC).
        start = datetime.datetime(*published[:6], tzinfo=datetime.UTC).astimezone(
            datetime.timezone(datetime.timedelta(hours=1))
        )
        assert start.date() == by_title[entry.title]
        if path.endswith("feed/"):
            assert entry.get("updated_parsed") is not None
