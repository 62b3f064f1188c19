"""Atom and RSS feeds of /nieuws/, taking the same filters as the page."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from committees import selectors

FEED_ITEMS = 30


class NewsRssFeed(Feed):
    title = _("Nieuws van het Bewonersportaal")
    description = _("Nieuws, verslagen en huisregels van de commissies.")

    def get_object(self, request, index):
        self.request = request
        return index

    def link(self, index):
        return index.url

    def items(self, index):
        return selectors.with_committees(selectors.news_list(filters=self.request.GET).qs[:FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        """The news item's own date (what the page shows), at the start of that day in Amsterdam: always there,
        unlike `first_published_at`, which pages made in bulk or imported do not have."""
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item):
        """Atom's required `updated`: the last publication, never before the item's own date."""
        own = self.item_pubdate(item)
        return max(own, item.last_published_at) if item.last_published_at else own

    def item_author_name(self, item):
        return item.committee.title if item.committee else None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
