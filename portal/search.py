"""Site search at /zoeken/: buildings, and the page types the feature apps add (activities, news), through
Wagtail's search backend.

The backend is Wagtail's database backend: PostgreSQL full-text search with the Dutch
configuration in production (stemming and stop words, see `WAGTAILSEARCH_BACKENDS`), SQLite's
FTS5 locally (whole words, no stemming). Only live, public pages are found; the view restrictions
come from the cache (`portal.restrictions.public`), so they cost no query.

The page types besides buildings come from the apps: each registers a `SearchKind` under
`registry.SEARCH_KINDS`, with what to fetch along with its pages and how to fill in its hits.

`search_pages` gives the lazy results, which a Paginator counts and slices (two queries);
`search_hits` turns one page of them into what the template shows, with a fixed number of
queries however many results there are: one per page type on the page (with what its kind
fetches along), plus what each kind's `annotate` needs (an activity's next dates: one).
`results_page` does both for one page of a search and keeps it with the pages (the results are the same
for everyone): the same words again, by anyone, logged in or not, cost no query.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal import registry
from portal.models import BuildingPage
from portal.restrictions import public

MAX_QUERY_LENGTH = 100
SNIPPET_WORDS = 30


def clean_query(raw: str | None) -> str:
    """What the visitor typed, fit to show and search: no control characters, single spaces, at most 100 characters."""
    text = "".join(char if char.isprintable() else " " for char in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query: str) -> list[str]:
    """The words to look for. Punctuation goes: the index splits words on it anyway, and a quote
    in the query breaks SQLite's FTS5 syntax. A hyphen stays ('Sint-Jansstraat')."""
    return [term for term in re.sub(r"[^\w\s-]", " ", query).split() if term.strip("-_")]


@dataclass
class SearchHit:
    """One result as the template shows it. The core sets the page, kind and label; the kind's `annotate`
    fills in the rest."""

    page: Page  # the specific page (BuildingPage, ActivityPage, NewsPage, ...)
    kind: str  # "gebouw", "activiteit", "nieuws", ...: for CSS and tests
    label: str  # "Gebouw", "Activiteit", "Nieuws", ...
    snippet: str = ""  # plain text; the template escapes it
    where: str = ""  # a building's town; the building (or the tenants' platform) of an activity or news item
    next_start: datetime | None = None  # an activity's next date that is not cancelled
    news_date: date | None = None  # a news item's date


@dataclass(frozen=True)
class SearchKind:
    """A page type the site search shows. An app registers one under `registry.SEARCH_KINDS`."""

    model: type[Page]
    kind: str  # for CSS and tests: "activiteit"
    label: str  # what the resident reads: "Activiteit"
    # Fills in the snippet and the rest of this kind's hits on one page of results, in place, with a fixed
    # number of queries however many hits there are.
    annotate: Callable[[list[SearchHit]], None]
    # Fetched in the same query as the pages (foreign keys the snippet or `where` reads).
    select_related: tuple[str, ...] = field(default=())


def plain_snippet(rich_text, *, words: int = SNIPPET_WORDS) -> str:
    """The first words of a (rich) text as plain text, for a hit's snippet."""
    text = html.unescape(strip_tags(str(rich_text or "")))
    return Truncator(" ".join(text.split())).words(words)


def _buildings_annotate(hits: list[SearchHit]) -> None:
    for hit in hits:
        page = hit.page
        hit.snippet = plain_snippet(page.description) or f"{page.street_address}, {page.postal_code} {page.city}"
        hit.where = page.city


BUILDINGS = SearchKind(model=BuildingPage, kind="gebouw", label=_("Gebouw"), annotate=_buildings_annotate)


def search_kinds() -> dict[type[Page], SearchKind]:
    """The page types the search shows: buildings, then those the apps register, by model."""
    kinds = [BUILDINGS, *registry.each(registry.SEARCH_KINDS)]
    return {kind.model: kind for kind in kinds}


@dataclass(frozen=True)
class PageSearch:
    """The lazy results of a search, and whether they hold every word (or, when nothing did, any word)."""

    results: object  # wagtail SearchResults: count() and slicing, as a Paginator needs
    all_words: bool


def searchable_pages():
    """Live, public pages of the kinds the search shows: what it may show to anyone."""
    return public(Page.objects.live().type(*search_kinds()))


# Words residents type for what the site calls otherwise; each also finds the words it stands for.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "gym": ("stoelgym", "bewegen", "gymnastiek"),
    "gymnastiek": ("stoelgym", "bewegen"),
    "sport": ("bewegen", "stoelgym"),
    "bewegen": ("stoelgym", "wandelen"),
    "koffie": ("koffieochtend", "ontmoeten"),
    "koffiedrinken": ("koffie", "koffieochtend"),
    "wandelen": ("wandeling", "bewegen"),
    "eten": ("maaltijd", "diner", "lunch"),
    "spelletjes": ("bingo", "spel", "klaverjassen"),
}
# Questions about the caretaker: the search answers them with the hours in the visitor's building.
CARETAKER_WORDS = frozenset({"huismeester", "huismeesters", "beheerder", "conciërge", "concierge", "caretaker"})
FUZZY_CUTOFF = 0.75
# Small words of a question ("wanneer is de huismeester er") that no page needs to contain.
QUESTION_WORDS = frozenset(
    {"wanneer", "is", "de", "het", "een", "er", "waar", "wie", "hoe", "laat", "aanwezig", "van", "mijn", "in"}
)


def asks_for_caretaker(query: str) -> bool:
    """Whether the visitor is looking for the caretaker (a top task: "wanneer is de huismeester er")."""
    return any(term.lower() in CARETAKER_WORDS for term in search_terms(query))


def with_synonyms(terms: list[str]) -> list[str]:
    """The terms and the words they stand for, each once, in order."""
    found: list[str] = []
    for term in terms:
        for word in (term, *SYNONYMS.get(term.lower(), ())):
            if word not in found:
                found.append(word)
    return found


def search_vocabulary() -> list[str]:
    """The words of the titles of what the search shows: what a misspelt word is compared with (one query)."""
    words: set[str] = set()
    for title in searchable_pages().values_list("title", flat=True):
        words.update(word.lower() for word in search_terms(title) if len(word) > 2)
    words.update(word for synonyms in SYNONYMS.values() for word in synonyms)
    words.update(SYNONYMS)
    return sorted(words)


def corrected_terms(terms: list[str], vocabulary: list[str]) -> list[str]:
    """For each term, the words it probably meant ("kofie" → "koffie"), from the vocabulary (difflib)."""
    found: list[str] = []
    for term in terms:
        for word in difflib.get_close_matches(term.lower(), vocabulary, n=3, cutoff=FUZZY_CUTOFF):
            if word not in found:
                found.append(word)
    return found


TRIGRAM_THRESHOLD = 0.5


def similar_title_pages(pages, terms: list[str]):
    """PostgreSQL: the pages with a word in their title like one of `terms` (pg_trgm's word similarity: "kofie" is
    0.57 like "Koffieochtend"), most alike first; one query, in the database, however many pages there are."""
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models.functions import Greatest

    scores = [TrigramWordSimilarity(term.lower(), "title") for term in terms]
    score = scores[0] if len(scores) == 1 else Greatest(*scores)
    return pages.annotate(similarity=score).filter(similarity__gte=TRIGRAM_THRESHOLD).order_by("-similarity", "title")


def search_pages(*, query: str, fuzzy: bool = True) -> PageSearch:
    """Pages that contain every word of `query`, best match first; if none does, pages with any of the words or
    of their synonyms ("gym" → stoelgym); if still nothing, with what a misspelt word probably meant ("kofie" →
    koffie; `fuzzy`, one query more)."""
    terms = search_terms(query)
    if not terms:
        return PageSearch(results=Page.objects.none(), all_words=True)
    pages = searchable_pages()
    results = pages.search(" ".join(terms), operator="and")
    if results.count():
        return PageSearch(results=results, all_words=True)
    content_terms = [term for term in terms if term.lower() not in QUESTION_WORDS] or terms
    wider = with_synonyms(content_terms)
    if wider != terms or len(terms) > 1:
        results = pages.search(" ".join(wider), operator="or")
        if not fuzzy or results.count():
            return PageSearch(results=results, all_words=len(terms) == 1)
    if fuzzy and connection.vendor == "postgresql":
        similar = similar_title_pages(pages, with_synonyms(content_terms))
        # The database compared every title; difflib would only compare the same titles again.
        return PageSearch(results=similar if similar.exists() else results, all_words=True)
    close = corrected_terms(content_terms, search_vocabulary()) if fuzzy else []
    if close:
        return PageSearch(results=pages.search(" ".join(with_synonyms(close)), operator="or"), all_words=True)
    return PageSearch(results=results, all_words=True)


def _specific_pages(pages: list[Page], kinds: dict[type[Page], SearchKind]) -> dict[int, Page]:
    """The specific page for each result, one query per page type present."""
    ids_by_model: dict[type[Page], list[int]] = defaultdict(list)
    for page in pages:
        model = page.specific_class
        if model in kinds:
            ids_by_model[model].append(page.pk)
    specific: dict[int, Page] = {}
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        if kinds[model].select_related:
            queryset = queryset.select_related(*kinds[model].select_related)
        specific.update((page.pk, page) for page in queryset)
    return specific


def search_hits(*, pages) -> list[SearchHit]:
    """One page of search results as the template shows them, in the order of relevance."""
    kinds = search_kinds()
    pages = list(pages)
    specific = _specific_pages(pages, kinds)
    hits = []
    hits_by_model: dict[type[Page], list[SearchHit]] = defaultdict(list)
    for page in pages:
        if page.pk not in specific:
            continue
        page = specific[page.pk]
        kind = kinds[type(page)]
        hit = SearchHit(page=page, kind=kind.kind, label=kind.label)
        hits.append(hit)
        hits_by_model[kind.model].append(hit)
    for model, kind_hits in hits_by_model.items():
        kinds[model].annotate(kind_hits)
    return hits


@dataclass
class ResultsPage:
    """One page of a search as the page shows it: its hits, which page it is, how many results in all, and
    whether they hold every word."""

    hits: list[SearchHit]
    number: int
    count: int
    all_words: bool
    fresh_until: datetime | None = None  # when the first next date shown begins (or an hour on)
    html: str = ""  # the hits as the page shows them, when `results_page` was given `render` (then `hits` is empty)


# A page of results shows each activity's next date: it is worked out again once the first of them has begun, and
# at least every hour.
RESULTS_KEPT = timedelta(hours=1)


def results_page(
    *,
    query: str,
    page_number,
    per_page: int,
    fuzzy: bool = True,
    render: Callable[[list], str] | None = None,
    variant=(),
) -> ResultsPage:
    """One page of the results for `query` (`search_pages`, paged, `search_hits`), kept with the pages of the whole
    site (`portal.page_cache.kept_with_pages`): a change of any page clears it, and the next dates it shows keep
    it no longer than the first of them. Four queries the first time, none after.

    `render(hits)`, when given, makes the hits' HTML once, kept instead of them (`.html`): ten hits cost a
    millisecond of template and unpickling each time, where three cost a third of that (a search matches more
    pages in a larger corporation). What the HTML depends on besides the query goes in `variant` (the host, the
    language)."""
    from portal.page_cache import kept_name, kept_with_pages

    number = str(page_number or "1")[:6]  # what `get_page` makes of it decides; the key stays short

    def compute() -> ResultsPage:
        found = search_pages(query=query, fuzzy=fuzzy)
        page = Paginator(found.results, per_page).get_page(number)
        hits = search_hits(pages=page.object_list)
        starts = [hit.next_start for hit in hits if hit.next_start is not None]
        return ResultsPage(
            hits=hits if render is None else [],  # rendered: the HTML is what is read, not the pages again
            number=page.number,
            count=page.paginator.count,
            all_words=found.all_words,
            fresh_until=min([*starts, timezone.now() + RESULTS_KEPT]),
            html=render(hits) if render is not None else "",
        )

    def until(results: ResultsPage) -> datetime:
        return results.fresh_until

    name = kept_name(query, number, per_page, fuzzy, render is not None, *variant)
    return kept_with_pages(f"search:{name}", compute, until=until)
