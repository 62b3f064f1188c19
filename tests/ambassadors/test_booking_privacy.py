"""A visitor's booking stays theirs: the form's `request_key` makes a double click harmless but never opens
another visitor's booking, and the pages with a booking's details are never stored by a browser or proxy."""

import pytest

from ambassadors.models import TourBooking
from ambassadors.tokens import booking_path
from tests.ambassadors.test_booking import book_url, booking_of_link, form_data

pytestmark = pytest.mark.django_db

KEY = "k" * 32


def test_a_reused_key_does_not_show_another_visitors_booking(client, tour_page, building, slots):
    first = client.post(book_url(building, slots[0]), form_data(slots[0], request_key=KEY))
    booking = booking_of_link(first["Location"])
    assert booking is not None

    for slot in (slots[0], slots[1]):  # the same time, and another time of the same ambassador
        response = client.post(
            book_url(building, slot),
            form_data(slot, request_key=KEY, name="Kees Kwaad", email="kees@example.net", phone="06 87654321"),
        )

        assert response.status_code == 200  # the form again, with a message; no redirect to anyone's link
        assert "Dit formulier is al gebruikt" in response.text
        assert "Marijke" not in response.text
        assert "marijke@example.net" not in response.text
        assert "/rondleidingen/boeking/" not in response.text
    assert list(TourBooking.objects.all()) == [booking]


def test_the_same_visitor_clicking_twice_still_gets_their_one_booking(client, tour_page, building, slots):
    first = client.post(book_url(building, slots[0]), form_data(slots[0], request_key=KEY))
    second = client.post(book_url(building, slots[0]), form_data(slots[0], request_key=KEY))

    assert booking_of_link(second["Location"]) == booking_of_link(first["Location"])
    assert TourBooking.objects.count() == 1


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_the_signed_link_and_the_ambassadors_own_tours_are_never_stored(client, tour_page, ambassador, book):
    booking = book()

    link = client.get(booking_path(booking))
    client.force_login(ambassador.user)
    mine = client.get("/mijn/rondleidingen/")

    assert (link.status_code, mine.status_code) == (200, 200)
    assert _no_store(link)
    assert _no_store(mine)
