"""Log-in codes cannot be guessed: a per-account limit on wrong codes over a long window (portal/login_codes.py)."""

import math
import re
import time

import pytest
from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b(\d{3,4}-\d{3,4})\b")
MONTH = 30 * 24 * 3600
REFUSED = "Er is te vaak een verkeerde code ingevuld voor dit account"
ALLAUTH_LOCKED = "U heeft te vaak geprobeerd in te loggen."


def wrong_code_rates():
    return allauth_ratelimit.get_rates(app="allauth.account", action="login_code_failed")


def guesses_per_month() -> int:
    """The most wrong codes the limits in force let anyone try against one account in 30 days."""
    rates = wrong_code_rates()
    assert rates, "ACCOUNT_RATE_LIMITS has no 'login_code_failed' rate: codes could be guessed without end"
    return min(rate.amount * math.ceil(MONTH / rate.duration) for rate in rates)


def test_the_chance_of_guessing_a_code_in_a_month_is_below_one_in_100000():
    code_format = account_settings.LOGIN_BY_CODE_FORMAT
    assert code_format["numeric"]
    possible_codes = 10 ** code_format["length"]

    chance = guesses_per_month() / possible_codes

    assert possible_codes == 100_000_000
    assert chance < 1 / 100_000, f"{guesses_per_month()} guesses a month: a chance of 1 in {1 / chance:,.0f}"


class Clock:
    """The clock of allauth's rate limits, moved on by the test instead of waiting."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(allauth_ratelimit, "time", clock)
    return clock


def request_code(client, clock, email):
    clock.now += 61  # past the "three codes a minute" limit of asking
    response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    # The newest code (the owner's warning may be delivered after it: e-mails leave through the queue).
    codes = [message for message in mail.outbox if "inlogcode" in message.subject]
    return CODE.search(codes[-1].body).group(1)


def enter(client, code):
    return client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)


def wrong(code):
    return "0000-0000" if code != "0000-0000" else "1111-1111"


def logged_in(client):
    return client.get(reverse("my_page")).status_code == 200


def test_after_the_limit_of_wrong_codes_even_a_fresh_right_code_is_refused(client, clock, resident):
    limit = min(rate.amount for rate in wrong_code_rates())
    mail.outbox.clear()
    wrong_codes = 0
    while wrong_codes < limit:
        code = request_code(client, clock, resident.email)
        for _attempt in range(account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS):
            if wrong_codes == limit:
                break
            enter(client, wrong(code))
            wrong_codes += 1
            assert not logged_in(client)

    clock.now += 6 * 60  # past allauth's own five-minute lock on failed log-ins: this limit holds longer
    code = request_code(client, clock, resident.email)
    response = enter(client, code)

    assert REFUSED in response.text
    assert not logged_in(client), "a fresh, right code must not log in once the limit is used up"
    warnings = [message for message in mail.outbox if "Iemand probeert in te loggen" in message.subject]
    assert len(warnings) == 1, "the owner is told once"
    assert warnings[0].to == [resident.email]
    assert "wachtwoord" in warnings[0].body

    clock.now += max(rate.duration for rate in wrong_code_rates()) + 1
    code = request_code(client, clock, resident.email)
    enter(client, code)

    assert logged_in(client), "after the window the right code logs in again"


def test_an_address_without_an_account_is_refused_the_same_way(client, clock, resident):
    """Nobody learns from the limit whether an address has an account; nobody is e-mailed about it."""
    limit = min(rate.amount for rate in wrong_code_rates())
    mail.outbox.clear()
    response = None
    for n in range(limit + 1):
        if n % account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS == 0:
            clock.now += 61
            client.post(reverse("account_request_login_code"), {"email": "niemand@example.org"})
        response = enter(client, "1234-5678")

    assert REFUSED in response.text
    assert not [message for message in mail.outbox if "Iemand probeert in te loggen" in message.subject]


def test_guessing_once_per_code_counts_the_same(client, clock, resident):
    """An attacker who asks for a new code after each wrong guess is stopped at the same limit, and stays stopped."""
    limit = min(rate.amount for rate in wrong_code_rates())
    for _guess in range(limit):
        code = request_code(client, clock, resident.email)
        enter(client, wrong(code))

    for _guess in range(3):
        clock.now += 6 * 60  # past allauth's own five-minute lock
        code = request_code(client, clock, resident.email)
        response = enter(client, wrong(code))
        # Refused: by this limit, or before a code is even asked for (allauth's own lock on failed log-ins).
        assert REFUSED in response.text or ALLAUTH_LOCKED in response.text

    assert not logged_in(client)
