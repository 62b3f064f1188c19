"""Residency on the website: a resident links their account to their home with the code from the letter, and a
caretaker confirms a resident in person or hands over a new code at the door. The rules are in
`portal.services` (residency_*, home_code_issue); who may is in `portal.permissions`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from portal import permissions, selectors, services
from portal.forms import HomeActivationForm, HomeCodeForm, ResidentVerifyForm
from portal.models import User
from portal.second_factor import second_factor_required
from portal.views import _safe_next


def _code_tries_left(request, *, increment: bool) -> bool:
    """Wrong codes are limited per account and per address; only wrong ones count (`increment` after one)."""
    limits = (
        ("home-code-user", "user", settings.PORTAL_HOME_CODE_TRIES_PER_HOUR),
        ("home-code-ip", "ip", settings.PORTAL_HOME_CODE_TRIES_PER_IP_PER_HOUR),
    )
    left = True
    for group, key, per_hour in limits:
        usage = get_usage(request, group=group, key=key, rate=f"{per_hour}/h", increment=increment)
        if usage is not None and usage["count"] >= usage["limit"]:
            left = False
    return left


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_home(request):
    """/mijn/woning/: the person's verified home, or the form for the code from their letter."""
    home = permissions.verified_home_of(request.user)
    form = HomeActivationForm(
        request.POST if request.method == "POST" else None,
        initial={"code": request.GET.get("code", "")[:20], "display_name": _profile_name(request.user)},
    )
    if request.method == "POST" and home is None:
        if not _code_tries_left(request, increment=False):
            form.is_valid()
            form.add_error(
                "code",
                _(
                    "U heeft te vaak een code ingevuld die niet klopt. Probeer het over een uur opnieuw, "
                    "of vraag de huismeester om hulp."
                ),
            )
        elif form.is_valid():
            try:
                residency = services.residency_activate(
                    user=request.user,
                    code=form.cleaned_data["code"],
                    display_name=form.cleaned_data["display_name"],
                )
            except services.ResidencyError as error:
                _code_tries_left(request, increment=True)
                for message in error.messages:
                    form.add_error("code", message)
            else:
                messages.success(
                    request,
                    _("Gelukt: u bent bevestigd als bewoner van %(address)s in %(building)s.")
                    % {"address": residency.home.address, "building": residency.home.building.title},
                )
                return redirect(_safe_next(request, request.POST.get("next"), reverse("my_home")))
    caretaker = None
    if home is None:
        profile = getattr(request.user, "resident_profile", None)
        building = getattr(profile, "building", None)
        caretaker = building.caretaker if building is not None else None
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    return render(
        request, "portal/my_home.html", {"home": home, "form": form, "caretaker": caretaker, "next": next_url}
    )


def _profile_name(user) -> str:
    profile = getattr(user, "resident_profile", None)
    return profile.display_name if profile else ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def residents_verify(request):
    """/mijn/bewoners/: a caretaker confirms a resident in person, or makes a new code for a home at the door."""
    caretaker = permissions.caretaker_of(request.user)
    if caretaker is None:
        raise Http404
    # Residents' e-mail addresses and homes: the caretaker's second factor first (in production).
    if (needs_second_factor := second_factor_required(request)) is not None:
        return needs_second_factor
    homes = selectors.homes_served_by(caretaker=caretaker)
    action = request.POST.get("action") if request.method == "POST" else None
    verify_form = ResidentVerifyForm(request.POST if action == "verify" else None, homes=homes, prefix="bevestigen")
    code_form = HomeCodeForm(request.POST if action == "code" else None, homes=homes, prefix="code")
    new_code = None
    if action == "verify" and verify_form.is_valid():
        person = User.objects.filter(email__iexact=verify_form.cleaned_data["email"], is_active=True).first()
        if person is None:
            verify_form.add_error(
                "email",
                _("Met dit e-mailadres is geen account gemaakt. Laat de bewoner eerst een account maken."),
            )
        else:
            home = verify_form.cleaned_data["home"]
            try:
                services.residency_verify_in_person(user=person, home=home, by=request.user)
            except services.ResidencyError as error:
                verify_form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(email)s is bevestigd als bewoner van %(home)s.") % {"email": person.email, "home": str(home)},
                )
                return redirect("residents_verify")
    if action == "code" and code_form.is_valid():
        home = code_form.cleaned_data["home"]
        new_code = (home, services.home_code_issue(home=home, by=request.user))
    return render(
        request,
        "portal/residents_verify.html",
        {
            "caretaker": caretaker,
            "verify_form": verify_form,
            "code_form": code_form,
            "new_code": new_code,
            "buildings": _verified_per_building(caretaker),
        },
    )


def _verified_per_building(caretaker) -> list[tuple]:
    buildings = list(caretaker.buildings.order_by("title"))
    counts = selectors.homes_verified_count(buildings=buildings)
    return [(building, *counts.get(building.pk, (0, 0))) for building in buildings]
