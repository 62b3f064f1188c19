"""The public booking form cannot be used to send the corporation's e-mail with someone else's text in it."""

from email import message_from_bytes

import pytest
from django.core import mail
from django.test import override_settings

from ambassadors.models import TourBooking
from tests.ambassadors.test_booking import book_url, form_data

pytestmark = pytest.mark.django_db

PHISHING_NAMES = [
    "Jan\nUw huurtoeslag is geblokkeerd. Log in om het op te lossen",
    "Uw huurtoeslag is geblokkeerd https://toeslag-herstel.example",
    "Jan, ga naar www.toeslag-herstel.com",
    "Jan bit.ly/toeslag",
    "Jan toeslagherstel.nl",
    "Bel of mail naar hulp@toeslag-herstel.example",
]


@pytest.mark.parametrize("name", PHISHING_NAMES)
def test_a_name_with_a_link_a_line_break_or_an_address_is_refused_and_nothing_is_sent(
    client, tour_page, building, slots, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            book_url(building, slots[0]), form_data(slots[0], name=name, email="slachtoffer@example.net")
        )

    assert response.status_code == 200
    assert "Vul alleen een naam in, zonder internetadres of e-mailadres." in response.content.decode()
    assert not TourBooking.objects.exists()
    assert mail.outbox == []


def test_the_confirmation_is_plain_text_with_the_name_as_typed(
    client, tour_page, building, slots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(building, slots[0]), form_data(slots[0], name="Marijke & <b>Piet</b>"))

    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["marijke@example.net"]]
    assert "Marijke & <b>Piet</b>" in message.body  # as typed: not escaped, and nothing a mail program renders
    parts = [part.get_content_type() for part in message_from_bytes(message.message().as_bytes()).walk()]
    assert "text/html" not in parts
    assert "text/plain" in parts


@override_settings(PORTAL_TOUR_RATE_PER_IP="100/h", PORTAL_TOUR_RATE_PER_EMAIL="2/h")
@pytest.mark.parametrize(
    "addresses",
    [
        ["anna+1@example.net", "Anna+2@example.net", "anna+3@example.net"],
        ["j.a.n@gmail.com", "jan@googlemail.com", "J.an+x@gmail.com"],
    ],
    ids=["plus-tags", "gmail-dots"],
)
def test_one_mailbox_under_other_spellings_counts_as_one_address(client, tour_page, building, slots, addresses):
    statuses = [
        client.post(book_url(building, slot), form_data(slot, email=address, request_key=f"k{n}")).status_code
        for n, (slot, address) in enumerate(zip(slots[:3], addresses, strict=True))
    ]

    # The second is refused as a second tour of one mailbox in this building; the third hits the limit.
    assert statuses == [302, 200, 429]
    assert TourBooking.objects.count() == 1
