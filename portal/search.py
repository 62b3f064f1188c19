"""Site search at /zoeken/: buildings, activities and news, through Wagtail's search backend.

The backend is Wagtail's database backend: PostgreSQL full-text search with the Dutch
configuration in production (stemming and stop words, see `WAGTAILSEARCH_BACKENDS`), SQLite's
FTS5 locally (whole words, no stemming). Only live, public pages are found; the view restrictions
come from the cache (`portal.restrictions.public`), so they cost no query.

`search_pages` gives the lazy results, which a Paginator counts and slices (two queries);
`search_hits` turns one page of them into what the template shows, with a fixed number of
queries however many results there are: one per page type on the page, one for the activities'
next dates, two for the committees and buildings they belong to.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from activities.models import ActivityPage, Occurrence
from committees.models import NewsPage
from committees.selectors import with_committees
from portal.models import BuildingPage
from portal.restrictions import public

MAX_QUERY_LENGTH = 100
SNIPPET_WORDS = 30

# The page types the search shows, each with its kind (for CSS and tests) and the label the resident reads.
KINDS = {
    BuildingPage: ("gebouw", _("Gebouw")),
    ActivityPage: ("activiteit", _("Activiteit")),
    NewsPage: ("nieuws", _("Nieuws")),
}


def clean_query(raw: str | None) -> str:
    """What the visitor typed, fit to show and search: no control characters, single spaces, at most 100 characters."""
    text = "".join(char if char.isprintable() else " " for char in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query: str) -> list[str]:
    """The words to look for. Punctuation goes: the index splits words on it anyway, and a quote
    in the query breaks SQLite's FTS5 syntax. A hyphen stays ('Sint-Jansstraat')."""
    return [term for term in re.sub(r"[^\w\s-]", " ", query).split() if term.strip("-_")]


@dataclass(frozen=True)
class PageSearch:
    """The lazy results of a search, and whether they hold every word (or, when nothing did, any word)."""

    results: object  # wagtail SearchResults: count() and slicing, as a Paginator needs
    all_words: bool


def searchable_pages():
    """Live, public buildings, activities and news: what the search may show to anyone."""
    return public(Page.objects.live().type(*KINDS))


def search_pages(*, query: str) -> PageSearch:
    """Pages that contain every word of `query`, best match first; if none does, pages with any of the words."""
    terms = search_terms(query)
    if not terms:
        return PageSearch(results=Page.objects.none(), all_words=True)
    pages = searchable_pages()
    text = " ".join(terms)
    results = pages.search(text, operator="and")
    if len(terms) > 1 and results.count() == 0:
        return PageSearch(results=pages.search(text, operator="or"), all_words=False)
    return PageSearch(results=results, all_words=True)


@dataclass(frozen=True)
class SearchHit:
    page: Page  # the specific page (BuildingPage, ActivityPage or NewsPage)
    kind: str  # "gebouw", "activiteit" or "nieuws": for CSS and tests
    label: str  # "Gebouw", "Activiteit" or "Nieuws"
    snippet: str  # plain text; the template escapes it
    where: str = ""  # a building's town; the building (or the tenants' platform) of an activity or news item
    next_start: datetime | None = None  # an activity's next date that is not cancelled
    news_date: date | None = None  # a news item's date


def _plain(rich_text, *, words: int = SNIPPET_WORDS) -> str:
    text = html.unescape(strip_tags(str(rich_text or "")))
    return Truncator(" ".join(text.split())).words(words)


def _next_starts(activity_ids: list[int]) -> dict[int, datetime]:
    if not activity_ids:
        return {}
    rows = (
        Occurrence.objects.filter(activity_id__in=activity_ids, end__gte=timezone.now(), cancelled=False)
        .values("activity_id")
        .annotate(next_start=Min("start"))
    )
    return {row["activity_id"]: row["next_start"] for row in rows}


def _specific_pages(pages: list[Page]) -> dict[int, Page]:
    """The specific page for each result, one query per page type present."""
    ids_by_model: dict[type[Page], list[int]] = defaultdict(list)
    for page in pages:
        model = page.specific_class
        if model in KINDS:
            ids_by_model[model].append(page.pk)
    specific: dict[int, Page] = {}
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        if model is ActivityPage:
            queryset = queryset.select_related("category")
        specific.update((page.pk, page) for page in queryset)
    return specific


def _where(page) -> str:
    committee = getattr(page, "committee", None)
    building = getattr(page, "building", None)
    if building is not None:
        return building.title
    return committee.title if committee is not None else ""


def search_hits(*, pages) -> list[SearchHit]:
    """One page of search results as the template shows them, in the order of relevance."""
    pages = list(pages)
    specific = _specific_pages(pages)
    found = [specific[page.pk] for page in pages if page.pk in specific]
    with_committees([page for page in found if not isinstance(page, BuildingPage)])
    next_starts = _next_starts([page.pk for page in found if isinstance(page, ActivityPage)])

    hits = []
    for page in found:
        kind, label = KINDS[type(page)]
        if isinstance(page, BuildingPage):
            address = f"{page.street_address}, {page.postal_code} {page.city}"
            hits.append(
                SearchHit(
                    page=page, kind=kind, label=label, snippet=_plain(page.description) or address, where=page.city
                )
            )
        elif isinstance(page, ActivityPage):
            hits.append(
                SearchHit(
                    page=page,
                    kind=kind,
                    label=label,
                    snippet=_plain(page.description),
                    where=_where(page),
                    next_start=next_starts.get(page.pk),
                )
            )
        else:
            hits.append(
                SearchHit(
                    page=page,
                    kind=kind,
                    label=label,
                    snippet=_plain(page.intro),
                    where=_where(page),
                    news_date=page.date,
                )
            )
    return hits
