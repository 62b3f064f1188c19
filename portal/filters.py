"""Filters shared by the listings of several apps."""

from dataclasses import dataclass
from datetime import date

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.localtime import FIRST_YEAR, LAST_YEAR, day_in_range
from portal.own_building import own_building_here
from portal.selectors import BuildingSearch, building_choices, building_search, building_towns
from portal.tree import for_building


class BuildingSlugField(django_filters.fields.ChoiceField):
    """The chosen building's slug, checked in one look-up in the cached choices: Django's ChoiceField compares the
    value with each choice in turn, normalising them all each time (1,200 at the largest corporation: 3 ms of
    every `?gebouw=` list)."""

    def valid_value(self, value) -> bool:
        return str(value) in {slug for slug, _title in building_choices()}


class BuildingChoiceFilter(django_filters.ChoiceFilter):
    """Filter on a building by its slug; the choices come from a cache, so the form costs no query. The form
    carries the chosen slug in a hidden field; choosing is a search (`building_pick`, the template
    portal/includes/building_pick.html), never a <select> of every building (1,200 at scale).

    `field_name` is the path to the listed item's building key ("building", "activity__building"); what
    belongs to a building is decided once, in `portal.tree.for_building`.
    """

    field_class = BuildingSlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, choices=building_choices, **kwargs)

    def filter(self, queryset, value):
        """The building's key is read first and put in the query as a value, so the database knows how few rows
        it selects and finds them by index. With the key as a sub-query on the slug, PostgreSQL guessed a
        third of all rows: at 1,200 buildings it walked every coming date in order and checked each (61,000
        dates, 30 ms for `/activiteiten/?gebouw=`), and joined every news item (5 ms), where the value takes
        0.2 ms. An unknown slug leaves what is for every building."""
        if not value:
            return queryset
        from portal.models import BuildingPage

        building = BuildingPage.objects.filter(slug=value).values_list("pk", flat=True).first()
        return queryset.filter(for_building(building, field=self.field_name))


SEARCH_PARAMETER = "zoek_gebouw"


@dataclass(frozen=True)
class BuildingPick:
    """The building part of a public filter form: the chosen building said plainly, the one-click own building,
    and what a typed search found. Its HTML is the same size for 5 buildings or 1,200: no list of them all."""

    slug: str  # the chosen building (`?gebouw=`), "" for all buildings
    label: str  # "De Linde, Rotterdam"
    mine: object | None  # the person's own building (profile, or the cookie where the page may read it)
    search: BuildingSearch | None  # what was typed and not settled: several matches, or none
    redirect_to: str = ""  # exactly one match: the same query with gebouw=<slug>
    index_url: str = ""  # none matched: the list of all buildings (/gebouwen/), to look it up there
    unknown: bool = False  # `?gebouw=` names no building (any more): an old link or bookmark


def building_pick(request, *, path: str | None = None) -> BuildingPick:
    """Read `?gebouw=` and `?zoek_gebouw=` for the listings and the month calendar.

    One building matches what was typed: the same address with `gebouw=<slug>` (and the search and page number
    left out), so the URL stays what existing links, bookmarks and the feed use. Several or none: the page lists
    them ("Welk gebouw bedoelt u?") or says none was found, keeping the rest of the form as it was.
    """
    mine = own_building_here(request)
    text = request.GET.get(SEARCH_PARAMETER, "")
    search = building_search(query=text, first=mine) if text.strip() else None
    if search is not None and search.chosen is not None:
        query = request.GET.copy()
        for name in (SEARCH_PARAMETER, "pagina"):
            query.pop(name, None)
        query["gebouw"] = search.chosen.slug
        return BuildingPick("", "", mine, None, redirect_to=f"{path or request.path}?{query.urlencode()}")
    slug = request.GET.get("gebouw", "")
    title = dict(building_choices()).get(slug, "") if slug else ""
    town = building_towns().get(slug, "") if title else ""
    label = f"{title}, {town}" if town else title
    index_url = ""
    if search is not None and not search.matches:
        from portal.models import BuildingIndexPage

        index = BuildingIndexPage.objects.live().only("url_path", "path", "depth").first()
        index_url = index.get_url(request=request) if index is not None else ""
    return BuildingPick(
        slug if title else "", label, mine, search, index_url=index_url, unknown=bool(slug and not title)
    )


def validate_day_in_range(day) -> None:
    """A date filter takes the years of `portal.localtime` only; outside them the form says so (no 500)."""
    if day is not None and not day_in_range(day):
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": date_format(date(FIRST_YEAR, 1, 1)), "last": date_format(date(LAST_YEAR, 12, 31))},
            code="out_of_range",
        )


# The largest id a database key holds (PostgreSQL's integer, SQLite's signed 64-bit is larger).
LARGEST_ID = 2**31 - 1


def parse_id(value) -> int | None:
    """A database id from a URL parameter, or None for anything a key cannot be (text, a minus, a huge number)."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and int(text) <= LARGEST_ID:
        return int(text)
    return None


class PageIdField(django_filters.fields.ModelChoiceField):
    """A choice of page by its id that refuses anything but a small whole number before asking the database:
    `?commissie=99999999999999999999` was an OverflowError (a 500), now it is an unknown choice."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PageChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PageIdField
