import mimetypes

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import own_building, permissions, privacy, registry, scheduler, selectors, services, storage
from portal.display import Display
from portal.filters import SEARCH_PARAMETER as OWN_BUILDING_SEARCH
from portal.forms import AbsenceForm, DisplayForm, PresenceSlotFormSet, ProfileForm
from portal.models import BuildingPage, CaretakerAbsence, ResidentProfile
from portal.restrictions import public
from portal.sections import sections_collect


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers and no periodic job is overdue; 503 naming what is wrong otherwise.

    A job is overdue when its next due moment after its last success passed more than an hour ago
    (`portal.scheduler`); before the scheduler's first run nothing counts as overdue, so a fresh install
    answers 200 (with `"scheduler": "not started yet"`).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        statuses = scheduler.job_statuses()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    jobs = {
        status.job.name: {
            "last_success": status.last_success.isoformat() if status.last_success else None,
            "overdue": status.overdue,
        }
        for status in statuses
    }
    overdue = [status.job.name for status in statuses if status.overdue]
    body = {"status": "error" if overdue else "ok"}
    if overdue:
        body["overdue_jobs"] = overdue
    if not any(status.expected_by for status in statuses):
        body["scheduler"] = "not started yet"
    body["jobs"] = jobs
    return JsonResponse(body, status=503 if overdue else 200)


@require_GET
def media_file(request, name: str):
    """An uploaded file from the default storage (local runs and tests; the web server does this in production,
    refusing the same folders: the originals of photos and documents, `portal.storage`)."""
    if not storage.is_served(name) or not default_storage.exists(name):
        raise Http404
    content_type, _encoding = mimetypes.guess_type(name)
    return FileResponse(default_storage.open(name), content_type=content_type or "application/octet-stream")


def _safe_next(request, candidate: str | None, fallback: str = "/") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _same_origin(request) -> bool:
    """Whether the browser says this POST comes from the portal's own pages, as Django's CSRF check reads it.

    `Sec-Fetch-Site` first (every current browser sends it over HTTPS), then `Origin`, then `Referer`. A request
    with none of them comes from no browser page (over HTTP, like Django's own check) or, over HTTPS, is refused.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("Referer")
    if referer is not None:
        return referer == own or referer.startswith(f"{own}/")
    return not request.is_secure()


def _refuse_cross_site_for_account(request) -> None:
    """The switches are csrf_exempt (public pages stay free of per-visitor tokens); for a logged-in person they
    also change the profile, so another site's form may not use them: 403 then. Anonymous: a cookie only."""
    if request.user.is_authenticated and not _same_origin(request):
        raise PermissionDenied(_("Deze wijziging kwam niet van deze website en is niet opgeslagen."))


@csrf_exempt  # a preference cookie only; keeps public pages free of per-visitor tokens so they can be cached
@require_POST
def display_preferences(request):
    """The 'larger text' and 'high contrast' switches; work without JavaScript."""
    _refuse_cross_site_for_account(request)
    form = DisplayForm(request.POST)
    form.is_valid()  # every field is optional; invalid input simply switches off
    data = form.cleaned_data
    display = Display(larger_text=data.get("larger_text", False), high_contrast=data.get("high_contrast", False))
    response = HttpResponseRedirect(_safe_next(request, request.POST.get("next")))
    display.set_cookie(response)
    if request.user.is_authenticated:
        services.display_preferences_save(
            user=request.user, larger_text=display.larger_text, high_contrast=display.high_contrast
        )
    return response


@require_http_methods(["GET", "POST"])
def admin_login_redirect(request):
    """The Wagtail admin has no log-in of its own: everyone goes through allauth (rate limits, MFA)."""
    target = reverse("account_login")
    next_url = _safe_next(request, request.GET.get("next"), "/admin/")
    return redirect(f"{target}?next={next_url}")


@login_required
@require_http_methods(["GET", "POST"])
def my_page(request):
    """A person's own page: sign-ups, messages, committees, tours, and their settings."""
    profile = ResidentProfile.objects.select_related("building").filter(user=request.user).first()
    # The display switches in effect are the cookie's (they work without an account); the form shows those.
    display = Display.from_request(request)
    initial = {"larger_text": display.larger_text, "high_contrast": display.high_contrast, "reminder_emails": True}
    if profile is not None:
        initial.update(
            display_name=profile.display_name,
            building=profile.building.slug if profile.building else "",
            apartment_number=profile.apartment_number,
            language=profile.language,
            reminder_emails=profile.reminder_emails,
        )
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.resident_profile_update(user=request.user, **data)
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        response = redirect("my_page")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
        )
        Display(larger_text=data["larger_text"], high_contrast=data["high_contrast"]).set_cookie(response)
        return response
    # What the apps show here (sign-ups, messages, committees, tours: `registry.MY_PAGE_SECTIONS`), then the core's.
    context = sections_collect(registry.MY_PAGE_SECTIONS, request)
    context.update(
        form=form,
        profile=profile,
        caretaker=permissions.caretaker_for(request.user),
        verified_home=permissions.verified_home_of(request.user),
    )
    return render(request, "portal/my_page.html", context)


# --------------------------------------------------------------------------
# My data: the export, and deleting the account (the rules are in portal.privacy)
# --------------------------------------------------------------------------

EXPORT_FILENAME = "mijn-gegevens-bewonersportaal.json"


@never_cache
@login_required
@require_GET
def my_data(request):
    """Everything the portal keeps about the person, readable; the same data as the JSON download."""
    data = privacy.account_data_export(user=request.user)
    return render(request, "portal/my_data.html", {"data": data, "readable": privacy.account_data_readable(data=data)})


@never_cache
@login_required
@require_GET
def my_data_json(request):
    """The export as a file (JSON), to keep or to take elsewhere."""
    response = JsonResponse(
        privacy.account_data_export(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def account_delete(request):
    """Explain what deleting the account does; the POST deletes it after allauth's re-authentication (the
    password, a second factor, or, for an account without a password, a code sent by e-mail); allauth then
    replays the POST."""
    if request.method == "POST":
        try:
            privacy.account_anonymise(user=request.user, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("account_delete")
        logout(request)
        return redirect("account_deleted")
    # What else deleting the account ends, said by the app concerned (`registry.ACCOUNT_DELETE_SECTIONS`).
    return render(request, "portal/account_delete.html", sections_collect(registry.ACCOUNT_DELETE_SECTIONS, request))


@require_GET
def account_deleted(request):
    """The goodbye page after deleting the account; a logged-in person has nothing to see here."""
    if request.user.is_authenticated:
        return redirect("my_page")
    return render(request, "portal/account_deleted.html")


@login_required
@require_http_methods(["GET", "POST"])
def my_presence(request):
    """A caretaker keeps their own weekly presence current; nobody else's."""
    caretaker = permissions.caretaker_for(request.user)
    if caretaker is None:
        raise Http404
    formset = PresenceSlotFormSet(
        request.POST if request.method == "POST" else None, caretaker=caretaker, prefix="uren"
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.presence_slots_replace(
                caretaker=caretaker,
                slots=formset.slots(),
                user=request.user,
                warn=lambda message: messages.warning(request, message),
            )
        except ValidationError as error:
            for message in error.messages:
                formset._non_form_errors.append(message)
        else:
            messages.success(request, _("Uw aanwezigheid is opgeslagen."))
            return redirect("my_presence")
    return render(
        request,
        "portal/my_presence.html",
        {
            "formset": formset,
            "caretaker": caretaker,
            "absences": selectors.absences_of(caretaker=caretaker),
            "standing_in": selectors.standing_in_for(caretaker=caretaker),
            "meetings": selectors.caretakers_meetings_upcoming()[:4],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_absence_add(request):
    """A caretaker records a holiday (or another absence) with a stand-in per building."""
    caretaker = permissions.caretaker_for(request.user)
    if caretaker is None:
        raise Http404
    form = AbsenceForm(request.POST or None, caretaker=caretaker)
    if request.method == "POST" and form.is_valid():
        absence = CaretakerAbsence(
            caretaker=caretaker,
            first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"],
            kind=form.cleaned_data["kind"],
        )
        try:
            services.absence_save(absence=absence, stand_ins=form.stand_ins(), user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Uw afwezigheid is vastgelegd. Bewoners zien de vervanger op de gebouwpagina."))
            return redirect("my_presence")
    return render(request, "portal/my_absence.html", {"form": form, "caretaker": caretaker})


@login_required
@require_POST
def my_absence_delete(request, pk: int):
    """A caretaker takes back one of their own absences (someone else's is not found)."""
    caretaker = permissions.caretaker_for(request.user)
    if caretaker is None:
        raise Http404
    absence = CaretakerAbsence.objects.filter(pk=pk, caretaker=caretaker).first()
    if absence is None:
        raise Http404
    services.absence_delete(absence=absence, user=request.user)
    messages.success(request, _("De afwezigheid is verwijderd."))
    return redirect("my_presence")


@csrf_exempt  # a preference cookie only; keeps public pages free of per-visitor tokens so they can be cached
@require_POST
def language_switch(request):
    _refuse_cross_site_for_account(request)
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(_safe_next(request, request.POST.get("next")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    if request.user.is_authenticated:
        services.resident_profile_language_set(user=request.user, language=language)
    return response


@csrf_exempt  # a preference cookie only, like the display switches: the front page stays cacheable
@require_POST
def building_choose(request):
    """'Welk gebouw is van u?' on the front page: remember the building in a cookie (no account needed); an empty
    choice forgets it. Works without JavaScript.

    The visitor types the name, street or town (`zoek`; never a list of every building): one building matches and
    is remembered; several or none, and the page comes back with `?zoek_gebouw=` to list them ("Welk gebouw bedoelt
    u?", each a button that sends its `gebouw`) or to say none was found.
    """
    next_url = _safe_next(request, request.POST.get("next"))
    value = request.POST.get("gebouw")
    building = None
    if value is None:
        search = selectors.building_search(query=request.POST.get("zoek", ""))
        if search.chosen is None:
            if not search.query:
                return HttpResponseRedirect(next_url)
            separator = "&" if "?" in next_url else "?"
            query = urlencode({OWN_BUILDING_SEARCH: search.query})
            return HttpResponseRedirect(f"{next_url}{separator}{query}#eigen-gebouw-keuze")
        building = search.chosen
    elif value.isdigit():
        building = public(BuildingPage.objects.live()).filter(pk=int(value)).only("pk").first()
    response = HttpResponseRedirect(next_url)
    own_building.set_cookie(response, building)
    return response
