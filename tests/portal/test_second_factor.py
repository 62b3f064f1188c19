"""MFA where personal data is (issue 15): staff and caretakers need their second factor for every page with other
people's details, not only /admin/; neighbours' phone numbers only after a recent log-in (portal/second_factor.py)."""

from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings
from django.urls import reverse

from activities import services as activity_services
from portal.factories import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_required")]

PHONE = "06 12 34 56 78"


@pytest.fixture
def mfa_required():
    with override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=True):
        yield


@pytest.fixture
def occurrence(make_activity, member):
    activity = make_activity()
    occurrence = activity.occurrences.get()
    activity_services.registration_create(
        occurrence=occurrence,
        user=None,
        made_by=member,
        neighbour_name="Mevrouw Jansen",
        neighbour_apartment="14",
        neighbour_phone=PHONE,
        neighbour_consent=True,
    )
    return occurrence


def participants_url(occurrence):
    return occurrence.activity.url + f"deelnemers/{occurrence.pk}/"


def to_set_up(next_url):
    return f"{reverse('mfa_activate_totp')}?next={quote(next_url, safe='')}"


def test_staff_without_mfa_are_sent_to_set_it_up_before_a_participant_list(client, moderator, occurrence):
    client.force_login(moderator)

    response = client.get(participants_url(occurrence))

    assert response.status_code == 302
    assert response["Location"] == to_set_up(participants_url(occurrence))


def test_staff_without_mfa_cannot_sign_someone_up(client, moderator, occurrence):
    client.force_login(moderator)
    url = occurrence.activity.url + f"namens/{occurrence.pk}/"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == to_set_up(url)


def test_staff_with_mfa_see_the_participant_list(client, moderator, occurrence):
    TOTP.activate(moderator, generate_totp_secret())
    client.force_login(moderator)

    response = client.get(participants_url(occurrence))

    assert response.status_code == 200
    assert "Mevrouw Jansen" in response.text


def test_a_caretaker_without_mfa_is_sent_to_set_it_up_before_the_messages(client, caretaker):
    client.force_login(caretaker.user)

    response = client.get("/admin/berichten/")

    assert response.status_code == 302
    assert response["Location"] == to_set_up("/admin/berichten/")


def test_a_caretaker_with_mfa_reads_the_messages(client, caretaker):
    TOTP.activate(caretaker.user, generate_totp_secret())
    client.force_login(caretaker.user)

    assert client.get("/admin/berichten/").status_code == 200


def test_from_the_log_in_straight_to_the_qr_code_and_back_to_the_list(client, moderator, occurrence):
    """No second question for the password just typed; after the app's code, the list the person asked for."""
    response = client.post(
        f"{reverse('account_login')}?next={quote(participants_url(occurrence))}",
        {"login": moderator.email, "password": DEMO_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == to_set_up(participants_url(occurrence))
    assert response.status_code == 200
    secret = response.context["form"].secret  # shown as a QR code and as text
    assert secret in response.text

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == participants_url(occurrence)
    assert "Mevrouw Jansen" in client.get(participants_url(occurrence)).text


def test_a_committee_member_who_has_not_confirmed_recently_sees_no_phone_numbers(client, member, occurrence):
    client.force_login(member)  # a session from days ago: no log-in recorded in it

    response = client.get(participants_url(occurrence))

    assert response.status_code == 200
    assert "Mevrouw Jansen" in response.text
    assert PHONE not in response.text
    assert "Toon telefoonnummers" in response.text
    assert f"next={quote(participants_url(occurrence), safe='')}" in response.text


def test_after_confirming_who_they_are_a_committee_member_sees_the_phone_numbers(client, member, occurrence):
    client.post(reverse("account_login"), {"login": member.email, "password": DEMO_PASSWORD})
    assert PHONE not in client.get(participants_url(occurrence)).text, "logging in is not confirming"

    confirmed = client.post(
        f"{reverse('account_reauthenticate')}?next={quote(participants_url(occurrence))}",
        {"password": DEMO_PASSWORD},
    )
    response = client.get(confirmed["Location"])

    assert confirmed["Location"] == participants_url(occurrence)
    assert PHONE in response.text
    assert "Toon telefoonnummers" not in response.text
