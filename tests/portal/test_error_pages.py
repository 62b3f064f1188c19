"""Errors in the portal's own words: Dutch (English when chosen), the site's look, a way back, the phone number."""

import pytest
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

pytestmark = pytest.mark.django_db

PHONE = "010 799 12 34"


def broken(request):
    raise RuntimeError("kapot")


urlpatterns = [path("kapot/", broken), *portal_urlpatterns]
handler500 = "portal.errors.server_error"


def test_a_page_that_does_not_exist_says_so_in_dutch_with_a_way_back(client, site_tree):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet (meer)" in html
    assert 'href="/gebouwen/"' in html
    assert f'<a href="tel:+31107991234" class="phone">{PHONE}</a>' in html
    assert 'class="site-header"' in html


def test_the_error_pages_speak_english_when_chosen(client, site_tree, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/bestaat-niet/").content.decode()

    assert "This page does not exist (any more)" in html


def test_an_error_in_the_portal_is_a_page_in_its_own_look_with_the_phone_number(site_tree, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/kapot/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert PHONE in html
    assert 'href="/"' in html


def test_a_resident_who_opens_the_admin_is_told_whom_it_is_for_not_sent_round_in_circles(client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response.status_code == 403
    assert "Dit deel is voor commissies en medewerkers" in response.content.decode()
    assert client.get("/admin/pages/").status_code == 403


def test_the_footer_gives_the_corporations_number_not_just_bel_ons(client, site_tree):
    html = client.get("/").content.decode()

    assert f'bel Woonstichting Zilverlinde: <a href="tel:+31107991234" class="phone">{PHONE}</a>' in html


def test_too_many_log_in_attempts_is_a_page_about_logging_in_not_about_tours(client, site_tree, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post("/accounts/login/", {"login": "a@example.org", "password": "fout"})

    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "fout"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Even geduld, alstublieft" in html
    assert "Om uw account te beschermen" in html
    assert "boeken wij de rondleiding" not in html
    assert PHONE in html
