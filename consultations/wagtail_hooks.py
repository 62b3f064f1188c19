"""Admin wiring only: a consultation's own admin page (ballots, results, conflicts, readiness) and the button that
leads there from the page in the admin (consultations/admin_views.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from consultations import admin_views, permissions
from consultations.models import ConsultationPage


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return [
        path("raadplegingen/<int:page_id>/", admin_views.ConsultationOverviewView.as_view(), name="consultation_admin"),
        path(
            "raadplegingen/<int:page_id>/formulieren/",
            admin_views.BallotsPdfView.as_view(),
            name="consultation_ballots",
        ),
        path(
            "raadplegingen/<int:page_id>/dubbel/",
            admin_views.ConflictsView.as_view(),
            name="consultation_conflicts",
        ),
        path(
            "raadplegingen/<int:page_id>/rekening-houden/",
            admin_views.ReadinessView.as_view(),
            name="consultation_readiness",
        ),
        path(
            "raadplegingen/<int:page_id>/uitslag.<str:file_format>",
            admin_views.ResultsExportView.as_view(),
            name="consultation_results_export",
        ),
    ]


def _consultation_button(page, user, *, priority: int):
    if page.specific_class is not ConsultationPage:
        return
    consultation = page if isinstance(page, ConsultationPage) else page.specific_deferred
    if permissions.can_see_staff_overview(user, consultation):
        yield Button(
            _("Formulieren en uitslag"),
            reverse("consultation_admin", args=[page.pk]),
            icon_name="list-ul",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def consultation_header_button(page, user, view_name, next_url=None):
    yield from _consultation_button(page, user, priority=25)


@hooks.register("register_page_listing_more_buttons")
def consultation_listing_button(page, user, next_url=None):
    yield from _consultation_button(page, user, priority=25)
