"""Dutch first: the portal speaks Dutch whatever the browser asks, English only when chosen (and kept at log-in);
on the English site the content editors wrote in Dutch says so (lang="nl"); the larger text chosen before
logging in stays; page titles tell the pages apart."""

import re

import pytest
from django.urls import reverse

from committees import services as committee_services
from committees.factories import NewsPageFactory
from committees.models import CommitteeKind
from portal.display import COOKIE_NAME as DISPLAY_COOKIE
from portal.factories import DEMO_PASSWORD
from portal.models import ResidentProfile

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1).strip()


def _log_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return response


def test_an_english_browser_gets_the_dutch_portal(client, home_page):
    response = client.get("/", **ENGLISH_BROWSER)

    assert '<html lang="nl"' in response.text
    assert "Zoek uw gebouw" in response.text
    assert response["Content-Language"] == "nl"
    assert "Accept-Language" not in response.get("Vary", "")  # no cache keeps an English copy apart


def test_english_when_chosen_and_remembered(client, home_page):
    client.post(reverse("language_switch"), {"language": "en", "next": "/"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")

    assert '<html lang="en"' in response.text
    assert "Zoek uw gebouw" not in response.text


def test_english_chosen_before_logging_in_stays_after(client, home_page, resident):
    assert ResidentProfile.objects.get(user=resident).language == "nl"
    client.post(reverse("language_switch"), {"language": "en", "next": "/"})

    _log_in(client, resident)

    assert '<html lang="en"' in client.get("/").text
    assert ResidentProfile.objects.get(user=resident).language == "en"  # and on another device, after logging in


def test_the_profiles_language_comes_back_on_a_device_without_a_choice(client, home_page, resident):
    ResidentProfile.objects.filter(user=resident).update(language="en")

    response = _log_in(client, resident)

    assert response.cookies["taal"].value == "en"
    assert '<html lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").text


def test_larger_text_chosen_before_logging_in_stays_after(client, home_page, resident):
    client.post(reverse("display_preferences"), {"larger_text": "on", "next": "/"})
    assert 'class="text-larger"' in client.get("/").text

    response = _log_in(client, resident)

    assert DISPLAY_COOKIE not in response.cookies  # the choice on this device is not overwritten
    assert 'class="text-larger"' in client.get("/").text
    assert ResidentProfile.objects.get(user=resident).larger_text


def test_switching_larger_text_off_before_logging_in_stays_off(client, home_page, resident):
    ResidentProfile.objects.filter(user=resident).update(larger_text=True)
    client.post(reverse("display_preferences"), {"next": "/"})  # both switches off

    _log_in(client, resident)

    assert "text-larger" not in client.get("/").text
    assert not ResidentProfile.objects.get(user=resident).larger_text


def test_dutch_content_on_the_english_site_says_it_is_dutch(client, make_activity, committee):
    activity = make_activity(title="Koffieochtend", description="<p>Gezellig samen koffiedrinken.</p>")
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")
    client.cookies["taal"] = "en"

    activity_html = client.get(activity.url).text
    news_html = client.get(news.url).text

    assert '<html lang="en"' in activity_html
    assert '<h1 lang="nl">Koffieochtend</h1>' in activity_html
    assert re.search(r'<div class="rich-text" lang="nl">\s*<p>Gezellig samen koffiedrinken.</p>', activity_html)
    assert '<h1 lang="nl">Nieuwe bankjes in de tuin</h1>' in news_html


def test_the_dutch_site_needs_no_lang_on_its_content(client, make_activity):
    activity = make_activity(title="Koffieochtend")

    html = client.get(activity.url).text

    assert "<h1>Koffieochtend</h1>" in html
    assert html.count('lang="nl"') == 1  # <html lang="nl"> says it for the whole page


def test_two_coffee_mornings_in_two_buildings_have_different_titles(client, make_activity, committee, other_building):
    other_committee = committee_services.committee_create(
        parent=other_building, title="Activiteitencommissie Het Anker", kind=CommitteeKind.ACTIVITY, description="."
    )
    here = make_activity(title="Koffieochtend")
    there = make_activity(title="Koffieochtend", parent=other_committee)

    title_here = _title(client.get(here.url))
    title_there = _title(client.get(there.url))

    assert title_here != title_there
    assert title_here.startswith("Koffieochtend, De Linde, ")
    assert title_there.startswith("Koffieochtend, Het Anker, ")
    assert title_here.endswith("– Bewonersportaal")


def test_news_titles_name_the_building(client, committee):
    news = NewsPageFactory(parent=committee, title="Nieuwe huisregels")

    assert _title(client.get(news.url)) == "Nieuwe huisregels, De Linde – Bewonersportaal"


def test_news_cards_on_the_english_site_say_they_are_dutch(client, committee):
    NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")
    client.cookies["taal"] = "en"

    html = client.get("/nieuws/").text

    assert 'lang="nl">Nieuwe bankjes in de tuin</a>' in html
