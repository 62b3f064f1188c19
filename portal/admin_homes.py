"""The homes in the Wagtail admin, for staff: the list per building, importing the corporation's list, printing the
activation letters, and ending a home's link when its tenants move out. The rules are in portal.services
(home_code_issue, home_residencies_end), the import in portal.home_import, the letter in portal.letters."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from portal import letters, permissions, services
from portal.home_import import homes_import
from portal.models import BuildingPage, Home, Residency

MAX_UPLOAD = 5 * 1024 * 1024  # bytes: a list of every home of a large corporation is far smaller
PENDING_IMPORT_SECONDS = 30 * 60


class _StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_manage_homes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HomeFilterSet(WagtailFilterSet):
    building = ModelChoiceFilter(
        label=gettext_lazy("Gebouw"), queryset=BuildingPage.objects.order_by("title"), empty_label=gettext_lazy("Alle")
    )

    class Meta:
        model = Home
        fields = ["building"]


class HomeIndexView(IndexView):
    def get_base_queryset(self):
        current = Residency.objects.filter(home=OuterRef("pk"), ended_at__isnull=True)
        return super().get_base_queryset().select_related("building").annotate(has_resident=Exists(current))

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Importeren"), url=reverse("homes_import"), icon_name="upload"),
            HeaderButton(_("Brieven afdrukken"), url=reverse("homes_letters"), icon_name="doc-full"),
        ]


class HomeEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Brief afdrukken"),
                url=f"{reverse('homes_letters')}?woning={self.object.pk}",
                icon_name="doc-full",
                priority=30,
            ),
            Button(
                _("Bewoners verhuisd"),
                url=reverse("homes_move_out", args=[self.object.pk]),
                icon_name="home",
                priority=40,
            ),
        ]


class HomeViewSet(ModelViewSet):
    """Every home of the corporation; staff add, correct, import, print letters and mark a move."""

    model = Home
    icon = "home"
    menu_label = gettext_lazy("Woningen")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "woningen"
    name = "homes"
    index_view_class = HomeIndexView
    edit_view_class = HomeEditView
    filterset_class = HomeFilterSet
    form_fields = ["building", "number", "street", "postal_code", "reference"]
    search_fields = ["number", "street", "reference", "building__title"]
    ordering = ["building__title", "number"]
    list_per_page = 50
    list_display = [
        TitleColumn("number", label=gettext_lazy("Huisnummer"), url_name="homes:edit"),
        Column("building", label=gettext_lazy("Gebouw")),
        Column("address", label=gettext_lazy("Adres")),
        Column("has_resident", label=gettext_lazy("Bewoner bevestigd"), accessor="resident_label"),
        Column("code_issued_at", label=gettext_lazy("Laatste brief")),
    ]


home_viewset = HomeViewSet()


class HomeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand met woningen"),
        help_text=gettext_lazy(
            "CSV of Excel (.xlsx). De eerste regel noemt de kolommen: gebouw, huisnummer, en eventueel straat, "
            "postcode en vhe. Geen namen van huurders."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Dit bestand is te groot (hoogstens 5 MB)."))
        extension = upload.name.rsplit(".", 1)[-1].lower()
        if extension not in ("csv", "xlsx"):
            raise forms.ValidationError(_("Kies een CSV- of Excel-bestand (.csv of .xlsx)."))
        return upload


class HomeImportView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """Upload, see what would change (nothing is saved yet), then confirm."""

    template_name = "portal/admin/home_import.html"
    page_title = gettext_lazy("Woningen importeren")
    header_icon = "home"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("homes:index"), "label": _("Woningen")},
            {"url": "", "label": self.page_title},
        ]

    def post(self, request, *args, **kwargs):
        pending = request.POST.get("pending", "")
        if pending:
            stored = cache.get(f"home-import:{request.user.pk}:{pending}")
            if stored is None:
                messages.error(request, _("Dit voorbeeld is verlopen. Kies het bestand opnieuw."))
                return redirect("homes_import")
            summary = homes_import(content=stored["content"], file_format=stored["format"], dry_run=False)
            cache.delete(f"home-import:{request.user.pk}:{pending}")
            if summary.ok:
                messages.success(
                    request,
                    _("Woningen ingelezen: %(new)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd.")
                    % {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged},
                )
                return redirect("homes:index")
            return self.render_to_response(self.get_context_data(form=HomeImportForm(), summary=summary))
        form = HomeImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read()
        file_format = upload.name.rsplit(".", 1)[-1].lower()
        summary = homes_import(content=content, file_format=file_format, dry_run=True)
        key = ""
        if summary.ok:
            key = get_random_string(24)
            cache.set(
                f"home-import:{request.user.pk}:{key}",
                {"content": content, "format": file_format},
                PENDING_IMPORT_SECONDS,
            )
        return self.render_to_response(self.get_context_data(form=form, summary=summary, pending=key))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", HomeImportForm())
        return super().get_context_data(**kwargs)


class HomeLettersView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """The activation letters of a building: the homes without a verified resident (or one home). Printing makes
    new codes, so it is a POST; the page before it says so."""

    template_name = "portal/admin/home_letters.html"
    page_title = gettext_lazy("Activeringsbrieven afdrukken")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("homes:index"), "label": _("Woningen")},
            {"url": "", "label": self.page_title},
        ]

    def homes(self):
        homes = Home.objects.select_related("building__caretaker").order_by("building__title", "number")
        home_id = self.request.GET.get("woning") or self.request.POST.get("woning")
        if home_id:
            return homes.filter(pk=home_id) if str(home_id).isdigit() else homes.none()
        building_id = self.request.GET.get("gebouw") or self.request.POST.get("gebouw")
        if not str(building_id or "").isdigit():
            return homes.none()
        current = Residency.objects.filter(home=OuterRef("pk"), ended_at__isnull=True)
        return homes.filter(building_id=building_id).exclude(Exists(current))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        homes = list(self.homes())
        context.update(
            homes=homes,
            buildings=BuildingPage.objects.order_by("title"),
            building_id=self.request.GET.get("gebouw", ""),
            home_id=self.request.GET.get("woning", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        homes = list(self.homes())
        if not homes:
            messages.error(request, _("Kies een gebouw met woningen zonder bevestigde bewoner."))
            return redirect("homes_letters")
        pdf = letters.letters_pdf([(home, services.home_code_issue(home=home, by=request.user)) for home in homes])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="activeringsbrieven.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class HomeMoveOutView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """The tenants moved out: end their link to the home; its code stops working."""

    template_name = "portal/admin/home_move_out.html"
    page_title = gettext_lazy("Bewoners verhuisd")
    header_icon = "home"

    def dispatch(self, request, *args, **kwargs):
        self.home = get_object_or_404(Home.objects.select_related("building"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.home)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            home=self.home,
            residents=Residency.objects.filter(home=self.home, ended_at__isnull=True).count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        ended = services.home_residencies_end(home=self.home, by=request.user)
        messages.success(
            request,
            _("%(home)s: %(count)s bewoner(s) losgekoppeld. Druk een nieuwe brief af voor de volgende huurder.")
            % {"home": str(self.home), "count": ended},
        )
        return redirect("homes:edit", self.home.pk)
