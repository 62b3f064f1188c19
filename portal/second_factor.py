"""The second factor where personal data is, and recent log-ins for what is shown only on demand.

Staff and caretakers (`requires_admin_mfa`) protect their account with an authenticator app before they see
other people's personal data: the Wagtail admin (portal.middleware.AdminMFAMiddleware: bookings, messages,
accounts) and every page outside it that lists neighbours (participant lists, signing someone up). Such a
view asks `second_factor_required(request)` after its own permission check. Without the second factor the
person goes straight to the QR code (allauth's page, without asking for the password that was just typed at
the log-in) and afterwards back to where they were going.

Neighbours' phone numbers on a participant list are shown to whoever confirmed who they are (password, or a
code by e-mail) in the last few minutes (`recently_confirmed`); logging in is not confirming (a session left
open on a shared computer shows names, not numbers).

With PORTAL_MFA_REQUIRED_FOR_ADMIN off (local runs, the demo, the tests unless they switch it on) nobody is
sent to set it up.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.mfa.totp import views as totp_views
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal.permissions import requires_admin_mfa

NEXT_SESSION_KEY = "portal_second_factor_next"


def needs_second_factor(user) -> bool:
    """Staff or a caretaker whose account has no second factor yet (while the portal requires one)."""
    return (
        settings.PORTAL_MFA_REQUIRED_FOR_ADMIN
        and user.is_authenticated
        and requires_admin_mfa(user)
        and not is_mfa_enabled(user)
    )


def second_factor_required(request) -> HttpResponseRedirect | None:
    """To the QR code, and then back here; or None when this person may go on."""
    if not needs_second_factor(request.user):
        return None
    messages.warning(
        request,
        _(
            "U werkt hier met gegevens van andere mensen. Stel daarom eerst tweestapsverificatie in. Daarna gaat "
            "u verder waar u was."
        ),
    )
    next_url = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    if not _safe(request, next_url):
        next_url = "/"
    return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


def recently_confirmed(request) -> bool:
    """Answered allauth's "Bevestig dat u het bent" (password, or a code by e-mail) within the last few minutes
    (ACCOUNT_REAUTHENTICATION_TIMEOUT)."""
    return request.user.is_authenticated and did_recently_reauthenticate(request)


def may_add_first_factor_without_asking(request) -> bool:
    """Logged in a moment ago (ACCOUNT_REAUTHENTICATION_TIMEOUT), and no second factor yet."""
    if not request.user.is_authenticated or is_mfa_enabled(request.user):
        return False
    records = get_authentication_records(request, request.user)
    return any(time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT for record in records)


def reauthenticate_url(request, next_url: str) -> str:
    """Where this person proves it is them again (password, or a code by e-mail), and then comes back."""
    methods = get_adapter().get_reauthentication_methods(request.user)
    url = methods[0]["url"] if methods else reverse("account_reauthenticate")
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _safe(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


class ActivateTOTPView(totp_views.ActivateTOTPView):
    """allauth's QR-code page, at its own URL, that knows where the person was going (`?next=`). Right after
    the log-in it asks no password again (`may_add_first_factor_without_asking`, in portal.adapters)."""

    def dispatch(self, request, *args, **kwargs):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if _safe(request, next_url):
            request.session[NEXT_SESSION_KEY] = next_url
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        next_url = self.request.session.pop(NEXT_SESSION_KEY, "")
        if not _safe(self.request, next_url):
            return super().get_success_url()
        if self.did_generate_recovery_codes:
            messages.info(
                self.request,
                _(
                    "Tweestapsverificatie staat aan. Bewaar ook uw herstelcodes, voor als u uw telefoon kwijt "
                    "bent: u vindt ze onder Mijn account, Tweestapsverificatie."
                ),
            )
        return next_url


activate_totp = ActivateTOTPView.as_view()
