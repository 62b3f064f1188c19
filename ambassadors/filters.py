import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ambassadors.models import Ambassador, BookingStatus, TourBooking
from portal.models import BuildingPage


class TourBookingFilter(WagtailFilterSet):
    """The staff overview of tours in the admin: building, ambassador, status and date."""

    building = django_filters.ModelChoiceFilter(
        label=_("Gebouw"), queryset=BuildingPage.objects.filter(ambassadors__isnull=False).distinct().order_by("title")
    )
    ambassador = django_filters.ModelChoiceFilter(
        label=_("Ambassadeur"), queryset=Ambassador.objects.order_by("display_name")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BookingStatus.choices)
    start = django_filters.DateFromToRangeFilter(label=_("Datum"), widget=DateRangePickerWidget)

    class Meta:
        model = TourBooking
        fields = ["building", "ambassador", "status", "start"]
