"""The page cache: whole public pages, kept until the content changes; for anonymous visitors whole, for
logged-in residents without their personal parts.

Most visitors are not logged in, and the pages they read (the front page, activities, news, buildings,
tours, search) are the same for all of them. The first request renders a page; the next ones, for
`PORTAL_PAGE_CACHE_SECONDS` at most, get the stored response.

What is cached, and for whom (`PageCacheMiddleware`):

- only GET requests that carry no cookies but the language, the display switches (larger text, high
  contrast), the visitor's own building (`portal.own_building`) and the CSRF cookie: a session cookie (logged in,
  or a message waiting) means no cache, except for a logged-in resident on a page of `RESIDENT_PATHS` (below);
- only the views in `CACHED_VIEWS` (Wagtail's pages, the search, the iCal feed); forms with a per-request value,
  the signed booking links and everything under /mijn/ and /admin/ are Django views not on that list;
- only a 200 without cookies in it and without `Cache-Control: private/no-cache/no-store`: a page
  that used a CSRF token sets the CSRF cookie, so a form with a token is never stored;
- one copy per path, language, display switches, own building and the query parameters the pages read
  (`QUERY_PARAMETERS`): anything else in the query string (`?utm_source=…`, `?x=1`) is left out of the key, so
  made-up parameters neither fill the cache nor make a render each; the order of the parameters does not count.

Logged-in residents read mostly the same pages. On the lists (/activiteiten/, its calendar, /nieuws/, /gebouwen/)
and a building's page, what differs between residents is only what base.html marks `{% personal %}`: the menu's
"Mijn pagina", the log-out form with its CSRF token, the messages ("U bent aangemeld"). Those pages are stored a
second time (the "resident" copy, never served to an anonymous visitor nor the other way round) with the personal
parts cut out, and each request fills them in from the request alone (`_fill`): two queries (the session and the
user) instead of a render. Staff, restricted pages and the pages whose body is one person's (the activity page
with its sign-up buttons, the front page with one's own building) are rendered per request as before. The
response says `X-Page-Cache: hit` or `miss` and stays `no-store` (`PrivateResponseMiddleware`).

When content changes, the stored pages that show it go: the key holds *generations*, random tokens in the same
cache that a change replaces after it is committed. Two are in every key, fetched with one `get_many`:

- the global one, which `invalidate()` replaces: structural changes (a page moved, a building page, a site, a
  redirect, a view restriction, an image, a caretaker of several buildings, the tenants' platform's content
  shown in every building) and whatever cannot be placed in one building;
- the page's scope (`page_scope`, from the address alone): the building's slug for /gebouwen/<slug>/… (the
  building page and all pages under it), /rondleidingen/<slug>/ and any `?gebouw=<slug>` list; "listing" for the
  pages across buildings (the front page, the lists unfiltered, /gebouwen/, the search, the platform's pages).

A change that belongs to one building (`buildings_of`: pages below it store their building, the apps say how
their models find theirs under `registry.PAGE_CACHE_SCOPES`) replaces that building's generation and the
listing's. A sign-up, a tour booking or a ballot (`Scope(listed=False)`) replaces only the building's: on the
cross-building pages it changes just a figure (places left, free times, answers), and with 1,200 buildings a
sign-up somewhere every few seconds would leave those pages never cached. So they live shorter instead
(`PORTAL_PAGE_CACHE_LISTING_SECONDS`, default a minute): a list may show a place that was just taken, for that
long; the activity page, in the building's scope, is right at once, and signing up checks the places anyway.

`connect()` does this for every save or delete of what public pages show (`watched_models()`: pages, images,
sites, redirects, caretakers' presence and absences, and what the feature apps register: dates and sign-ups,
committees' members, ambassadors' times and bookings); services that write in bulk call `invalidate()`
themselves. Time alone changes pages too ("this week", places left before a deadline): that is what the short
lifetime is for. In production the cache must be shared (Redis), so that a change on one app server clears the
pages of all of them.

While Redis is away (`portal.cache.ResilientRedisCache`) there is no generation, so every page is rendered
and none is stored; a change made meanwhile could not replace the generation. So when Redis answers again,
`portal.cache.recovered` starts a new global generation: no page stored before or during the outage is served.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers, cc_delim_re

from portal import own_building, registry
from portal.display import COOKIE_NAME as DISPLAY_COOKIE
from portal.display import Display

GENERATION_KEY = "page-cache:generation"
# A building's own generation and the corporation-wide one of the cross-building pages (`Scope`).
SCOPE_KEY = "page-cache-generation:{}"
# A scope's generation lapses after a week unless a change replaced it: a lapsed one is only a new generation (the
# scope's pages render once more), and the keys of buildings made up in addresses do not pile up.
SCOPE_SECONDS = 7 * 24 * 3600
SLUG = re.compile(r"[-\w]{1,100}")
LISTING = "*"
LISTING_SECONDS = 60  # the default of PORTAL_PAGE_CACHE_LISTING_SECONDS
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
# The addresses whose first part after the prefix is a building's slug: the building page and everything under it
# (its committees, their news and activities, the programme) and a building's tour times.
BUILDING_PREFIXES = ("/gebouwen/", "/rondleidingen/")
NOT_A_BUILDING = frozenset({"", "boeking"})
# The lists whose `?gebouw=<slug>` shows that building's items only (and the tenants' platform's, which clear every
# page): on any other page the parameter would be made up, and the page must keep the cross-building scope.
FILTERED_LISTS = frozenset({"/activiteiten/", "/activiteiten/kalender/", "/nieuws/"})


@dataclass(frozen=True)
class Scope:
    """How a registered model finds its building (`registry.PAGE_CACHE_SCOPES`).

    `building` is the lookup from the model to its building page ("building", "occurrence__activity__building");
    `listed` says whether cross-building pages must see a change at once: a sign-up, a booking or a ballot changes
    only a figure there (places left, homes that answered), which the listing's short lifetime keeps fresh enough.
    """

    building: str = "building"
    listed: bool = True


def page_scope(request) -> str:
    """The generation besides the global one that this page keys on: its building's slug, or LISTING."""
    path = request.path
    for prefix in BUILDING_PREFIXES:
        if path.startswith(prefix):
            slug = path[len(prefix) :].split("/", 1)[0]
            if slug not in NOT_A_BUILDING:
                return slug
    slug = request.GET.get("gebouw", "") if path in FILTERED_LISTS else ""
    return slug or LISTING


def _scope_key(scope: str) -> str | None:
    """The cache key of a scope's generation; None for an address no building could have (made up): such a page
    is not cached, and no key is made for it."""
    if scope != LISTING and not SLUG.fullmatch(scope):
        return None
    return SCOPE_KEY.format(scope)


def generations(scope: str = LISTING) -> tuple[str, str] | None:
    """The global generation and the scope's, in one round trip to the cache; None while the cache cannot keep
    them (Redis away): then nothing is cached."""
    scope_key = _scope_key(scope)
    if scope_key is None:
        return None
    keys = [GENERATION_KEY, scope_key]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None if key == GENERATION_KEY else SCOPE_SECONDS)
        found.update(cache.get_many(missing))
        if any(key not in found for key in keys):
            return None
    return found[keys[0]], found[keys[1]]


def generation() -> str | None:
    """The current global generation; None while the cache cannot keep one (Redis away)."""
    current = generations()
    return None if current is None else current[0]


KEPT_KEY = "portal:kept:{}:{}:{}"
KEPT_SECONDS = 3600  # a value's key changes with the generation; an old one expires unread


def listing_seconds() -> int:
    """How long a list across buildings is kept (PORTAL_PAGE_CACHE_LISTING_SECONDS): a sign-up or a message in
    any building changes what it shows without clearing it."""
    return getattr(settings, "PORTAL_PAGE_CACHE_LISTING_SECONDS", LISTING_SECONDS)


def known_query(request) -> list[tuple[str, list[str]]]:
    """The request's known query parameters (`QUERY_PARAMETERS`) in a fixed order: what a value kept for this
    address is named by (`kept_name`), whatever else the address carries."""
    return sorted((key, values) for key, values in request.GET.lists() if key in QUERY_PARAMETERS)


def kept_name(*parts) -> str:
    """A short, safe name for a kept value that depends on what a request asked (a query, filters, the slugs of
    a page of buildings): a digest of the parts, for `kept_with_pages`."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def kept_with_pages(name: str, compute, *, scope: str = LISTING, until=None):
    """A value that public pages of `scope` show (the buildings with tours, in order), worked out once per
    generation of those pages: whatever clears them (a page, an ambassador, a view restriction) makes a new key,
    so the value is never older than the pages. Without the cache (Redis away) it is worked out each time.

    `until(value)`, when given, is the moment the value stops being true with time alone (a caretaker's hours
    begin or end): it is kept no longer, and a value read after that moment is worked out again.

    For what a page reads from most of the table, not for a person's data: it is shared by everyone."""
    from django.utils import timezone

    current = generations(scope)
    if current is None:
        return compute()
    key = KEPT_KEY.format(name, *current)
    value = cache.get(key)
    now = timezone.now()
    if value is not None and (until is None or until(value) > now):
        return value
    value = compute()
    seconds = KEPT_SECONDS
    if until is not None:
        seconds = min(seconds, int((until(value) - now).total_seconds()))
    if seconds > 0:
        cache.set(key, value, timeout=seconds)
    return value


def kept_many_with_pages(name: str, keys, compute_missing) -> dict:
    """`kept_with_pages` for a few values of many (the labels of the buildings a list shows): one round trip to
    the cache for all of them, and `compute_missing(keys)` (a dict) for those it does not hold. Kept under the
    global generation, which any change of a page renews."""
    keys = list(keys)
    current = generations() if keys else None
    if current is None:
        return compute_missing(keys) if keys else {}
    names = {KEPT_KEY.format(name, current[0], key): key for key in keys}
    found = {names[cache_key]: value for cache_key, value in cache.get_many(list(names)).items()}
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute_missing(missing)
        cache.set_many(
            {KEPT_KEY.format(name, current[0], key): value for key, value in computed.items()}, timeout=KEPT_SECONDS
        )
        found.update(computed)
    return found


def _new_generation(*scopes: str) -> None:
    if scopes:
        keys = [key for key in map(_scope_key, scopes) if key is not None]
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=SCOPE_SECONDS)
    else:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate(**_signal_kwargs) -> None:
    """Every stored page is out of date: a new generation now, and again once the change is committed
    (a page rendered in between, from the data before the commit, goes too)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def invalidate_buildings(slugs, *, listed: bool = True) -> None:
    """The pages of these buildings are out of date (and, when `listed`, the cross-building pages): new
    generations for them now and after the commit, as `invalidate()` does for all."""
    scopes = [*slugs, LISTING] if listed else list(slugs)
    _new_generation(*scopes)
    transaction.on_commit(lambda: _new_generation(*scopes))


def _allowed_cookies() -> set[str]:
    return {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME, DISPLAY_COOKIE, own_building.COOKIE_NAME}


def cache_key(request) -> str | None:
    """The key of this request's page, or None when it may not be served from the cache."""
    if settings.PORTAL_PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    variant = _variant(request)
    if variant is None:
        return None
    scope = page_scope(request)
    current = generations(scope)
    if current is None:
        return None
    url = hashlib.sha256(_url_for_key(request).encode()).hexdigest()
    display = Display.from_request(request).cookie_value  # one of four, whatever the cookie holds
    # The visitor's own building, on the pages that offer it (`own_building.PAGES_THAT_READ_IT`): other pages stay
    # one copy. A resident's is their profile's (one query, kept on the request for the page itself).
    building = ""
    if request.path in own_building.PAGES_THAT_READ_IT:
        if variant == "resident":
            found = own_building.own_building(request).building
            building = f"p{found.pk}" if found is not None else ""
        else:
            building = own_building.cookie_value(request)
    global_generation, scope_generation = current
    return (
        f"page-cache:{global_generation}:{scope_generation}:{request.LANGUAGE_CODE}:{display}:{building}:"
        f"{variant}:{url}"
    )


def _variant(request) -> str | None:
    """ "anon" for a visitor without a session, "resident" for a logged-in person on a page that shows residents
    nothing of their own but the personal parts (`RESIDENT_PATHS`); None: not from the cache."""
    cookies = set(request.COOKIES)
    if cookies <= _allowed_cookies():
        return "anon"
    if not cookies <= _allowed_cookies() | {settings.SESSION_COOKIE_NAME, "messages"}:
        return None
    if not any(pattern.fullmatch(request.path) for pattern in RESIDENT_PATHS):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_superuser:
        return None  # staff may see what residents do not (drafts, edit links): their pages are their own
    return "resident"


def _url_for_key(request) -> str:
    """The page's address with only the known query parameters (`QUERY_PARAMETERS`), in a fixed order."""
    known = QueryDict(mutable=True)
    for name, values in sorted(request.GET.lists()):
        if name in QUERY_PARAMETERS:
            known.setlist(name, values)
    return f"{request.scheme}://{request.get_host()}{request.path}?{known.urlencode()}"


def storable(request, response, *, resident: bool = False) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming:
        return False
    directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & UNCACHEABLE:
        return False
    if resident:
        # A resident's page sets the CSRF cookie (the log-out form's token) and may set the session's: those
        # belong to the response, not the stored page. A page behind a view restriction is never shared.
        if response.cookies.keys() - {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"}:
            return False
        page = getattr(request, "_page_cache_page", None)
        if match.url_name == "wagtail_serve" and (page is None or page.get_view_restrictions()):
            return False
        return True
    return not response.cookies


# The pages a logged-in resident gets from the cache (their variant "resident"): the same for every resident but
# for the personal parts (`personal_parts`). The activity page (the sign-up buttons and "u bent aangemeld"), the
# front page (the resident's own building and sign-ups) and the building's forms stay rendered per request.
RESIDENT_PATHS = tuple(
    re.compile(pattern)
    for pattern in (r"/activiteiten/", r"/activiteiten/kalender/", r"/nieuws/", r"/gebouwen/", r"/gebouwen/[-\w]+/")
)
HOLE = re.compile(r"<!--personal:([\w/.-]+)-->(.*?)<!--/personal-->", re.DOTALL)
PLACEHOLDER = re.compile(r"<!--personal:([\w/.-]+)-->")


def personal_part(request, template_name: str, rendered: str) -> str:
    """What `{% personal %}` puts in the page: the part as rendered, marked when the page is for the resident
    variant, so that `PageCacheMiddleware` stores the page without it and renders it again for each request."""
    if getattr(request, "_page_cache_holes", False):
        return f"<!--personal:{template_name}-->{rendered}<!--/personal-->"
    return rendered


def _fill(request, stored: str) -> str:
    """The stored page with each personal part rendered for this request (from the request alone: the user, the
    messages, the CSRF token; see `{% personal %}`)."""
    from django.template.loader import render_to_string

    return PLACEHOLDER.sub(lambda hole: render_to_string(hole.group(1), request=request), stored)


class PageCacheMiddleware:
    """Serves and stores public pages for anonymous visitors and, without their personal parts, for logged-in
    residents; see the module's docstring.

    It sits after the locale, CSRF, authentication and messages middleware (so the language is known
    and a stored page passes back through them unchanged), before the portal's admin and redirect
    middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        holes = key is not None and ":resident:" in key
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                if holes:
                    stored = _filled_response(request, stored)
                stored[HEADER] = "hit"
                return stored
        request._page_cache_holes = holes
        response = self.get_response(request)
        if key is not None and storable(request, response, resident=holes):  # the handler has rendered it by now
            response[HEADER] = "miss"
            timeout = lifetime(request)
            stored = _without_personal_parts(response) if holes else response
            # A CSRF token outside the personal parts is one person's: such a page is not shared (a safety net;
            # the pages of `RESIDENT_PATHS` have none).
            if timeout > 0 and not (holes and b"csrfmiddlewaretoken" in stored.content):
                cache.set(key, stored, timeout)
        if holes and not response.streaming and b"<!--personal:" in response.content:
            response.content = HOLE.sub(r"\2", response.content.decode(response.charset))
        if HEADER not in response and (holes or (key is None and _rendered_for_someone(request))):
            response[HEADER] = "miss"  # a logged-in person's page, rendered whole: counts for the hit rate
        return response


def _rendered_for_someone(request) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return match is not None and match.url_name in CACHED_VIEWS and user is not None and user.is_authenticated


def _without_personal_parts(response) -> HttpResponse:
    stored = HttpResponse(
        HOLE.sub(lambda hole: f"<!--personal:{hole.group(1)}-->", response.content.decode(response.charset)),
        status=response.status_code,
    )
    for name, value in response.items():
        if name.lower() not in {"content-length", "cache-control", "set-cookie"}:
            stored[name] = value
    return stored


def _filled_response(request, stored) -> HttpResponse:
    response = HttpResponse(_fill(request, stored.content.decode(stored.charset)), status=stored.status_code)
    for name, value in stored.items():
        if name.lower() != "content-length":
            response[name] = value
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
    if page_scope(request) == LISTING:  # the places left on cross-building lists: no sign-up clears them
        seconds = min(seconds, listing_seconds())
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
    _scopes.cache_clear()


@functools.cache
def _scopes() -> dict[type[Model], Scope]:
    scopes: dict[type[Model], Scope] = {}
    for contributed in registry.each(registry.PAGE_CACHE_SCOPES):
        scopes.update(contributed)
    return scopes


def buildings_of(instance) -> tuple[list[str], bool] | None:
    """The slugs of the buildings whose pages show this object, and whether cross-building pages show it too;
    None when it belongs to no one building (the tenants' platform's, a building page itself, a caretaker of
    several buildings, an image): then every page goes. One small query, on the write side only."""
    from portal.models import BuildingPage

    if isinstance(instance, BuildingPage):  # its title and slug show on lists, its slug is in its pages' keys
        return None
    scope = _scopes().get(type(instance))
    if scope is None:
        if not hasattr(instance, "building_id"):  # pages below a building and the core's models store it
            return None
        scope = Scope()
    first, _, rest = scope.building.partition("__")
    field = instance._meta.get_field(first)
    key = getattr(instance, field.attname)
    if key is None:
        return None
    if rest:
        slugs = list(field.related_model._base_manager.filter(pk=key).values_list(f"{rest}__slug", flat=True))
    else:
        slugs = list(BuildingPage.objects.filter(pk=key).values_list("slug", flat=True))
    if not slugs or None in slugs:
        return None
    return slugs, scope.listed


def changed(instance) -> None:
    """This object was saved or deleted: new generations for its building's pages, or for all pages."""
    found = buildings_of(instance)
    if found is None:
        invalidate()
    else:
        invalidate_buildings(found[0], listed=found[1])


def _invalidate_if_shown(sender, instance=None, **_signal_kwargs) -> None:
    if not apps.ready:  # a save while the apps start (the registry cannot be read yet): clear to be safe
        invalidate()
    elif sender in _watched():
        if instance is None or _signal_kwargs.get("raw"):  # a fixture: its related rows may not be there yet
            invalidate()
        else:
            changed(instance)


def _page_changed(sender, instance=None, **_signal_kwargs) -> None:
    """A page was published or unpublished: its building's pages, or all when it has none."""
    if instance is None or not apps.ready:
        invalidate()
    else:
        changed(instance)


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
    # Wagtail's page signals name the page, not the model. A move changes addresses: every page goes.
    for signal in (page_published, page_unpublished):
        signal.connect(_page_changed, dispatch_uid=f"page-cache-{id(signal)}")
    post_page_move.connect(invalidate, dispatch_uid=f"page-cache-{id(post_page_move)}")
