"""The secret address of an ambassador's own tours, for a calendar app that subscribes without logging in
(as `activities.calendar_links` does for a person's sign-ups).

The token is the ambassador's id and the link's version, signed with the secret key: it cannot be guessed or
altered. A new link raises `Ambassador.feed_version`, so every older link stops working at once.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from ambassadors.models import Ambassador

SALT = "ambassadors.my-tours-calendar"


def feed_token(ambassador: Ambassador) -> str:
    return signing.Signer(salt=SALT).sign_object([ambassador.pk, ambassador.feed_version])


def feed_path(ambassador: Ambassador) -> str:
    return reverse("my_tours_feed", kwargs={"token": feed_token(ambassador)})


def ambassador_for_token(token: str) -> Ambassador | None:
    """The ambassador of a valid, current token; None for a tampered or replaced one, or a closed account."""
    try:
        pk, version = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    ambassador = Ambassador.objects.filter(pk=pk, user__is_active=True).first()
    if ambassador is None or ambassador.feed_version != version:
        return None
    return ambassador


@transaction.atomic
def feed_link_renew(*, ambassador: Ambassador) -> str:
    """A new secret address; the old one stops working at once."""
    Ambassador.objects.filter(pk=ambassador.pk).update(feed_version=F("feed_version") + 1)
    ambassador.refresh_from_db(fields=["feed_version"])
    return feed_path(ambassador)
