"""A person's own sign-ups at a secret address, for their calendar app: no log-in, only their own places, and a
new link ends the old one."""

import pytest
import vobject
from django.urls import reverse

from activities import services
from activities.calendar_links import calendar_path
from activities.ical import uid_for

pytestmark = pytest.mark.django_db


def uids(response) -> set[str]:
    return {event.uid.value for event in vobject.readOne(response.content.decode()).contents.get("vevent", [])}


def test_the_secret_link_lists_only_my_own_places_without_logging_in(client, make_activity, resident, other_resident):
    mine = make_activity(title="Koersbal", capacity=1).occurrences.get()
    theirs = make_activity(title="Sjoelen").occurrences.get()
    services.registration_create(occurrence=mine, user=resident)
    services.registration_create(occurrence=theirs, user=other_resident)
    waiting = make_activity(title="Bingo", capacity=1).occurrences.get()
    services.registration_create(occurrence=waiting, user=other_resident)
    services.registration_create(occurrence=waiting, user=resident)  # on the waiting list: not a place

    response = client.get(calendar_path(resident))  # nobody logged in: a calendar app

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert uids(response) == {uid_for(mine)}
    assert "private" in response["Cache-Control"]


def test_a_new_link_stops_the_old_one(client, make_activity, resident):
    occurrence = make_activity().occurrences.get()
    services.registration_create(occurrence=occurrence, user=resident)
    old = calendar_path(resident)
    client.force_login(resident)

    answer = client.post(reverse("activities_my_feed_renew"), follow=True)
    client.logout()

    new = calendar_path(resident)
    assert new != old
    assert "De oude link werkt niet meer" in answer.text
    assert client.get(old).status_code == 404
    assert uids(client.get(new)) == {uid_for(occurrence)}


def test_a_tampered_link_finds_nobody(client, resident):
    path = calendar_path(resident)

    assert client.get(path.replace("agenda.ics", "").rstrip("/") + "x/agenda.ics").status_code == 404


def test_my_page_offers_the_link_in_plain_words(client, resident):
    client.force_login(resident)

    page = client.get(reverse("my_page")).text

    assert f"webcal://testserver{calendar_path(resident)}" in page
    assert "Zet mijn aanmeldingen in mijn agenda" in page
    assert "Maak een nieuwe link" in page


def test_the_activities_page_offers_its_filtered_calendar_in_plain_words(client, make_activity):
    make_activity()

    page = client.get("/activiteiten/", {"gebouw": "de-linde"}).text

    assert 'href="webcal://testserver/activiteiten/agenda.ics?gebouw=de-linde"' in page
    assert "Zet deze activiteiten in de agenda van uw telefoon of computer" in page
    assert "iCal" not in page
