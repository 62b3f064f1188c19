"""Pages with one person's data say `Cache-Control: no-store, private`; public pages for anonymous visitors keep
being stored by the page cache (portal.page_cache.PrivateResponseMiddleware)."""

import pytest

from portal import page_cache

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def occurrence(make_activity):
    return make_activity(title="Koffieochtend").occurrences.get()


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("resident", "/mijn/"),
        ("resident", "/accounts/email/"),
        ("resident", "/accounts/2fa/"),
        ("resident", "/gebouwen/de-linde/bericht/"),  # a message to the caretaker
        ("resident", "/gebouwen/de-linde/"),  # even a public page, when it greets a logged-in person
        ("resident", "/activiteiten/"),
        ("caretaker_user", "/mijn/aanwezigheid/"),
        ("member", "{activity}deelnemers/{occurrence}/"),  # a participant list
        ("member", "{activity}namens/{occurrence}/"),  # signing a neighbour up
        (None, "/accounts/login/"),
        (None, "/accounts/signup/"),
        (None, "/mijn/"),  # the redirect to the log-in
    ],
)
def test_personal_pages_are_never_stored(client, request, who, url, occurrence):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    url = url.format(activity=occurrence.activity.url, occurrence=occurrence.pk)

    response = client.get(url)

    assert {"no-store", "private"} <= _directives(response), (url, response.status_code)
    assert response.get(page_cache.HEADER) != "hit"


def test_a_page_with_a_message_for_this_visitor_is_not_stored(client, building):
    client.cookies["messages"] = "a message for this visitor"

    assert "no-store" in _directives(client.get(building.url))


@pytest.mark.parametrize("url", ["/", "/gebouwen/de-linde/", "/activiteiten/", "/nieuws/", "/zoeken/?q=linde"])
def test_public_pages_for_anonymous_visitors_stay_cacheable(client, building, url):
    first = client.get(url)
    again = client.get(url)

    assert first.status_code == 200
    assert (first[page_cache.HEADER], again[page_cache.HEADER]) == ("miss", "hit")
    assert not _directives(again) & {"no-store", "private", "no-cache"}
