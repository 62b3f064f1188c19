from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from activities import permissions, selectors, services
from activities.forms import SignupForm, SignupForOtherForm
from activities.models import Occurrence, Registration, RegistrationStatus
from portal.filters import building_pick
from portal.models import User
from portal.paging import BoundedPaginator
from portal.second_factor import reauthenticate_url, recently_confirmed, second_factor_required

PER_PAGE = 20


def activity_index(request, *, page):
    pick = building_pick(request)
    if pick.redirect_to:  # the one building that matches what was typed
        return redirect(pick.redirect_to)
    filterset = selectors.occurrence_list(filters=request.GET)
    listed = selectors.listing_page(request=request, filterset=filterset, per_page=PER_PAGE)
    # The page numbers without the dates again: a paginator over the kept count, showing the kept dates.
    paginator = BoundedPaginator(range(listed.count), PER_PAGE)
    paginator.count = listed.count
    page_obj = paginator.get_page(listed.number)
    page_obj.object_list = listed.items
    return TemplateResponse(
        request,
        "activities/activity_index_page.html",
        {
            "page": page,
            "self": page,
            "filter": filterset,
            "pick": pick,
            "page_obj": page_obj,
        },
    )


def _occurrence(activity, occurrence_id) -> Occurrence:
    return get_object_or_404(Occurrence.objects.select_related("activity"), pk=occurrence_id, activity=activity)


@require_POST
def signup(request, *, activity, occurrence_id):
    if not request.user.is_authenticated:
        return redirect_to_login(activity.url)
    occurrence = _occurrence(activity, occurrence_id)
    form = SignupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies of u iemand meeneemt."))
        return redirect(activity.url)
    try:
        registration = services.registration_create(
            occurrence=occurrence, user=request.user, guests=form.cleaned_data["guests"], made_by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(request, _waiting_message(registration, _("U bent nummer %(position)s op de wachtlijst.")))
        else:
            messages.success(request, _("U bent aangemeld. U krijgt een bevestiging per e-mail."))
    return redirect(activity.url)


@require_http_methods(["GET", "POST"])
def cancel(request, *, activity, registration_id):
    """Cancelling a place: first "Weet u het zeker?" (a page of its own, no JavaScript needed), then the POST."""
    if not request.user.is_authenticated:
        return redirect_to_login(activity.url)
    registration = get_object_or_404(
        Registration.objects.select_related("occurrence"), pk=registration_id, occurrence__activity=activity
    )
    if registration.user_id != request.user.pk and not permissions.can_sign_up_others(request.user, activity):
        raise Http404
    next_url = request.POST.get("next") or request.GET.get("next")
    back = next_url if next_url in ("/mijn/",) else activity.url
    if request.method == "GET":
        if registration.status == RegistrationStatus.CANCELLED:
            return redirect(back)
        return render(
            request,
            "activities/cancel_confirm.html",
            {"activity": activity, "registration": registration, "occurrence": registration.occurrence, "back": back},
        )
    services.registration_cancel(registration=registration, by=request.user)
    if registration.user_id == request.user.pk:
        messages.success(request, _("U bent afgemeld. U krijgt een bevestiging per e-mail."))
    else:
        messages.success(request, _("%(name)s is afgemeld.") % {"name": registration.display_name})
    return redirect(back)


def _waiting_message(registration, position_text: str) -> str:
    position = selectors.waiting_positions(registrations=[registration]).get(registration.pk)
    return " ".join(
        [
            _("Het is vol."),
            position_text % {"position": position, "name": registration.display_name},
            _("Komt er een plaats vrij, dan krijgt u bericht."),
        ]
    )


@require_POST
def guest_drop(request, *, activity, registration_id):
    """The person comes alone after all (their own sign-up; the organisers use the participants list)."""
    if not request.user.is_authenticated:
        return redirect_to_login(activity.url)
    registration = get_object_or_404(Registration, pk=registration_id, occurrence__activity=activity)
    if registration.user_id != request.user.pk and not permissions.can_sign_up_others(request.user, activity):
        raise Http404
    registration = services.registration_guest_drop(registration=registration, by=request.user)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("U komt alleen. U bent aangemeld."))
    elif registration.status == RegistrationStatus.WAITING:
        messages.success(request, _("U komt alleen. U blijft op de wachtlijst; één vrije plaats is nu genoeg."))
    next_url = request.POST.get("next")
    return redirect(next_url if next_url in ("/mijn/",) else activity.url)


def _building_residents(activity):
    building = activity.building
    if building is None:
        return User.objects.filter(resident_profile__isnull=False).select_related("resident_profile")
    return User.objects.filter(resident_profile__building=building).select_related("resident_profile")


def signup_for(request, *, activity, occurrence_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_sign_up_others(request.user, activity):
        raise Http404
    if (needs_second_factor := second_factor_required(request)) is not None:
        return needs_second_factor
    occurrence = _occurrence(activity, occurrence_id)
    form = SignupForOtherForm(
        request.POST if request.method == "POST" else None,
        residents=_building_residents(activity).order_by("last_name", "first_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                occurrence=occurrence,
                user=data["resident"],
                guests=data["guests"],
                made_by=request.user,
                neighbour_name="" if data["resident"] else data["neighbour_name"],
                neighbour_apartment="" if data["resident"] else data["neighbour_apartment"],
                neighbour_phone="" if data["resident"] else data["neighbour_phone"],
                neighbour_consent=bool(data["resident"]) or data["neighbour_consent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.warning(
                    request,
                    _waiting_message(registration, _("%(name)s staat op de wachtlijst, als nummer %(position)s.")),
                )
            else:
                messages.success(
                    request, _("%(name)s is aangemeld. Er is een plaats.") % {"name": registration.display_name}
                )
            return redirect(activity.url + activity.reverse_subpage("participants", args=[occurrence.pk]))
    return TemplateResponse(
        request,
        "activities/signup_for.html",
        {"page": activity, "activity": activity, "occurrence": occurrence, "form": form},
    )


def participants(request, *, activity, occurrence_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_participants(request.user, activity):
        raise Http404
    if (needs_second_factor := second_factor_required(request)) is not None:
        return needs_second_factor
    occurrence = _occurrence(activity, occurrence_id)
    registrations = list(
        occurrence.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
            "user__resident_profile", "made_by"
        )
    )
    # Neighbours' phone numbers only for whoever confirmed it is them in the last few minutes (a session left
    # open on a shared computer shows names, not numbers); the others get a link that asks first.
    show_phones = recently_confirmed(request)
    hidden_phones = not show_phones and any(registration.neighbour_phone for registration in registrations)
    return TemplateResponse(
        request,
        "activities/participants.html",
        {
            "page": activity,
            "activity": activity,
            "occurrence": occurrence,
            "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
            "show_phones": show_phones,
            "show_phones_url": reauthenticate_url(request, request.get_full_path()) if hidden_phones else "",
            "can_sign_up_others": permissions.can_sign_up_others(request.user, activity),
        },
    )


def _organiser_check(request, activity, allowed=permissions.can_sign_up_others):
    """None when this person may see (and change) other people's sign-ups here; else the response to give."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed(request.user, activity):
        raise Http404
    return second_factor_required(request)


def registration_manage(request, *, activity, occurrence_id, registration_id):
    """An organiser cancels a neighbour's sign-up (who phoned in sick) or drops their guest: asks first."""
    if (refused := _organiser_check(request, activity)) is not None:
        return refused
    occurrence = _occurrence(activity, occurrence_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user__resident_profile"), pk=registration_id, occurrence=occurrence
    )
    participants_url = activity.url + activity.reverse_subpage("participants", args=[occurrence.pk])
    if request.method == "POST":
        action = request.POST.get("actie")
        name = registration.display_name
        if action == "afmelden" and registration.status != RegistrationStatus.CANCELLED:
            services.registration_cancel(registration=registration, by=request.user)
            messages.success(request, _("%(name)s is afgemeld.") % {"name": name})
            return redirect(participants_url)
        if action == "gast" and registration.guests and registration.status != RegistrationStatus.CANCELLED:
            services.registration_guest_drop(registration=registration, by=request.user)
            messages.success(request, _("%(name)s komt nu alleen.") % {"name": name})
            return redirect(participants_url)
        return redirect(request.get_full_path())
    if registration.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("%(name)s is al afgemeld.") % {"name": registration.display_name})
        return redirect(participants_url)
    return TemplateResponse(
        request,
        "activities/registration_manage.html",
        {
            "page": activity,
            "activity": activity,
            "occurrence": occurrence,
            "registration": registration,
            "participants_url": participants_url,
        },
    )


def call_list(request, *, activity):
    """Printable: whom to phone about a change to their sign-up (no e-mail reaches them), and what to say."""
    if (refused := _organiser_check(request, activity, permissions.can_see_participants)) is not None:
        return refused
    registrations = selectors.call_list(activity=activity)
    show_phones = recently_confirmed(request)
    hidden_phones = not show_phones and any(r.neighbour_phone for r in registrations)
    return TemplateResponse(
        request,
        "activities/call_list.html",
        {
            "page": activity,
            "activity": activity,
            "registrations": registrations,
            "show_phones": show_phones,
            "show_phones_url": reauthenticate_url(request, request.get_full_path()) if hidden_phones else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_by_link(request, token: str):
    """The link in the sign-up e-mail: "Weet u het zeker?", then cancel, without logging in."""
    from activities.tokens import registration_for_token

    registration = registration_for_token(token)
    if registration is None:
        return render(request, "activities/cancel_link_invalid.html", status=404)
    activity = registration.occurrence.activity.specific
    if request.method == "POST":
        services.registration_cancel(registration=registration, by=registration.user)
        messages.success(request, _("U bent afgemeld. U krijgt een bevestiging per e-mail."))
        return redirect(activity.url)
    return render(
        request,
        "activities/cancel_confirm.html",
        {
            "activity": activity,
            "registration": registration,
            "occurrence": registration.occurrence,
            "back": activity.url,
            "by_link": True,
        },
    )
