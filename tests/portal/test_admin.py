"""The Wagtail admin shows the caretaker rules as clear errors and warnings."""

from datetime import time

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal import services
from portal.factories import UserFactory
from portal.models import PresenceSlot
from tests.spreadsheets import csv_dicts, xlsx_dicts

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


@pytest.fixture
def hours_with_a_formula(building, make_building, caretaker):
    """De Linde with 2.5 hours a week planned, and a building whose name a spreadsheet would run as a formula."""
    services.presence_slots_replace(
        caretaker=caretaker, slots=[PresenceSlot(building=building, weekday=0, start=time(9), end=time(11, 30))]
    )
    make_building(title='=HYPERLINK("https://example.net","klik")', slug="formule", homes=25)


def test_caretaker_hours_report_csv_opens_in_dutch_excel(admin_client, hours_with_a_formula):
    response = admin_client.get(reverse("caretaker_hours_report") + "?export=csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="huismeesteruren.csv"'
    rows = csv_dicts(response)
    linde = next(row for row in rows if row["Gebouw"] == "De Linde")
    assert (linde["Huismeester"], linde["Woningen"]) == ("Henk Jansen", "120")
    assert (linde["Richtlijn (uur/week)"], linde["Gepland (uur/week)"], linde["Tekort (uur/week)"]) == (
        "12,0",
        "2,5",
        "9,5",
    )
    assert {row["Gebouw"] for row in rows} == {"De Linde", '\'=HYPERLINK("https://example.net","klik")'}


def test_caretaker_hours_report_xlsx_has_numbers_and_no_formulas(admin_client, hours_with_a_formula):
    response = admin_client.get(reverse("caretaker_hours_report") + "?export=xlsx")

    assert response.status_code == 200
    rows = xlsx_dicts(response)
    linde = next(row for row in rows if row["Gebouw"].value == "De Linde")
    assert [linde[h].value for h in ("Woningen", "Gepland (uur/week)", "Tekort (uur/week)")] == [120, 2.5, 9.5]
    assert linde["Gepland (uur/week)"].data_type == "n"
    formula = next(row["Gebouw"] for row in rows if row["Gebouw"].value != "De Linde")
    assert formula.value == '\'=HYPERLINK("https://example.net","klik")'
    assert formula.data_type == "s"


def test_caretakers_do_not_get_the_report(client, caretaker):
    client.force_login(caretaker.user)

    response = client.get(reverse("caretaker_hours_report"))

    assert response.status_code in (302, 403)
