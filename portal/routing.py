"""Finding the site and the front page of a request without asking the database each time.

Wagtail routes every page request through `Page.route_for_request`: it looks up the `Site` for the host (one
query, `Site.find_for_request`), then the site's front page as its specific class (one more), and asks that
page to route the rest of the path (`HomePage.route`: one query for the deepest page whose `url_path` matches,
and one for its specific class). At the size of the largest corporation the first two cost 4–5 ms of every page,
up to half of a news item's time, for an answer that changes perhaps once a year.

`SiteMiddleware` keeps, per process, the site of each host with a *routing-only* front page: a `HomePage`
instance that holds only what routing reads (id, path, depth, url_path). Wagtail's own `request._wagtail_site`
is set to it, so `Site.find_for_request` and `route_for_request` use it without a query. `HomePage.route`
fetches the real front page when the path is the front page itself (`routing_only`), so the front page is never
served from a copy kept in memory.

`deepest_page` keeps, per process, which page is at each address, for the page cache's current generation; the
page is read fresh and its address compared, so a move, rename or deletion is seen at once.

A kept site lives `SITE_SECONDS` at most, and a save or delete of a site, or a move or publication of a page at
the top of the tree, clears this process's copy at once. Other app servers notice within `SITE_SECONDS`: a new
hostname or a renamed front page address is rare (an administrator's change), and a minute is acceptable.
Every view outside the admin gets it (Wagtail's pages route with it, other views build page links with it); the
admin uses Wagtail's own lookup, as its views may read the front page's fields. When the database does not
answer, the lookup is left to Wagtail, so a view that needs no site (`/healthz`) still answers.
"""

from __future__ import annotations

import time
from copy import copy

from django.conf import settings
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

SITE_SECONDS = 60
_sites: dict[tuple[str, int], tuple[float, object]] = {}


def forget_sites(**_signal_kwargs) -> None:
    _sites.clear()


def _forget_if_top(sender=None, instance=None, **_signal_kwargs) -> None:
    """A page at the top of the tree (the root, a front page) was saved, moved or (un)published."""
    from wagtail.models import Page

    if isinstance(instance, Page) and (instance.depth or 3) <= 2:
        _sites.clear()


def _routing_site(hostname: str, port: int):
    """The site of this host with its routing-only front page, or None when no site answers for it."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    from portal.models import HomePage

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    root = site.root_page
    if root.specific_class is HomePage:
        router = HomePage(
            id=root.pk,
            page_ptr_id=root.pk,
            path=root.path,
            depth=root.depth,
            url_path=root.url_path,
            content_type_id=root.content_type_id,
            locale_id=root.locale_id,
            live=root.live,
        )
        router.routing_only = True
        root.__dict__["specific"] = router  # what `route_for_request` routes with: `site.root_page.specific`
    return site


def site_for_request(request):
    """The request's site, from this process's copy when it is younger than `SITE_SECONDS`."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = (hostname, port)
    now = time.monotonic()
    kept = _sites.get(key)
    if kept is None or now - kept[0] > SITE_SECONDS:
        site = _routing_site(hostname, port)
        if site is None:
            return None
        _sites[key] = kept = (now, site)
    return copy(kept[1])  # a request may set attributes on its site; the kept one stays as it was


class SiteMiddleware:
    """Gives the views the request's site from `site_for_request`; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """For every view outside the admin (Wagtail's pages route with it; other views build page links with it).
        When the database does not answer, Wagtail's own lookup is left to find that out where it matters."""
        if not settings.PORTAL_ROUTING_CACHE or request.path.startswith("/admin/"):
            return
        try:
            site = site_for_request(request)
        except DatabaseError:
            return
        if site is not None:
            request._wagtail_site = site


# Which page is at an address (`HomePage.route`): per process, for the page cache's current global generation
# (`portal.page_cache`, shared by every process through the cache). The page itself is always read from the
# database, and its address compared: a page moved, renamed or deleted since is looked up again. A kept answer
# saves the query for the deepest matching `url_path` on most pages.
ADDRESSES_KEPT = 2000  # addresses per process; then anew
_addresses: dict[str, dict[str, tuple[int, int]]] = {}


def deepest_page(url_paths: list[str]):
    """The specific page of the deepest `url_path` among `url_paths` (deepest first), or None: one query when this
    process routed the same address in the same generation, two otherwise. Without the cache (Redis away) nothing
    is kept."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from portal import page_cache

    generation = page_cache.generation() if settings.PORTAL_ROUTING_CACHE else None
    known = _addresses.get(generation) if generation else None
    address = url_paths[0]
    if known is not None and address in known:
        pk, content_type_id = known[address]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model._default_manager.filter(pk=pk).first() if model is not None else None
        if page is not None and page.url_path == address:  # not moved, renamed or deleted since
            return page
    match = Page.objects.filter(url_path__in=url_paths).order_by("-depth").first()
    if match is None:
        return None
    # Only a page at exactly this address is kept: a shallower match (a routable page's sub-path, or a 404 below
    # a page) could be shadowing a page made later at this address, which renews only its building's generation.
    if generation and match.url_path == address:
        if generation not in _addresses or len(_addresses[generation]) >= ADDRESSES_KEPT:
            _addresses.clear()
            _addresses[generation] = {}
        _addresses[generation][address] = (match.pk, match.content_type_id)
    return match.specific


def forget_addresses() -> None:
    _addresses.clear()


def connect() -> None:
    """Clear this process's sites when a site changes, or a page at the top of the tree is saved or moved."""
    from wagtail.models import Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        signal.connect(forget_sites, sender=Site, dispatch_uid=f"routing-site-{id(signal)}")
    # Each page type sends its own class as the sender; `_forget_if_top` looks at the instance.
    for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
        signal.connect(_forget_if_top, dispatch_uid=f"routing-top-{id(signal)}")
