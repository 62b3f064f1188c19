"""Staff in the Wagtail admin: appoint ambassadors, book for a visitor, every booking with filters and CSV, figures."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ambassadors import selectors, services
from ambassadors.models import Ambassador, BookingStatus, TourBooking
from portal.factories import ResidentProfileFactory, UserFactory
from tests.spreadsheets import csv_dicts, csv_rows, xlsx_dicts

pytestmark = pytest.mark.django_db


def test_staff_appoint_an_ambassador_with_languages_and_it_is_logged(client, moderator, building):
    user = UserFactory(email="nieuw@example.org")
    ResidentProfileFactory(user=user, building=building)
    client.force_login(moderator)
    response = client.post(
        "/admin/ambassadeurs/add/",
        {
            "user": user.pk,
            "building": building.pk,
            "display_name": "Fatma",
            "introduction": "Ik laat u de tuin zien.",
            "languages": ["nl", "tr"],
            "photo_alt_text": "",
            "active": "on",
            "max_tours_per_day": "2",
            "max_tours_per_week": "4",
            "weekly_times-TOTAL_FORMS": "1",
            "weekly_times-INITIAL_FORMS": "0",
            "weekly_times-MIN_NUM_FORMS": "0",
            "weekly_times-MAX_NUM_FORMS": "1000",
            "weekly_times-0-weekday": "1",
            "weekly_times-0-start": "10:00",
            "weekly_times-0-end": "12:00",
            "weekly_times-0-ORDER": "1",
            "weekly_times-0-id": "",
            "weekly_times-0-DELETE": "",
            "extra_times-TOTAL_FORMS": "0",
            "extra_times-INITIAL_FORMS": "0",
            "blocked_periods-TOTAL_FORMS": "0",
            "blocked_periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ambassador = Ambassador.objects.get(user=user)
    assert ambassador.languages == ["nl", "tr"]
    assert ambassador.get_languages_display() == "Nederlands, Turks"
    assert ambassador.weekly_times.get().weekday == 1
    assert ModelLogEntry.objects.filter(action="ambassadors.appoint", user=moderator).exists()


def test_an_ambassador_shows_their_own_building_only(client, moderator, building, other_building):
    user = UserFactory(email="nieuw@example.org")
    ResidentProfileFactory(user=user, building=building)
    client.force_login(moderator)
    response = client.post(
        "/admin/ambassadeurs/add/",
        {
            "user": user.pk,
            "building": other_building.pk,
            "display_name": "Fatma",
            "introduction": "Hallo.",
            "weekly_times-TOTAL_FORMS": "0",
            "weekly_times-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "ander gebouw" in response.content.decode()
    assert not Ambassador.objects.exists()


def test_staff_book_for_a_visitor_in_the_admin_with_the_same_rules_and_mails(
    client, moderator, ambassador, building, slots, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    step_one = client.get("/admin/rondleidingen/new/")
    assert "De Linde" in step_one.content.decode()
    step_two = client.get(f"/admin/rondleidingen/new/?gebouw={building.pk}")
    assert slots[0].key in step_two.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/rondleidingen/new/?gebouw={building.pk}",
            {
                "slot": slots[0].key,
                "name": "Gerrit Bos",
                "phone": "",
                "email": "gerrit@example.net",
                "party_size": "3",
                "language": "nl",
            },
        )
    assert response.status_code == 302
    booking = TourBooking.objects.get()
    assert (booking.booked_by, booking.party_size) == (moderator, 3)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["gerrit@example.net", ambassador.user.email])
    assert ModelLogEntry.objects.filter(action="ambassadors.book_for_visitor", user=moderator).exists()

    taken = client.post(
        f"/admin/rondleidingen/new/?gebouw={building.pk}",
        {"slot": slots[0].key, "name": "X", "phone": "0301234567", "email": "", "party_size": "1", "language": "nl"},
    )
    assert taken.status_code == 200
    assert "niet meer vrij" in taken.content.decode()


@pytest.fixture
def bookings(ambassador, other_ambassador, slots, book):
    first = book(slots[0], request_key="1")
    second = book(slots[1], request_key="2", name="Johan de Wit", email="johan@example.net")
    services.booking_cancel(booking=second)
    elsewhere = selectors.building_slots(building=other_ambassador.building)[0]
    third = services.booking_create(
        ambassador_id=elsewhere.ambassador_id, start=elsewhere.start, name="Gerrit Bos", email="g@example.net"
    )
    return first, second, third


def test_the_overview_filters_by_building_and_status(client, moderator, bookings, building):
    client.force_login(moderator)
    everything = client.get("/admin/rondleidingen/").content.decode()
    assert all(name in everything for name in ["Marijke Smit", "Johan de Wit", "Gerrit Bos"])
    linde = client.get(f"/admin/rondleidingen/?building={building.pk}").content.decode()
    assert "Gerrit Bos" not in linde
    assert "Marijke Smit" in linde
    cancelled = client.get("/admin/rondleidingen/?status=geannuleerd").content.decode()
    assert "Johan de Wit" in cancelled
    assert "Marijke Smit" not in cancelled


def test_the_overview_exports_csv_without_the_visitors_contact_details(client, moderator, bookings):
    client.force_login(moderator)
    response = client.get("/admin/rondleidingen/?export=csv")
    assert response.status_code == 200
    rows = csv_dicts(response)
    assert len(rows) == 3
    assert {row["Status"] for row in rows} >= {"Geboekt", "Geannuleerd"}
    assert {row["Gebouw"] for row in rows} == {"De Linde", "Het Anker"}
    assert not any("@" in value for row in rows for value in row.values())
    # The date and time in the Netherlands, as Dutch Excel reads a date: 04-12-2026 14:30.
    first = timezone.localtime(bookings[0].start)
    assert f"{first:%d-%m-%Y %H:%M}" in {row["Datum en tijd"] for row in rows}


def test_the_overview_exports_xlsx_with_real_dates_and_no_formulas(client, moderator, bookings, other_ambassador):
    Ambassador.objects.filter(pk=other_ambassador.pk).update(display_name='=HYPERLINK("https://example.net","x")')
    client.force_login(moderator)

    response = client.get("/admin/rondleidingen/?export=xlsx")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = xlsx_dicts(response)
    assert len(rows) == 3
    starts = [row["Datum en tijd"] for row in rows]
    assert all(cell.is_date for cell in starts)
    first = timezone.localtime(bookings[0].start).replace(tzinfo=None)
    assert first in {cell.value for cell in starts}  # local time, not UTC
    assert {row["Personen"].data_type for row in rows} == {"n"}
    formula = next(row["Ambassadeur"] for row in rows if row["Gebouw"].value == "Het Anker")
    assert (formula.value, formula.data_type) == ('\'=HYPERLINK("https://example.net","x")', "s")


def test_tours_per_month_per_building(client, moderator, ambassador, book, slots):
    held = book(slots[0], request_key="h")
    no_show = book(slots[1], request_key="n", email="n@example.net")
    for hours, booking in enumerate([held, no_show], start=30):
        TourBooking.objects.filter(pk=booking.pk).update(
            start=timezone.now() - timedelta(hours=hours), end=timezone.now() - timedelta(hours=hours - 1)
        )
    services.booking_mark(booking=held, status=BookingStatus.HELD, by=moderator)
    services.booking_mark(booking=no_show, status=BookingStatus.NO_SHOW, by=moderator)
    services.booking_cancel(booking=book(slots[2], request_key="c", email="c@example.net"))

    rows = selectors.tours_per_month()
    assert sum(r.held for r in rows) == 1
    assert sum(r.no_show for r in rows) == 1
    assert sum(r.cancelled for r in rows) == 1
    assert sum(r.booked for r in rows) == 2
    assert {r.building for r in rows} == {"De Linde"}

    client.force_login(moderator)
    page = client.get("/admin/rapporten/rondleidingen/")
    assert page.status_code == 200
    assert "De Linde" in page.content.decode()
    export = csv_rows(client.get("/admin/rapporten/rondleidingen/?export=csv"))
    assert export[0] == ["Gebouw", "Maand", "Geboekt", "Gehouden", "Niet gekomen", "Geannuleerd"]
    month = rows[0].month
    assert export[1][:2] == ["De Linde", f"{month:%d-%m-%Y}"]
    workbook = xlsx_dicts(client.get("/admin/rapporten/rondleidingen/?export=xlsx"))
    assert workbook[0]["Maand"].is_date
    assert workbook[0]["Maand"].value.date() == month
    assert sum(row["Gehouden"].value for row in workbook) == 1


def test_a_caretaker_or_ambassador_has_no_staff_overview(client, caretaker, ambassador):
    for user in [caretaker.user, ambassador.user]:
        client.force_login(user)
        assert client.get("/admin/rondleidingen/").status_code in (302, 403)
        assert client.get("/admin/rondleidingen/new/").status_code in (302, 403)


def test_staff_move_a_booking_to_another_free_time_through_the_service(
    client, moderator, ambassador, book, slots, django_capture_on_commit_callbacks
):
    booking = book(slots[0])
    target = next(s for s in slots if s.start != booking.start)
    client.force_login(moderator)
    mail.outbox.clear()

    form = client.get(f"/admin/rondleidingen/verzetten/{booking.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/rondleidingen/verzetten/{booking.pk}/", {"slot": target.key})

    assert form.status_code == 200
    assert target.key in form.text
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == target.start
    assert booking.sequence == 1  # calendars take the new time
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["marijke@example.net", ambassador.user.email])
    assert ModelLogEntry.objects.filter(action="ambassadors.move", user_id=moderator.pk).exists()


def test_staff_cancel_a_booking_after_confirming(
    client, moderator, ambassador, book, slots, django_capture_on_commit_callbacks
):
    booking = book(slots[0])
    client.force_login(moderator)
    mail.outbox.clear()

    ask = client.get(f"/admin/rondleidingen/annuleren/{booking.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/rondleidingen/annuleren/{booking.pk}/")

    assert "Ja, annuleer de rondleiding" in ask.text
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "marijke@example.net" in [m.to[0] for m in mail.outbox]
    edit = client.get(f"/admin/rondleidingen/edit/{booking.pk}/").text
    assert f"/admin/rondleidingen/annuleren/{booking.pk}/" not in edit  # nothing left to cancel


def test_the_booking_shows_its_times_in_amsterdam_time_with_dutch_labels(client, moderator, book, slots):
    booking = book(slots[0])
    client.force_login(moderator)

    page = client.get(f"/admin/rondleidingen/inspect/{booking.pk}/").text

    assert timezone.localtime(booking.start).strftime("%H:%M") in page
    for english in ("Changed at", "Reminder sent at", "Request key", "Sequence"):
        assert english not in page
    assert "Gewijzigd op" in page
    assert f"/admin/rondleidingen/copy/{booking.pk}/" not in client.get(f"/admin/rondleidingen/edit/{booking.pk}/").text


def test_deleting_an_ambassador_with_tours_explains_what_to_do_instead(client, ambassador, book, slots):
    book(slots[0])
    client.force_login(UserFactory(email="beheer@example.org", is_superuser=True, is_staff=True))

    response = client.post(f"/admin/ambassadeurs/delete/{ambassador.pk}/", follow=True)

    assert response.status_code == 200
    assert "Zet de ambassadeur op ‘niet actief’" in response.text
    assert Ambassador.objects.filter(pk=ambassador.pk).exists()
