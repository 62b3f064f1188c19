from datetime import timedelta

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityCategory, Occurrence
from portal.filters import BuildingChoiceFilter, validate_day_in_range
from portal.localtime import start_of_day

PERIODS = [("vandaag", _("Vandaag")), ("week", _("Deze week")), ("maand", _("Deze maand"))]


def category_choices() -> list[tuple[str, str]]:
    """(slug, name) of every activity category by name: kept with the listing pages (a category's change clears
    them), so the filter form asks the database nothing."""
    from portal.page_cache import kept_with_pages

    return kept_with_pages(
        "activity-categories", lambda: list(ActivityCategory.objects.order_by("name").values_list("slug", "name"))
    )


class OccurrenceFilter(django_filters.FilterSet):
    """Filters of /activiteiten/ and its iCal feed; the parameter names are the URL contract."""

    gebouw = BuildingChoiceFilter(label=_("Gebouw"), field_name="activity__building", empty_label=_("Alle gebouwen"))
    categorie = django_filters.ChoiceFilter(
        label=_("Soort activiteit"),
        choices=category_choices,
        field_name="activity__category__slug",
        empty_label=_("Alle soorten"),
    )
    periode = django_filters.ChoiceFilter(
        label=_("Wanneer"), choices=PERIODS, method="filter_period", empty_label=_("Alles wat komt")
    )
    van = django_filters.DateFilter(
        label=_("Vanaf datum"),
        field_name="start",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day_in_range],
    )
    tot = django_filters.DateFilter(
        label=_("Tot en met datum"),
        field_name="start",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day_in_range],
    )
    plaatsen = django_filters.BooleanFilter(
        label=_("Alleen met plaatsen vrij"),
        method="filter_places_left",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Occurrence
        fields: list[str] = []

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "vandaag":
            last = today
        elif value == "week":
            last = today + timedelta(days=6 - today.weekday())
        else:
            next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
            last = next_month - timedelta(days=1)
        return queryset.filter(start__lt=start_of_day(last + timedelta(days=1)))

    def filter_places_left(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(activity__capacity__isnull=True) | Q(seats_taken__lt=F("activity__capacity")))
