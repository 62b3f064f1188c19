"""Accounts: log-in by e-mailed code, password throttling, and the way into the Wagtail admin."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from portal.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b(\d{3,4}-\d{3,4})\b")


def request_code(client, email):
    response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    return CODE.search(mail.outbox[-1].body).group(1)


def test_log_in_with_an_emailed_code(client, resident):
    code = request_code(client, resident.email)

    assert mail.outbox[-1].to == [resident.email]
    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    page = client.get(reverse("my_page"))
    assert page.status_code == 200
    assert "De Linde" in page.text


def test_a_wrong_code_is_refused_with_a_message(client, resident):
    request_code(client, resident.email)

    response = client.post(reverse("account_confirm_login_code"), {"code": "000-000"}, follow=True)

    assert response.status_code == 200
    assert response.context["user"].is_anonymous
    assert response.context["form"].errors
    assert client.get(reverse("my_page")).status_code == 302


def test_a_code_works_only_once(client, resident):
    code = request_code(client, resident.email)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302  # no pending code log-in any more: back to the start
    assert client.get(reverse("my_page")).status_code == 302


def test_asking_a_code_for_an_unknown_address_looks_the_same(client, resident):
    """Enumeration prevention: nobody learns from the answer whether an address has an account."""
    known = client.post(reverse("account_request_login_code"), {"email": resident.email})
    unknown = client.post(reverse("account_request_login_code"), {"email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_the_sixth_failed_password_is_refused_even_when_right(client, resident):
    for _attempt in range(5):
        response = client.post(reverse("account_login"), {"login": resident.email, "password": "fout-wachtwoord"})
        assert response.status_code == 200
        assert response.context["form"].errors

    response = client.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})

    assert client.get(reverse("my_page")).status_code == 302
    assert response.status_code in (200, 429)


def test_the_right_password_logs_in(client, resident):
    response = client.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("my_page")).status_code == 200


def test_an_unverified_address_cannot_log_in_with_a_password(client, db):
    user = UserFactory(email="nieuw@example.org", verified=False)

    client.post(reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD})

    assert client.get(reverse("my_page")).status_code == 302


def test_the_admin_login_only_leads_to_allauth(client, moderator):
    get = client.get("/admin/login/?next=/admin/pages/")
    post = client.post("/admin/login/", {"username": moderator.email, "password": DEMO_PASSWORD})

    assert get.status_code == 302
    assert get["Location"] == "/accounts/login/?next=/admin/pages/"
    assert post.status_code == 302
    assert post["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302  # the POST did not log anyone in


def test_the_admin_sends_anonymous_visitors_to_the_allauth_login(client, site_tree):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wagtails_own_password_reset_is_off(client, site_tree):
    assert client.get("/admin/password_reset/").status_code == 404


def test_djangos_own_admin_is_not_exposed(client, site_tree):
    assert client.get("/django-admin/").status_code == 404


@override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=True)
def test_staff_without_mfa_cannot_reach_the_admin(client, moderator):
    client.force_login(moderator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp") + "?next=%2Fadmin%2F"  # and back after


@override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=True)
def test_a_caretaker_without_mfa_cannot_reach_the_admin(client, caretaker):
    client.force_login(caretaker.user)

    response = client.get("/admin/")

    assert response["Location"] == reverse("mfa_activate_totp") + "?next=%2Fadmin%2F"


@override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=True)
def test_staff_with_mfa_reach_the_admin(client, moderator):
    TOTP.activate(moderator, generate_totp_secret())
    client.force_login(moderator)

    response = client.get("/admin/")

    assert response.status_code == 200


@override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=True)
def test_staff_with_mfa_must_enter_a_totp_code_at_log_in(client, moderator):
    TOTP.activate(moderator, generate_totp_secret())

    response = client.post(reverse("account_login"), {"login": moderator.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302


@override_settings(PORTAL_MFA_REQUIRED_FOR_ADMIN=False)
def test_without_the_setting_the_demo_moderator_reaches_the_admin(client, moderator):
    client.force_login(moderator)

    assert client.get("/admin/").status_code == 200
