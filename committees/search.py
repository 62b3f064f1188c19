"""News in the site search (portal.search): registered in wagtail_hooks under `registry.SEARCH_KINDS`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from committees.models import NewsPage
from portal.search import SearchHit, SearchKind, plain_snippet

# What a committee's page (news, an activity) is fetched with, for `where`: in the same query, no more.
COMMITTEE_CONTENT_RELATED = ("committee", "building")


def where(page) -> str:
    """Where a committee's page belongs: its building, or, for the tenants' platform's, the committee."""
    if page.building is not None:
        return page.building.title
    return page.committee.title if page.committee is not None else ""


def _news_annotate(hits: list[SearchHit]) -> None:
    for hit in hits:
        hit.snippet = plain_snippet(hit.page.intro)
        hit.where = where(hit.page)
        hit.news_date = hit.page.date


NEWS = SearchKind(
    model=NewsPage,
    kind="nieuws",
    label=_("Nieuws"),
    annotate=_news_annotate,
    select_related=COMMITTEE_CONTENT_RELATED,
)
