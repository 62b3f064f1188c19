import django_filters
from django import forms
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _

from committees.models import CommitteeKind, CommitteePage, NewsKind, NewsPage
from portal.models import BuildingPage


class NewsFilter(django_filters.FilterSet):
    """Filters of /nieuws/ and its feeds; the query parameters are part of the URL contract."""

    gebouw = django_filters.ModelChoiceFilter(
        label=_("Gebouw"),
        queryset=BuildingPage.objects.live().order_by("title"),
        to_field_name="slug",
        method="filter_building",
        empty_label=_("Alle gebouwen"),
    )
    commissie = django_filters.ModelChoiceFilter(
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

    def filter_building(self, queryset, name, building):
        # The tenants' platform speaks for every building, so its news shows for each building too.
        platform = CommitteePage.objects.filter(kind=CommitteeKind.PLATFORM).values("path")[:1]
        return queryset.filter(Q(path__startswith=building.path) | Q(path__startswith=Subquery(platform)))

    def filter_committee(self, queryset, name, committee):
        return queryset.child_of(committee)
