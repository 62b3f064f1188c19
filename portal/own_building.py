"""A visitor's own building: which building the front page shows first.

A logged-in resident's building is the one on their profile (their verified home decides it); a visitor without
an account, or without a building on the profile, says it once on the front page ("Welk gebouw is van u?") and the
portal remembers it in a cookie. The cookie holds the building's id only: the page cache keys on it
(`portal.page_cache`), so a visitor from De Linde and one from Het Anker each get their own stored front page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from portal.models import BuildingPage
from portal.restrictions import public

COOKIE_NAME = "gebouw"
# The paths whose page depends on the cookie (the page cache keeps one copy per building of these only): the
# front page, and the listings and calendar that offer it as a one-click building choice ("Mijn gebouw: …",
# `portal.filters.building_pick`). A listing moved elsewhere simply does not offer it (`own_building_here`).
PAGES_THAT_READ_IT = frozenset({"/", "/activiteiten/", "/activiteiten/kalender/", "/nieuws/"})
PROFILE = "profile"
COOKIE = "cookie"


def cookie_value(request) -> str:
    """The building id in the cookie, or "" when there is none or it is not an id."""
    value = request.COOKIES.get(COOKIE_NAME, "")
    return value if value.isdigit() and len(value) <= 10 else ""


@dataclass(frozen=True)
class OwnBuilding:
    building: BuildingPage | None
    source: str | None  # PROFILE, COOKIE or None (nobody said yet)


def own_building(request) -> OwnBuilding:
    """The profile's building for a logged-in person who has one, else the cookie's; one query at most, once per
    request (the page cache's key and the page itself both ask)."""
    found = getattr(request, "_own_building", None)
    if found is None:
        found = request._own_building = _own_building(request)
    return found


def _own_building(request) -> OwnBuilding:
    fields = ("path", "depth", "url_path", "title", "slug")
    if request.user.is_authenticated:
        building = BuildingPage.objects.filter(resident_profiles__user=request.user, live=True).only(*fields).first()
        if building is not None:
            return OwnBuilding(building, PROFILE)
    pk = cookie_value(request)
    if pk:
        building = public(BuildingPage.objects.live()).filter(pk=int(pk)).only(*fields).first()
        if building is not None:
            return OwnBuilding(building, COOKIE)
    return OwnBuilding(None, None)


def set_cookie(response, building: BuildingPage | None) -> None:
    """Remember the building for a year; None forgets it (the front page shows all buildings again)."""
    if building is None:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        str(building.pk),
        max_age=settings.PORTAL_DISPLAY_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def own_building_here(request) -> BuildingPage | None:
    """The own building a page may show: the profile's (a resident's stored page is kept per own building), the
    cookie's only on the pages the page cache keeps one copy of per building (`PAGES_THAT_READ_IT`), so no visitor
    is offered another's building."""
    if not request.user.is_authenticated and (request.path not in PAGES_THAT_READ_IT or not cookie_value(request)):
        return None
    found = own_building(request)
    if found.source == COOKIE and request.path not in PAGES_THAT_READ_IT:
        return None
    return found.building
