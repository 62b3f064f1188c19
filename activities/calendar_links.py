"""The secret address of a person's own calendar: their coming sign-ups, for a calendar app that subscribes
without logging in (like the tour links of ambassadors.tokens).

The token is the person's id and the link's version, signed with the secret key: it cannot be guessed or
altered. It carries no time stamp, so the address stays the same on every visit (a calendar app keeps it).
Making a new link raises the version (CalendarLink), so every older link stops working — for when a link was
shared by mistake.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from activities.models import CalendarLink

SALT = "activities.my-calendar"


def _version(user) -> int:
    return CalendarLink.objects.filter(user=user).values_list("version", flat=True).first() or 0


def calendar_token(user) -> str:
    return signing.Signer(salt=SALT).sign_object([user.pk, _version(user)])


def calendar_path(user) -> str:
    return reverse("activities_my_feed", kwargs={"token": calendar_token(user)})


def user_for_token(token: str):
    """The person of a valid, current token; None for a tampered or replaced one, or a closed account."""
    try:
        pk, version = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or version != _version(user):
        return None
    return user


@transaction.atomic
def calendar_link_renew(*, user) -> str:
    """A new secret address; the old one stops working at once."""
    link, _created = CalendarLink.objects.select_for_update().get_or_create(user=user)
    CalendarLink.objects.filter(pk=link.pk).update(version=F("version") + 1)
    return calendar_path(user)
