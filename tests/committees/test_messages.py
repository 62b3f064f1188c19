"""Messages to the caretaker: who may send, who may read, status, reply by e-mail, retention; the platform overview."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from committees import services
from committees.models import OVERVIEW_PER_PAGE, CaretakerMessage, MessageStatus

pytestmark = pytest.mark.django_db


def send(building, sender, subject="Lamp kapot"):
    return services.message_create(
        building=building, sender=sender, category="klusje", subject=subject, body="Bij de lift, tweede etage."
    )


def test_a_resident_sends_a_message_from_the_building_page(
    client, resident, building, caretaker, django_capture_on_commit_callbacks
):
    client.force_login(resident)

    form = client.get(f"{building.url}bericht/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{building.url}bericht/", {"category": "klusje", "subject": "Lamp kapot", "body": "Bij de lift."}
        )

    assert "geen gegevens over gezondheid" in form.text
    assert response.status_code == 302
    message = CaretakerMessage.objects.get()
    assert message.sender == resident
    assert mail.outbox[-1].to == [caretaker.user.email]


def test_an_empty_message_keeps_what_was_typed(client, resident, building, caretaker):
    client.force_login(resident)

    response = client.post(f"{building.url}bericht/", {"category": "klusje", "subject": "Lamp kapot", "body": ""})

    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in response.text
    assert 'value="Lamp kapot"' in response.text
    assert not CaretakerMessage.objects.exists()


def test_committee_and_platform_members_may_send_but_residents_elsewhere_not(
    client, building, caretaker, member, platform_member, other_resident
):
    assert send(building, member).pk
    assert send(building, platform_member).pk
    with pytest.raises(ValidationError):
        send(building, other_resident)
    client.force_login(other_resident)
    assert client.get(f"{building.url}bericht/").status_code == 404


def test_only_the_buildings_caretaker_and_staff_see_a_message(
    client, resident, building, caretaker, other_caretaker, moderator, member
):
    message = send(building, resident)
    url = f"/admin/berichten/edit/{message.pk}/"

    seen = {}
    for name, user in {"caretaker": caretaker.user, "other": other_caretaker.user, "moderator": moderator}.items():
        client.force_login(user)
        seen[name] = (client.get(url).status_code, "Lamp kapot" in client.get("/admin/berichten/").text)

    assert seen == {"caretaker": (200, True), "other": (404, False), "moderator": (200, True)}
    client.force_login(member)
    assert client.get(url).status_code in (302, 404)


def test_caretaker_moves_the_status_on_and_replies_by_email(
    client, resident, building, caretaker, django_capture_on_commit_callbacks
):
    message = send(building, resident)
    mail.outbox.clear()
    client.force_login(caretaker.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/berichten/edit/{message.pk}/", {"status": "in_behandeling", "reply": ""})
        client.post(f"/admin/berichten/edit/{message.pk}/", {"status": "afgehandeld", "reply": "Gemaakt, nieuwe lamp."})

    message.refresh_from_db()
    assert message.status == MessageStatus.DONE
    assert message.done_at is not None
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "Gemaakt, nieuwe lamp." not in mail.outbox[0].body, "the e-mail says there is an answer, not what"
    assert f"/mijn/berichten/{message.pk}/" in mail.outbox[0].body
    client.force_login(resident)
    assert "Nieuw antwoord" in client.get("/mijn/").text
    assert "Gemaakt, nieuwe lamp." in client.get(f"/mijn/berichten/{message.pk}/").text
    assert "Nieuw antwoord" not in client.get("/mijn/").text, "read once opened"


def test_a_done_message_cannot_go_back_to_new(resident, building, caretaker):
    message = send(building, resident)
    services.message_update(message=message, by=caretaker.user, status=MessageStatus.DONE)

    with pytest.raises(ValidationError):
        services.message_update(message=message, by=caretaker.user, status=MessageStatus.NEW)


def test_retention_removes_only_done_messages_past_the_period(settings, resident, building, caretaker):
    settings.PORTAL_MESSAGE_RETENTION_DAYS = 365
    old_done = send(building, resident, "oud en klaar")
    services.message_update(message=old_done, by=caretaker.user, status=MessageStatus.DONE)
    CaretakerMessage.objects.filter(pk=old_done.pk).update(done_at=timezone.now() - timedelta(days=400))
    recent_done = send(building, resident, "net klaar")
    services.message_update(message=recent_done, by=caretaker.user, status=MessageStatus.DONE)
    old_open = send(building, resident, "oud maar open")
    CaretakerMessage.objects.filter(pk=old_open.pk).update(created_at=timezone.now() - timedelta(days=800))
    out = StringIO()

    call_command("purge_caretaker_messages", stdout=out)

    assert set(CaretakerMessage.objects.values_list("subject", flat=True)) == {"net klaar", "oud maar open"}
    assert "Deleted 1" in out.getvalue()


def test_platform_overview_shows_counts_and_no_personal_data(
    client, platform, building, committee, resident, caretaker
):
    send(building, resident, "Geheim onderwerp")
    send(building, resident, "Nog iets")

    text = client.get("/huurdersplatform/").text

    assert "De Linde" in text
    assert "Henk Jansen" in text  # the caretaker: a public role
    assert "Klein klusje: 2" in text
    assert "Geheim onderwerp" not in text
    assert resident.email not in text
    assert "Truus" not in text


def test_platform_overview_loads_only_the_committees_of_its_page(client, platform, make_building):
    """At scale (3,600 committees) the overview of a page of buildings asks for their committees only, in as many
    queries for 60 buildings with committees as for 5, whatever the page cache holds."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from committees.models import CommitteeKind

    def add(numbers):
        for n in numbers:
            building = make_building(title=f"Gebouw {n:02d}")
            for kind in (CommitteeKind.RESIDENTS, CommitteeKind.ACTIVITY):
                services.committee_create(parent=building, title=f"{kind.label} {n:02d}", kind=kind, description="x")

    def queries():
        client.get("/huurdersplatform/")
        cache.clear()  # no page cache: the overview is computed
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/huurdersplatform/")
        return response, captured.captured_queries

    add(range(5))
    _few, with_5 = queries()
    add(range(5, 60))
    first, with_60 = queries()

    assert len(with_60) == len(with_5)
    committee_queries = [
        q["sql"] for q in with_60 if 'FROM "committees_committeepage"' in q["sql"] and " IN (" in q["sql"]
    ]
    assert len(committee_queries) == 1
    # the buildings of the page
    assert committee_queries[0].split(" IN (")[1].split(")")[0].count(",") == OVERVIEW_PER_PAGE - 1
    assert first.text.count('<th scope="row">') == OVERVIEW_PER_PAGE
    assert first.text.count(str(CommitteeKind.ACTIVITY.label)) >= OVERVIEW_PER_PAGE


def test_platform_overview_is_paged_and_its_queries_do_not_grow(client, platform, make_building):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get("/huurdersplatform/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/huurdersplatform/")
        return response, len(captured.captured_queries)

    for n in range(OVERVIEW_PER_PAGE + 1):
        make_building(title=f"Gebouw {n:02d}")
    _first, with_13 = queries()
    for n in range(OVERVIEW_PER_PAGE + 1, 60):
        make_building(title=f"Gebouw {n:02d}")
    first, with_60 = queries()
    last = client.get("/huurdersplatform/", {"pagina": 99})  # past the end: the last page

    assert first.text.count('<th scope="row">') == OVERVIEW_PER_PAGE
    assert "Gebouw 59" in last.text
    assert "Gebouw 59" not in first.text
    assert with_13 == with_60 <= 12


def test_platform_overview_is_kept_for_everyone_as_long_as_a_cross_building_list(
    client, platform, building, committee, resident, caretaker, no_page_cache, settings
):
    """The overview of a page of buildings is kept for everyone (logged in too), as long as the page cache keeps
    a list of every building: a second look reads no message; with no lifetime a new message shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_PAGE_CACHE_LISTING_SECONDS = 60
    send(building, resident, "Lamp kapot")
    client.force_login(resident)
    assert "Klein klusje: 1" in client.get("/huurdersplatform/").text
    with CaptureQueriesContext(connection) as again:
        kept = client.get("/huurdersplatform/").text
    read = [query["sql"] for query in again.captured_queries if "committees_caretakermessage" in query["sql"]]

    settings.PORTAL_PAGE_CACHE_LISTING_SECONDS = 0
    send(building, resident, "Deur klemt")

    assert not read
    assert "Klein klusje: 1" in kept
    assert "Klein klusje: 2" in client.get("/huurdersplatform/").text
