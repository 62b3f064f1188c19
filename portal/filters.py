"""Filters shared by the listings of several apps."""

from datetime import date

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.localtime import FIRST_YEAR, LAST_YEAR, day_in_range
from portal.selectors import building_choices
from portal.tree import for_building_slug
from portal.widgets import BuildingSelect


class BuildingChoiceFilter(django_filters.ChoiceFilter):
    """Filter on a building by its slug; the choices come from a cache, so the form costs no query, and its
    <select> renders its options from one string built once (`portal.widgets.BuildingSelect`).

    `field_name` is the path to the listed item's building key ("building", "activity__building"); what
    belongs to a building is decided once, in `portal.tree.for_building`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", BuildingSelect)
        super().__init__(*args, choices=building_choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(for_building_slug(value, field=self.field_name))


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


class SlugChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by slug that refuses anything but a slug before asking the database (PostgreSQL refuses a
    NUL character in a query with an error, which would be a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and not validate_slug_ok(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def validate_slug_ok(value: str) -> bool:
    return bool(slug_re.fullmatch(value)) and len(value) <= MAX_SLUG_LENGTH


MAX_SLUG_LENGTH = 255
