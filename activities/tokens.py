"""The signed link in a sign-up e-mail: cancel the place without logging in (many residents forget passwords).

The token is the sign-up's id signed with the secret key (Django's signing, like the tour links); it cannot be
guessed or altered, and it stops working once the date has begun or the place is cancelled (checked on use).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from activities.models import Registration, RegistrationStatus

SALT = "activities.cancel-link"


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def cancel_path(registration: Registration) -> str:
    return reverse("activities_cancel_link", kwargs={"token": cancel_token(registration)})


def registration_for_token(token: str, *, now=None) -> Registration | None:
    """The sign-up of a valid token that can still be cancelled; None otherwise (the page says what to do)."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    registration = (
        Registration.objects.select_related("occurrence__activity", "user")
        .filter(pk=pk)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None or registration.occurrence.start <= (now or timezone.now()):
        return None
    return registration
