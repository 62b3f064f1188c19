from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from committees import permissions, selectors, services
from committees.forms import CaretakerMessageForm, PageReportForm

NEWS_PER_PAGE = 20


def news_index(request, *, page):
    filterset = selectors.news_list(filters=request.GET)
    paginator = Paginator(filterset.qs, NEWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    page_obj.object_list = selectors.with_committees(page_obj.object_list)
    return TemplateResponse(
        request,
        "committees/news_index_page.html",
        {
            "page": page,
            "self": page,
            "filter": filterset,
            "page_obj": page_obj,
        },
    )


def page_report(request, *, page):
    """A resident reports a news item or an activity (the `melden/` route of both page types)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = PageReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.page_report_create(page=page, reporter=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Dank u. Een moderator bekijkt uw melding."))
        return redirect(page.url)
    return TemplateResponse(
        request,
        "committees/page_report.html",
        {"page": page, "kind": page._meta.verbose_name, "form": form},
    )


def message_create(request, *, building):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_message_caretaker(request.user, building):
        profile = getattr(request.user, "resident_profile", None)
        if building.caretaker_id and profile is not None and profile.building_id == building.pk:
            # Says they live here, not yet verified: how to get verified, and the caretaker's phone meanwhile.
            return TemplateResponse(
                request, "committees/message_verify_first.html", {"page": building, "building": building}, status=403
            )
        raise Http404
    form = CaretakerMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_create(building=building, sender=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Uw bericht is verstuurd naar %(name)s. U krijgt antwoord per e-mail en op ‘Mijn pagina’.")
                % {"name": building.caretaker.name},
            )
            return redirect(building.url)
    return TemplateResponse(
        request, "committees/message_form.html", {"page": building, "building": building, "form": form}
    )
