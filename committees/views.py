import mimetypes

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from committees import permissions, selectors, services
from committees.forms import CaretakerMessageForm, MessageAnswerForm, PageReportForm
from committees.models import CaretakerMessage, CommitteeKind, CommitteePage, MessageCategory
from portal.export import csv_response, xlsx_response
from portal.filters import building_pick
from portal.paging import BoundedPaginator
from portal.second_factor import second_factor_required

NEWS_PER_PAGE = 20


def news_index(request, *, page):
    pick = building_pick(request)
    if pick.redirect_to:  # the one building that matches what was typed
        return redirect(pick.redirect_to)
    filterset = selectors.news_list(filters=request.GET)
    paginator = BoundedPaginator(filterset.qs, NEWS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    page_obj.object_list = selectors.with_committees(page_obj.object_list)
    return TemplateResponse(
        request,
        "committees/news_index_page.html",
        {
            "page": page,
            "self": page,
            "filter": filterset,
            "pick": pick,
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
    readers = selectors.message_readers(building=building)
    form = CaretakerMessageForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.message_create(building=building, sender=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Uw bericht is verstuurd naar %(readers)s. U krijgt antwoord per e-mail en op ‘Mijn pagina’.")
                % {"readers": readers.label},
            )
            return redirect(building.url)
    return TemplateResponse(
        request,
        "committees/message_form.html",
        {"page": building, "building": building, "form": form, "readers": readers},
    )


def _trend_bars(months) -> list[dict]:
    """Per month one bar of the open matters, a piece per category: positions in % of the longest bar."""
    longest = max((month.open_total for month in months), default=0) or 1
    bars = []
    for month in months:
        x, pieces = 0.0, []
        for number, (value, label) in enumerate(MessageCategory.choices):
            count = month.open[value]
            width = 100 * count / longest
            if count:
                pieces.append({"series": number, "x": round(x, 2), "width": round(width, 2), "label": label})
            x += width
        bars.append({"month": month, "pieces": pieces})
    return bars


@require_GET
def platform_trend(request):
    """/huurdersplatform/verloop/: the matters with the caretakers per month, category and building; for the
    platform's members and staff, as a page (chart and tables) and as CSV or Excel (`?export=csv|xlsx`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_platform_trend(request.user):
        raise PermissionDenied
    trend = selectors.platform_trend()
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        headers = [
            _("Maand"),
            _("Gebouw"),
            _("Onderwerp"),
            _("Open aan het eind van de maand"),
            _("Nieuw gemeld in de maand"),
        ]
        rows = [[row.month, row.building, row.category, row.open, row.raised] for row in trend.rows]
        name = f"zaken-per-maand-{trend.months[-1].month:%Y-%m}"
        if export == "xlsx":
            return xlsx_response(f"{name}.xlsx", headers, rows, sheet_title=_("Zaken per maand"))
        return csv_response(f"{name}.csv", headers, rows)
    platform = CommitteePage.objects.live().filter(kind=CommitteeKind.PLATFORM).order_by("path").first()
    return TemplateResponse(
        request,
        "committees/platform_trend.html",
        {
            "platform": platform,
            "trend": trend,
            "bars": _trend_bars(trend.months),
            "categories": [
                {"series": number, "value": value, "label": label}
                for number, (value, label) in enumerate(MessageCategory.choices)
            ],
        },
    )


def my_message(request, pk: int):
    """The sender's conversation about one message, on their own page: the answers both ways, and theirs back."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    message = get_object_or_404(
        CaretakerMessage.objects.select_related("building", "caretaker"), pk=pk, sender=request.user
    )
    services.message_mark_read(message=message, by=request.user)
    form = MessageAnswerForm(request.POST if request.method == "POST" else None)
    reader = selectors.message_reader_label(message=message)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_reply_create(message=message, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Uw antwoord is verstuurd naar %(reader)s.") % {"reader": reader})
            return redirect("my_message", pk=message.pk)
    return TemplateResponse(
        request,
        "committees/my_message.html",
        {
            "message": message,
            "thread": selectors.message_thread(message=message),
            "reader": reader,
            "form": form,
        },
    )


def message_photo(request, pk: int):
    """The photo with a message, for its sender and its readers (caretaker, staff); for anyone else it is not
    there (404). Never a file under /media/ (`portal.storage`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    message = get_object_or_404(CaretakerMessage.objects.exclude(photo=""), pk=pk)
    if not permissions.can_see_message(request.user, message):
        raise Http404
    if message.sender_id != request.user.pk and (needs_second_factor := second_factor_required(request)) is not None:
        return needs_second_factor  # a caretaker or staff: someone else's personal data, as in the admin
    try:
        file = message.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type, _encoding = mimetypes.guess_type(message.photo.name)
    response = FileResponse(file, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
