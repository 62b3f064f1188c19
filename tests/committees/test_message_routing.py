"""Messages always reach someone: routing to the caretaker or the staff team, conversations both ways, unread
counts, the inbox's building filter and house numbers, private photos, the inbox's query count."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from committees import selectors, services
from committees.models import CaretakerMessage, MessageReply
from portal.factories import CaretakerFactory, HomeFactory, ResidencyFactory, ResidentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def send(building, sender, subject="Lamp kapot", **extra):
    return services.message_create(
        building=building, sender=sender, category="klusje", subject=subject, body="Bij de lift, tweede etage.", **extra
    )


def jpeg(name="lamp.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def building_without_account(make_building):
    """A building whose caretaker has no account (as 9 of the 12 demo buildings)."""
    return make_building(
        title="De Eik", slug="de-eik", homes=40, caretaker=CaretakerFactory(name="Piet Vos", user=None)
    )


@pytest.fixture
def neighbour(building_without_account):
    user = UserFactory(email="buur@example.org", first_name="Bep", last_name="Kok")
    ResidentProfileFactory(user=user, building=building_without_account)
    ResidencyFactory(user=user, home=HomeFactory(building=building_without_account, number="3"))
    return user


def test_readers_are_the_caretaker_with_an_account_else_the_staff_team(building, building_without_account):
    with_account = selectors.message_readers(building=building)
    without = selectors.message_readers(building=building_without_account)

    assert (with_account.to_staff, with_account.label) == (False, "Henk Jansen, uw huismeester")
    assert without.to_staff
    assert without.label.startswith("het team van ")
    assert "de huismeester van dit gebouw heeft geen e-mail" in without.label
    assert "Piet Vos" not in without.label


def test_without_a_caretaker_account_staff_get_it_and_the_resident_is_told_so(
    client, neighbour, building_without_account, moderator, django_capture_on_commit_callbacks
):
    client.force_login(neighbour)
    url = f"{building_without_account.url}bericht/"

    form = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"category": "klusje", "subject": "Lamp kapot", "body": "Bij de lift."}, follow=True
        )

    assert "Uw bericht gaat naar het team van" in form.text
    assert "Piet Vos" not in form.text.split("<h1>", 1)[1].split("</form>", 1)[0]
    assert "Uw bericht is verstuurd naar het team van" in response.text
    assert "verstuurd naar Piet Vos" not in response.text
    message = CaretakerMessage.objects.get()
    assert message.to_staff
    assert message.caretaker is None
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "De Eik" in mail.outbox[0].subject
    assert "Klein klusje" in mail.outbox[0].subject
    assert "Lamp kapot" not in mail.outbox[0].subject + mail.outbox[0].body
    assert "Bij de lift" not in mail.outbox[0].body
    assert "Bep" not in mail.outbox[0].body
    assert f"/admin/berichten/edit/{message.pk}/" in mail.outbox[0].body


def test_with_a_caretaker_account_only_the_caretaker_is_mailed(
    resident, building, caretaker, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(building, resident)

    assert (message.caretaker, message.to_staff) == (caretaker, False)
    assert [m.to for m in mail.outbox] == [[caretaker.user.email]]


def test_a_conversation_goes_both_ways(client, resident, building, caretaker, django_capture_on_commit_callbacks):
    message = send(building, resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_update(message=message, by=caretaker.user, status="afgehandeld", reply="Gemaakt.")
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mijn/berichten/{message.pk}/", {"body": "Hij doet het weer niet."}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_update(message=message, by=caretaker.user, status="in_behandeling", reply="Ik kom morgen.")

    assert "Uw antwoord is verstuurd naar Henk Jansen, uw huismeester." in response.text
    thread = list(MessageReply.objects.filter(message=message).values_list("by_sender", "body"))
    assert thread == [(False, "Gemaakt."), (True, "Hij doet het weer niet."), (False, "Ik kom morgen.")]
    assert [m.to for m in mail.outbox] == [[resident.email], [caretaker.user.email], [resident.email]]
    message.refresh_from_db()
    assert message.status == "in_behandeling", "an answer back takes a done message up again"
    page = client.get(f"/mijn/berichten/{message.pk}/").text
    assert page.index("Gemaakt.") < page.index("Hij doet het weer niet.") < page.index("Ik kom morgen.")
    client.force_login(caretaker.user)
    admin = client.get(f"/admin/berichten/edit/{message.pk}/").text
    assert "Hij doet het weer niet." in admin


def test_nobody_else_answers_or_reads_the_conversation(client, resident, building, other_resident, other_caretaker):
    message = send(building, resident)
    for user in (other_resident, other_caretaker.user):
        client.force_login(user)
        assert client.get(f"/mijn/berichten/{message.pk}/").status_code == 404
        with pytest.raises(services.ValidationError):
            services.message_reply_create(message=message, by=user, body="Ik ook!")


def test_unread_counts_for_the_reader_until_opened(
    client, resident, building, caretaker, moderator, neighbour, building_without_account
):
    message = send(building, resident)
    send(building, resident, "Nog iets")
    send(building_without_account, neighbour)

    assert selectors.unread_message_count(user=caretaker.user) == 2
    assert selectors.unread_message_count(user=moderator) == 1
    client.force_login(caretaker.user)
    assert "Er wachten 2 ongelezen berichten op u." in client.get("/admin/").text
    assert "Er wachten 2 ongelezen berichten op u." in client.get("/mijn/").text
    client.force_login(moderator)
    client.get(f"/admin/berichten/edit/{message.pk}/")  # staff peeking at the caretaker's message
    assert selectors.unread_message_count(user=caretaker.user) == 2
    client.force_login(caretaker.user)
    client.get(f"/admin/berichten/edit/{message.pk}/")
    assert selectors.unread_message_count(user=caretaker.user) == 1
    services.message_reply_create(message=message, by=resident, body="En nog dit.")
    assert selectors.unread_message_count(user=caretaker.user) == 2, "an answer back is unread again"


def test_the_inbox_filters_per_building_and_shows_the_house_number(
    client, resident, building, moderator, neighbour, building_without_account
):
    send(building, resident, "In De Linde")
    send(building_without_account, neighbour, "In De Eik")
    client.force_login(moderator)

    everything = client.get("/admin/berichten/").text
    linde = client.get("/admin/berichten/", {"building": building.pk}).text
    unread = client.get("/admin/berichten/", {"unread": "true", "building": building_without_account.pk}).text

    assert "In De Linde" in everything
    assert "In De Eik" in everything
    assert "In De Linde" in linde
    assert "In De Eik" not in linde
    assert "In De Eik" in unread
    assert "In De Linde" not in unread
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", linde, re.S)]
    assert "12" in cells, f"the sender's house number (12) is not a cell of the listing: {cells}"


def test_the_inbox_query_count_does_not_grow(client, resident, building, caretaker, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caretaker.user)

    def count():
        client.get("/admin/berichten/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/berichten/").status_code == 200
        return len(captured.captured_queries)

    send(building, resident, "Eerste")
    few = count()
    for n in range(15):
        send(building, resident, f"Bericht {n}")
    many = count()

    assert few == many
    with django_assert_max_num_queries(few):
        client.get("/admin/berichten/")


def test_a_photo_is_seen_by_its_sender_and_readers_only(
    client, resident, building, caretaker, other_caretaker, other_resident, moderator, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(resident)
    client.post(
        f"{building.url}bericht/",
        {"category": "klusje", "subject": "Lamp kapot", "body": "Zie foto.", "photo": jpeg()},
    )
    message = CaretakerMessage.objects.get()
    url = f"/mijn/berichten/{message.pk}/foto/"

    seen = {}
    for name, user in {
        "sender": resident,
        "caretaker": caretaker.user,
        "moderator": moderator,
        "other caretaker": other_caretaker.user,
        "other resident": other_resident,
        "anonymous": None,
    }.items():
        client.logout()
        if user:
            client.force_login(user)
        seen[name] = client.get(url).status_code

    assert message.photo.name.startswith("private/berichtfotos/")
    assert "lamp" not in message.photo.name
    assert seen == {
        "sender": 200,
        "caretaker": 200,
        "moderator": 200,
        "other caretaker": 404,
        "other resident": 404,
        "anonymous": 302,
    }
    assert client.get(f"/media/{message.photo.name}").status_code == 404, "never a file under /media/"


def test_a_photo_that_is_no_photo_is_refused(client, resident, building):
    client.force_login(resident)
    fake = SimpleUploadedFile("lamp.jpg", b"<html>no photo</html>", content_type="image/jpeg")

    response = client.post(
        f"{building.url}bericht/", {"category": "klusje", "subject": "Lamp kapot", "body": "Zie foto.", "photo": fake}
    )

    assert response.status_code == 200
    assert not CaretakerMessage.objects.exists()


def test_demo_messages_reach_a_person_in_every_building(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)

    messages = CaretakerMessage.objects.select_related("caretaker__user")
    buildings = {m.building_id for m in messages}
    from portal.models import BuildingPage

    assert buildings == set(BuildingPage.objects.values_list("pk", flat=True))
    for message in messages:
        assert message.to_staff or (message.caretaker.user and message.caretaker.user.email)
    assert messages.filter(to_staff=True).exists()
    assert MessageReply.objects.filter(by_sender=True).exists()


def test_the_resident_takes_the_conversation_with_their_data(resident, building, caretaker):
    from committees.privacy import CaretakerMessages

    message = send(building, resident)
    services.message_update(message=message, by=caretaker.user, status="in_behandeling", reply="Ik kom morgen.")
    services.message_reply_create(message=message, by=resident, body="Prima.")
    send(building, resident, "Zonder antwoord")

    exported = CaretakerMessages().export(user=resident)

    assert [[(turn["from_me"], turn["body"]) for turn in item["conversation"]] for item in exported] == [
        [(False, "Ik kom morgen."), (True, "Prima.")],
        [],
    ]


def test_nobody_is_told_sent_when_nobody_would_read_it(client, neighbour, building_without_account):
    from django.contrib.auth.models import Group

    Group.objects.get(name="Moderators").user_set.clear()
    client.force_login(neighbour)
    url = f"{building_without_account.url}bericht/"

    form = client.get(url)
    response = client.post(url, {"category": "klusje", "subject": "Lamp kapot", "body": "Bij de lift."}, follow=True)

    assert "Er is nu niemand die een bericht over dit gebouw kan lezen" in form.text
    assert "verstuurd naar" not in response.text
    assert "niet verstuurd" in response.text
    assert not CaretakerMessage.objects.exists()
    assert not mail.outbox


# --- While the caretaker is away (issue 18: absence and stand-ins) ---


def _away_today(caretaker, building, stand_in=None):
    from django.utils import timezone

    from portal import services as portal_services
    from portal.models import AbsenceKind, CaretakerAbsence

    today = timezone.localdate()
    return portal_services.absence_save(
        absence=CaretakerAbsence(caretaker=caretaker, first_day=today, last_day=today, kind=AbsenceKind.HOLIDAY),
        stand_ins=[(building, stand_in)] if stand_in else [],
    )


def test_while_the_caretaker_is_away_the_stand_in_reads_and_the_resident_is_told_so(
    client, resident, building, caretaker, moderator, django_capture_on_commit_callbacks
):
    from portal import services as portal_services

    stand_in = CaretakerFactory(name="Karim Bouali", user=UserFactory(email="karim@example.org"))
    portal_services.caretaker_account_sync(caretaker=stand_in)
    _away_today(caretaker, building, stand_in)
    client.force_login(resident)

    form = client.get(f"{building.url}bericht/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{building.url}bericht/", {"category": "klusje", "subject": "Lamp kapot", "body": "Bij de lift."}
        )

    from django.contrib.messages import get_messages

    message = CaretakerMessage.objects.get()
    assert "Uw bericht gaat naar Karim Bouali, die uw huismeester vervangt in De Linde." in form.text
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == [
        "Uw bericht is verstuurd naar Karim Bouali, die uw huismeester vervangt. "
        "U krijgt antwoord per e-mail en op ‘Mijn pagina’."
    ]
    assert (message.caretaker, message.to_staff) == (stand_in, False)
    assert [m.to for m in mail.outbox] == [["karim@example.org"]], "the stand-in, not the caretaker who is away"
    client.force_login(stand_in.user)
    assert "Lamp kapot" in client.get("/admin/berichten/").text


def test_while_the_caretaker_is_away_without_a_stand_in_the_staff_team_reads(
    client, resident, building, caretaker, moderator, django_capture_on_commit_callbacks
):
    _away_today(caretaker, building)

    with django_capture_on_commit_callbacks(execute=True):
        message = send(building, resident)

    assert message.to_staff
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert caretaker.user.email not in [address for m in mail.outbox for address in m.to]


def test_a_photo_is_kept_without_what_the_camera_wrote_into_it(resident, building, caretaker):
    """EXIF says where a photo was taken (the resident's home) and with which phone: it is not kept."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 55.0, 12.0)}  # GPS: somewhere in Rotterdam
    Image.new("RGB", (8, 6), "red").save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("lamp.jpg", buffer.getvalue(), content_type="image/jpeg")

    message = send(building, resident, photo=upload)

    with message.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (8, 6)
        assert not image.getexif()
