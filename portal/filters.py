"""Filters shared by the listings of several apps."""

import django_filters
from django.db.models import Q, Subquery

from committees.models import CommitteeKind, CommitteePage
from portal.models import BuildingPage
from portal.selectors import building_choices


class BuildingChoiceFilter(django_filters.ChoiceFilter):
    """Filter on a building by its slug; the choices come from a cache, so the form costs no query."""

    def __init__(self, *args, path_field: str, **kwargs):
        self.path_field = path_field
        super().__init__(*args, choices=building_choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        building = BuildingPage.objects.filter(slug=value).values("path")[:1]
        # Activities and news of the tenants' platform are for every building.
        platform = CommitteePage.objects.filter(kind=CommitteeKind.PLATFORM).values("path")[:1]
        return queryset.filter(
            Q(**{f"{self.path_field}__startswith": Subquery(building)})
            | Q(**{f"{self.path_field}__startswith": Subquery(platform)})
        )
