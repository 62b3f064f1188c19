"""Booking a tour: the public form, the e-mails with .ics, the signed link, and what cannot happen."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ambassadors import selectors, services
from ambassadors.models import BookingStatus, TourBooking
from ambassadors.tokens import booking_for_token, booking_path, booking_token
from portal import page_cache
from tests.ambassadors.booking_form import book_url, form_data

pytestmark = pytest.mark.django_db


def ics_of(message):
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content).walk("VEVENT")[0]


def link_in(message) -> str:
    return re.search(r"http://testserver(/rondleidingen/boeking/[^/\s]+/)", message.body).group(1)


LINK = re.compile(r"^/rondleidingen/boeking/(?P<token>[^/]+)/(\?geboekt=1)?$")


def booking_of_link(path: str) -> TourBooking | None:
    """The booking a signed link opens. The token carries the second it was signed, so two links to one
    booking made a second apart differ: compare what they open, not their text."""
    match = LINK.match(path)
    return booking_for_token(match["token"]) if match else None


def test_a_visitor_picks_a_building_and_a_time_and_books(
    client, tour_page, building, ambassador, slots, django_capture_on_commit_callbacks
):
    index = client.get("/rondleidingen/")
    assert "De Linde" in index.content.decode()
    assert "Ria" in index.content.decode()

    page = client.get(f"/rondleidingen/{building.slug}/")
    assert page.status_code == 200
    assert book_url(building, slots[0]) in page.content.decode().replace("&amp;", "&")
    assert "Ik woon hier al twaalf jaar" in page.content.decode()

    form = client.get(book_url(building, slots[0]))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="website"' in html  # the honeypot
    assert "opmerking" not in html.lower()  # no free-text remarks: it invites health details

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(building, slots[0]), form_data(slots[0]))

    booking = TourBooking.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("?geboekt=1")
    assert booking_of_link(response["Location"]) == booking
    confirmation = client.get(response["Location"])
    assert "Uw rondleiding is geboekt" in confirmation.content.decode()
    assert booking.status == BookingStatus.BOOKED
    assert (booking.start, booking.end - booking.start) == (slots[0].start, timedelta(minutes=45))
    assert (booking.party_size, booking.phone, booking.booked_by) == (2, "06 12345678", None)

    visitor, to_ambassador = mail.outbox
    assert visitor.to == ["marijke@example.net"]
    assert "De Linde" in visitor.subject
    event = ics_of(visitor)
    assert event.decoded("dtstart") == slots[0].start
    assert "De Linde" in str(event["SUMMARY"])
    assert booking_of_link(link_in(visitor)) == booking
    assert to_ambassador.to == [ambassador.user.email]
    # The ambassador's mail links to the tour on their page; the visitor's details stay in the portal, which
    # wipes them after the retention period (a mailbox would keep them).
    assert f"/mijn/rondleidingen/#rondleiding-{booking.pk}" in to_ambassador.body
    for detail in ["Marijke Smit", "06 12345678", "marijke@example.net"]:
        assert detail not in to_ambassador.body


def test_the_booked_slot_is_gone_for_the_next_visitor(client, tour_page, building, ambassador, slots, book):
    book(slots[0])
    page = client.get(f"/rondleidingen/{building.slug}/").content.decode().replace("&amp;", "&")
    assert book_url(building, slots[0]) not in page
    assert book_url(building, slots[1]) in page

    late = client.get(book_url(building, slots[0]), follow=True)
    assert "niet meer vrij" in late.content.decode()


def test_a_slot_of_another_building_cannot_be_booked_through_this_one(client, tour_page, other_building, slots):
    url = f"/rondleidingen/{other_building.slug}/boeken/?tijd={slots[0].key}"
    response = client.post(url, form_data(slots[0]))
    assert response.status_code == 302
    assert "ander gebouw" in str(next(iter(response.wsgi_request._messages)))
    assert not TourBooking.objects.exists()


def test_a_slot_just_taken_sends_the_second_visitor_back_to_pick_another(client, tour_page, building, slots, book):
    book(slots[0], request_key="first")
    response = client.post(book_url(building, slots[0]), form_data(slots[0], request_key="second"), follow=True)
    assert "net door iemand anders gekozen" in response.content.decode()
    assert TourBooking.objects.count() == 1


def test_a_double_clicked_form_makes_one_booking(client, tour_page, building, slots):
    first = client.post(book_url(building, slots[0]), form_data(slots[0]))
    second = client.post(book_url(building, slots[0]), form_data(slots[0]))
    assert TourBooking.objects.count() == 1
    # Both lead to the page of that one booking (the signed link carries a timestamp, so the two links
    # differ when the clicks fall in different seconds; the booking they open is the same).
    booking = TourBooking.objects.get()
    for response in (first, second):
        token = response["Location"].split("/rondleidingen/boeking/")[1].split("/")[0]
        assert booking_for_token(token) == booking


def test_bad_input_gets_dutch_messages_and_keeps_what_was_typed(client, tour_page, building, slots):
    response = client.post(
        book_url(building, slots[0]), form_data(slots[0], email="geen-adres", party_size="7", phone="bel me")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in html
    assert "Vul een e-mailadres in zoals naam@voorbeeld.nl" in html
    assert "1 tot 4" in html
    assert "alleen cijfers" in html
    assert 'value="Marijke Smit"' in html
    assert not TourBooking.objects.exists()


def test_the_honeypot_stops_a_bot_without_a_booking_or_a_mail(client, tour_page, building, slots):
    response = client.post(book_url(building, slots[0]), form_data(slots[0], website="http://spam.example"))
    assert response.status_code == 400
    assert not TourBooking.objects.exists()
    assert mail.outbox == []


@override_settings(PORTAL_TOUR_RATE_PER_IP="100/h", PORTAL_TOUR_RATE_PER_EMAIL="2/h")
def test_too_many_bookings_for_one_address_get_a_friendly_429(client, tour_page, building, slots):
    assert client.post(book_url(building, slots[0]), form_data(slots[0], request_key="k0")).status_code == 302
    # A second tour in the same building is refused (one per address), and the attempt counts.
    assert client.post(book_url(building, slots[1]), form_data(slots[1], request_key="k1")).status_code == 200
    response = client.post(book_url(building, slots[2]), form_data(slots[2], request_key="k3"))
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    assert TourBooking.objects.count() == 1


@override_settings(PORTAL_TOUR_RATE_PER_IP="2/h", PORTAL_TOUR_RATE_PER_EMAIL="100/h")
def test_too_many_bookings_from_one_ip_address_get_a_429(client, tour_page, building, slots):
    for n, slot in enumerate(slots[:2]):
        client.post(book_url(building, slot), form_data(slot, request_key=f"k{n}", email=f"p{n}@example.net"))
    response = client.post(book_url(building, slots[2]), form_data(slots[2], request_key="k3", email="x@example.net"))
    assert response.status_code == 429


def test_an_unknown_building_is_404_and_one_without_ambassadors_offers_a_request(
    client, tour_page, other_building, ambassador
):
    assert client.get("/rondleidingen/bestaat-niet/").status_code == 404
    response = client.get(f"/rondleidingen/{other_building.slug}/")
    assert response.status_code == 200
    assert "Een rondleiding aanvragen" in response.text
    assert "Kies een tijd" not in response.text


def test_junk_slot_keys_go_back_to_the_times(client, tour_page, building, ambassador):
    response = client.get(f"/rondleidingen/{building.slug}/boeken/?tijd=onzin")
    assert response.status_code == 302
    assert response["Location"] == f"/rondleidingen/{building.slug}/"


# --- The signed link -----------------------------------------------------------------------------


def test_the_link_shows_the_booking_and_cancels_it(client, slots, book, ambassador, django_capture_on_commit_callbacks):
    booking = book()
    mail.outbox.clear()
    page = client.get(booking_path(booking))
    assert page.status_code == 200
    assert "Rondleiding annuleren" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(booking_path(booking, "tour_booking_cancel"), follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "geannuleerd" in response.content.decode()
    visitor, to_ambassador = mail.outbox
    assert ics_of(visitor)["STATUS"] == "CANCELLED"
    assert "geannuleerd" in to_ambassador.subject
    assert "geannuleerd" in visitor.subject


def test_the_link_moves_the_booking_to_another_free_slot(client, slots, book, django_capture_on_commit_callbacks):
    booking = book()
    mail.outbox.clear()
    move = client.get(booking_path(booking, "tour_booking_move"))
    assert slots[1].key in move.content.decode()
    assert f'value="{slots[0].key}"' not in move.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(booking_path(booking, "tour_booking_move"), {"slot": slots[1].key})

    booking.refresh_from_db()
    assert booking.start == slots[1].start
    assert booking.sequence == 1
    visitor, to_ambassador = mail.outbox
    event = ics_of(visitor)
    assert event.decoded("dtstart") == slots[1].start
    assert int(event["SEQUENCE"]) == 1
    assert "verzet" in to_ambassador.subject
    # The old time is free again for others.
    assert slots[0].start in [s.start for s in selectors.building_slots(building=booking.building)]


def test_moving_to_a_slot_someone_just_took_says_so(client, slots, book):
    booking = book()
    book(slots[1], email="ander@example.net", name="Johan")
    response = client.post(booking_path(booking, "tour_booking_move"), {"slot": slots[1].key})
    assert "niet meer vrij" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == slots[0].start


def test_a_tampered_link_is_404(client, slots, book):
    booking = book()
    token = booking_token(booking)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("tour_booking", kwargs={"token": tampered})).status_code == 404
    # Another booking's id with this booking's signature: refused as well.
    _payload, signature = token.split(":", 1)
    other_id = signing.b64_encode(str(booking.pk + 1).encode()).decode() + ":" + signature
    assert client.get(reverse("tour_booking", kwargs={"token": other_id})).status_code == 404
    assert client.post(reverse("tour_booking_cancel", kwargs={"token": tampered})).status_code == 404


def test_the_link_stops_working_once_the_tour_is_over(client, slots, book):
    booking = book()
    TourBooking.objects.filter(pk=booking.pk).update(
        start=timezone.now() - timedelta(hours=2), end=timezone.now() - timedelta(hours=1)
    )
    for name in ["tour_booking", "tour_booking_cancel", "tour_booking_move"]:
        response = client.get(booking_path(booking, name))
        assert response.status_code == 410
        assert "werkt niet meer" in response.content.decode()
    assert client.post(booking_path(booking, "tour_booking_cancel")).status_code == 410
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_a_cancelled_booking_cannot_be_moved(client, slots, book):
    booking = book()
    services.booking_cancel(booking=booking)
    response = client.post(booking_path(booking, "tour_booking_move"), {"slot": slots[1].key})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.start) == (BookingStatus.CANCELLED, slots[0].start)


# --- Query budgets -------------------------------------------------------------------------------


def test_slot_list_queries_are_few_and_do_not_grow(
    client, no_page_cache, tour_page, building, make_ambassador, django_assert_max_num_queries
):
    make_ambassador()
    client.get(f"/rondleidingen/{building.slug}/")  # warm the caches of the page tree
    with django_assert_max_num_queries(12) as kept:
        client.get(f"/rondleidingen/{building.slug}/")
    times = ("ambassadors_weeklytime", "ambassadors_tourbooking", "ambassadors_grouptour")
    assert not [query for query in kept.captured_queries if any(table in query["sql"] for table in times)]
    # What a booking does to the kept times (a new generation of the building's pages), without a booking:
    page_cache.invalidate_buildings([building.slug], listed=False)
    # Within the page budget of 12: three for the page tree, two for the building, four for the free times,
    # one for the group tours.
    with django_assert_max_num_queries(12) as few:
        client.get(f"/rondleidingen/{building.slug}/")
    for n in range(3):
        ambassador = make_ambassador(email=f"a{n}@example.org", name=f"A{n}")
        for k, slot in enumerate(selectors.building_slots(building=building, ambassador=ambassador)[:3]):
            services.booking_create(
                ambassador_id=slot.ambassador_id, start=slot.start, name="X", email=f"x{n}-{k}@example.net"
            )
    with django_assert_max_num_queries(12) as many:
        response = client.get(f"/rondleidingen/{building.slug}/")
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_index_queries_do_not_grow_with_buildings(
    client, no_page_cache, tour_page, make_building, make_ambassador, django_assert_max_num_queries
):
    make_ambassador()
    client.get("/rondleidingen/")
    with django_assert_max_num_queries(10) as few:
        client.get("/rondleidingen/")
    for n in range(4):
        make_ambassador(email=f"b{n}@example.org", name=f"B{n}", building=make_building(title=f"Gebouw {n}"))
    client.get("/rondleidingen/")  # the list of buildings with tours is worked out again after a change (and kept)
    with django_assert_max_num_queries(10) as many:
        response = client.get("/rondleidingen/")
    assert response.content.decode().count("Kies een tijd in") == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_booking_post_stays_within_ten_queries_in_one_transaction(
    client, tour_page, building, slots, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(f"/rondleidingen/{building.slug}/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks, django_assert_max_num_queries(10) as queries:
        response = client.post(book_url(building, slots[0]), form_data(slots[0]))
    assert response.status_code == 302
    # The e-mail job is queued after the commit: one more write (the task row) with the database backend.
    assert len(queries.captured_queries) + len(callbacks) <= 10
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1
    assert "ambassadors_tourbooking" in writes[0]
    assert TourBooking.objects.count() == 1


def test_the_building_page_invites_to_book_a_tour_or_to_ask_for_one_without_an_ambassador(
    client, tour_page, building, other_building, ambassador
):
    with_ambassador = client.get(building.url).content.decode()
    assert f'href="/rondleidingen/{building.slug}/"' in with_ambassador
    assert "Boek een rondleiding" in with_ambassador
    without = client.get(other_building.url).content.decode()
    assert 'href="/rondleidingen/het-anker/"' in without
    assert "Rondleiding aanvragen" in without


def test_every_visitor_gets_a_form_of_their_own(client, tour_page, building, ambassador, slots):
    """The booking form carries a key per request (a double click books once), so it is never a stored page."""
    url = book_url(building, slots[0])

    keys = {re.search(r'name="request_key" value="(\w+)"', client.get(url).text).group(1) for _ in range(2)}

    assert len(keys) == 2


def test_new_weekly_times_show_on_the_public_page_at_once(client, tour_page, building, make_ambassador):
    """The slot list is a stored page for visitors; the ambassador's new times must not wait for it to expire."""
    from datetime import time

    ambassador = make_ambassador(times=[])
    assert "boeken/?tijd=" not in client.get(f"/rondleidingen/{building.slug}/").text

    services.weekly_times_replace(
        ambassador=ambassador, times=[services.TimeRange(weekday=day, start=time(14), end=time(16)) for day in range(7)]
    )

    assert "boeken/?tijd=" in client.get(f"/rondleidingen/{building.slug}/").text


def test_the_tour_list_follows_its_ambassadors_at_once(
    client, no_page_cache, tour_page, make_ambassador, make_building
):
    """The buildings with tours are kept with the tour pages (`portal.page_cache.kept_with_pages`): an ambassador
    who stops, or a new one, shows on the very next visit, as the page cache's own generations do."""
    ambassador = make_ambassador()
    assert client.get("/rondleidingen/").text.count("Kies een tijd in") == 1

    ambassador.active = False
    ambassador.save()
    assert "Kies een tijd in" not in client.get("/rondleidingen/").text

    make_ambassador(email="kees@example.org", name="Kees", building=make_building(title="Het Anker"))
    assert "Kies een tijd in Het Anker" in client.get("/rondleidingen/").text


def test_the_tour_list_is_worked_out_each_time_while_the_cache_is_away(
    client, no_page_cache, tour_page, make_ambassador, monkeypatch
):
    from portal import page_cache

    make_ambassador()
    monkeypatch.setattr(page_cache, "generations", lambda scope=page_cache.LISTING: None)  # Redis away
    assert client.get("/rondleidingen/").text.count("Kies een tijd in") == 1


def test_a_group_tour_offered_and_a_place_booked_show_at_once_on_the_kept_tour_page(
    client, tour_page, building, make_ambassador
):
    """The tour page's times are kept with the building's pages: offering a group tour and booking a place on it
    are changes of the building that clear them, for the next visitor at once (the page cache's too)."""
    from ambassadors import visitor_services

    make_ambassador()
    url = f"/rondleidingen/{building.slug}/"
    assert "Open middag" not in client.get(url).text
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)

    tour = visitor_services.group_tour_offer(
        building=building, start=start, end=start + timedelta(hours=1), capacity=10, title="Open middag"
    )
    offered = client.get(url).text
    visitor_services.group_place_book(group_tour_id=tour.pk, name="Nel Kramer", email="nel@example.net")
    booked = client.get(url).text

    assert "Open middag" in offered
    assert "10 plaatsen" in offered
    assert "9 plaatsen" in booked
