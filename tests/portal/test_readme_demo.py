"""The README's demo table, walked as a newcomer to the project would: each row's account logs in with the demo
password and does what the row says to try, in the demo that `seed_demo` makes (issue 16, item 10).

The demo is seeded once for the module, inside a transaction that is rolled back at the end; each test runs in a
savepoint of its own, so what one row does (a sign-up, a booking) does not leak into the next.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from activities.models import Occurrence, Registration, RegistrationStatus
from ambassadors.models import TourBooking
from portal.factories import DEMO_PASSWORD
from portal.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_HOME_CODE
from portal.models import BuildingPage, User

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_rows() -> list[tuple[str, str, str]]:
    """(role, e-mail or '', what to try) of each row of the README's table under '## Demo log-ins'."""
    section = README.read_text().split("## Demo log-ins", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("role", "") or set(cells[0]) <= {"-"}:
            continue
        email = re.search(r"`([^`]+@example\.org)`", cells[1])
        rows.append((cells[0], email.group(1) if email else "", cells[2]))
    return rows


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`seed_demo` once for the module; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def walk(demo, db, client):
    def log_in(email: str):
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{email} logs in with the demo password"
        return client

    return log_in


def coffee_morning(*, open_for_signup: bool = True) -> Occurrence:
    """De Linde's next coffee morning that still takes sign-ups."""
    dates = Occurrence.objects.filter(
        activity__title="Koffieochtend", activity__building__title="De Linde", cancelled=False, start__gt=timezone.now()
    ).order_by("start")
    return next(o for o in dates if o.signup_deadline > timezone.now())


def test_the_readme_table_names_every_demo_account_and_only_those(demo, db):
    rows = readme_rows()
    emails = {email for _, email, _ in rows if email}

    assert len(rows) == len(WALKS), "every row of the README's demo table has a walk in this module"
    assert {role for role, _, _ in rows} == set(WALKS)
    assert emails == set(DEMO_ACCOUNTS.values())
    assert DEMO_HOME_CODE in README.read_text()
    assert User.objects.filter(email__in=emails, is_active=True).count() == len(emails)


def test_resident_signs_up_for_the_coffee_morning_and_cancels_on_my_page(walk, django_capture_on_commit_callbacks):
    client = walk("bewoner@example.org")
    home = client.get("/").text
    assert "De Linde" in home
    occurrence = coffee_morning()
    page = client.get(occurrence.activity.url).text
    assert "Aanmelden" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(occurrence.activity.url + f"aanmelden/{occurrence.pk}/", {"guests": "0"})
    assert response.status_code == 302
    registration = Registration.objects.get(occurrence=occurrence, user__email="bewoner@example.org")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert mail.outbox[-1].attachments[0][0].endswith(".ics"), "the confirmation carries the calendar file"

    my_page = client.get("/mijn/").text
    cancel = occurrence.activity.url + f"afmelden/{registration.pk}/"
    assert cancel in my_page
    assert "Weet u het zeker?" in client.get(cancel).text
    client.post(cancel)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_new_tenant_is_refused_then_confirms_the_home_with_the_letters_code_and_signs_up(walk):
    client = walk("nieuw@example.org")
    occurrence = coffee_morning()
    assert "alleen voor bewoners" in client.get(occurrence.activity.url).text.lower()
    assert "/mijn/woning/" in client.get("/mijn/").text

    response = client.post("/mijn/woning/", {"code": DEMO_HOME_CODE, "display_name": "Nel"})
    assert response.status_code == 302
    assert "De Linde" in client.get("/mijn/woning/").text
    client.post(occurrence.activity.url + f"aanmelden/{occurrence.pk}/", {"guests": "0"})
    assert Registration.objects.filter(occurrence=occurrence, user__email="nieuw@example.org").exists()


def test_caretaker_changes_hours_confirms_residents_and_answers_messages(walk):
    from portal.models import StandIn

    client = walk("huismeester@example.org")
    stand_in = StandIn.objects.select_related("caretaker", "building").get(
        absence__caretaker__user__email="huismeester@example.org", building__title="De Linde"
    )
    assert stand_in.caretaker.name in client.get(stand_in.building.url).text, "De Linde's page names the stand-in"
    for path in ("/mijn/aanwezigheid/", "/mijn/bewoners/", "/admin/berichten/"):
        assert client.get(path).status_code == 200, path
    assert "nieuw@example.org" not in client.get("/admin/berichten/").text
    messages = client.get("/admin/berichten/").text
    assert "Lamp in de hal" not in messages, "the demo's messages say different things"


def test_committee_member_drafts_in_the_admin_and_signs_up_a_neighbour(walk):
    client = walk("commissie@example.org")
    assert client.get("/admin/pages/", follow=True).status_code == 200
    occurrence = coffee_morning()
    page = client.get(occurrence.activity.url).text
    assert "Iemand anders aanmelden" in page
    assert "Wie komen er?" in page
    response = client.post(
        occurrence.activity.url + f"namens/{occurrence.pk}/",
        {"neighbour_name": "Mevrouw Jansen", "neighbour_apartment": "14", "neighbour_consent": "on", "guests": "0"},
    )
    assert response.status_code == 302
    assert "Mevrouw Jansen" in client.get(response["Location"]).text


def test_platform_member_sees_the_platform_and_may_write_to_a_caretaker(walk):
    client = walk("platform@example.org")
    platform = client.get("/huurdersplatform/")
    assert platform.status_code == 200
    assert "Huurdersplatform" in platform.text
    building = BuildingPage.objects.get(title="Het Anker")
    assert client.get(f"{building.url}bericht/").status_code == 200


def test_ambassador_ria_sees_her_tours_and_times(walk):
    client = walk("ambassadeur@example.org")
    tours = client.get("/mijn/rondleidingen/")
    assert tours.status_code == 200
    assert "De Linde" in tours.text
    assert client.get("/mijn/rondleidingen/beschikbaarheid/").status_code == 200
    assert client.get("/mijn/rondleidingen/boeken/").status_code == 200
    assert "Ria" in client.get("/rondleidingen/de-linde/").text, "the tour page shows her own name"


def test_prospective_tenant_books_a_tour_without_an_account(demo, db, client, django_capture_on_commit_callbacks):
    building_page = client.get("/rondleidingen/de-linde/").text
    slot_key = re.search(r"boeken/\?tijd=([^\"&]+)", building_page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/rondleidingen/de-linde/boeken/?tijd={slot_key}",
            {
                "tijd": slot_key,
                "name": "Marijke Smit",
                "email": "marijke@example.net",
                "phone": "06 12345678",
                "party_size": "1",
                "language": "nl",
                "website": "",
                "request_key": "b" * 32,
            },
        )
    assert response.status_code == 302
    assert "Uw rondleiding is geboekt" in client.get(response["Location"]).text
    assert TourBooking.objects.filter(email="marijke@example.net").exists()
    assert "marijke@example.net" in [address for message in mail.outbox for address in message.to]


def test_moderator_finds_one_item_waiting_and_the_admin_pages_the_row_names(walk):
    client = walk("moderator@example.org")
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Bingo-middag in de ontmoetingsruimte" in dashboard.text, "the item waiting for moderation"
    for path in (
        "/admin/rondleidingen/",
        "/admin/woningen/importeren/",
        "/admin/woningen/brieven/",
        "/admin/rapporten/huismeesteruren/",
        "/admin/rapporten/rondleidingen/",
    ):
        assert client.get(path).status_code == 200, path


def test_administrator_has_the_whole_admin(walk):
    client = walk("beheer@example.org")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200


def test_the_demo_looks_like_a_real_corporation(demo, db):
    buildings = list(BuildingPage.objects.order_by("path"))
    assert len({b.description for b in buildings}) == len(buildings), "each building described in its own words"
    assert not any(re.search(r"\b0\b", b.street_address) for b in buildings), "real house numbers"
    assert {b.city for b in buildings} >= {"Rotterdam", "Schiedam"}
    from activities.models import ActivityPage

    titles = {
        b.title: set(ActivityPage.objects.filter(building=b).values_list("title", flat=True)) for b in buildings[:4]
    }
    assert len({frozenset(t) for t in titles.values()}) == 4, "each building its own activities"
    from ambassadors.models import Ambassador
    from committees.models import CommitteeMembership

    for ambassador in Ambassador.objects.select_related("user"):
        assert ambassador.display_name == ambassador.user.first_name
    since = set(CommitteeMembership.objects.values_list("since", flat=True))
    assert timezone.localdate() not in since, "no chair 'since today'"
    assert len(since) > 3, "chairs since different years"


WALKS = {
    "resident": test_resident_signs_up_for_the_coffee_morning_and_cancels_on_my_page,
    "new tenant": test_new_tenant_is_refused_then_confirms_the_home_with_the_letters_code_and_signs_up,
    "caretaker": test_caretaker_changes_hours_confirms_residents_and_answers_messages,
    "committee member": test_committee_member_drafts_in_the_admin_and_signs_up_a_neighbour,
    "platform member": test_platform_member_sees_the_platform_and_may_write_to_a_caretaker,
    "ambassador": test_ambassador_ria_sees_her_tours_and_times,
    "prospective tenant": test_prospective_tenant_books_a_tour_without_an_account,
    "moderator (staff)": test_moderator_finds_one_item_waiting_and_the_admin_pages_the_row_names,
    "administrator": test_administrator_has_the_whole_admin,
}
