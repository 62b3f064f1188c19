"""The link in a consultation e-mail that stops these e-mails without logging in (signed, like the tour links)."""

from __future__ import annotations

from django.core import signing

_SALT = "consultations.no_invitations"


def opt_out_token(user) -> str:
    return signing.dumps(user.pk, salt=_SALT, compress=True)


def opt_out_user_id(token: str) -> int | None:
    """The account of a valid link, or None (a link never expires: stopping e-mail must always work)."""
    try:
        return int(signing.loads(token, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
