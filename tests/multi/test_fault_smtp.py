"""The mail server down under two app servers and a worker (issue 12, item 5): every e-mail arrives, once.

A real SMTP server on loopback is stopped while residents sign up and ask for a log-in code or a new
password, a newcomer creates an account and a visitor books a tour, spread over both app servers. The
pages answer as usual; the worker tries every message and fails; when the mail server is back, its retries
deliver every message once.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import stack as harness
from tests.multi.conftest import BOOKED, SIGNED_UP

pytestmark = pytest.mark.stack

# The worker retries after a minute, then two, four…: the first retry after the server is back suffices.
DELIVERY_TIMEOUT_S = 180


def test_with_the_mail_server_down_pages_answer_and_every_e_mail_arrives_once_it_is_back(
    make_stack, private_redis, mail_server
):
    stack = make_stack(redis_url=private_redis.url, env={"EMAIL_URL": f"smtp://{harness.HOST}:{mail_server.port}"})
    stack.start_worker()
    server_a, server_b = stack.servers
    activity = stack.data["activities"]["cache"]
    tour = stack.data["tour"]
    residents = stack.data["residents"]
    mail_server.stop()

    answers = {}
    answers["sign-up"] = stack.resident(1).submit(
        f"{server_a.url}{activity['url']}", {"guests": "0"}, action=f"aanmelden/{activity['occurrence']}/"
    )
    answers["tour booking"] = stack.visitor("10.9.0.1").submit(
        f"{server_b.url}{tour['book_url']}?tijd={tour['slots'][1]}",
        {"name": "Marijke Smit", "email": "bezoeker@example.net", "phone": "", "party_size": "1", "language": "nl"},
        field="request_key",
    )
    answers["log-in code"] = stack.visitor("10.9.0.2").submit(
        f"{server_a.url}/accounts/login/code/", {"email": residents[2]["email"]}, field="email"
    )
    answers["new password"] = stack.visitor("10.9.0.3").submit(
        f"{server_b.url}/accounts/password/reset/", {"email": residents[3]["email"]}, field="email"
    )
    answers["new account"] = stack.visitor("10.9.0.4").submit(
        f"{server_a.url}/accounts/signup/",
        {"email": "nieuw@example.net", "password1": "Lange-zin-voor-2027", "password2": "Lange-zin-voor-2027"},
        field="password1",
    )
    wanted = {
        "sign-up": residents[1]["email"],
        "tour booking": "bezoeker@example.net",
        "log-in code": residents[2]["email"],
        "new password": residents[3]["email"],
        "new account": "nieuw@example.net",
    }
    saw = {label: answer.status_code for label, answer in answers.items()}
    confirmed = {
        "sign-up": SIGNED_UP in answers["sign-up"].text,
        "tour booking": BOOKED in answers["tour booking"].text,
    }

    # The worker has tried every one of them and found the mail server away, before it comes back.
    tried = (
        "SELECT DISTINCT address FROM portal_outgoingemail, jsonb_array_elements_text(recipients::jsonb) AS address "
        "WHERE status = 'pending' AND attempts >= 1"
    )
    harness.wait_for(
        lambda: set(wanted.values()) <= {address for (address,) in stack.sql(tried)},
        timeout=120,
        what="the worker trying every e-mail while the mail server is down",
    )
    mail_server.start()
    delivered = harness.eventually(
        lambda: set(wanted.values()) <= {r for rcpts, _raw in mail_server.received for r in rcpts},
        timeout=DELIVERY_TIMEOUT_S,
    )
    received = Counter(r for rcpts, _raw in mail_server.received for r in rcpts)
    lost = [label for label, address in wanted.items() if received[address] == 0]
    twice = [label for label, address in wanted.items() if received[address] > 1]
    report = f"SMTP down: pages answered {saw}, confirmed {confirmed}; e-mails lost {lost}, sent twice {twice}"
    print(f"\n{report}")

    assert set(saw.values()) == {200}, report
    assert all(confirmed.values()), report
    assert delivered, report
    assert lost == [], report
    assert twice == [], report
