"""Shared fixtures: the fixed page tree, buildings, caretakers and one person per role."""

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities import services as activity_services
from activities.models import ActivityCategory, ActivityPage, Recurrence
from portal import services
from portal.factories import (
    BuildingPageFactory,
    CaretakerFactory,
    HomeFactory,
    ResidencyFactory,
    ResidentProfileFactory,
    UserFactory,
)
from portal.routing import forget_addresses, forget_sites

pytest_plugins = ["tests.committees.fixtures"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and page caches live in the cache, sites in each process (`portal.routing`); every test starts
    without them."""
    cache.clear()
    forget_sites()
    forget_addresses()
    yield
    cache.clear()
    forget_sites()
    forget_addresses()


@pytest.fixture
def site_tree(db):
    home, building_index = services.site_ensure(hostname="testserver")
    return home, building_index


@pytest.fixture
def home_page(site_tree):
    return site_tree[0]


@pytest.fixture
def building_index(site_tree):
    return site_tree[1]


@pytest.fixture
def make_building(building_index):
    def make(**kwargs):
        kwargs.setdefault("parent", building_index)
        return BuildingPageFactory(**kwargs)

    return make


@pytest.fixture
def caretaker_user(db):
    return UserFactory(email="huismeester@example.org", first_name="Henk", last_name="Jansen")


@pytest.fixture
def caretaker(caretaker_user):
    caretaker = CaretakerFactory(name="Henk Jansen", user=caretaker_user, phone="030 123 45 67")
    services.caretaker_account_sync(caretaker=caretaker)
    return caretaker


@pytest.fixture
def building(make_building, caretaker):
    return make_building(title="De Linde", slug="de-linde", homes=120, caretaker=caretaker)


@pytest.fixture
def other_caretaker(db):
    user = UserFactory(email="andere-huismeester@example.org")
    caretaker = CaretakerFactory(name="Ans Smit", user=user)
    services.caretaker_account_sync(caretaker=caretaker)
    return caretaker


@pytest.fixture
def other_building(make_building, other_caretaker):
    return make_building(title="Het Anker", slug="het-anker", homes=60, caretaker=other_caretaker)


@pytest.fixture
def resident(building):
    """Truus, verified as living at number 12 of De Linde (the caretaker confirmed her)."""
    user = UserFactory(email="bewoner@example.org", first_name="Truus", last_name="de Boer")
    ResidentProfileFactory(user=user, building=building, apartment_number="12")
    ResidencyFactory(user=user, home=HomeFactory(building=building, number="12"))
    return user


@pytest.fixture
def unverified_resident(building):
    """Says they live in De Linde, but has neither used a code nor been confirmed by the caretaker."""
    user = UserFactory(email="nieuw@example.org", first_name="Nel", last_name="Nieuwenhuis")
    ResidentProfileFactory(user=user, building=building, apartment_number="14")
    return user


@pytest.fixture
def other_resident(other_building):
    user = UserFactory(email="buurman@example.org")
    ResidentProfileFactory(user=user, building=other_building, apartment_number="3")
    ResidencyFactory(user=user, home=HomeFactory(building=other_building, number="3"))
    return user


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    user = UserFactory(email="moderator@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture(scope="session")
def _keep_migrated_data(django_db_setup, django_db_blocker):
    """Leave the (reused) test database as the migrations made it.

    The browser journeys (the live server needs committed data) and the concurrency
    tests are transactional tests: each one ends by flushing every table, which also removes what the
    data migrations created (Wagtail's root page, default site and groups).
    `serialized_rollback` loads that data again before each such test; this puts
    it back once more after the last one, so that with `--reuse-db` the next
    run of the whole suite finds the database intact.
    """
    from django.db import connections

    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _migrated_data_for_every_test(request):
    """A test in a database transaction finds what the migrations made (root page, site, groups), always.

    A transactional test ends by flushing every table. pytest-django runs them after the others, but with
    `--dist loadfile` xdist may still send a small file of ordinary tests to a worker after a file of
    transactional ones (it schedules the largest files first). Such a test then found no "Moderators"
    group. When the migrated data is missing, it is loaded again here, inside the test's transaction
    (rolled back with it; the check is one query).
    """
    marker = request.node.get_closest_marker("django_db")
    fixtures = request.fixturenames
    uses_db = marker is not None or "db" in fixtures
    transactional = (
        (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    if uses_db and not transactional:
        request.getfixturevalue("db")
        from django.db import connection
        from wagtail.models import Site

        contents = getattr(connection, "_test_serialized_contents", None)
        if contents and not Site.objects.exists():
            connection.creation.deserialize_db_from_string(contents)
    return


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page: for tests that count the queries of rendering it."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def make_activity(committee):
    """An activity as the committees make them: a page under the committee, then its dates from the schedule."""

    def make(*, parent=None, **fields):
        fields.setdefault("title", "Stoelgym")
        fields.setdefault("category", ActivityCategory.objects.get(slug="bewegen"))
        fields.setdefault("description", "<p>Bewegen op een stoel.</p>")
        fields.setdefault("start_date", timezone.localdate() + timedelta(days=2))
        fields.setdefault("start_time", time(14, 0))
        fields.setdefault("end_time", time(15, 0))
        fields.setdefault("recurrence", Recurrence.ONCE)
        activity = (parent or committee).add_child(instance=ActivityPage(**fields))
        activity_services.occurrences_sync(activity=activity)
        return activity

    return make
