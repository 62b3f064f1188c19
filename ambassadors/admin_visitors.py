"""Admin wiring for the visitor's other ways in: group tours (staff offer them) and tour requests (the letting team).

Imported by `ambassadors.wagtail_hooks`; the rules live in `ambassadors.visitor_services` and the models' `clean()`.
"""

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from ambassadors.models import BookingStatus, GroupTour, GroupTourPlace, TourRequest
from portal import registry


class GroupTourViewSet(ModelViewSet):
    """Open afternoons and group tours: staff set the time and the number of places; visitors book on the site."""

    model = GroupTour
    icon = "group"
    menu_label = _("Groepsrondleidingen")
    menu_order = 330
    add_to_admin_menu = True
    url_prefix = "groepsrondleidingen"
    name = "ambassadors_grouptour"
    form_fields = ["building", "ambassador", "title", "start", "end", "capacity", "cancelled"]
    list_display = [
        TitleColumn("title", label=_("Titel"), url_name="ambassadors_grouptour:edit"),
        "building",
        Column("start_label", label=_("Datum")),
        Column("capacity", label=_("Plaatsen")),
        Column("taken", label=_("Aangemeld")),
        Column("cancelled", label=_("Gaat niet door")),
    ]
    list_filter = ["building", "cancelled"]
    ordering = ["-start"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return (
            GroupTour.objects.select_related("building")
            .annotate(taken=Sum("places__party_size", filter=Q(places__status=BookingStatus.BOOKED), default=0))
            .order_by("-start")
        )


class TourRequestViewSet(ModelViewSet):
    """Requests for a tour of a building without an ambassador, for the letting team to follow up (read only)."""

    model = TourRequest
    icon = "mail"
    menu_label = _("Aanvragen rondleiding")
    menu_order = 331
    add_to_admin_menu = True
    url_prefix = "aanvragen-rondleiding"
    name = "ambassadors_tourrequest"
    form_fields = ["name", "email", "phone"]
    list_display = [
        Column("created_at", label=_("Aangevraagd op")),
        "building",
        Column("name", label=_("Naam")),
        Column("preferred_days_display", label=_("Voorkeursdagen")),
        Column("get_part_of_day_display", label=_("Dagdeel")),
    ]
    list_filter = ["building"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["building", "name", "email", "phone", "preferred_days_display", "created_at"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return TourRequest.objects.select_related("building")


@hooks.register("register_admin_viewset")
def register_visitor_viewsets():
    return [GroupTourViewSet(), TourRequestViewSet()]


@hooks.register(registry.PAGE_CACHE_MODELS)
def group_tours_on_public_pages():
    """The building's tour page shows the group tours and their places left."""
    return [GroupTour, GroupTourPlace]


@hooks.register("register_log_actions")
def register_visitor_log_actions(actions):
    actions.register_action("ambassadors.group_offer", _("Groepsrondleiding aangeboden"), _("Groepsrondleiding"))
