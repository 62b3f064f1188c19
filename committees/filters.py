import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import CommitteePage, NewsKind, NewsPage
from portal.filters import BuildingChoiceFilter, PageChoiceFilter


class NewsFilter(django_filters.FilterSet):
    """Filters of /nieuws/ and its feeds; the query parameters are part of the URL contract."""

    gebouw = BuildingChoiceFilter(label=_("Gebouw"), field_name="building", empty_label=_("Alle gebouwen"))
    commissie = PageChoiceFilter(
        label=_("Commissie"),
        queryset=CommitteePage.objects.live(),
        method="filter_committee",
        widget=forms.HiddenInput,
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort bericht"), field_name="kind", choices=NewsKind.choices, empty_label=_("Alles")
    )

    class Meta:
        model = NewsPage
        fields: list[str] = []

    def filter_committee(self, queryset, name, committee):
        return queryset.child_of(committee)
