"""The filters of the admin reports that combine the features."""

from datetime import date

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from portal.models import BuildingPage
from portal.selectors import building_choices
from portal.widgets import BuildingSelect
from reports import participation


class ParticipationFilter(WagtailFilterSet):
    """The period (month from, month to) and the building of the participation report in the admin.

    The figures are not a queryset to narrow down: the report passes the cleaned values to
    `reports.participation`. Without a choice the period is the last twelve months.
    """

    van = django_filters.ChoiceFilter(
        label=_("Van (maand)"), choices=participation.month_choices, empty_label=None, method="keep"
    )
    tot = django_filters.ChoiceFilter(
        label=_("Tot en met (maand)"), choices=participation.month_choices, empty_label=None, method="keep"
    )
    gebouw = django_filters.ChoiceFilter(
        label=_("Gebouw"),
        choices=building_choices,
        empty_label=_("Alle gebouwen"),
        method="keep",
        widget=BuildingSelect,  # its options built once, not one template per building
    )

    class Meta:
        model = BuildingPage
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        start, end = participation.default_period()
        defaults = {"van": f"{start:%Y-%m}", "tot": f"{end:%Y-%m}"}
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, BuildingPage.objects.none() if queryset is None else queryset, **kwargs)
        for name, value in defaults.items():
            self.filters[name].extra["initial"] = value

    def keep(self, queryset, name, value):
        return queryset

    def period(self) -> dict:
        """start_month, end_month and building (a slug or None) for `participation_report`."""
        start, end = participation.default_period()
        data = self.form.cleaned_data if self.is_valid() else {}
        return {
            "start_month": _month(data.get("van")) or start,
            "end_month": _month(data.get("tot")) or end,
            "building": data.get("gebouw") or None,
        }


def _month(value: str | None) -> date | None:
    if not value:
        return None
    year, month = value.split("-")
    return date(int(year), int(month), 1)
