"""Browser journeys: Playwright driving Debian's Chromium against a live server of the portal.

No browser is ever downloaded: Playwright launches the system Chromium
(`/usr/bin/chromium`, or the path in PORTAL_CHROMIUM). Where that browser is
missing, every test that needs it is skipped with the reason; tests that need
no browser (the page-type coverage check) still run. Set PORTAL_E2E_REQUIRED=1
to turn a missing browser into a failure instead (for CI jobs that must run
the journeys).

Each xdist worker gets its own live server (pytest-django's `live_server`, on
127.0.0.1) and its own browser; each test gets a fresh browser context, so
cookies never leak from one journey into the next.
"""

from __future__ import annotations

import os
import shutil
from datetime import time, timedelta

import pytest

from tests.e2e.a11y import ARTIFACTS, DESKTOP, Audit, artifact_name
from tests.e2e.console import ConsoleGuard

# The journeys assert what people see, not how fast (`make bench` measures speed): on a loaded CI machine an admin
# workflow action on PostgreSQL can take longer than Playwright's default 5 s before its page is shown. Every wait
# (actions, navigation, `expect`) allows this long.
JOURNEY_TIMEOUT_MS = 20_000


def pytest_configure(config):
    from playwright.sync_api import expect

    expect.set_options(timeout=JOURNEY_TIMEOUT_MS)


CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    return os.environ.get("PORTAL_CHROMIUM") or "/usr/bin/chromium"


def _chromium_missing_reason() -> str | None:
    path = chromium_path()
    resolved = shutil.which(path) if not os.path.isabs(path) else path
    if not resolved or not os.path.isfile(resolved) or not os.access(resolved, os.X_OK):
        return (
            f"Chromium not found at {path} (set PORTAL_CHROMIUM to its path, or `apt-get install chromium`); "
            "browser journeys need the system Chromium and never download one"
        )
    return None


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests before any live server or database is set up when Chromium is missing."""
    reason = _chromium_missing_reason()
    if reason is None or os.environ.get("PORTAL_E2E_REQUIRED") == "1":
        return
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=reason))


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium, or a skip (a failure with PORTAL_E2E_REQUIRED=1) when it is missing."""
    reason = _chromium_missing_reason()
    if reason is None:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the Playwright Python package is not installed (pip install -e '.[dev]')"
    if reason is not None:
        if os.environ.get("PORTAL_E2E_REQUIRED") == "1":
            pytest.fail(f"PORTAL_E2E_REQUIRED=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return chromium_path()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread for as
    # long as it is started. Two things in Django notice that:
    # - it refuses ORM calls from a thread with a running loop
    #   (SynchronousOnlyOperation); the documented way out for browser tests is
    #   DJANGO_ALLOW_ASYNC_UNSAFE, set here only while Playwright runs;
    # - its database connections are kept per thread, but per async context
    #   once a loop runs, so the test code would get fresh connection objects,
    #   without the test database's serialized contents (serialized_rollback
    #   silently restores nothing and the migrations' data is lost) and, on an
    #   in-memory SQLite, with an empty database. Hand it the same objects.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    same_connections = {alias: connections[alias] for alias in connections}
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    try:
        with sync_playwright() as playwright:
            for alias, connection in same_connections.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=args)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --------------------------------------------------------------------------
# Live server
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, on 127.0.0.1 (unless --liveserver or DJANGO_LIVE_TEST_SERVER_ADDRESS say else)."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "127.0.0.1"
    server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def _migrated_data(transactional_db, _keep_migrated_data):
    """Say plainly when a journey starts without Wagtail's tree, instead of failing somewhere inside a fixture."""
    from wagtail.models import Page

    if not Page.get_first_root_node():
        pytest.fail(
            "The test database lacks the data its migrations create (Wagtail's root page). Mark the test "
            "django_db(transaction=True, serialized_rollback=True); with --reuse-db, run once with --create-db.",
            pytrace=False,
        )


@pytest.fixture
def base_url(browser, _migrated_data, live_server) -> str:
    """The live server's address; the browser comes first, so without Chromium nothing else is set up."""
    return live_server.url


@pytest.fixture
def console_guard():
    """Every page of every browser context of the journey is watched; see `tests.e2e.console`."""
    return ConsoleGuard()


@pytest.fixture
def new_context(browser, base_url, console_guard):
    """Make browser contexts (a fresh profile: no cookies) as a Dutch resident's browser would be set up.

    When the journey ends, any console error, uncaught exception or CSP violation on any page it visited
    fails it (the pages run under the portal's Content-Security-Policy, public and admin alike)."""
    contexts = []

    def make(*, viewport=DESKTOP, **options):
        context = browser.new_context(
            base_url=base_url,
            viewport=viewport,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            **options,
        )
        context.set_default_timeout(JOURNEY_TIMEOUT_MS)
        console_guard.watch(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if console_guard.settle():
        pytest.fail(console_guard.report(), pytrace=False)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def audit(request, page):
    """Axe checks and screenshots of every page a journey visits; see `tests.e2e.a11y.Audit`."""
    ARTIFACTS.mkdir(exist_ok=True)
    audit = Audit(artifacts=ARTIFACTS, test_name=artifact_name(request.node.name))
    yield audit
    audit.write_report()


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@pytest.fixture
def presence_tomorrow(building, caretaker):
    """Henk Jansen is in De Linde every week on tomorrow's weekday, 09:00–12:00."""
    from django.utils import timezone

    from portal import services
    from portal.models import PresenceSlot

    weekday = (timezone.localdate() + timedelta(days=1)).weekday()
    services.presence_slots_replace(
        caretaker=caretaker,
        slots=[PresenceSlot(building=building, weekday=weekday, start=time(9), end=time(12))],
    )
    return building


@pytest.fixture
def login_as(base_url):
    """Put a logged-in session for `user` into a browser context, without going through the log-in form."""
    from django.conf import settings
    from django.test import Client

    def login(context, user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])

    return login


# --------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------


@pytest.fixture
def make_activity():
    """Build an activity as `seed_demo` does: a page under a committee, then its dates from the schedule."""
    from django.utils import timezone

    from activities import services
    from activities.models import ActivityCategory, ActivityPage, Recurrence

    def make(*, committee, title, category="bewegen", days_ahead=1, weeks=0, **fields):
        first = timezone.localdate() + timedelta(days=days_ahead)
        fields.setdefault("description", "<p>Iedereen is welkom, ook als u nog niemand kent.</p>")
        fields.setdefault("start_time", time(14))
        fields.setdefault("end_time", time(15))
        activity = committee.add_child(
            instance=ActivityPage(
                title=title,
                category=ActivityCategory.objects.get(slug=category),
                start_date=first,
                recurrence=Recurrence.WEEKLY if weeks else Recurrence.ONCE,
                until=first + timedelta(weeks=weeks) if weeks else None,
                **fields,
            )
        )
        services.occurrences_sync(activity=activity)
        return activity

    return make


@pytest.fixture
def activity(make_activity, committee):
    """Stoelgym of the residents' committee of De Linde: every week from tomorrow at 14:00, 12 places.

    Tomorrow at 14:00 is always more than the 2 hours of the sign-up deadline away, so sign-up is open.
    """
    return make_activity(committee=committee, title="Stoelgym", capacity=12, weeks=8)


@pytest.fixture
def other_activity(make_activity, other_committee):
    """A one-off afternoon in Het Anker, so that filtering on De Linde has something to leave out."""
    return make_activity(
        committee=other_committee,
        title="Bingomiddag",
        category="koffie-en-ontmoeting",
        days_ahead=2,
        signup_required=False,
    )


@pytest.fixture
def no_js_page(new_context):
    """A page in a browser with JavaScript switched off: forms must work with plain HTML."""
    return new_context(java_script_enabled=False).new_page()
