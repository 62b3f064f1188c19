"""Admin report views that combine the features: participation figures per building and month, with charts.

Registered (URLs, menu item) in `reports/wagtail_hooks.py`; the figures come from `reports/participation.py`
and the charts from `reports/charts.py`. The view only wires them to Wagtail's report listing and export.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.templatetags.l10n import unlocalize
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from committees.models import MessageCategory
from portal import permissions
from portal.export import DutchSpreadsheetExportMixin
from reports import charts, participation
from reports.filters import ParticipationFilter


class FigureColumn(Column):
    """A column of the figures table, its cells written without a template.

    The table has up to 120 rows of 17 columns; Wagtail's `Column` renders a template per cell, which
    took more than half of the page's time. The output is the same `<td>` as Wagtail's cell template.
    """

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            text = self.empty_value_display
        elif isinstance(value, int) and not isinstance(value, bool):
            text = unlocalize(value)
        else:
            text = localize(value)
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, text)
        return format_html("<td>{}</td>", text)


class ParticipationReportView(DutchSpreadsheetExportMixin, ReportView):
    """Participation figures per building and month, with two charts; the figures come from `participation`."""

    page_title = _("Deelname per gebouw")
    header_icon = "group"
    index_url_name = "participation_report"
    index_results_url_name = "participation_report_results"
    template_name = "reports/admin/participation_report.html"
    results_template_name = "reports/admin/participation_report_results.html"
    filterset_class = ParticipationFilter
    paginate_by = participation.ROWS_PER_PAGE  # ten buildings of twelve months
    columns = [
        FigureColumn("building", label=_("Gebouw")),
        FigureColumn("month", label=_("Maand"), accessor="month_label"),
        FigureColumn("committee", label=_("Actieve commissie"), accessor="committee_label"),
        FigureColumn("activities_held", label=_("Activiteiten gehouden")),
        FigureColumn("signups_own", label=_("Aanmeldingen zelf")),
        FigureColumn("signups_on_behalf", label=_("Aanmeldingen namens")),
        FigureColumn("participants", label=_("Deelnemers")),
        FigureColumn("waiting", label=_("Wachtlijst")),
        *(
            FigureColumn(
                f"messages_{value}",
                label=format_lazy(_("Berichten: {category}"), category=label),
                accessor=f"messages.{value}",
            )
            for value, label in MessageCategory.choices
        ),
        FigureColumn("messages_open", label=_("Berichten nog open")),
        FigureColumn("days_open", label=_("Gemiddeld dagen open")),
        FigureColumn("tours_booked", label=_("Rondleidingen geboekt")),
        FigureColumn("tours_held", label=_("Rondleidingen gehouden")),
        FigureColumn("tours_no_show", label=_("Rondleidingen niet gekomen")),
    ]
    list_export = [
        "building",
        "month",
        "committee_label",
        "activities_held",
        "signups_own",
        "signups_on_behalf",
        "signups",
        "participants",
        "waiting",
        "waiting_dates",
        *(f"messages.{value}" for value in MessageCategory.values),
        "messages_total",
        "messages_done",
        "messages_open",
        "days_open",
        "tours_booked",
        "tours_held",
        "tours_no_show",
    ]
    export_headings = {
        "building": _("Gebouw"),
        "month": _("Maand"),
        "committee_label": _("Actieve commissie"),
        "activities_held": _("Activiteiten gehouden"),
        "signups_own": _("Aanmeldingen zelf"),
        "signups_on_behalf": _("Aanmeldingen namens"),
        "signups": _("Aanmeldingen totaal"),
        "participants": _("Deelnemers"),
        "waiting": _("Wachtlijst"),
        "waiting_dates": _("Data met wachtlijst"),
        **{
            f"messages.{value}": format_lazy(_("Berichten: {category}"), category=label)
            for value, label in MessageCategory.choices
        },
        "messages_total": _("Berichten totaal"),
        "messages_done": _("Berichten afgehandeld"),
        "messages_open": _("Berichten nog open"),
        "days_open": _("Gemiddeld dagen open"),
        "tours_booked": _("Rondleidingen geboekt"),
        "tours_held": _("Rondleidingen gehouden"),
        "tours_no_show": _("Rondleidingen niet gekomen"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_see_participation(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def report(self) -> participation.ParticipationReport:
        return participation.cached_participation_report(**self.filters.period())

    def get_queryset(self):
        return self.report.rows

    def filter_queryset(self, queryset):
        return queryset  # the selector already applied the period and the building

    def get_filename(self):
        report = self.report
        return f"deelname-{report.start_month:%Y-%m}-tot-{report.end_month:%Y-%m}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        report = self.report
        context["report"] = report
        # At scale hundreds of buildings ask attention: the table shows them a page at a time (?aandacht=).
        context["attention_page"] = Paginator(report.attention, participation.ATTENTION_PER_PAGE).get_page(
            self.request.GET.get("aandacht")
        )
        context["cache_minutes"] = max(1, settings.PORTAL_PARTICIPATION_CACHE_SECONDS // 60)
        context["figures"] = participation.FIGURES
        context["month_chart"] = charts.bar_chart(
            chart_id="deelname-per-maand",
            title=_("Deelname per maand"),
            description=_(
                "Aanmeldingen en verschillende deelnemers per maand, %(start)s tot en met %(end)s. "
                "De cijfers staan ook in de tabel bij de grafiek."
            )
            % {
                "start": participation.month_label(report.start_month),
                "end": participation.month_label(report.end_month),
            },
            categories=[month.month_label for month in report.months],
            series=[
                charts.Series(label=_("Aanmeldingen"), values=[month.signups for month in report.months]),
                charts.Series(label=_("Deelnemers"), values=[month.participants for month in report.months]),
            ],
        )
        groups = report.attention_groups
        context["attention_chart"] = charts.bar_chart(
            chart_id="aandacht",
            title=_("Gebouwen die aandacht vragen"),
            description=_(
                "Aantal gebouwen zonder actieve commissie of zonder activiteiten sinds %(start)s, van de %(count)s "
                "gebouwen. Welke gebouwen het zijn, staat in de tabel bij de grafiek."
            )
            % {"start": participation.month_label(report.attention_start), "count": report.building_count},
            categories=[label for label, _count in groups],
            series=[charts.Series(label=_("Gebouwen"), values=[count for _label, count in groups])],
        )
        return context
