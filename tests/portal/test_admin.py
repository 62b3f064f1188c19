"""The Wagtail admin shows the caretaker rules as clear errors and warnings."""

from datetime import time

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal import services
from portal.factories import UserFactory
from portal.models import PresenceSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, site_tree):
    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    return client


def caretaker_form(caretaker, slots):
    return nested_form_data(
        {
            "name": caretaker.name,
            "phone": caretaker.phone,
            "user": caretaker.user_id or "",
            "contract_hours": str(caretaker.contract_hours),
            "photo": "",
            "photo_alt_text": "",
            "presence_slots": inline_formset(slots),
        }
    )


def test_overlapping_slots_are_refused_in_the_snippet_form(admin_client, caretaker, building):
    url = reverse("wagtailsnippets_portal_caretaker:edit", args=[caretaker.pk])
    slots = [
        {"building": building.pk, "weekday": 0, "start": "09:00", "end": "12:00"},
        {"building": building.pk, "weekday": 0, "start": "11:00", "end": "13:00"},
    ]

    response = admin_client.post(url, caretaker_form(caretaker, slots))

    assert response.status_code == 200
    assert "overlapt" in response.text
    assert not caretaker.presence_slots.exists()


def test_valid_slots_are_saved_from_the_snippet_form(admin_client, caretaker, building):
    url = reverse("wagtailsnippets_portal_caretaker:edit", args=[caretaker.pk])
    slots = [{"building": building.pk, "weekday": 0, "start": "09:00", "end": "12:00"}]

    response = admin_client.post(url, caretaker_form(caretaker, slots))

    assert response.status_code == 302
    assert caretaker.presence_slots.count() == 1


def test_building_edit_page_warns_when_hours_fall_short(admin_client, building, caretaker):
    services.presence_slots_replace(
        caretaker=caretaker, slots=[PresenceSlot(building=building, weekday=0, start=time(9), end=time(12))]
    )

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[building.pk]))

    assert response.status_code == 200
    assert "Gepland: 3.0 uur per week" in response.text or "Gepland: 3,0 uur per week" in response.text
    assert "te weinig huismeesteruren" in response.text


def test_caretaker_hours_report_lists_each_building(admin_client, building, other_building):
    response = admin_client.get(reverse("caretaker_hours_report"))

    assert response.status_code == 200
    assert "De Linde" in response.text
    assert "Het Anker" in response.text


def test_caretaker_hours_report_exports_csv(admin_client, building):
    response = admin_client.get(reverse("caretaker_hours_report") + "?export=csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.text
    assert "De Linde" in body
    assert "12.0" in body or "12,0" in body


def test_caretakers_do_not_get_the_report(client, caretaker):
    client.force_login(caretaker.user)

    response = client.get(reverse("caretaker_hours_report"))

    assert response.status_code in (302, 403)
