from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.display import Display


def display(request):
    """The display switches for <html class="…">; reads a cookie, never the database."""
    return {"display": Display.from_request(request)}


def content_language(request):
    """`content_lang`: ` lang="nl"` for the content editors wrote (titles, intros, bodies, descriptions: always
    Dutch) while the interface is in another language, so a screen reader reads it as Dutch; empty in Dutch.
    Templates put it on the element around that content: `<h1{{ content_lang }}>`."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return {"content_lang": ""}
    return {"content_lang": mark_safe(f' lang="{settings.LANGUAGE_CODE}"')}  # noqa: S308 - a fixed setting


def _stored_contact() -> dict:
    """What staff entered under Instellingen (`portal.models.CorporationContact`), from the cache: no query on a
    normal page. Empty when the database is away (the error pages must still show a number)."""
    from django.core.cache import cache
    from django.db import DatabaseError

    from portal.models import CORPORATION_CONTACT_CACHE_KEY, CorporationContact

    stored = cache.get(CORPORATION_CONTACT_CACHE_KEY)
    if stored is None:
        try:
            row = CorporationContact.objects.values("name", "phone", "phone_hours").first()
        except (DatabaseError, RuntimeError):  # RuntimeError: a test without database access renders a page
            return {}
        stored = row or {}
        cache.set(CORPORATION_CONTACT_CACHE_KEY, stored, None)
    return stored


def corporation_contact() -> dict:
    """Name, phone (as shown and as a tel: link) and phone hours of the corporation: what staff entered in the
    admin, else the server's settings (so the error pages have them without the database)."""
    stored = _stored_contact()
    phone = stored.get("phone") or settings.PORTAL_CORPORATION_PHONE
    digits = "".join(ch for ch in phone if ch.isdigit())
    href = f"tel:+31{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"
    return {
        "name": stored.get("name") or settings.PORTAL_CORPORATION_NAME,
        "phone": phone,
        "phone_href": href,
        "phone_hours": stored.get("phone_hours")
        or settings.PORTAL_CORPORATION_PHONE_HOURS
        or _("maandag tot en met vrijdag, 9.00–17.00 uur"),
    }


def corporation(request):
    return {"corporation": corporation_contact()}
