"""Admin wiring for tours: ambassadors (snippet), every booking (filters, CSV), tours per month, staff booking.

The views and the form live in ambassadors/admin_views.py and admin_forms.py; the rules in ambassadors.services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ambassadors import (
    admin_visitors,  # noqa: F401 - registers the group tours' and tour requests' admin
    permissions,
    privacy,
    selectors,
)
from ambassadors.admin_forms import AmbassadorAdminForm
from ambassadors.admin_views import (
    AmbassadorCreateView,
    AmbassadorDeleteView,
    AmbassadorEditView,
    BookingCancelView,
    BookingEditView,
    BookingInspectView,
    BookingMoveView,
)
from ambassadors.filters import TourBookingFilter
from ambassadors.forms import PhoneBookingForm
from ambassadors.models import (
    Ambassador,
    BlockedPeriod,
    ExtraTime,
    GroupTour,
    GroupTourPlace,
    TourBooking,
    WeeklyTime,
)
from portal import registry
from portal.export import DutchSpreadsheetExportMixin
from portal.filters import parse_id
from portal.models import BuildingPage
from portal.sections import Section


@hooks.register("register_log_actions")
def register_tour_log_actions(actions):
    actions.register_action("ambassadors.appoint", _("Ambassadeur benoemd"), _("Ambassadeur benoemd"))
    actions.register_action("ambassadors.deactivate", _("Ambassadeur gestopt"), _("Ambassadeur op ‘niet actief’ gezet"))
    actions.register_action(
        "ambassadors.book_for_visitor", _("Geboekt voor bezoeker"), _("Rondleiding geboekt voor een bezoeker")
    )
    actions.register_action("ambassadors.move", _("Rondleiding verzet"), _("Rondleiding verzet"))
    actions.register_action(
        "ambassadors.hand_over", _("Rondleiding doorgegeven"), _("Rondleiding doorgegeven aan een collega")
    )
    actions.register_action("ambassadors.cancel", _("Rondleiding geannuleerd"), _("Rondleiding geannuleerd"))
    actions.register_action("ambassadors.mark", _("Rondleiding afgerond"), _("Gehouden of niet gekomen"))


class AmbassadorViewSet(SnippetViewSet):
    """Appointing, stopping and deleting go through the services (see ambassadors/admin_views.py)."""

    model = Ambassador
    icon = "group"
    menu_label = _("Ambassadeurs")
    menu_order = 310
    add_to_admin_menu = True
    url_prefix = "ambassadeurs"
    list_display = ["display_name", "building", "user", "active"]
    list_filter = ["building", "active"]
    search_fields = ["display_name", "user__email"]
    edit_handler = ObjectList(Ambassador.panels, base_form_class=AmbassadorAdminForm)
    add_view_class = AmbassadorCreateView
    edit_view_class = AmbassadorEditView
    delete_view_class = AmbassadorDeleteView


register_snippet(AmbassadorViewSet)


class StaffBookingForm(PhoneBookingForm):
    """Staff book for a visitor in any building: first the building, then a free time."""

    field_order = ["slot", "name", "phone", "email", "party_size", "language"]


class StaffBookingView(WagtailAdminTemplateMixin, FormView):
    """The admin's 'add' for tours: the same service, rules and e-mails as everywhere else."""

    template_name = "ambassadors/admin/staff_booking.html"
    page_title = _("Rondleiding boeken voor een bezoeker")
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_tour_staff(request.user):
            raise PermissionDenied
        building_id = parse_id(request.GET.get("gebouw")) or 0  # `?gebouw=abc` or a huge number: no building
        self.building = BuildingPage.objects.filter(pk=building_id, ambassadors__active=True).first()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("ambassadors_tourbooking:index"), "label": _("Rondleidingen")},
            {"url": "", "label": self.page_title},
        ]

    def get_form(self, form_class=None):
        slots = selectors.building_slots(building=self.building) if self.building else []
        return StaffBookingForm(self.request.POST or None, slots=slots)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["building"] = self.building
        context["buildings"] = BuildingPage.objects.filter(ambassadors__active=True).distinct().order_by("title")
        return context

    def form_valid(self, form):
        if not form.book(by=self.request.user):
            return self.form_invalid(form)
        messages.success(self.request, _("De rondleiding is geboekt."))
        return redirect("ambassadors_tourbooking:index")


class TourBookingEditForm(WagtailAdminModelForm):
    class Meta:
        model = TourBooking
        fields = ["name", "email", "phone", "party_size", "language"]


class TourBookingIndexView(DutchSpreadsheetExportMixin, IndexView):
    """The bookings' listing; its CSV and XLSX open in Dutch Excel (`portal.export`)."""


class TourBookingViewSet(ModelViewSet):
    """Every booking for staff: filters, CSV/XLSX export; adding goes through the booking service."""

    model = TourBooking
    icon = "calendar"
    menu_label = _("Rondleidingen")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "rondleidingen"
    name = "ambassadors_tourbooking"
    filterset_class = TourBookingFilter
    form_fields = ["name", "email", "phone", "party_size", "language"]
    list_display = [
        TitleColumn("start", label=_("Datum"), accessor="start_label", url_name="ambassadors_tourbooking:edit"),
        "building",
        "ambassador",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("party_size", label=_("Personen")),
        Column("visitor_label", label=_("Bezoeker")),
    ]
    # No names, e-mail addresses or phone numbers in the export: the figures need none.
    list_export = [
        "start",
        "building",
        "ambassador",
        "get_status_display",
        "party_size",
        "get_language_display",
        "channel_label",
    ]
    export_headings = {
        "start": _("Datum en tijd"),
        "building": _("Gebouw"),
        "ambassador": _("Ambassadeur"),
        "get_status_display": _("Status"),
        "party_size": _("Personen"),
        "get_language_display": _("Taal"),
        "channel_label": _("Geboekt via"),
    }
    export_filename = "rondleidingen"
    index_view_class = TourBookingIndexView
    search_fields = ["name", "email"]
    ordering = ["-start"]
    inspect_view_enabled = True
    inspect_view_class = BookingInspectView
    inspect_view_fields = [
        "start",
        "end",
        "building",
        "ambassador",
        "status",
        "party_size",
        "language",
        "booked_by",
        "created_at",
        "changed_at",
        "cancelled_at",
        "cancel_reason",
        "reminder_sent_at",
    ]
    edit_view_class = BookingEditView
    copy_view_enabled = False  # a copy would be a second booking of the same time, outside the booking service

    @property
    def add_view(self):
        return StaffBookingView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("verzetten/<int:pk>/", BookingMoveView.as_view(), name="move"),
            path("annuleren/<int:pk>/", BookingCancelView.as_view(), name="cancel"),
        ]

    def get_queryset(self, request):
        return selectors.booking_list(filters={}).queryset


tour_booking_viewset = TourBookingViewSet()


@hooks.register("register_admin_viewset")
def register_tour_booking_viewset():
    return tour_booking_viewset


class ToursPerMonthReportView(DutchSpreadsheetExportMixin, ReportView):
    """Per building and month: booked, held, no-show and cancelled tours."""

    page_title = _("Rondleidingen per maand")
    header_icon = "calendar"
    index_url_name = "tours_per_month_report"
    index_results_url_name = "tours_per_month_report_results"
    model = TourBooking
    any_permission_required = ["view", "change"]
    paginate_by = 100
    columns = [
        Column("building", label=_("Gebouw")),
        Column("month", label=_("Maand"), accessor="month_label"),
        Column("booked", label=_("Geboekt")),
        Column("held", label=_("Gehouden")),
        Column("no_show", label=_("Niet gekomen")),
        Column("cancelled", label=_("Geannuleerd")),
    ]
    list_export = ["building", "month", "booked", "held", "no_show", "cancelled"]
    export_headings = {
        "building": _("Gebouw"),
        "month": _("Maand"),
        "booked": _("Geboekt"),
        "held": _("Gehouden"),
        "no_show": _("Niet gekomen"),
        "cancelled": _("Geannuleerd"),
    }

    def get_queryset(self):
        return selectors.tours_per_month()

    def get_filename(self):
        return "rondleidingen-per-maand"


@hooks.register("register_admin_urls")
def register_tour_report_urls():
    return [
        path("rapporten/rondleidingen/", ToursPerMonthReportView.as_view(), name="tours_per_month_report"),
        path(
            "rapporten/rondleidingen/results/",
            ToursPerMonthReportView.as_view(results_only=True),
            name="tours_per_month_report_results",
        ),
    ]


class TourReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_tour_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_tours_report_menu_item():
    return TourReportMenuItem(
        _("Rondleidingen per maand"), reverse("tours_per_month_report"), icon_name="calendar", order=710
    )


@hooks.register(registry.PERSONAL_DATA)
def personal_data_ambassador():
    return privacy.AmbassadorData()


@hooks.register(registry.PAGE_CACHE_MODELS)
def page_cache_models():
    """Building and tour pages show the ambassadors and the tour times still free."""
    return [Ambassador, WeeklyTime, ExtraTime, BlockedPeriod, TourBooking, GroupTour, GroupTourPlace]


@hooks.register(registry.PAGE_CACHE_SCOPES)
def page_cache_scopes():
    """An ambassador's times show on their building's tour page; a booking changes only which times are free."""
    from portal.page_cache import Scope

    return {
        WeeklyTime: Scope("ambassador__building"),
        ExtraTime: Scope("ambassador__building"),
        BlockedPeriod: Scope("ambassador__building"),
        TourBooking: Scope("building", listed=False),
        # A building's tour page shows its group tours and the places left on them.
        GroupTour: Scope("building", listed=False),
        GroupTourPlace: Scope("group_tour__building", listed=False),
    }


@hooks.register(registry.BUILDING_PAGE_SECTIONS, order=30)
def building_page_tours(building, request) -> Section:
    """Where to book a tour of the building (with an ambassador), or ask for one (in "Over het gebouw")."""
    return Section(
        "ambassadors/sections/building_tour.html",
        {"tour_url": selectors.tour_url_for(building=building), "request_url": f"/rondleidingen/{building.slug}/"},
        "about",
    )


@hooks.register(registry.MY_PAGE_SECTIONS, order=30)
def my_page_tours(request) -> Section:
    """An ambassador's next tours, at the top of the page."""
    ambassador = selectors.ambassador_for(request.user)
    return Section(
        "ambassadors/sections/my_tours.html",
        {
            "ambassador": ambassador,
            "ambassador_next_tours": selectors.ambassador_next_tours(ambassador=ambassador) if ambassador else [],
        },
        "top",
    )


@hooks.register(registry.ACCOUNT_DELETE_SECTIONS, order=30)
def account_delete_ambassador(request) -> Section:
    """Deleting the account also ends being an ambassador: the page says so."""
    return Section(
        "ambassadors/sections/account_delete_ends.html", {"ambassador": selectors.ambassador_for(request.user)}, "ends"
    )


@hooks.register(registry.SITE_PAGES, order=30)
def site_pages(home):
    from ambassadors.services import index_page_ensure

    index_page_ensure(home=home)


@hooks.register(registry.DEMO_DATA, order=40)
def demo_data(context):
    from ambassadors.demo import seed_ambassadors

    seed_ambassadors(context)


@hooks.register(registry.DEMO_DATA_RESET)
def demo_data_reset():
    from ambassadors.demo import remove_demo_data

    remove_demo_data()
