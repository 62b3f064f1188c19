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


def corporation_contact() -> dict:
    """Name, phone (as shown and as a tel: link) and phone hours of the corporation; from the settings, so the
    error pages have them without the database."""
    phone = settings.PORTAL_CORPORATION_PHONE
    digits = "".join(ch for ch in phone if ch.isdigit())
    href = f"tel:+31{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"
    return {
        "name": settings.PORTAL_CORPORATION_NAME,
        "phone": phone,
        "phone_href": href,
        "phone_hours": settings.PORTAL_CORPORATION_PHONE_HOURS or _("maandag tot en met vrijdag, 9.00–17.00 uur"),
    }


def corporation(request):
    return {"corporation": corporation_contact()}
