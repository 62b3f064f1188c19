"""Admin views of committees: a committee member asks a moderator to take their own outdated page down."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from committees import services


class TakedownRequestView(WagtailAdminTemplateMixin, TemplateView):
    """GET explains what happens; POST asks the moderators (a report with reason "verouderd").

    Only for who may edit the page and may not publish it: others get a 404, as if the page were not there.
    A moderator gets a 404 too: they take a page offline themselves (Wagtail's own "Offline halen").
    """

    template_name = "committees/admin/takedown_request.html"
    page_title = gettext_lazy("Vragen om offline te halen")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        tester = self.page.permissions_for_user(request.user)
        if not tester.can_edit() or tester.can_publish():
            raise Http404
        if not self.page.live:
            messages.info(request, _("Deze pagina staat niet op de website. Er is niets offline te halen."))
            return redirect(self.edit_url)
        return super().dispatch(request, *args, **kwargs)

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": self.edit_url, "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page=self.page, kind=self.page._meta.verbose_name, edit_url=self.edit_url)
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.takedown_request_create(page=self.page, by=request.user)
        except services.AlreadyReported as error:
            messages.info(request, error.messages[0])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Uw verzoek is verstuurd. Een moderator haalt ‘%(title)s’ van de website.")
                % {"title": self.page.get_admin_display_title()},
            )
        return redirect(self.edit_url)


takedown_request = TakedownRequestView.as_view()
