"""The page cache: anonymous visitors get stored public pages, until the content changes."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site

from activities import services as activity_services
from committees.factories import NewsPageFactory
from portal import page_cache, registry
from portal.display import COOKIE_NAME as DISPLAY_COOKIE
from portal.models import Caretaker, PresenceSlot

pytestmark = pytest.mark.django_db

HEADER = page_cache.HEADER


def test_an_anonymous_visitor_gets_the_stored_page_without_a_query(client, building, django_assert_num_queries):
    first = client.get(building.url)

    with django_assert_num_queries(0):
        again = client.get(building.url)

    assert (first[HEADER], again[HEADER]) == ("miss", "hit")
    assert again.content == first.content
    assert "De Linde" in again.text


def test_new_news_shows_at_once(client, committee):
    NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")
    assert "Nieuwe bankjes" in client.get("/nieuws/").text

    NewsPageFactory(parent=committee, title="Koffieochtend verplaatst")
    response = client.get("/nieuws/")

    assert response[HEADER] == "miss"
    assert "Koffieochtend verplaatst" in response.text


def test_a_sign_up_changes_the_places_left_at_once(client, make_activity, resident):
    activity = make_activity(capacity=2)
    assert "2 plaatsen vrij" in client.get(activity.url).text

    activity_services.registration_create(occurrence=activity.occurrences.get(), user=resident)

    assert "1 plaats vrij" in client.get(activity.url).text


def test_a_change_clears_the_cache_again_when_it_is_committed(client, building, django_capture_on_commit_callbacks):
    """A page rendered while the change was not yet committed shows the old data; it must not stay."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        page_cache.invalidate()
        client.get(building.url)  # stands for another visitor, reading what is committed so far
        stale = page_cache.generation()

    assert page_cache.generation() != stale


def test_each_language_and_display_has_its_own_copy(client, building, settings):
    client.get(building.url)
    client.cookies[DISPLAY_COOKIE] = "groot.contrast"
    larger = client.get(building.url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(building.url)

    assert 'class="text-larger contrast-high"' in larger.text
    assert larger[HEADER] == "miss"
    assert english[HEADER] == "miss"
    assert 'lang="en"' in english.text


def test_a_logged_in_person_never_gets_or_leaves_the_anonymous_copy(client, resident, building):
    client.get(building.url)  # an anonymous visitor's copy
    client.force_login(resident)

    response = client.get(building.url)
    client.logout()
    anonymous = client.get(building.url)

    assert response[HEADER] == "miss"  # the residents' own copy
    assert "Mijn pagina" in response.text
    assert anonymous[HEADER] == "hit"
    assert "Mijn pagina" not in anonymous.text
    assert "Uitloggen" not in anonymous.text


def test_a_waiting_message_skips_the_cache(client, building):
    client.get(building.url)
    client.cookies["messages"] = "a message for this visitor"

    assert HEADER not in client.get(building.url)


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/accounts/login/",
    ],
)
def test_only_pages_search_and_the_feed_are_stored(client, building, url):
    client.get(url)

    assert client.get(url).get(HEADER) != "hit"


def test_search_results_are_stored_per_query(client, building):
    client.get("/zoeken/", {"q": "linde"})

    assert client.get("/zoeken/", {"q": "linde"})[HEADER] == "hit"
    assert client.get("/zoeken/", {"q": "anker"})[HEADER] == "miss"


def test_no_page_cache_when_its_lifetime_is_zero(client, building, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get(building.url)

    assert HEADER not in client.get(building.url)


def test_deploy_check_asks_for_a_shared_cache(settings):
    from portal.checks import shared_cache_check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    local = shared_cache_check(None)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379"}
    }

    assert [warning.id for warning in local] == ["portal.W001"]
    assert shared_cache_check(None) == []


def test_made_up_display_cookies_share_one_copy(client, building):
    """Only the four real display settings get a copy each; anything else in the cookie cannot fill the cache."""
    client.cookies[DISPLAY_COOKIE] = "groot"
    client.get(building.url)
    client.cookies[DISPLAY_COOKIE] = "groot.onzin-123"

    assert client.get(building.url)[HEADER] == "hit"


# --------------------------------------------------------------------------
# What clears the cache: the core's models and what the apps register (portal.registry)
# --------------------------------------------------------------------------


@pytest.fixture
def registry_read_again():
    """The watched models are read once; a test that registers one for a while reads them again, before and after."""
    page_cache.forget_watched_models()
    yield
    page_cache.forget_watched_models()


def test_every_model_an_app_registers_is_watched():
    registered = [model for models in registry.each(registry.PAGE_CACHE_MODELS) for model in models]

    assert {model._meta.label for model in registered} >= {
        "activities.Occurrence",
        "activities.Registration",
        "committees.CommitteeMembership",
        "ambassadors.Ambassador",
        "ambassadors.TourBooking",
    }
    assert set(registered) <= page_cache.watched_models()
    assert page_cache.watched_models() >= {Page, Site, PageViewRestriction, Redirect, Image, Caretaker, PresenceSlot}


def test_a_change_to_a_date_clears_the_cache(client, make_activity):
    """An app's model (registered in activities/wagtail_hooks.py), saved outside any service."""
    occurrence = make_activity().occurrences.get()
    before = page_cache.generations("de-linde")

    occurrence.cancelled = not occurrence.cancelled
    occurrence.save()

    after = page_cache.generations("de-linde")
    assert after[1] != before[1]  # the building's pages
    assert after[0] == before[0]  # not every page


def test_a_new_app_adds_a_model_without_touching_the_core(registry_read_again):
    """A hook in the new app's wagtail_hooks.py is all it takes (here a model nobody watches yet: groups)."""
    before = page_cache.generation()
    Group.objects.create(name="Nog niet bewaakt")
    assert page_cache.generation() == before

    with hooks.register_temporarily(registry.PAGE_CACHE_MODELS, lambda: [Group]):
        page_cache.forget_watched_models()
        Group.objects.create(name="Nu wel bewaakt")

        assert Group in page_cache.watched_models()
        assert page_cache.generation() != before


# --------------------------------------------------------------------------
# The key: only the query parameters the pages read
# --------------------------------------------------------------------------


def _stored_pages() -> int:
    from django.core.cache import cache

    return sum(1 for key in cache._cache if "page-cache:" in key and page_cache.GENERATION_KEY not in key)


def test_made_up_query_parameters_share_one_copy(client, building):
    first = client.get("/activiteiten/", {"utm_source": "nieuwsbrief"})
    again = [client.get("/activiteiten/", {"utm_source": n, "x": n}) for n in range(5)]

    assert first[HEADER] == "miss"
    assert [response[HEADER] for response in again] == ["hit"] * 5  # no render each
    assert _stored_pages() == 1


def test_the_parameters_a_page_reads_keep_their_own_copy(client, building, other_building):
    linde = client.get("/activiteiten/", {"gebouw": "de-linde", "utm": "1"})
    anker = client.get("/activiteiten/", {"gebouw": "het-anker", "utm": "2"})
    reordered = client.get("/activiteiten/?utm=3&periode=week&gebouw=de-linde")
    same = client.get("/activiteiten/?gebouw=de-linde&periode=week")

    assert (linde[HEADER], anker[HEADER]) == ("miss", "miss")
    assert (reordered[HEADER], same[HEADER]) == ("miss", "hit")
    assert _stored_pages() == 3


def test_every_filter_of_a_cached_listing_is_part_of_the_key():
    """A new filter on /activiteiten/ or /nieuws/ must be added to QUERY_PARAMETERS, or its pages would mix."""
    from activities.filters import OccurrenceFilter
    from committees.filters import NewsFilter
    from portal.filters import SEARCH_PARAMETER

    filters = set(OccurrenceFilter.base_filters) | set(NewsFilter.base_filters) | {SEARCH_PARAMETER}
    assert filters <= page_cache.QUERY_PARAMETERS
