"""The page cache: whole public pages for anonymous visitors, kept until the content changes.

Most visitors are not logged in, and the pages they read (the front page, activities, news, buildings,
tours, search) are the same for all of them. The first request renders a page; the next ones, for
`PORTAL_PAGE_CACHE_SECONDS` at most, get the stored response.

What is cached, and for whom (`PageCacheMiddleware`):

- only GET requests that carry no cookies but the language, the display switches (larger text, high
  contrast), the visitor's own building (`portal.own_building`) and the CSRF cookie: a session cookie (logged in,
  or a message waiting) means no cache;
- only the views in `CACHED_VIEWS` (Wagtail's pages, the search, the iCal feed); forms with a per-request value,
  the signed booking links and everything under /mijn/ and /admin/ are Django views not on that list;
- only a 200 without cookies in it and without `Cache-Control: private/no-cache/no-store`: a page
  that used a CSRF token sets the CSRF cookie, so a form with a token is never stored;
- one copy per path, language, display switches, own building and the query parameters the pages read
  (`QUERY_PARAMETERS`): anything else in the query string (`?utm_source=…`, `?x=1`) is left out of the key, so
  made-up parameters neither fill the cache nor make a render each; the order of the parameters does not count.

When content changes, every stored page goes at once: the key holds a *generation*, a random token
in the same cache, and `invalidate()` replaces it after the change is committed. `connect()` calls it
for every save or delete of what public pages show (`watched_models()`: pages, images, sites, redirects,
caretakers' presence and absences, and what the feature apps register: dates and sign-ups, committees' members,
ambassadors' times and bookings); services that write in bulk call it themselves. Time alone changes
pages too ("this week", places left before a deadline): that is what the short lifetime is for. In
production the cache must be shared (Redis), so that a change on one app server clears the pages of
all of them.

While Redis is away (`portal.cache.ResilientRedisCache`) there is no generation, so every page is rendered
and none is stored; a change made meanwhile could not replace the generation. So when Redis answers again,
`portal.cache.recovered` starts a new generation: no page stored before or during the outage is served.
"""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.utils.cache import add_never_cache_headers, cc_delim_re

from portal import own_building, registry
from portal.display import COOKIE_NAME as DISPLAY_COOKIE
from portal.display import Display

GENERATION_KEY = "page-cache:generation"
CACHED_VIEWS = {"wagtail_serve", "search", "activities_feed"}  # the feed: public, the same for all
HEADER = "X-Page-Cache"  # "hit" or "miss", for whoever wants to know (and the tests)
UNCACHEABLE = {"private", "no-cache", "no-store"}
# The query parameters the cached pages read: the filters of /activiteiten/ (and its calendar) and /nieuws/, the
# page number, the calendar's month and the search words. Only these are part of a page's key; a page that starts
# reading another parameter adds it here (tests/portal/test_page_cache.py compares this with the filters).
QUERY_PARAMETERS = frozenset(
    {"gebouw", "categorie", "periode", "van", "tot", "plaatsen", "soort", "commissie", "pagina", "maand", "q"}
    | {"zoek_gebouw"}  # the building search of the listings, the calendar and the front page (`portal.filters`)
)


def generation() -> str | None:
    """The current generation; None while the cache cannot keep one (Redis away): then nothing is cached."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**_signal_kwargs) -> None:
    """Every stored page is out of date: a new generation now, and again once the change is committed
    (a page rendered in between, from the data before the commit, goes too)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _allowed_cookies() -> set[str]:
    return {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME, DISPLAY_COOKIE, own_building.COOKIE_NAME}


def cache_key(request) -> str | None:
    """The key of this request's page, or None when it may not be served from the cache."""
    if settings.PORTAL_PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    if not set(request.COOKIES) <= _allowed_cookies():
        return None
    current = generation()
    if current is None:
        return None
    url = hashlib.sha256(_url_for_key(request).encode()).hexdigest()
    display = Display.from_request(request).cookie_value  # one of four, whatever the cookie holds
    # The visitor's own building, on the pages that show it first (the front page): other pages stay one copy.
    building = own_building.cookie_value(request) if request.path in own_building.PAGES_THAT_READ_IT else ""
    return f"page-cache:{current}:{request.LANGUAGE_CODE}:{display}:{building}:{url}"


def _url_for_key(request) -> str:
    """The page's address with only the known query parameters (`QUERY_PARAMETERS`), in a fixed order."""
    known = QueryDict(mutable=True)
    for name, values in sorted(request.GET.lists()):
        if name in QUERY_PARAMETERS:
            known.setlist(name, values)
    return f"{request.scheme}://{request.get_host()}{request.path}?{known.urlencode()}"


def storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not directives & UNCACHEABLE


class PageCacheMiddleware:
    """Serves and stores public pages for anonymous visitors; see the module's docstring.

    It sits after the locale, CSRF, authentication and messages middleware (so the language is known
    and a stored page passes back through them unchanged), before the portal's admin and redirect
    middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                stored[HEADER] = "hit"
                return stored
        response = self.get_response(request)
        if key is not None and storable(request, response):  # the handler has rendered it by now
            response[HEADER] = "miss"
            timeout = lifetime(request)
            if timeout > 0:
                cache.set(key, response, timeout)
        return response


def keep_until(request, moment) -> None:
    """What this page shows stops being true at `moment` (a caretaker arrives or leaves, an absence begins or
    ends): the page cache keeps it no longer than that. A building page and its programme say so
    (`portal.selectors.building_detail`'s `fresh_until`)."""
    current = getattr(request, "_page_cache_until", None)
    request._page_cache_until = moment if current is None else min(current, moment)


def lifetime(request) -> int:
    """Seconds to keep this request's page: PORTAL_PAGE_CACHE_SECONDS, or less when the page said until when it
    holds (`keep_until`)."""
    from django.utils import timezone

    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    until = getattr(request, "_page_cache_until", None)
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()))
    return seconds


# Pages of one person whatever the request carries: my page and everything under it, allauth's account pages
# (log-in, sign-up, codes, e-mail addresses, second factor) and a visitor's signed booking link.
PRIVATE_PREFIXES = ("/mijn/", "/accounts/", "/rondleidingen/boeking/")


def is_personal(request, response) -> bool:
    """Whether this response may show one person's data: see `PrivateResponseMiddleware`."""
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if not set(request.COOKIES) <= _allowed_cookies():  # a session (logged in, or a message waiting)
        return True
    if response.cookies.keys() - _allowed_cookies():  # starts a session, leaves a message, logs in or out
        return True
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store, private` (Django's never-cache headers) on every response that may show one
    person's data, so no browser, proxy or shared computer keeps it.

    Personal is: a path under `PRIVATE_PREFIXES`, a request with a cookie the page cache does not accept (the
    session: logged in, or a message waiting), a response that sets such a cookie or changes the session, and
    anything answered to a logged-in person. The rule sits here, not on each view, so a new view cannot forget
    it; a view that means to be cached by everyone says `Cache-Control: public` and is left alone. Anonymous
    public pages keep what they had (the page cache's `X-Page-Cache`, no Cache-Control of their own).

    It sits right after the session middleware: it sees the session, the user and the cookies the other
    middleware set (messages, language) before the session middleware writes the session cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", "").lower() and is_personal(request, response):
            add_never_cache_headers(response)
        return response


def watched_models() -> set[type[Model]]:
    """The models whose rows public pages show: a save or delete of any of them clears the cache.

    The core's own (pages of every type, sites, view restrictions, redirects, images, caretakers and their
    presence) and what the feature apps register under `registry.PAGE_CACHE_MODELS` in their wagtail_hooks.
    """
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images.models import Image
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models

    from portal.models import Caretaker, CaretakerAbsence, PresenceSlot, StandIn

    # Each page type sends its own class as the sender of post_save, so every page model is watched.
    models = {
        Page,
        Site,
        PageViewRestriction,
        Redirect,
        Image,
        Caretaker,
        PresenceSlot,
        CaretakerAbsence,
        StandIn,
        *get_page_models(),
    }
    for contributed in registry.each(registry.PAGE_CACHE_MODELS):
        models.update(contributed)
    return models


@functools.cache
def _watched() -> frozenset[type[Model]]:
    return frozenset(watched_models())


def forget_watched_models() -> None:
    """Read the registry again at the next save (for tests that register a model for a while)."""
    _watched.cache_clear()


def _invalidate_if_shown(sender, **_signal_kwargs) -> None:
    if not apps.ready:  # a save while the apps start (the registry cannot be read yet): clear to be safe
        invalidate()
    elif sender in _watched():
        invalidate()


def _after_outage(**_signal_kwargs) -> None:
    """Redis answers again: changes made while it was away could not clear the stored pages; this does."""
    _new_generation()


def connect() -> None:
    """Clear the page cache after every save or delete of what public pages show (`watched_models()`), and
    when the shared cache comes back after an outage.

    Called from `PortalConfig.ready()`, which runs before the feature apps' `ready()` and before Wagtail's
    own (the snippets' registration, the admin's signal handlers): reading the registry there would import
    every app's wagtail_hooks, and with it admin code, while the apps are still starting. So the receiver
    listens to every model's saves and deletes and reads the registry once, at the first save (when every
    app is ready), keeping the answer; a save of a model nobody watches costs one set lookup. The alternative,
    each app connecting its models from its own `ready()`, would put the list in two places.
    """
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from portal.cache import recovered

    recovered.connect(_after_outage, dispatch_uid="page-cache-after-outage")
    post_save.connect(_invalidate_if_shown, dispatch_uid="page-cache-save")
    post_delete.connect(_invalidate_if_shown, dispatch_uid="page-cache-delete")
    # Wagtail's page signals name the page, not the model.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page-cache-{id(signal)}")
