"""Appointing, stopping, re-appointing and deleting an ambassador in the admin go through the services."""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ambassadors import selectors, services
from ambassadors.models import Ambassador, BookingStatus
from portal.factories import ResidentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def ambassador_form(*, user, building, weekly=(), active=True, ambassador=None, **fields):
    existing = list(ambassador.weekly_times.all()) if ambassador else []
    data = nested_form_data(
        {
            "user": user.pk,
            "building": building.pk,
            "display_name": fields.get("display_name", "Fatma"),
            "introduction": fields.get("introduction", "Ik laat u de tuin en de ontmoetingsruimte zien."),
            "languages": fields.get("languages", ["nl"]),
            "photo": "",
            "photo_alt_text": "",
            "weekly_times": inline_formset(
                [
                    {"id": t.pk, "weekday": t.weekday, "start": f"{t.start:%H:%M}", "end": f"{t.end:%H:%M}"}
                    for t in existing
                ]
                + [{"id": "", "weekday": day, "start": start, "end": end} for day, start, end in weekly],
                initial=len(existing),
            ),
            "extra_times": inline_formset([]),
            "blocked_periods": inline_formset([]),
        }
    )
    data["languages"] = fields.get("languages", ["nl"])  # a multiple choice: a list, not one value
    if active:
        data["active"] = "on"
    return data


@pytest.fixture
def resident_fatma(building):
    user = UserFactory(email="fatma@example.org", first_name="Fatma")
    ResidentProfileFactory(user=user, building=building)
    return user


def history(client, ambassador):
    return client.get(f"/admin/ambassadeurs/history/{ambassador.pk}/").text


def test_appointing_in_the_admin_goes_through_the_service_and_is_logged_once(
    client, moderator, building, resident_fatma
):
    client.force_login(moderator)
    add = client.get("/admin/ambassadeurs/add/").text
    assert 'name="active"' not in add  # appointing makes an ambassador active; 'actief' is for later

    with mock.patch.object(services, "ambassador_appoint", wraps=services.ambassador_appoint) as appoint:
        response = client.post(
            "/admin/ambassadeurs/add/",
            ambassador_form(
                user=resident_fatma,
                building=building,
                display_name="  Fatma ",
                languages=["nl", "tr"],
                weekly=[(1, "10:00", "12:00")],
            ),
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert appoint.call_count == 1
    ambassador = Ambassador.objects.get(user=resident_fatma)
    assert ambassador.active
    assert ambassador.display_name == "Fatma"
    assert ambassador.get_languages_display() == "Nederlands, Turks"
    assert [(t.weekday, f"{t.start:%H:%M}") for t in ambassador.weekly_times.all()] == [(1, "10:00")]
    entries = ModelLogEntry.objects.filter(object_id=str(ambassador.pk), action="ambassadors.appoint")
    assert [entry.user for entry in entries] == [moderator]
    assert "Ambassadeur benoemd" in history(client, ambassador)
    # Visitors can book her straight away.
    assert {slot.ambassador_id for slot in selectors.building_slots(building=building)} == {ambassador.pk}


def test_overlapping_weekly_times_are_refused_in_the_admin_as_on_my_page(client, moderator, building, resident_fatma):
    client.force_login(moderator)

    response = client.post(
        "/admin/ambassadeurs/add/",
        ambassador_form(user=resident_fatma, building=building, weekly=[(1, "10:00", "12:00"), (1, "11:00", "13:00")]),
    )

    assert response.status_code == 200
    assert "Twee vaste tijden op dezelfde dag overlappen" in response.content.decode()
    assert not Ambassador.objects.exists()


def test_stopping_an_ambassador_with_tours_to_come_says_what_is_left_to_do(
    client, moderator, ambassador, building, book, slots
):
    booking = book(slots[0])
    client.force_login(moderator)

    response = client.post(
        f"/admin/ambassadeurs/edit/{ambassador.pk}/",
        ambassador_form(
            user=ambassador.user, building=building, ambassador=ambassador, display_name="Ria", active=False
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    ambassador.refresh_from_db()
    assert not ambassador.active
    assert ambassador.weekly_times.count() == 7  # the pattern stays, for when she starts again
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Ria is niet meer actief, maar heeft nog 1 rondleiding gepland" in m for m in warnings)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED  # staff cancel or move it, with the e-mails
    assert not selectors.building_slots(building=building)  # nobody can book her any more
    assert ModelLogEntry.objects.filter(action="ambassadors.deactivate", user=moderator).exists()
    assert "Ambassadeur gestopt" in history(client, ambassador)


def test_making_an_ambassador_active_again_is_an_appointment(client, moderator, ambassador, building):
    services.ambassador_deactivate(ambassador=ambassador)
    client.force_login(moderator)

    response = client.post(
        f"/admin/ambassadeurs/edit/{ambassador.pk}/",
        ambassador_form(user=ambassador.user, building=building, ambassador=ambassador, display_name="Ria"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    ambassador.refresh_from_db()
    assert ambassador.active
    assert ModelLogEntry.objects.filter(action="ambassadors.appoint", user=moderator).count() == 1
    assert selectors.building_slots(building=building)


def test_an_ordinary_edit_changes_no_state_of_the_appointment(client, moderator, ambassador, building):
    client.force_login(moderator)

    response = client.post(
        f"/admin/ambassadeurs/edit/{ambassador.pk}/",
        ambassador_form(user=ambassador.user, building=building, ambassador=ambassador, display_name="Ria B."),
    )

    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert (ambassador.display_name, ambassador.active) == ("Ria B.", True)
    assert not ModelLogEntry.objects.filter(action__in=["ambassadors.deactivate"]).exists()
    assert ModelLogEntry.objects.filter(action="ambassadors.appoint", user=moderator).count() == 0


@pytest.fixture
def admin_user(db):
    return UserFactory(email="beheer@example.org", is_superuser=True, is_staff=True)


def test_deleting_an_ambassador_without_tours_goes_through_the_service(client, admin_user, ambassador):
    client.force_login(admin_user)

    with mock.patch.object(services, "ambassador_delete", wraps=services.ambassador_delete) as delete:
        response = client.post(f"/admin/ambassadeurs/delete/{ambassador.pk}/")

    assert response.status_code == 302
    assert delete.call_count == 1
    assert not Ambassador.objects.filter(pk=ambassador.pk).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete", user=admin_user).exists()


def test_deleting_an_ambassador_with_tours_keeps_them_and_explains(client, admin_user, ambassador, book, slots):
    book(slots[0])
    client.force_login(admin_user)

    response = client.post(f"/admin/ambassadeurs/delete/{ambassador.pk}/", follow=True)

    assert "Zet de ambassadeur op ‘niet actief’" in response.text
    assert Ambassador.objects.filter(pk=ambassador.pk).exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()
