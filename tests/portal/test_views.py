"""Health check, display and language switches, my page and the caretaker's own presence hours."""

from datetime import time
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from portal import services
from portal.models import PresenceSlot, ResidentProfile

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_larger_text_switch_is_remembered_in_a_cookie(client, home_page):
    response = client.post(reverse("display_preferences"), {"larger_text": "on", "next": "/gebouwen/"})

    assert response.status_code == 302
    assert response["Location"] == "/gebouwen/"
    page = client.get("/")
    assert 'class="text-larger"' in page.text
    assert 'aria-pressed="true"' in page.text


def test_switches_are_stored_on_the_profile_and_come_back_at_log_in(client, resident, home_page):
    client.force_login(resident)
    client.post(reverse("display_preferences"), {"larger_text": "on", "high_contrast": "on"})
    profile = ResidentProfile.objects.get(user=resident)
    assert profile.larger_text
    assert profile.high_contrast

    client.post(reverse("account_logout"))
    client.cookies.clear()
    from portal.factories import DEMO_PASSWORD

    client.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})

    assert "text-larger contrast-high" in client.get("/").text


def test_display_switch_never_redirects_off_site(client, home_page):
    response = client.post(reverse("display_preferences"), {"next": "https://evil.example.com/"})

    assert response["Location"] == "/"


def test_language_switch_to_english(client, home_page):
    response = client.post(reverse("language_switch"), {"language": "en", "next": "/"})

    assert response.cookies["taal"].value == "en"
    assert '<html lang="en"' in client.get("/").text


def test_my_page_needs_a_login(client, site_tree):
    response = client.get(reverse("my_page"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_resident_sets_building_and_apartment(client, unverified_resident, other_building):
    """Until they are verified, people say themselves where they live (a verified home decides it after)."""
    resident = unverified_resident
    client.force_login(resident)

    response = client.post(
        reverse("my_page"), {"building": other_building.slug, "apartment_number": " 7B ", "language": "nl"}
    )

    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user=resident)
    assert profile.building == other_building
    assert profile.apartment_number == "7B"


def test_bad_input_on_my_page_keeps_what_was_typed(client, unverified_resident):
    client.force_login(unverified_resident)

    response = client.post(reverse("my_page"), {"building": "999999", "apartment_number": "12", "language": "nl"})

    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in response.text
    assert 'value="12"' in response.text


def test_a_verified_resident_keeps_their_home_whatever_the_form_says(client, resident, other_building):
    client.force_login(resident)

    response = client.post(
        reverse("my_page"),
        {"building": other_building.slug, "apartment_number": "7B", "language": "nl", "display_name": "Truus"},
    )

    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user=resident)
    assert (profile.building.title, profile.apartment_number, profile.display_name) == ("De Linde", "12", "Truus")
    assert "Uw gebouw en huisnummer zijn bevestigd." in client.get(reverse("my_page")).text


def _formset_data(rows, prefix="uren", initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{n}-{key}"] = value
    return data


def test_caretaker_edits_own_presence(client, caretaker, building):
    client.force_login(caretaker.user)

    response = client.post(
        reverse("my_presence"),
        _formset_data([{"building": building.pk, "weekday": "2", "start": "09:00", "end": "11:30"}]),
    )

    assert response.status_code == 302
    slot = caretaker.presence_slots.get()
    assert (slot.weekday, slot.start, slot.end) == (2, time(9), time(11, 30))
    assert "Woensdag" in client.get(building.url).text


def test_caretaker_sees_overlap_error_and_keeps_input(client, caretaker, building):
    client.force_login(caretaker.user)

    response = client.post(
        reverse("my_presence"),
        _formset_data(
            [
                {"building": building.pk, "weekday": "2", "start": "09:00", "end": "11:30"},
                {"building": building.pk, "weekday": "2", "start": "11:00", "end": "12:00"},
            ]
        ),
    )

    assert response.status_code == 200
    assert "overlapt" in response.text
    assert 'value="11:30"' in response.text
    assert not caretaker.presence_slots.exists()


def test_caretaker_cannot_plan_in_another_caretakers_building(client, caretaker, building, other_building):
    client.force_login(caretaker.user)

    response = client.post(
        reverse("my_presence"),
        _formset_data([{"building": other_building.pk, "weekday": "0", "start": "09:00", "end": "10:00"}]),
    )

    assert response.status_code == 200
    assert not PresenceSlot.objects.filter(building=other_building).exists()


def test_caretaker_form_never_shows_another_caretakers_hours(client, caretaker, other_caretaker, other_building):
    services.presence_slots_replace(
        caretaker=other_caretaker,
        slots=[PresenceSlot(building=other_building, weekday=4, start=time(14, 15), end=time(16, 45))],
    )
    client.force_login(caretaker.user)

    response = client.get(reverse("my_presence"))

    assert response.status_code == 200
    assert "16:45" not in response.text
    assert "Het Anker" not in response.text


def test_presence_page_is_not_found_for_residents(client, resident):
    client.force_login(resident)

    assert client.get(reverse("my_presence")).status_code == 404


def test_an_unverified_residents_page_reads_no_building_list_however_many_there_are(
    client, unverified_resident, other_building, make_building
):
    """The building choice of my page comes from the cached list of buildings, its options made once
    (`portal.widgets.BuildingSelect`): with 40 buildings the page asks no more than with two, never reads
    every building, and the chosen building is marked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(unverified_resident)
    client.post(reverse("my_page"), {"building": other_building.slug, "apartment_number": "7", "language": "nl"})

    def look():
        client.get(reverse("my_page"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("my_page"))
        return response, [query["sql"] for query in captured.captured_queries]

    _few, with_two = look()
    for n in range(38):
        make_building(title=f"Gebouw {n:02d}")
    many, with_forty = look()

    assert len(with_forty) == len(with_two)
    assert not [sql for sql in with_forty if 'FROM "portal_buildingpage"' in sql and "LIMIT" not in sql]
    choice = many.text.split('name="building"', 1)[1].split("</select>", 1)[0]
    assert choice.count("<option value=") == 41  # the empty choice and forty buildings
    assert f'<option value="{other_building.slug}" selected>' in many.text
