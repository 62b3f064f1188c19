"""What the feature apps contribute to the core. The core iterates these; it never names a feature app.

An app registers each contribution with Wagtail's hooks, in its own `wagtail_hooks.py` (Wagtail imports
every app's `wagtail_hooks` at start-up), under one of the names below:

    from wagtail import hooks
    from portal import registry

    @hooks.register(registry.PAGE_CACHE_MODELS)
    def shown_on_public_pages():
        return [Occurrence, Registration]

A new app adds its personal data, page-cache models, building-page and my-page sections, search kinds,
site pages and demo data in its own files: nothing in `portal/` changes. What each hook returns is
described with its name; the core's readers are named in brackets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from wagtail import hooks

# () -> PersonalData: what the app keeps about a person, for the export and for deleting an account
# (portal.privacy).
PERSONAL_DATA = "portal_personal_data"

# () -> list of models: a save or delete of any of them clears the public page cache (portal.page_cache).
PAGE_CACHE_MODELS = "portal_page_cache_models"

# () -> {model: portal.page_cache.Scope}: how a save or delete of a registered model finds its building, so that it
# clears only that building's stored pages (and the cross-building ones unless `listed=False`). A model without
# a scope, or whose building cannot be found, clears every page.
PAGE_CACHE_SCOPES = "portal_page_cache_scopes"

# (building, request) -> Section, a list of them, or None (portal.sections): parts of the building page, at the
# places "caretaker" (under the caretaker's hours), "main" and "about" (in "Over het gebouw")
# (portal.models.BuildingPage).
BUILDING_PAGE_SECTIONS = "portal_building_page_sections"

# (request) -> Section, a list of them, or None: parts of my page (/mijn/), at the places "top" (under who is
# logged in) and "main" (before the person's settings) (portal.views.my_page).
MY_PAGE_SECTIONS = "portal_my_page_sections"

# (request, building or None) -> Section, a list of them, or None: parts of the home page ("main", above finding
# one's building); `building` is the logged-in resident's own building (portal.models.HomePage).
HOME_PAGE_SECTIONS = "portal_home_page_sections"

# (building, month: date) -> Section, a list of them, or None: parts of a building's printed programme of that month
# ("main", under the dates), such as the consultations open that month (activities.programme).
PROGRAMME_SECTIONS = "portal_programme_sections"

# () -> portal.search.SearchKind: a page type the site search shows, its label, and how it fills in a page of
# hits with a fixed number of queries (portal.search).
SEARCH_KINDS = "portal_search_kinds"

# (home) -> None: make sure the app's fixed pages exist under the home page (portal.services.site_ensure).
# They are added in hook order: activities (order=10), committees (20), ambassadors (30), as the tree has them.
SITE_PAGES = "portal_site_pages"

# (context: dict) -> None: add the app's demo data (portal's seed_demo command, in one transaction). The command
# fills `context` with what it made: home, buildings, caretakers, residents_by_building (building pk -> users),
# accounts (role -> the demo log-in), random (returns a new random.Random with the demo's seed: one per app, so
# one app's data does not shift another's), scale, and progress (tqdm to the command's output, shown from
# --scale 2). An app may add what a later one needs: the committees add
# "committees", which the activities use. They run in hook order (hooks.register(name, order=N)): committees
# (order=10), activities (20), the committees' drafts and messages (30), ambassadors (40).
DEMO_DATA = "portal_demo_data"

# () -> None: remove the app's demo data that deleting the page tree, the caretakers and the demo accounts does not
# (seed_demo --reset; called before the command deletes those).
DEMO_DATA_RESET = "portal_demo_data_reset"

# () -> list of URL patterns (django.urls.path, re_path) under a building's address, such as "bericht/" for
# /gebouwen/<slug>/bericht/; each view is a plain function called as view(building, request, **kwargs), the
# way a routable page calls its routes, and reverse_subpage(name) finds it (portal.models.BuildingPage).
BUILDING_PAGE_ROUTES = "portal_building_page_routes"

# (request) -> Section, a list of them, or None: what else deleting one's account ends for this person, as items
# of the list "Wat er gebeurt" (place "ends") on /mijn/account-verwijderen/ (portal.views.account_delete).
ACCOUNT_DELETE_SECTIONS = "portal_account_delete_sections"


def contributions(name: str) -> list[Callable[..., Any]]:
    """The functions registered under `name`, in registration order."""
    return list(hooks.get_hooks(name))


def each(name: str, *args, **kwargs) -> Iterator[Any]:
    """Call every function registered under `name` with the arguments given; yield what each returns."""
    for contribution in contributions(name):
        yield contribution(*args, **kwargs)
