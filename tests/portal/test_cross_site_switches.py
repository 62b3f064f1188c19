"""/taal/ and /weergave/ take no CSRF token (public pages stay cacheable); another site's form may still not use
them to change a logged-in person's profile. An anonymous visitor only gets a cookie, from wherever."""

import pytest
from django.urls import reverse

from portal.models import ResidentProfile

pytestmark = pytest.mark.django_db

CROSS_SITE = [
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://kwaad.example.com"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
    {"HTTP_ORIGIN": "https://kwaad.example.com"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_REFERER": "https://kwaad.example.com/pagina"},
    {"HTTP_REFERER": "http://testserver.kwaad.example.com/"},
]
SAME_SITE = [
    {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
    {"HTTP_SEC_FETCH_SITE": "none"},  # typed or bookmarked, no page involved
    {"HTTP_ORIGIN": "http://testserver"},
    {"HTTP_REFERER": "http://testserver/gebouwen/"},
]
SWITCHES = [
    ("language_switch", {"language": "en"}, "language", "en"),
    ("display_preferences", {"larger_text": "on", "high_contrast": "on"}, "larger_text", True),
]


@pytest.mark.parametrize("headers", CROSS_SITE)
@pytest.mark.parametrize(("view", "data", "field", "value"), SWITCHES)
def test_another_site_cannot_change_a_logged_in_profile(client, resident, headers, view, data, field, value):
    client.force_login(resident)

    response = client.post(reverse(view), data, **headers)

    assert response.status_code == 403
    assert getattr(ResidentProfile.objects.get(user=resident), field) != value


@pytest.mark.parametrize("headers", SAME_SITE)
@pytest.mark.parametrize(("view", "data", "field", "value"), SWITCHES)
def test_the_portals_own_pages_change_the_profile(client, resident, headers, view, data, field, value):
    client.force_login(resident)

    response = client.post(reverse(view), {**data, "next": "/gebouwen/"}, **headers)

    assert response.status_code == 302
    assert getattr(ResidentProfile.objects.get(user=resident), field) == value


def test_over_https_a_post_without_origin_or_referer_does_not_change_the_profile(client, resident):
    client.force_login(resident)

    response = client.post(reverse("language_switch"), {"language": "en"}, secure=True)

    assert response.status_code == 403
    assert ResidentProfile.objects.get(user=resident).language != "en"


@pytest.mark.parametrize(("view", "data", "field", "value"), SWITCHES)
def test_an_anonymous_visitor_still_gets_the_cookie_from_anywhere(client, site_tree, view, data, field, value):
    response = client.post(reverse(view), data, **CROSS_SITE[0])

    assert response.status_code == 302
    assert response.cookies  # the language or display cookie
