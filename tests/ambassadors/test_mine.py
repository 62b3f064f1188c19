"""The ambassador's own pages: tours (own only), availability, booking for someone who phoned."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ambassadors import selectors, services
from ambassadors.models import BookingStatus, ExtraTime, TourBooking

pytestmark = pytest.mark.django_db


def test_my_page_shows_the_next_tours_and_the_way_to_all_of_them(client, ambassador, book):
    book(name="Johan de Wit")
    client.force_login(ambassador.user)
    html = client.get("/mijn/").content.decode()
    assert "Mijn rondleidingen" in html
    assert "Johan de Wit" in html
    assert "/mijn/rondleidingen/" in html


def test_an_ambassador_sees_their_own_tours_with_contact_details(client, ambassador, other_ambassador, book):
    book(name="Johan de Wit", phone="06 11112222")
    other_slot = selectors.building_slots(building=other_ambassador.building)[0]
    services.booking_create(
        ambassador_id=other_slot.ambassador_id, start=other_slot.start, name="Gerrit Bos", email="g@example.net"
    )
    client.force_login(ambassador.user)
    html = client.get("/mijn/rondleidingen/").content.decode()
    assert "Johan de Wit" in html
    assert "06 11112222" in html
    assert "Gerrit Bos" not in html


def test_someone_elses_tour_is_404_and_nobody_else_has_the_pages(client, ambassador, other_ambassador, resident):
    slot = selectors.building_slots(building=other_ambassador.building)[0]
    theirs = services.booking_create(ambassador_id=slot.ambassador_id, start=slot.start, name="G", email="g@x.nl")
    client.force_login(ambassador.user)
    assert client.post(f"/mijn/rondleidingen/{theirs.pk}/status/", {"status": "gehouden"}).status_code == 404
    assert client.post(f"/mijn/rondleidingen/{theirs.pk}/annuleren/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.BOOKED
    client.force_login(resident)
    for url in ["/mijn/rondleidingen/", "/mijn/rondleidingen/beschikbaarheid/", "/mijn/rondleidingen/boeken/"]:
        assert client.get(url).status_code == 404


def test_after_the_tour_the_ambassador_marks_held_or_no_show(client, ambassador, slots, book):
    held, no_show = book(slots[0]), book(slots[1], email="ander@example.net")
    for hours, booking in enumerate([held, no_show], start=3):
        TourBooking.objects.filter(pk=booking.pk).update(
            start=timezone.now() - timedelta(hours=hours), end=timezone.now() - timedelta(hours=hours - 1)
        )
    client.force_login(ambassador.user)
    assert "Is de rondleiding doorgegaan?" in client.get("/mijn/rondleidingen/").content.decode()
    client.post(f"/mijn/rondleidingen/{held.pk}/status/", {"status": "gehouden"})
    client.post(f"/mijn/rondleidingen/{no_show.pk}/status/", {"status": "niet_gekomen"})
    held.refresh_from_db()
    no_show.refresh_from_db()
    assert (held.status, no_show.status) == (BookingStatus.HELD, BookingStatus.NO_SHOW)


def test_a_tour_still_to_come_cannot_be_marked_held(client, ambassador, book):
    booking = book()
    client.force_login(ambassador.user)
    response = client.post(f"/mijn/rondleidingen/{booking.pk}/status/", {"status": "gehouden"}, follow=True)
    assert "pas als de rondleiding begonnen is" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_the_ambassador_cancels_and_the_visitor_hears_it(client, ambassador, book, django_capture_on_commit_callbacks):
    booking = book()
    mail.outbox.clear()
    client.force_login(ambassador.user)
    page = client.get(f"/mijn/rondleidingen/{booking.pk}/annuleren/").content.decode()
    assert "Er is geen collega die op die tijd vrij staat" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mijn/rondleidingen/{booking.pk}/annuleren/", {"action": "annuleren", "reason": "verhinderd"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "verhinderd")
    assert ["marijke@example.net"] in [m.to for m in mail.outbox]


# --- Availability --------------------------------------------------------------------------------


def weekly_post(rows):
    data = {"action": "weekly", "vast-TOTAL_FORMS": str(len(rows)), "vast-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"vast-{n}-{key}"] = value
    return data


def test_the_weekly_pattern_is_saved_and_offers_slots(client, ambassador, building):
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        weekly_post([{"weekday": "1", "start": "14:00", "end": "16:00"}, {"weekday": "", "start": "", "end": ""}]),
    )
    assert response.status_code == 302
    assert [(t.weekday, t.start, t.end) for t in ambassador.weekly_times.all()] == [(1, time(14), time(16))]
    slots = selectors.building_slots(building=building)
    assert {s.local_start.weekday() for s in slots} == {1}
    assert {f"{s.local_start:%H:%M}" for s in slots} == {"14:00", "15:00"}


def test_overlapping_weekly_times_are_refused_with_a_clear_message(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        weekly_post(
            [{"weekday": "2", "start": "10:00", "end": "12:00"}, {"weekday": "2", "start": "11:00", "end": "13:00"}]
        ),
    )
    assert response.status_code == 400
    assert "overlappen" in response.content.decode()
    assert ambassador.weekly_times.count() == 7  # unchanged


def test_half_filled_weekly_row_keeps_the_input_and_names_the_field(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/", weekly_post([{"weekday": "3", "start": "10:00", "end": ""}])
    )
    html = response.content.decode()
    assert "Vul een eindtijd in" in html
    assert 'value="10:00"' in html


def test_an_extra_time_and_a_blocked_date(client, ambassador, building):
    client.force_login(ambassador.user)
    day = timezone.localdate() + timedelta(days=9)
    client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        {"action": "extra", "extra-day": day.isoformat(), "extra-start": "18:30", "extra-end": "20:00"},
    )
    assert ExtraTime.objects.filter(ambassador=ambassador, date=day, start=time(18, 30)).exists()
    assert (day, "18:30") in [
        (s.local_start.date(), f"{s.local_start:%H:%M}") for s in selectors.building_slots(building=building)
    ]

    blocked = timezone.localdate() + timedelta(days=5)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        {"action": "blocked", "vrij-first_day": blocked.isoformat(), "vrij-last_day": ""},
    )
    assert response.status_code == 302
    assert blocked not in {s.local_start.date() for s in selectors.building_slots(building=building)}
    page = client.get("/mijn/rondleidingen/beschikbaarheid/").content.decode()
    assert "18:30" in page

    period = ambassador.blocked_periods.get()
    client.post("/mijn/rondleidingen/beschikbaarheid/", {"action": "blocked_remove", "id": period.pk})
    assert blocked in {s.local_start.date() for s in selectors.building_slots(building=building)}


def test_an_extra_time_in_the_past_is_refused(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        {"action": "extra", "extra-day": date(2020, 1, 1).isoformat(), "extra-start": "10:00", "extra-end": "11:00"},
    )
    assert "vandaag of later" in response.content.decode()
    assert not ExtraTime.objects.exists()


def test_blocking_a_day_with_a_booked_tour_warns_the_ambassador(client, ambassador, book, slots):
    booking = book(slots[0])
    day = booking.start.astimezone(timezone.get_current_timezone()).date()
    services.blocked_period_add(ambassador=ambassador, first_day=day)
    client.force_login(ambassador.user)
    html = client.get("/mijn/rondleidingen/").content.decode()
    assert "geblokkeerd" in html
    assert "Marijke Smit" in html


# --- Booking for someone who phoned -------------------------------------------------------------


def test_the_ambassador_books_for_someone_who_phoned_without_email(
    client, ambassador, slots, django_capture_on_commit_callbacks
):
    client.force_login(ambassador.user)
    form = client.get("/mijn/rondleidingen/boeken/")
    assert slots[0].key in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mijn/rondleidingen/boeken/",
            {
                "slot": slots[0].key,
                "name": "Nel Kramer",
                "phone": "030 1234567",
                "email": "",
                "party_size": "1",
                "language": "nl",
            },
        )
    assert response.status_code == 302
    booking = TourBooking.objects.get()
    assert (booking.name, booking.booked_by, booking.email) == ("Nel Kramer", ambassador.user, "")
    assert [m.to for m in mail.outbox] == [[ambassador.user.email]]  # no visitor address: only the ambassador


def test_phoned_booking_needs_a_way_to_reach_the_visitor(client, ambassador, slots):
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/boeken/",
        {"slot": slots[0].key, "name": "Nel Kramer", "phone": "", "email": "", "party_size": "1", "language": "nl"},
    )
    assert "telefoonnummer of een e-mailadres" in response.content.decode()
    assert not TourBooking.objects.exists()


def test_an_inactive_ambassador_offers_no_slots(ambassador, building):
    ambassador.active = False
    ambassador.save()
    assert selectors.building_slots(building=building) == []
