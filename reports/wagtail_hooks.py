"""Admin wiring only: the participation report's URLs and its item in the reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal import permissions
from reports.views import ParticipationReportView


@hooks.register("register_admin_urls")
def register_participation_report_urls():
    return [
        path("rapporten/deelname/", ParticipationReportView.as_view(), name="participation_report"),
        path(
            "rapporten/deelname/results/",
            ParticipationReportView.as_view(results_only=True),
            name="participation_report_results",
        ),
    ]


class ParticipationReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_see_participation(request.user)


@hooks.register("register_reports_menu_item")
def register_participation_report_menu_item():
    return ParticipationReportMenuItem(
        _("Deelname per gebouw"), reverse("participation_report"), icon_name="group", order=720
    )
