"""Rate limits count people, not the reverse proxy: one setting (CLIENT_IP_HEADER) decides the visitor's address
for every limit per address, allauth's and the booking form's alike (issue 15)."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import override_settings
from django.urls import reverse
from django_ratelimit.core import _get_ip

from config.settings.base import client_ip_settings
from portal.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # nginx: every request reaches the app server from here
BEHIND_NGINX = client_ip_settings("X-Real-IP")
WITHOUT_PROXY_SETTING = client_ip_settings("")


def log_in(client, *, ip, email, password):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP=ip,
    )


def ten_attackers_fail(client):
    """Ten people at ten addresses each type a wrong password (for ten different accounts)."""
    for n in range(10):
        victim = UserFactory(email=f"buur{n}@example.org")
        response = log_in(client, ip=f"203.0.113.{n + 1}", email=victim.email, password="fout-wachtwoord")
        assert response.status_code == 200
        assert response.context["form"].errors
        client.cookies.clear()


@override_settings(**BEHIND_NGINX)
def test_ten_attackers_behind_the_proxy_do_not_lock_out_an_eleventh_person(client, resident):
    ten_attackers_fail(client)

    response = log_in(client, ip="198.51.100.7", email=resident.email, password=DEMO_PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("my_page"), REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7").status_code == 200


@override_settings(**WITHOUT_PROXY_SETTING)
def test_without_the_setting_everyone_behind_the_proxy_shares_one_count(client, resident):
    """Why the setting matters: without it every visitor has nginx's address, and the eleventh is refused."""
    ten_attackers_fail(client)

    response = log_in(client, ip="198.51.100.7", email=resident.email, password=DEMO_PASSWORD)

    assert response.status_code in (200, 429)
    assert client.get(reverse("my_page"), REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7").status_code == 302


@override_settings(**BEHIND_NGINX)
def test_allauth_and_the_booking_form_see_the_same_visitor(rf):
    request = rf.post("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")

    assert get_adapter().get_client_ip(request) == "198.51.100.7"
    assert _get_ip(request) == "198.51.100.7"


@override_settings(**WITHOUT_PROXY_SETTING)
def test_without_a_proxy_a_sent_header_is_not_believed(rf):
    request = rf.post("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.99")

    assert get_adapter().get_client_ip(request) == "198.51.100.7"
    assert _get_ip(request) == "198.51.100.7"
