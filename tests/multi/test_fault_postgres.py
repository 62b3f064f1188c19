"""PostgreSQL stopped for 10 s under two app servers and a worker (issue 12, item 5): nothing lost.

A private PostgreSQL cluster (never the shared one) is stopped (immediate shutdown, as a crash or a
failover) right after a sign-up and a booking were made, while their e-mails are still to be sent. During
the outage visitors and residents keep using both app servers; afterwards the worker must have delivered
everything, and a resident who kept trying to log in must not be locked out.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests import stack as harness
from tests.faults import PG_BIN, PrivatePostgres
from tests.mailserver import MailServer
from tests.multi.conftest import BOOKED, SIGNED_UP

pytestmark = pytest.mark.stack

UNAVAILABLE = "even niet bereikbaar"
OUTAGE_S = 10.0


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists():
        harness.unavailable(f"A private PostgreSQL needs {PG_BIN}/initdb.")
    cluster = PrivatePostgres()
    cluster.start()
    yield cluster
    cluster.remove()


def test_with_postgres_stopped_visitors_get_a_dutch_503_and_afterwards_nothing_is_lost(
    private_postgres, private_redis, mail_server, tmp_path
):
    template = harness.StackTemplate(
        tmp_path / "template", server=f"postgres://postgres@127.0.0.1:{private_postgres.port}"
    )
    template.workdir.mkdir()
    template.build()  # the whole cluster is removed at the end
    with harness.Stack(
        template=template,
        redis_url=private_redis.url,
        workdir=tmp_path / "stack",
        env={"EMAIL_URL": f"smtp://{harness.HOST}:{mail_server.port}"},
    ) as stack:
        outcome = _outage(stack, private_postgres, mail_server)

    print(f"\n{outcome['report']}")
    assert outcome["statuses"] <= {200, 503}, outcome["report"]
    assert outcome["refused in the outage"] > 0, outcome["report"]
    assert outcome["without the Dutch page"] == 0, outcome["report"]
    assert (outcome["signed up"], outcome["booked"]) == (2, 1), outcome["report"]
    assert outcome["lost"] == {"sign-ups": 0, "bookings": 0, "e-mails": 0, "tasks waiting": 0}, outcome["report"]
    assert outcome["duplicates"] == 0, outcome["report"]
    assert outcome["locked out"] is False, outcome["report"]


def _outage(stack: harness.Stack, cluster: PrivatePostgres, mail_server: MailServer) -> dict:
    worker = stack.start_worker()
    server_a, server_b = stack.servers
    activity = stack.data["activities"]["cache"]
    tour = stack.data["tour"]
    signed_up, booked = [], []

    def sign_up(index: int, server: harness.AppServer) -> None:
        answer = stack.resident(index).submit(
            f"{server.url}{activity['url']}", {"guests": "0"}, action=f"aanmelden/{activity['occurrence']}/"
        )
        if SIGNED_UP in answer.text:
            signed_up.append(stack.data["residents"][index]["email"])

    # Before: a sign-up and a booking; their e-mails are queued when the database goes.
    sign_up(1, server_a)
    visitor = stack.visitor("10.8.1.1")
    answer = visitor.submit(
        f"{server_b.url}{tour['book_url']}?tijd={tour['slots'][1]}",
        {"name": "Marijke Smit", "email": "bezoeker@example.net", "phone": "", "party_size": "1", "language": "nl"},
        field="request_key",
    )
    if BOOKED in answer.text:
        booked.append("bezoeker@example.net")
    # Resident 2 has the sign-up form open; resident 3 the log-in form.
    resident = stack.resident(2)
    page = resident.get(f"{server_a.url}{activity['url']}")
    signup_url, signup_fields = resident.form(page.text, page.url, action=f"aanmelden/{activity['occurrence']}/")
    person = stack.data["residents"][3]
    logging_in = stack.visitor("10.8.3.1")
    page = logging_in.get(f"{server_b.url}/accounts/login/")
    login_url, login_fields = logging_in.form(page.text, page.url, field="login")

    cluster.stop()
    answers: dict[str, Counter] = {}
    bare = 0  # a 503 or 500 without the Dutch page (the health check answers JSON and is not counted)
    login_attempts = 0
    outage_end = time.monotonic() + OUTAGE_S
    anonymous = stack.visitor("10.8.0.1")
    while time.monotonic() < outage_end:
        for server in stack.servers:
            attempts = {
                "home": lambda server=server: anonymous.get(f"{server.url}/"),
                "building": lambda server=server: anonymous.get(f"{server.url}{stack.data['building']['url']}"),
                "healthz": lambda server=server: anonymous.get(f"{server.url}/healthz"),
                "my page": lambda server=server: resident.get(f"{server.url}/mijn/"),
                "sign-up": lambda: resident.post(signup_url, {**signup_fields, "guests": "0"}),
            }
            if login_attempts < 8:  # more than the five wrong passwords that lock an account
                login_attempts += 1
                attempts["log-in"] = lambda: logging_in.post(
                    login_url, {**login_fields, "login": person["email"], "password": stack.data["password"]}
                )
            for label, attempt in attempts.items():
                answer = attempt()
                answers.setdefault(label, Counter())[answer.status_code] += 1
                if answer.status_code >= 500 and label != "healthz" and UNAVAILABLE not in answer.text:
                    bare += 1
    cluster.start()

    for server in stack.servers:
        harness.wait_for(
            lambda server=server: anonymous.get(f"{server.url}/healthz").status_code == 200,
            timeout=60,
            what=f"{server.name} answering again",
        )
    worker_survived = worker.running
    if not worker_survived:
        worker.start()  # what systemd (Restart=always) does

    # After: resident 2 signs up again, resident 3 logs in with the password tried during the outage.
    sign_up(2, server_b)
    locked_out = not (
        logging_in.log_in(server_a.url, person["email"], stack.data["password"]).ok
        and logging_in.logged_in(server_b.url)
    )

    wanted = signed_up + booked
    harness.wait_for(
        lambda: set(wanted) <= {r for rcpts, _raw in mail_server.received for r in rcpts},
        timeout=90,
        what="every confirmation e-mail delivered",
    )
    waiting = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
    harness.wait_for(lambda: stack.sql(waiting)[0][0] == 0, timeout=60, what="no task left waiting")
    received = Counter(r for rcpts, _raw in mail_server.received for r in rcpts)
    stored = {
        email
        for (email,) in stack.sql(
            "SELECT u.email FROM activities_registration r JOIN portal_user u ON u.id = r.user_id "
            "WHERE r.occurrence_id = %s AND r.status = 'aangemeld'",
            [activity["occurrence"]],
        )
    }
    bookings = {email for (email,) in stack.sql("SELECT email FROM ambassadors_tourbooking WHERE status = 'geboekt'")}
    lost = {
        "sign-ups": len(set(signed_up) - stored),
        "bookings": len(set(booked) - bookings),
        "e-mails": sum(1 for address in wanted if received[address] == 0),
        "tasks waiting": stack.sql(waiting)[0][0],
    }
    duplicates = sum(1 for address in wanted if received[address] > 1)
    report = (
        f"PostgreSQL stopped {OUTAGE_S:.0f} s: answers { ({k: dict(v) for k, v in answers.items()}) }, "
        f"without the Dutch page {bare}; "
        f"worker survived {worker_survived}; sign-ups {len(signed_up)}, bookings {len(booked)}; "
        f"lost {lost}; e-mails sent twice {duplicates}; locked out afterwards {locked_out}"
    )
    return {
        "report": report,
        "statuses": {status for counts in answers.values() for status in counts},
        "refused in the outage": sum(counts[503] for counts in answers.values()),
        "without the Dutch page": bare,
        "booked": len(booked),
        "lost": lost,
        "duplicates": duplicates,
        "locked out": locked_out,
        "signed up": len(signed_up),
    }
