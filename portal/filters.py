"""Filters shared by the listings of several apps."""

import django_filters

from portal.selectors import building_choices
from portal.tree import for_building_slug


class BuildingChoiceFilter(django_filters.ChoiceFilter):
    """Filter on a building by its slug; the choices come from a cache, so the form costs no query.

    `field_name` is the path to the listed item's building key ("building", "activity__building"); what
    belongs to a building is decided once, in `portal.tree.for_building`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=building_choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(for_building_slug(value, field=self.field_name))
