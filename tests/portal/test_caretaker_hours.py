"""The hours rule: presence only between PORTAL_PRESENCE_EARLIEST and PORTAL_PRESENCE_LATEST, never more than the
contract hours a week, a warning (no error) when a building gets less than the rule of thumb; the report per
caretaker and per building; the caretakers' quarterly meeting."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal import selectors, services
from portal.factories import CaretakerFactory, UserFactory
from portal.models import CaretakerAbsence, CaretakersMeeting, PresenceSlot

pytestmark = pytest.mark.django_db


def slot(building, weekday, start, end):
    return PresenceSlot(building=building, weekday=weekday, start=time(*start), end=time(*end))


@pytest.mark.parametrize(("start", "end"), [((6, 30), (9, 0)), ((19, 0), (21, 30))])
def test_presence_outside_sensible_hours_is_refused(building, caretaker, start, end):
    with pytest.raises(ValidationError) as refused:
        services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, start, end)])
    assert "alleen tussen 07:00 en 21:00 uur in een gebouw" in refused.value.messages[0]


def test_presence_from_seven_to_nine_is_fine(building, caretaker):
    services.presence_slots_replace(
        caretaker=caretaker, slots=[slot(building, 0, (7, 0), (10, 0)), slot(building, 1, (18, 0), (21, 0))]
    )
    assert caretaker.presence_slots.count() == 2


def test_more_than_the_contract_hours_is_refused(building, caretaker):
    caretaker.contract_hours = Decimal(8)
    caretaker.save()
    slots = [slot(building, 0, (9, 0), (13, 0)), slot(building, 1, (9, 0), (13, 30))]

    with pytest.raises(ValidationError) as refused:
        services.presence_slots_replace(caretaker=caretaker, slots=slots)

    assert refused.value.messages == [
        "Samen zijn dit 8,5 uur per week; Henk Jansen heeft een contract voor 8,0 uur. "
        "Haal 0,5 uur weg, of vraag de woonconsulent de contracturen aan te passen."
    ]
    assert not caretaker.presence_slots.exists()


def test_less_than_the_guideline_is_a_warning_not_an_error(building, caretaker):
    warnings = []
    services.presence_slots_replace(
        caretaker=caretaker, slots=[slot(building, 0, (9, 0), (11, 0))], warn=warnings.append
    )
    assert caretaker.presence_slots.count() == 1
    assert warnings == [
        "De Linde krijgt 2,0 uur per week; de richtlijn is 12,0 uur (één uur per 10 woningen). "
        "Opgeslagen, maar kijk of het past."
    ]


def test_my_presence_shows_the_warning_and_the_contract_error(client, caretaker_user, building, caretaker):
    client.force_login(caretaker_user)
    data = {
        "uren-TOTAL_FORMS": "1",
        "uren-INITIAL_FORMS": "0",
        "uren-MIN_NUM_FORMS": "0",
        "uren-MAX_NUM_FORMS": "1000",
        "uren-0-building": building.pk,
        "uren-0-weekday": "0",
        "uren-0-start": "09:00",
        "uren-0-end": "11:00",
    }
    response = client.post(reverse("my_presence"), data, follow=True)
    assert "De Linde krijgt 2,0 uur per week" in response.text

    caretaker.contract_hours = Decimal(1)
    caretaker.save()
    refused = client.post(reverse("my_presence"), data)
    assert refused.status_code == 200
    assert "heeft een contract voor 1,0 uur" in refused.text


def test_contract_hours_are_checked_in_the_admin_form_too(client, site_tree, building, caretaker):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    data = nested_form_data(
        {
            "name": caretaker.name,
            "phone": caretaker.phone,
            "user": caretaker.user_id,
            "contract_hours": "2",
            "photo": "",
            "photo_alt_text": "",
            "presence_slots": inline_formset(
                [{"building": building.pk, "weekday": 0, "start": "09:00", "end": "12:00"}]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_portal_caretaker:edit", args=[caretaker.pk]), data)
    assert response.status_code == 200
    assert "heeft een contract voor 2,0 uur" in response.text


def test_report_shows_per_caretaker_total_against_contract(client, site_tree, building, caretaker, other_building):
    caretaker.contract_hours = Decimal(20)
    caretaker.save()
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 30))])
    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))

    page = client.get(reverse("caretaker_hours_report")).text

    assert "Per gebouw: gepland en richtlijn" in page
    assert "Per huismeester: gepland en contract" in page
    rows = {row.caretaker.name: row for row in selectors.caretaker_contract_overview()}
    assert rows["Henk Jansen"].planned == Decimal("3.5")
    assert rows["Henk Jansen"].contract == Decimal(20)
    assert rows["Henk Jansen"].buildings == 1
    assert not rows["Henk Jansen"].over


def test_standing_in_does_not_count_against_the_buildings_limit(make_building, building, caretaker, settings):
    settings.PORTAL_CARETAKER_MAX_BUILDINGS = 1
    busy = CaretakerFactory(name="Bep Bezig")
    make_building(title="Vol", slug="vol", caretaker=busy)
    first = date(2027, 7, 5)
    services.absence_save(
        absence=CaretakerAbsence(caretaker=caretaker, first_day=first, last_day=first), stand_ins=[(building, busy)]
    )
    with pytest.raises(ValidationError) as refused:
        services.caretaker_capacity_validate(caretaker=busy, building=building)
    assert "hoogstens 1" in refused.value.messages[0]


# --- the caretakers' quarterly meeting ---


def test_meetings_rotate_over_the_buildings(building, other_building):
    meetings = services.caretakers_meetings_plan(count=4, after=date(2027, 2, 1))

    assert [meeting.date for meeting in meetings] == [
        date(2027, 4, 13),
        date(2027, 7, 13),
        date(2027, 10, 12),
        date(2028, 1, 11),
    ]
    assert [meeting.building.title for meeting in meetings] == ["De Linde", "Het Anker", "De Linde", "Het Anker"]
    more = services.caretakers_meetings_plan(count=1)
    assert more[0].date == date(2028, 4, 11)
    assert more[0].building.title == "De Linde"


def test_caretakers_see_the_meetings_on_their_own_page(client, caretaker_user, building, resident):
    CaretakersMeeting.objects.create(
        date=timezone.localdate() + timedelta(days=30), start=time(10), building=building, note="Koffie en plannen"
    )
    client.force_login(caretaker_user)
    assert "Koffie en plannen" in client.get(reverse("my_presence")).text

    client.force_login(resident)
    assert client.get(reverse("my_presence")).status_code == 404
    client.logout()
    assert "Koffie en plannen" not in client.get(building.url).text


def test_staff_are_warned_of_a_shortfall_when_saving_a_caretaker(client, site_tree, building, caretaker):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    data = nested_form_data(
        {
            "name": caretaker.name,
            "phone": caretaker.phone,
            "user": caretaker.user_id,
            "contract_hours": "36",
            "photo": "",
            "photo_alt_text": "",
            "presence_slots": inline_formset(
                [{"building": building.pk, "weekday": 0, "start": "09:00", "end": "12:00"}]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_portal_caretaker:edit", args=[caretaker.pk]), data, follow=True)
    assert "De Linde krijgt 3,0 uur per week; de richtlijn is 12,0 uur" in response.text
    assert caretaker.presence_slots.count() == 1
