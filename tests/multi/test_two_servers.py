"""Two app servers stay correct together (issue 12, item 4).

Two gunicorn servers with the production settings share one PostgreSQL database and one Redis database
(tests/stack.py). Every request is real HTTP with a CSRF token; every person has their own cookies, their
own address (X-Real-IP, as nginx sends it) and, where they log in, their own account. Requests that race
wait at a barrier and are spread over both servers. `pytest -m stack -p no:xdist -s` prints the counts.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable

import pytest

from tests.multi.conftest import BOOKED, SIGNED_UP

pytestmark = pytest.mark.stack

# What people read in the answer (the Dutch texts of the portal).
WAITING = "op de wachtlijst."  # "U bent nummer 3 op de wachtlijst." (issue 16: everyone sees their number)
TAKEN = "net door iemand anders gekozen"
LOCKED_OUT = "U heeft te vaak geprobeerd in te loggen"
PLACES_LEFT = re.compile(r"Nog (\d+) plaats(?:en)? vrij")


def places_left(html: str) -> int | None:
    match = PLACES_LEFT.search(html)
    return int(match[1]) if match else None


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads that start together (a barrier); each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait(timeout=60)
        try:
            results[index] = call()
        except Exception as error:  # reported in the counts and assertion messages
            results[index] = error

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def answer_kind(answer: object, texts: dict[str, str]) -> str:
    """Which of `texts` the person read, or what else they got (an error, a status code)."""
    if isinstance(answer, Exception):
        return f"error {type(answer).__name__}"
    for kind, text in texts.items():
        if answer.status_code == 200 and text in answer.text:
            return kind
    return f"other answer {answer.status_code} {answer.url}"


def report(title: str, counts: Counter | dict) -> str:
    line = f"{title}: " + ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    print(f"\n{line}")  # shown with pytest -s
    return line


def test_a_sign_up_on_server_a_shows_at_once_on_server_bs_cached_page(stack):
    server_a, server_b = stack.servers
    activity = stack.data["activities"]["cache"]
    anonymous = stack.visitor("10.2.0.1")
    page_on_b = f"{server_b.url}{activity['url']}"
    anonymous.get(page_on_b)
    cached = anonymous.get(page_on_b)
    assert cached.headers.get("X-Page-Cache") == "hit", "server B did not store the public page"
    assert places_left(cached.text) == activity["capacity"]

    resident = stack.resident(0)
    answer = resident.submit(
        f"{server_a.url}{activity['url']}", {"guests": "0"}, action=f"aanmelden/{activity['occurrence']}/"
    )
    after = anonymous.get(page_on_b)

    line = report(
        "Sign-up on A, public page on B",
        {"places before": places_left(cached.text), "places after": places_left(after.text)},
    )
    assert SIGNED_UP in answer.text, stack.logs()
    assert after.headers.get("X-Page-Cache") == "miss", line
    assert places_left(after.text) == activity["capacity"] - 1, line


def test_the_booking_forms_limit_per_address_counts_requests_on_both_servers(stack):
    """The booking form allows TOUR_RATE_PER_IP attempts per address, however they are spread over servers."""
    limit = int(stack.env["TOUR_RATE_PER_IP"].split("/")[0])
    visitor = stack.visitor("10.3.0.1")
    slot = stack.data["tour"]["slots"][-1]  # a time nobody books in these tests
    answers = []
    for attempt in range(limit + 2):
        server = stack.servers[attempt % 2]
        # Without a name the form is refused and nothing is booked; the attempt still counts.
        answer = visitor.submit(
            f"{server.url}{stack.data['tour']['book_url']}?tijd={slot}",
            {"name": "", "email": f"bezoeker{attempt}@example.net"},
            field="request_key",
        )
        answers.append((server.name, answer.status_code))

    per_server = Counter(name for name, status in answers[:limit])
    line = report(
        f"Booking attempts from one address over two servers (limit {limit})",
        {
            "answered": sum(status == 200 for _, status in answers),
            "refused (429)": sum(status == 429 for _, status in answers),
            **{f"on {name}": count for name, count in per_server.items()},
        },
    )
    assert [status for _, status in answers] == [200] * limit + [429, 429], f"{line}: {answers}"
    assert max(per_server.values()) < limit, "each server alone saw fewer attempts than the limit"


def test_wrong_passwords_on_both_servers_count_towards_one_lock_out(stack):
    """allauth refuses the sixth log-in within five minutes after five wrong passwords for one account,
    wherever the attempts arrived."""
    person = stack.data["residents"][-3]  # an account no other test logs in with
    visitor = stack.visitor("10.6.0.1")
    wrong = []
    for attempt in range(5):
        server = stack.servers[attempt % 2]
        answer = visitor.log_in(server.url, person["email"], "niet-het-wachtwoord")
        wrong.append((server.name, answer.status_code, LOCKED_OUT in answer.text))
    right = visitor.log_in(stack.servers[1].url, person["email"], stack.data["password"])

    line = report(
        "Log-ins for one account over two servers",
        {
            "wrong passwords": len(wrong),
            "refused at once": sum(locked for *_, locked in wrong),
            "right password then refused": int(LOCKED_OUT in right.text),
        },
    )
    assert not any(locked for *_, locked in wrong), f"{line}: {wrong}"
    assert LOCKED_OUT in right.text, line
    assert not visitor.logged_in(stack.servers[0].url), line


def test_thirty_people_booking_one_tour_time_at_once_get_one_booking(stack):
    tour = stack.data["tour"]
    slot = tour["slots"][0]
    people = 30
    calls = []
    for n in range(people):
        person = stack.visitor(f"10.4.0.{n + 1}")
        server = stack.servers[n % 2]
        page = person.get(f"{server.url}{tour['book_url']}?tijd={slot}")
        url, fields = person.form(page.text, page.url, field="request_key")
        data = {
            **fields,
            "name": f"Bezoeker {n + 1}",
            "email": f"race{n + 1}@example.net",
            "phone": "",
            "party_size": "1",
            "language": "nl",
        }
        calls.append(lambda person=person, url=url, data=data: person.post(url, data))

    answers = at_once(calls)

    kinds = Counter(answer_kind(answer, {"booked": BOOKED, "taken": TAKEN}) for answer in answers)
    (stored,) = stack.sql(
        "SELECT count(*) FROM ambassadors_tourbooking WHERE email LIKE 'race%%@example.net' AND status = 'geboekt'"
    )[0]
    line = report(f"{people} simultaneous bookings of one tour time", {**kinds, "bookings stored": stored})
    assert kinds == {"booked": 1, "taken": people - 1}, f"{line}\n{stack.logs()}"
    assert stored == 1, line


def test_twenty_five_people_signing_up_at_once_for_the_last_ten_places(stack):
    activity = stack.data["activities"]["last_places"]
    occurrence = activity["occurrence"]
    left = places_left(stack.visitor("10.5.0.1").get(f"{stack.servers[1].url}{activity['url']}").text)
    assert left == 10, "the data set leaves ten places"
    people = 25
    calls = []
    for n in range(people):
        person = stack.resident(n + 1)  # resident 0 signs up in the page-cache test
        server = stack.servers[n % 2]
        page = person.get(f"{server.url}{activity['url']}")
        url, fields = person.form(page.text, page.url, action=f"aanmelden/{occurrence}/")
        calls.append(lambda person=person, url=url, fields=fields: person.post(url, {**fields, "guests": "0"}))

    answers = at_once(calls)

    kinds = Counter(answer_kind(answer, {"signed up": SIGNED_UP, "waiting list": WAITING}) for answer in answers)
    stored = dict(
        stack.sql(
            "SELECT status, count(*) FROM activities_registration WHERE occurrence_id = %s "
            "AND user_id IN (SELECT id FROM portal_user WHERE email = ANY(%s)) GROUP BY status",
            [occurrence, [stack.data["residents"][n + 1]["email"] for n in range(people)]],
        )
    )
    ((seats_taken,),) = stack.sql("SELECT seats_taken FROM activities_occurrence WHERE id = %s", [occurrence])
    line = report(
        f"{people} simultaneous sign-ups for the last {left} places",
        {**kinds, "stored confirmed": stored.get("aangemeld", 0), "stored waiting": stored.get("wachtlijst", 0)},
    )
    assert kinds == {"signed up": left, "waiting list": people - left}, f"{line}\n{stack.logs()}"
    assert stored == {"aangemeld": left, "wachtlijst": people - left}, line
    assert seats_taken == activity["capacity"], f"{line}; seats taken {seats_taken}"
