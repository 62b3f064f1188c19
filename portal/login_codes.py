"""Log-in by e-mailed code: a limit on wrong codes per account over a long window, and a warning to its owner.

allauth allows three tries per code and three codes a minute per address: some 9 guesses a minute at a
log-in code (six digits, once), and the password lock-out does not apply to codes. The "login_code_failed" rate in
ACCOUNT_RATE_LIMITS (config/settings/base.py) counts wrong codes per account, across all its codes: once it
is used up, no code logs in to that account, not even a fresh right one, until the window has passed. The
wrong code that uses it up sends the owner one e-mail. `tests/portal/test_login_codes.py` computes from the
rate in force what chance an attacker has of guessing a code in a month.

Addresses without an account count the same way (keyed on the address), so the answers tell nobody whether
an account exists. The password log-in and the password reset by e-mail keep working.
"""

from __future__ import annotations

import logging

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.core import context, ratelimit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.context_processors import corporation_contact
from portal.mail import mail_send, recipient_language

logger = logging.getLogger(__name__)

ACTION = "login_code_failed"


def too_many_wrong_codes() -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Er is te vaak een verkeerde code ingevuld voor dit account. Om uw account te beschermen kunt u nu "
            "niet met een code inloggen. Log in met uw wachtwoord, of vraag een nieuw wachtwoord aan. Lukt het "
            "niet? Bel %(phone)s, dan helpen wij u verder."
        ),
        code="too_many_wrong_codes",
        params={"phone": corporation_contact()["phone"]},
    )


def _pending_login(request):
    """The account (or None) and the address of the code log-in this visitor started."""
    stage = getattr(request, "_login_stage", None)  # set by allauth's login_stage_required on the confirm view
    if stage is None:
        return None, ""
    return stage.login.user, (stage.state.get("email") or "").strip().lower()


def _limit_key(user, email: str) -> str:
    if user is not None and user.pk is not None:
        return f"user:{user.pk}"
    return f"email:{email}" if email else ""


def wrong_codes_left(request, key: str) -> bool:
    """Whether this account may still enter a code (the limit is not used up)."""
    return bool(ratelimit.consume(request, action=ACTION, key=key, dry_run=True))


def owner_warn(user) -> None:
    """One e-mail to the account's owner: someone is trying to log in with codes."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    mail_send(
        to=user.email,
        template="portal/email/login_code_attempts",
        context={
            "user": user,
            "reset_url": base_url + reverse("account_reset_password"),
            "corporation_name": corporation_contact()["name"],
            "corporation_phone": corporation_contact()["phone"],
        },
        language=recipient_language(user),
    )
    logger.warning("Log-in codes for account %s: too many wrong codes; the owner is told", user.pk)


class ConfirmLoginCodeForm(AllauthConfirmLoginCodeForm):
    """allauth's code form (ACCOUNT_FORMS["confirm_login_code"]), with the per-account limit on wrong codes."""

    def clean_code(self) -> str:
        request = context.request
        user, email = _pending_login(request)
        key = _limit_key(user, email)
        if key and not wrong_codes_left(request, key):
            raise too_many_wrong_codes()
        try:
            return super().clean_code()
        except forms.ValidationError:
            if not key:
                raise
            ratelimit.consume(request, action=ACTION, key=key)
            if wrong_codes_left(request, key):
                raise
            # This wrong code used up the limit: tell the owner, once (later tries stop at the check above).
            if user is not None and user.pk is not None:
                owner_warn(user)
            raise too_many_wrong_codes() from None
