"""Redis is a cache, never a single point of failure: a private redis-server is stopped and frozen under the
portal (portal.cache.ResilientRedisCache) while visitors, residents and the log-in page keep working."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from activities.models import Registration
from ambassadors.models import TourBooking
from portal.factories import DEMO_PASSWORD
from portal.restrictions import restricted_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_paths(building, make_activity):
    """Pages an anonymous visitor reads, the log-in page and the health check."""
    activity = make_activity(title="Koffieochtend")
    return ["/", building.url, activity.url, "/zoeken/?q=koffie", reverse("account_login"), "/healthz"]


def outage_lines(caplog, words):
    return [r for r in caplog.records if r.name == "portal.cache" and words in r.getMessage()]


def test_with_redis_stopped_every_page_answers_and_redis_is_used_again_when_it_is_back(
    redis_cache, redis_server, breaker_clock, public_paths, resident, caplog
):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    visitor, tenant = Client(), Client()
    tenant.force_login(resident)
    visitor.get("/")
    assert visitor.get("/")["X-Page-Cache"] == "hit"  # Redis holds the pages

    redis_server.stop()
    answers = {path: visitor.get(path) for path in public_paths}
    answers[reverse("my_page")] = tenant.get(reverse("my_page"))

    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(answers, 200)
    assert not any("X-Page-Cache" in r for r in answers.values())  # served, not stored
    assert "De Linde" in answers[reverse("my_page")].text
    assert len(outage_lines(caplog, "does not answer")) == 1  # one line per outage, not per call
    assert "rate limits count per process" in outage_lines(caplog, "does not answer")[0].getMessage()

    redis_server.start()
    breaker_clock.pause_is_over()
    assert visitor.get("/")["X-Page-Cache"] == "miss"
    assert visitor.get("/")["X-Page-Cache"] == "hit"  # used again, without a restart
    assert len(outage_lines(caplog, "answers again after")) == 1


def test_a_frozen_redis_costs_one_timeout_not_one_per_call(redis_cache, redis_server, breaker_clock, public_paths):
    visitor = Client()
    visitor.get("/")
    assert visitor.get("/")["X-Page-Cache"] == "hit"
    circuit = redis_cache.circuit

    redis_server.freeze()
    before = circuit.attempts
    statuses = [visitor.get(path).status_code for path in public_paths * 3]

    assert statuses == [200] * len(statuses)
    assert circuit.attempts - before == 1  # the first call waited for its timeout; the breaker spared the rest
    assert circuit.failures == 1

    breaker_clock.pause_is_over()  # still frozen: one more try, then the breaker holds again
    assert [visitor.get(path).status_code for path in public_paths] == [200] * len(public_paths)
    assert circuit.attempts - before == 2

    redis_server.thaw()
    breaker_clock.pause_is_over()
    assert visitor.get("/")["X-Page-Cache"] == "miss"
    assert visitor.get("/")["X-Page-Cache"] == "hit"


def test_a_change_made_while_redis_was_frozen_shows_when_it_is_back(redis_cache, redis_server, breaker_clock, building):
    """Redis keeps its data through a freeze: the pages stored before it must not come back."""
    visitor = Client()
    visitor.get(building.url)
    before = visitor.get(building.url)
    assert before["X-Page-Cache"] == "hit"
    assert "De Linde" in before.text

    redis_server.freeze()
    assert visitor.get("/").status_code == 200  # finds Redis frozen: from now on nothing reaches it
    building.title = "De Linde aan het Park"
    building.save_revision().publish()  # clearing the stored pages does not reach Redis now
    during = visitor.get(building.url)
    assert during.status_code == 200
    assert "De Linde aan het Park" in during.text

    redis_server.thaw()
    breaker_clock.pause_is_over()
    after = visitor.get(building.url)
    assert after["X-Page-Cache"] == "miss"
    assert "De Linde aan het Park" in after.text
    assert "De Linde aan het Park" in visitor.get(building.url).text


def test_the_sixth_wrong_password_is_still_refused_while_redis_is_away(redis_cache, redis_server, resident, caplog):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    redis_server.stop()
    someone, attacker = Client(), Client()

    logged_in = someone.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})
    assert logged_in.status_code == 302  # the limits do not refuse everyone either
    assert someone.get(reverse("my_page")).status_code == 200

    for _attempt in range(5):
        wrong = attacker.post(reverse("account_login"), {"login": resident.email, "password": "fout-wachtwoord"})
        assert wrong.status_code == 200
        assert wrong.context["form"].errors
    sixth = attacker.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})

    assert sixth.status_code in (200, 429)
    assert attacker.get(reverse("my_page")).status_code == 302
    assert "rate limits count per process" in outage_lines(caplog, "does not answer")[0].getMessage()


def test_a_sign_up_with_redis_stopped_is_confirmed_with_its_calendar_file(
    redis_cache, redis_server, make_activity, resident, django_capture_on_commit_callbacks
):
    occurrence = make_activity(title="Koffieochtend", capacity=5).occurrences.get()
    tenant = Client()
    tenant.force_login(resident)
    redis_server.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.post(occurrence.activity.url + f"aanmelden/{occurrence.pk}/", {"guests": "0"})

    assert response.status_code == 302
    assert Registration.objects.filter(occurrence=occurrence, user=resident).exists()
    message = mail.outbox[-1]
    assert message.to == [resident.email]
    assert message.attachments[0][0].endswith(".ics")


@override_settings(PORTAL_TOUR_RATE_PER_IP="100/h", PORTAL_TOUR_RATE_PER_EMAIL="2/h")
def test_the_tour_booking_limit_still_holds_while_redis_is_away(redis_cache, redis_server, tour_page, building, slots):
    """django-ratelimit (the public booking form) counts in the process meanwhile: a 429, never a 500."""
    redis_server.stop()
    visitor = Client()

    answers = [
        visitor.post(
            f"/rondleidingen/{building.slug}/boeken/?tijd={slot.key}",
            {
                "tijd": slot.key,
                "name": "Marijke Smit",
                "email": "marijke@example.net",
                "phone": "06 12345678",
                "party_size": "2",
                "language": "nl",
                "website": "",
                "request_key": f"k{n}",
            },
        ).status_code
        for n, slot in enumerate(slots[:3])
    ]

    # The second is refused by the rule of one tour per mailbox per building (a page that says so), the third by
    # the rate limit, counted in the process while Redis is away.
    assert answers == [302, 200, 429]
    assert TourBooking.objects.count() == 1


def test_a_page_made_private_while_redis_was_frozen_stays_private_when_it_is_back(
    redis_cache, redis_server, breaker_clock, building
):
    """What could not be deleted in Redis during the outage is deleted when it answers again."""
    assert building.path not in restricted_paths()  # read once, then kept in Redis

    redis_server.freeze()
    assert Client().get("/").status_code == 200  # finds Redis frozen: from now on nothing reaches it
    PageViewRestriction.objects.create(page=building, restriction_type=PageViewRestriction.LOGIN)
    redis_server.thaw()
    breaker_clock.pause_is_over()

    assert building.path in restricted_paths()
    assert Client().get(building.url).status_code == 302  # to the log-in page, not the page itself


def test_logging_in_by_emailed_code_works_while_redis_is_away(redis_cache, redis_server, resident):
    redis_server.stop()
    person = Client()

    asked = person.post(reverse("account_request_login_code"), {"email": resident.email})
    code = re.search(r"\b(\d{3,4}-\d{3,4})\b", mail.outbox[-1].body).group(1)
    entered = person.post(reverse("account_confirm_login_code"), {"code": code})

    assert asked.status_code == 302
    assert entered.status_code == 302
    assert person.get(reverse("my_page")).status_code == 200
