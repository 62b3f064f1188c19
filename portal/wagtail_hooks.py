"""Admin wiring only: snippet viewsets, the caretaker-hours report, deleting an account on request, menu items,
the warning about overdue periodic jobs on the dashboard."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import permissions, scheduler, selectors, services
from portal.admin_forms import CaretakerAbsenceAdminForm, CaretakerAdminForm
from portal.admin_homes import HomeImportView, HomeLettersView, HomeMoveOutView, home_viewset
from portal.admin_views import AccountAnonymiseIndexView, AccountAnonymiseView
from portal.export import DutchSpreadsheetExportMixin
from portal.models import BuildingPage, Caretaker, CaretakerAbsence, CaretakersMeeting


class CaretakerViewSet(SnippetViewSet):
    model = Caretaker
    icon = "user"
    menu_label = _("Huismeesters")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "phone", "user"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("phone"),
            FieldPanel("user"),
            FieldPanel("contract_hours"),
            MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Foto")),
            InlinePanel(
                "presence_slots",
                heading=_("Aanwezigheid per week"),
                label=_("tijdvak"),
                help_text=_(
                    "Alleen in gebouwen waarvan dit de huismeester is. Tijdvakken mogen elkaar niet overlappen."
                ),
            ),
        ],
        base_form_class=CaretakerAdminForm,
    )


register_snippet(CaretakerViewSet)


class CaretakerAbsenceViewSet(SnippetViewSet):
    """Staff record a caretaker's absence (ill, on holiday) with a stand-in per building; the same rules as the
    caretaker's own form on /mijn/aanwezigheid/afwezig/ (`portal.services.absence_validate`)."""

    model = CaretakerAbsence
    icon = "date"
    menu_label = _("Afwezigheid huismeesters")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["caretaker", "first_day", "last_day", "kind"]
    list_filter = ["kind"]
    edit_handler = ObjectList(CaretakerAbsence.panels, base_form_class=CaretakerAbsenceAdminForm)


register_snippet(CaretakerAbsenceViewSet)


class CaretakersMeetingViewSet(SnippetViewSet):
    """The caretakers' quarterly meeting: internal, shown to caretakers on their own page, never in public."""

    model = CaretakersMeeting
    icon = "group"
    menu_label = _("Huismeestersoverleg")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["date", "start", "building"]


register_snippet(CaretakersMeetingViewSet)


class CaretakerHoursReportView(DutchSpreadsheetExportMixin, ReportView):
    """Planned caretaker hours per building next to the rule of thumb (homes ÷ 10), and per caretaker the planned
    hours in all their buildings next to their contract hours."""

    page_title = _("Huismeesteruren per gebouw")
    header_icon = "time"
    index_url_name = "caretaker_hours_report"
    index_results_url_name = "caretaker_hours_report_results"
    model = Caretaker
    any_permission_required = ["add", "change", "delete", "view"]
    paginate_by = 100
    columns = [
        Column("building", label=_("Gebouw"), accessor="building.title"),
        Column("caretaker", label=_("Huismeester"), accessor="building.caretaker"),
        Column("homes", label=_("Woningen"), accessor="building.homes"),
        Column("recommended", label=_("Richtlijn (uur/week)")),
        Column("planned", label=_("Gepland (uur/week)")),
        Column("shortfall", label=_("Tekort (uur/week)")),
    ]
    list_export = ["building.title", "building.caretaker", "building.homes", "recommended", "planned", "shortfall"]
    export_headings = {
        "building.title": _("Gebouw"),
        "building.caretaker": _("Huismeester"),
        "building.homes": _("Woningen"),
        "recommended": _("Richtlijn (uur/week)"),
        "planned": _("Gepland (uur/week)"),
        "shortfall": _("Tekort (uur/week)"),
    }

    results_template_name = "portal/admin/caretaker_hours_results.html"

    def get_queryset(self):
        return selectors.caretaker_hours_overview(buildings=BuildingPage.objects.all())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["caretaker_rows"] = selectors.caretaker_contract_overview()
        return context

    def get_filename(self):
        return "huismeesteruren"


@hooks.register("register_admin_urls")
def register_caretaker_hours_report_urls():
    return [
        path("rapporten/huismeesteruren/", CaretakerHoursReportView.as_view(), name="caretaker_hours_report"),
        path(
            "rapporten/huismeesteruren/results/",
            CaretakerHoursReportView.as_view(results_only=True),
            name="caretaker_hours_report_results",
        ),
    ]


class CaretakerReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal.view_caretaker") or request.user.has_perm("portal.change_caretaker")


@hooks.register("register_reports_menu_item")
def register_caretaker_hours_report_menu_item():
    return CaretakerReportMenuItem(_("Huismeesteruren"), reverse("caretaker_hours_report"), icon_name="time", order=700)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def keep_caretaker_account_in_step(request, instance):
    if isinstance(instance, Caretaker):
        services.caretaker_account_sync(caretaker=instance)
        # Fewer hours than the rule of thumb is allowed, but staff are told (as the caretaker is on /mijn/).
        for warning in services.presence_shortfall_warnings(
            caretaker=instance, slots=list(instance.presence_slots.all())
        ):
            messages.warning(request, warning)


# --- Deleting a person's account on their request (the same service as /mijn/account-verwijderen/). ---


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(
        "portal.account_anonymise", _("Account verwijderd"), _("Account verwijderd (geanonimiseerd)")
    )
    actions.register_action(
        "portal.caretaker_hours_ended",
        _("Uren vorige huismeester vervallen"),
        _("Nieuwe huismeester gepubliceerd: de uren van de vorige huismeester in dit gebouw zijn vervallen"),
    )
    actions.register_action("portal.home_code_issued", _("Code gemaakt"), _("Nieuwe activeringscode voor de woning"))
    actions.register_action("portal.residency_started", _("Bewoner bevestigd"), _("Bewoner bevestigd in de woning"))
    actions.register_action(
        "portal.residency_ended", _("Bewoning beëindigd"), _("Bewoner verhuisd: koppeling beëindigd")
    )
    actions.register_action("portal.absence_recorded", _("Afwezigheid vastgelegd"), _("Afwezigheid vastgelegd"))
    actions.register_action("portal.absence_removed", _("Afwezigheid verwijderd"), _("Afwezigheid verwijderd"))


@hooks.register("register_admin_urls")
def register_account_anonymise_urls():
    return [
        path("accounts-verwijderen/", AccountAnonymiseIndexView.as_view(), name="account_anonymise_index"),
        path("accounts-verwijderen/<int:user_id>/", AccountAnonymiseView.as_view(), name="account_anonymise"),
    ]


class AccountAnonymiseMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_anonymise_accounts(request.user)


@hooks.register("register_settings_menu_item")
def register_account_anonymise_menu_item():
    return AccountAnonymiseMenuItem(
        _("Account verwijderen op verzoek"), reverse("account_anonymise_index"), icon_name="user", order=650
    )


# --- Homes and residency: the list, import, letters, moving out (portal/admin_homes.py). ---


@hooks.register("register_admin_viewset")
def register_home_viewset():
    return home_viewset


@hooks.register("register_admin_urls")
def register_home_urls():
    return [
        path("woningen/importeren/", HomeImportView.as_view(), name="homes_import"),
        path("woningen/brieven/", HomeLettersView.as_view(), name="homes_letters"),
        path("woningen/<int:pk>/verhuisd/", HomeMoveOutView.as_view(), name="homes_move_out"),
    ]


# --- Overdue periodic jobs on the dashboard (the same test as /healthz: portal/scheduler.py). ---


class OverdueJobsPanel(Component):
    name = "overdue_jobs"
    order = 10  # above Wagtail's own panels: something needs doing
    template_name = "portal/admin/overdue_jobs_panel.html"

    def __init__(self, overdue):
        self.overdue = overdue

    def get_context_data(self, parent_context):
        return {"overdue": self.overdue}


@hooks.register("construct_homepage_panels")
def add_overdue_jobs_panel(request, panels):
    if not permissions.can_see_job_status(request.user):
        return
    overdue = scheduler.jobs_overdue()
    if overdue:
        panels.insert(0, OverdueJobsPanel(overdue))


# --- Outgoing e-mail: what waits for the mail server and what was given up (read only; portal/mail_admin.py). ---


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    from portal.mail_admin import OutgoingEmailViewSet

    return OutgoingEmailViewSet("outgoing_email")


# --- Wagtail's reports that list other people by name: staff only (portal.middleware guards the URLs too). ---

STAFF_ONLY_REPORTS = {"site-history", "aging-pages"}


@hooks.register("construct_reports_menu")
def hide_reports_about_others(request, menu_items):
    if not permissions.can_see_everyones_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in STAFF_ONLY_REPORTS]


@hooks.register("before_serve_document")
def serve_document_only_when_published(document, request):
    """A committee's upload stays private until a live page uses it (portal.uploads); else as if not there."""
    from django.http import Http404

    from portal.uploads import document_may_serve

    if not document_may_serve(document=document, request=request):
        raise Http404


@hooks.register("before_serve_page")
def remember_page_for_the_page_cache(page, request, serve_args, serve_kwargs):
    """The page cache shares a logged-in resident's page only when the page has no view restriction
    (`portal.page_cache.storable`): it reads the page from here, without a query."""
    request._page_cache_page = page
