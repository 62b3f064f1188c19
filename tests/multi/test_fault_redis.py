"""Redis stopped, then frozen, under two app servers and a worker (issue 12, item 5): nothing lost.

A private redis-server (never the shared one) is stopped and later frozen (SIGSTOP) while visitors read the
public pages, residents open /mijn/ and sign up, and a visitor books a tour, on both app servers. Every
e-mail goes to a real SMTP server on loopback. `pytest -m stack -p no:xdist -s` prints what people saw.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

import pytest

from tests import stack as harness
from tests.multi.conftest import BOOKED, SIGNED_UP

pytestmark = pytest.mark.stack

# With Redis frozen a request may wait for one short Redis timeout, never for Redis to come back.
SLOWEST_ALLOWED_S = 5.0


class Observed:
    """What people saw, per phase: the status codes, the slowest answer, and what they did."""

    def __init__(self):
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.slowest: dict[str, float] = defaultdict(float)

    def timed(self, phase: str, call):
        started = time.monotonic()
        try:
            answer = call()
        except Exception as error:  # a connection error or timeout is what a visitor would see too
            self.statuses[phase][type(error).__name__] += 1
            self.slowest[phase] = max(self.slowest[phase], time.monotonic() - started)
            return None
        self.slowest[phase] = max(self.slowest[phase], time.monotonic() - started)
        self.statuses[phase][answer.status_code] += 1
        return answer

    def lines(self) -> str:
        return "\n".join(
            f"{phase}: answers {dict(counts)}, slowest {self.slowest[phase]:.2f} s"
            for phase, counts in self.statuses.items()
        )


def test_with_redis_stopped_or_frozen_both_servers_serve_and_no_sign_up_booking_or_e_mail_is_lost(
    make_stack, private_redis, mail_server
):
    stack = make_stack(redis_url=private_redis.url, env={"EMAIL_URL": f"smtp://{harness.HOST}:{mail_server.port}"})
    stack.start_worker()
    activity = stack.data["activities"]["cache"]
    tour = stack.data["tour"]
    public = ["/", stack.data["building"]["url"], activity["url"], tour["url"], "/accounts/login/", "/healthz"]
    seen = Observed()
    signed_up: list[str] = []  # e-mail addresses of the residents whose sign-up was confirmed on the page
    booked: list[str] = []

    def round_of_visits(phase: str, *, residents: list[int], booking_slot: int) -> None:
        anonymous = stack.visitor("10.7.0.1")
        for server in stack.servers:
            for path in public:
                seen.timed(phase, lambda server=server, path=path: anonymous.get(f"{server.url}{path}"))
        for n, index in enumerate(residents):
            server = stack.servers[n % 2]
            resident = stack.resident(index)
            seen.timed(phase, lambda server=server, resident=resident: resident.get(f"{server.url}/mijn/"))
            answer = seen.timed(
                phase,
                lambda server=server, resident=resident: resident.submit(
                    f"{server.url}{activity['url']}", {"guests": "0"}, action=f"aanmelden/{activity['occurrence']}/"
                ),
            )
            if answer is not None and SIGNED_UP in answer.text:
                signed_up.append(stack.data["residents"][index]["email"])
        visitor = stack.visitor(f"10.7.1.{booking_slot + 1}")
        email = f"bezoeker-{booking_slot}@example.net"
        server = stack.servers[booking_slot % 2]
        answer = seen.timed(
            phase,
            lambda: visitor.submit(
                f"{server.url}{tour['book_url']}?tijd={tour['slots'][booking_slot]}",
                {"name": "Marijke Smit", "email": email, "phone": "", "party_size": "1", "language": "nl"},
                field="request_key",
            ),
        )
        if answer is not None and BOOKED in answer.text:
            booked.append(email)

    def pages_served_from_redis() -> None:
        """Both servers store and serve pages from Redis (again: without a restart)."""
        anonymous = stack.visitor("10.7.0.2")
        for server in stack.servers:
            harness.wait_for(
                lambda server=server: (
                    anonymous.get(f"{server.url}{activity['url']}").headers.get("X-Page-Cache") == "hit"
                ),
                timeout=30,
                what=f"{server.name} serving pages from Redis",
            )

    round_of_visits("Redis up", residents=[1, 2], booking_slot=1)
    private_redis.stop()
    round_of_visits("Redis stopped", residents=[3, 4], booking_slot=2)
    private_redis.start()
    pages_served_from_redis()  # back in use before it freezes: the frozen round meets a Redis that hangs
    private_redis.freeze()
    try:
        round_of_visits("Redis frozen", residents=[5, 6], booking_slot=3)
    finally:
        private_redis.thaw()
    pages_served_from_redis()

    # Nothing lost: every confirmed sign-up and booking is stored and its e-mail arrived, once.
    stored = [
        email
        for (email,) in stack.sql(
            "SELECT u.email FROM activities_registration r JOIN portal_user u ON u.id = r.user_id "
            "WHERE r.occurrence_id = %s AND r.status = 'aangemeld'",
            [activity["occurrence"]],
        )
    ]
    stored_bookings = [
        email for (email,) in stack.sql("SELECT email FROM ambassadors_tourbooking WHERE status = 'geboekt'")
    ]
    wanted = signed_up + booked
    harness.wait_for(
        lambda: set(wanted) <= {r for rcpts, _raw in mail_server.received for r in rcpts},
        timeout=60,
        what="every confirmation e-mail delivered",
    )
    received = Counter(r for rcpts, _raw in mail_server.received for r in rcpts)
    lost = {
        "sign-ups": len(set(signed_up) - set(stored)),
        "bookings": len(set(booked) - set(stored_bookings)),
        "e-mails": sum(1 for address in wanted if received[address] == 0),
    }
    report = (
        f"{seen.lines()}\nsign-ups confirmed {len(signed_up)}, bookings confirmed {len(booked)}, lost {lost}, "
        f"e-mails to them {sum(received[a] for a in wanted)}"
    )
    print(f"\n{report}")

    assert all(status == 200 for counts in seen.statuses.values() for status in counts), report
    assert len(signed_up) == 6, report
    assert len(booked) == 3, report
    assert lost == {"sign-ups": 0, "bookings": 0, "e-mails": 0}, report
    assert all(received[address] == 1 for address in wanted), f"an e-mail was sent twice: {report}"
    assert max(seen.slowest.values()) < SLOWEST_ALLOWED_S, report
