"""Admin views of the portal core: staff delete a person's account on their request (`portal.privacy`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal import permissions, privacy
from portal.models import User

SEARCH_LIMIT = 25


class _StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        # Inside the admin, Wagtail turns this into a redirect with a message (as for its own views).
        if not permissions.can_anonymise_accounts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccountAnonymiseIndexView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """Find the account of the person who asked for it to be deleted: by e-mail address or name."""

    template_name = "portal/admin/account_anonymise_index.html"
    page_title = gettext_lazy("Account verwijderen op verzoek")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        accounts = []
        if query:
            words = Q()
            for word in query.split():
                words &= Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
            accounts = list(
                User.objects.filter(words, anonymised_at__isnull=True, is_superuser=False)
                .select_related("resident_profile__building")
                .order_by("last_name", "first_name", "email")[:SEARCH_LIMIT]
            )
        context.update(query=query, accounts=accounts, limit=SEARCH_LIMIT)
        return context


class AccountAnonymiseView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """Show whose account it is and what will happen; the POST deletes it (anonymises it)."""

    template_name = "portal/admin/account_anonymise_confirm.html"
    page_title = gettext_lazy("Account verwijderen op verzoek")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(
            User.objects.select_related("resident_profile__building"), pk=kwargs["user_id"], anonymised_at__isnull=True
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.account)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("account_anonymise_index"), "label": self.page_title},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.account
        context["data"] = privacy.account_data_export(user=self.account)
        return context

    def post(self, request, *args, **kwargs):
        label = str(self.account)
        try:
            privacy.account_anonymise(user=self.account, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("account_anonymise", user_id=self.account.pk)
        messages.success(request, _("Het account van %(name)s is verwijderd.") % {"name": label})
        return redirect("account_anonymise_index")
