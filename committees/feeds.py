"""Atom and RSS feeds of /nieuws/, taking the same filters as the page."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from committees import selectors

FEED_ITEMS = 30


class NewsRssFeed(Feed):
    title = _("Nieuws van het Bewonersportaal")
    description = _("Nieuws, verslagen en huisregels van de commissies.")

    def __call__(self, request, *args, **kwargs):
        """The feed of this filter, kept with the pages it lists (`portal.page_cache.kept_with_pages`: a news item
        published, changed or withdrawn clears it at once; the building's generation for `?gebouw=`). Feed
        readers poll it, logged in or not; writing out thirty items with their addresses costs more than the
        rest of the request."""
        from django.utils.translation import get_language

        from portal import page_cache

        def compute() -> tuple[int, dict[str, str], bytes]:
            response = super(NewsRssFeed, self).__call__(request, *args, **kwargs)
            headers = {name: response[name] for name in ("Content-Type", "Last-Modified") if name in response}
            return response.status_code, headers, response.content

        query = page_cache.known_query(request)
        name = page_cache.kept_name(request.build_absolute_uri("/"), type(self).__name__, get_language(), query)
        slug = request.GET.get("gebouw", "")
        status, headers, body = page_cache.kept_with_pages(
            f"news-feed:{name}", compute, scope=slug if slug else page_cache.LISTING
        )
        response = HttpResponse(body, status=status)
        for header, value in headers.items():
            response[header] = value
        return response

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
