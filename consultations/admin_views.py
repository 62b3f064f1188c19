"""A consultation in the admin, for the committee that asks and for staff: print the paper ballots, download the
results (after closing), and for staff only the homes that answered twice and the homes that want to be taken into
account during a renovation. Who may see what is `consultations.permissions`; what is shown comes from the
selectors. Someone who may not see a page finds nothing there (404), as elsewhere in the admin."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations import ballots, permissions, selectors
from consultations.models import RENOVATION_THRESHOLD_PERCENT, ConsultationKind, ConsultationPage
from portal.export import csv_response, xlsx_response


class _ConsultationMixin:
    """Finds the consultation of the URL and lets through only who `allowed` says; others get a 404."""

    allowed = staticmethod(permissions.can_see_staff_overview)

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        if not self.allowed(request.user, self.page):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def overview_url(self) -> str:
        return reverse("consultation_admin", args=[self.page.pk])


class _AdminPage(_ConsultationMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]), "label": self.page.title},
        ]
        if self.overview_url != self.request.path:
            items.append({"url": self.overview_url, "label": _("Raadpleging")})
        items.append({"url": "", "label": self.page_title})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        return context


class ConsultationOverviewView(_AdminPage):
    """What the committee and staff do with the consultation, besides editing its questions."""

    template_name = "consultations/admin/overview.html"
    page_title = gettext_lazy("Raadpleging")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, page = self.request.user, self.page
        closed = selectors.consultation_is_closed(consultation=page)
        results = selectors.consultation_results(consultation=page)
        context.update(
            results=results,
            is_open=selectors.consultation_is_open(consultation=page),
            is_closed=closed,
            can_print=permissions.can_print_ballots(user, page),
            all_in_one=sum(result.homes_total for result in results) <= ballots.MAX_HOMES_PER_FILE,
            can_export=permissions.can_export_results(user, page) and closed,
            can_see_conflicts=permissions.can_see_conflicts(user, page),
            can_see_readiness=permissions.can_see_readiness(user, page) and page.kind == ConsultationKind.RENOVATION,
            can_enter_paper=permissions.can_enter_paper_ballots(user, page),
            paper_url=page.url + page.reverse_subpage("paper") if page.live and page.url else "",
        )
        return context


class BallotsPdfView(_ConsultationMixin, View):
    """The paper ballots: `?gebouw=<id>` for one building asked, without it for every building asked."""

    allowed = staticmethod(permissions.can_print_ballots)

    def get(self, request, *args, **kwargs):
        building = None
        building_id = request.GET.get("gebouw", "")
        if building_id:
            asked = {b.pk: b for b in selectors.consultation_buildings(consultation=self.page)}
            if not building_id.isdigit() or int(building_id) not in asked:
                raise Http404
            building = asked[int(building_id)]
        homes = list(ballots.ballot_homes(consultation=self.page, building=building))
        if building is None and len(homes) > ballots.MAX_HOMES_PER_FILE:
            messages.error(request, _("Dat zijn te veel formulieren voor één bestand. Kies een gebouw."))
            return redirect(self.overview_url)
        if not homes:
            messages.error(request, _("Er zijn nog geen woningen ingelezen voor dit gebouw."))
            return redirect(self.overview_url)
        pdf = ballots.ballots_pdf(consultation=self.page, homes=homes)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"formulieren-{self.page.slug}{'-' + building.slug if building else ''}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class ConflictsView(_AdminPage):
    """Homes that answered more than once in different ways: which answer counted (the last one)."""

    allowed = staticmethod(permissions.can_see_conflicts)
    template_name = "consultations/admin/conflicts.html"
    page_title = gettext_lazy("Dubbel geantwoord")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conflicts"] = selectors.ballot_conflicts(consultation=self.page).order_by(
            "home__building__title", "home__number", "later_at"
        )
        return context


class ReadinessView(_AdminPage):
    """For staff preparing the renovation: the homes that want to be taken into account, and how to contact them.
    Never for the committee: it says something about a neighbour's situation."""

    allowed = staticmethod(permissions.can_see_readiness)
    template_name = "consultations/admin/readiness.html"
    page_title = gettext_lazy("Rekening houden tijdens de uitvoering")

    def get(self, request, *args, **kwargs):
        rows = selectors.readiness_homes(consultation=self.page)
        if request.GET.get("export") == "csv":
            return csv_response(
                f"rekening-houden-{self.page.slug}.csv",
                [_("Gebouw"), _("Adres"), _("Postcode"), _("Hoe contact opnemen")],
                [
                    [
                        row.home.building.title,
                        row.home.address,
                        row.home.postal_code or row.home.building.postal_code,
                        row.how,
                    ]
                    for row in rows
                ],
            )
        return self.render_to_response(self.get_context_data(rows=rows))


def results_rows(*, consultation: ConsultationPage) -> tuple[list[str], list[list]]:
    """The results as a table, from `selectors.consultation_results` (so with the same withheld detail as the
    page): one row per option per building, a row for the draagvlakmeting's threshold."""
    headers = [
        _("Gebouw"),
        _("Woningen"),
        _("Woningen die antwoordden"),
        _("Respons (%)"),
        _("Vraag"),
        _("Antwoord"),
        _("Aantal woningen"),
        _("Percentage"),
    ]
    rows: list[list] = []
    for result in selectors.consultation_results(consultation=consultation):
        start = [result.building.title, result.homes_total, result.homes_answered, result.response_percent]
        if result.threshold is not None:
            threshold = result.threshold
            rows.append(
                [
                    *start,
                    _("Drempel: %(percent)s %% van alle woningen voor") % {"percent": RENOVATION_THRESHOLD_PERCENT},
                    _("gehaald") if threshold.reached else _("niet gehaald"),
                    threshold.homes_for,
                    threshold.percent,
                ]
            )
        if result.withheld == "few":
            rows.append(
                [
                    *start,
                    "",
                    _("Minder dan vijf woningen antwoordden: de antwoorden per vraag blijven geheim."),
                    "",
                    "",
                ]
            )
            continue
        for question in result.questions:
            for option in question.options:
                rows.append([*start, question.text, option.label, option.homes, option.percent])
    return headers, rows


class ResultsExportView(_ConsultationMixin, View):
    """The results as CSV or Excel, once the consultation has closed."""

    allowed = staticmethod(permissions.can_export_results)

    def get(self, request, *args, **kwargs):
        if kwargs["file_format"] not in ("csv", "xlsx"):
            raise Http404
        if not selectors.consultation_is_closed(consultation=self.page):
            messages.info(
                request,
                _("De uitslag kunt u downloaden na sluiting, vanaf %(date)s.")
                % {"date": formats.date_format(self.page.closes_on + timedelta(days=1), "l j F")},
            )
            return redirect(self.overview_url)
        headers, rows = results_rows(consultation=self.page)
        name = f"uitslag-{self.page.slug}"
        if kwargs["file_format"] == "xlsx":
            return xlsx_response(f"{name}.xlsx", headers, rows, sheet_title=_("Uitslag"))
        return csv_response(f"{name}.csv", headers, rows)
