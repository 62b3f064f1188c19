"""A person's own data: the export (/mijn/gegevens/), deleting the account, and e-mail preferences."""

import json
import re
from datetime import time, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry, PageLogEntry

from activities import services as activities
from activities.models import ActivityCategory, ActivityPage, Occurrence, Registration, RegistrationStatus
from activities.tasks import send_reminders
from ambassadors import selectors as tour_selectors
from ambassadors import services as tours
from ambassadors.models import Ambassador, BookingStatus, TourBooking
from committees import services as committees
from committees.factories import NewsPageFactory
from committees.models import CaretakerMessage, CommitteeMembership, MemberRole, Report
from portal import privacy, registry
from portal.factories import DEMO_PASSWORD, UserFactory
from portal.models import ResidentProfile, User
from portal.personal_data import PersonalData

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------
# Data, made through the services
# --------------------------------------------------------------------------


@pytest.fixture
def make_activity(committee):
    def make(*, title="Stoelgym", days_ahead=2, capacity=None, parent=None):
        activity = (parent or committee).add_child(
            instance=ActivityPage(
                title=title,
                category=ActivityCategory.objects.get(slug="bewegen"),
                description="<p>Bewegen op een stoel.</p>",
                start_date=timezone.localdate() + timedelta(days=days_ahead),
                start_time=time(14),
                end_time=time(15),
                capacity=capacity,
            )
        )
        activities.occurrences_sync(activity=activity)
        return activity

    return make


def past_occurrence(activity, *, days_ago=7) -> Occurrence:
    """A date that has been: the rolling window never makes these, so the test does."""
    start = timezone.now() - timedelta(days=days_ago)
    return Occurrence.objects.create(activity=activity, start=start, end=start + timedelta(hours=1))


def sign_up_in_the_past(occurrence, user) -> Registration:
    return activities.registration_create(occurrence=occurrence, user=user, now=occurrence.start - timedelta(days=2))


@pytest.fixture
def someones_data(committee, make_activity, building):
    """Fill the portal with what a resident leaves behind; returns a function so two people can have it."""

    def make(*, user, building, subject, activity_title):
        activity = make_activity(title=activity_title, parent=committee)
        activities.registration_create(occurrence=activity.occurrences.get(), user=user)
        sign_up_in_the_past(past_occurrence(activity), user)
        committees.message_create(
            building=building, sender=user, category="vraag", subject=subject, body=f"{subject}: graag even kijken."
        )
        return activity

    return make


def appoint_ambassador(user, building) -> Ambassador:
    ambassador = tours.ambassador_appoint(
        user=user,
        building=building,
        display_name=user.first_name,
        introduction="Ik woon hier al twaalf jaar en laat u graag de tuin zien.",
        languages=["nl", "en"],
    )
    tours.weekly_times_replace(
        ambassador=ambassador,
        times=[tours.TimeRange(weekday=day, start=time(10), end=time(12)) for day in range(7)],
    )
    return ambassador


# --------------------------------------------------------------------------
# The export
# --------------------------------------------------------------------------


def test_export_contains_exactly_the_persons_data(
    resident, other_resident, building, other_building, committee, someones_data
):
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes")
    NewsPageFactory(parent=committee, title="Koffie in de tuin", owner=resident)
    NewsPageFactory(parent=committee, title="Bingo met prijzen", owner=other_resident)
    someones_data(user=resident, building=building, subject="Lamp in de hal", activity_title="Stoelgym")
    committees.page_report_create(page=news, reporter=resident, reason="onjuist")
    committees.committee_member_add(committee=committee, user=resident, role=MemberRole.SECRETARY)
    # Someone else's life in the same portal, with things of the same kinds.
    other_resident.first_name, other_resident.last_name = "Wim", "Visser"
    other_resident.save()
    someones_data(user=other_resident, building=other_building, subject="Lift staat stil", activity_title="Koersbal")
    committees.page_report_create(page=news, reporter=other_resident, reason="kwetsend")

    data = privacy.account_data_export(user=resident)

    assert data["account"]["email"] == "bewoner@example.org"
    assert (data["account"]["first_name"], data["account"]["last_name"]) == ("Truus", "de Boer")
    assert data["email_addresses"] == [{"email": "bewoner@example.org", "verified": True, "primary": True}]
    assert data["profile"]["building"] == "De Linde"
    assert data["profile"]["apartment_number"] == "12"
    assert data["profile"]["reminder_emails"] is True
    assert [r["activity"] for r in data["registrations"]] == ["Stoelgym", "Stoelgym"]  # the past date, then the next
    assert {r["status"] for r in data["registrations"]} == {RegistrationStatus.CONFIRMED}
    assert [m["subject"] for m in data["caretaker_messages"]] == ["Lamp in de hal"]
    assert [r["reason"] for r in data["news_reports"]] == ["onjuist"]
    assert [(m["committee"], m["role"]) for m in data["committee_memberships"]] == [
        ("Bewonerscommissie De Linde", MemberRole.SECRETARY)
    ]
    assert [(page["title"], page["type"]) for page in data["pages_written"]] == [("Koffie in de tuin", "nieuwsbericht")]
    assert data["ambassador"] is None
    assert data["caretaker"] is None
    everything = json.dumps(data, default=str)
    for theirs in (
        "buurman@example.org",
        "Wim",
        "Visser",
        "Lift staat stil",
        "Koersbal",
        "kwetsend",
        "Het Anker",
        "Bingo met prijzen",
    ):
        assert theirs not in everything, f"someone else's data in the export: {theirs}"


def test_an_ambassadors_export_counts_tours_without_the_visitors(resident, building):
    ambassador = appoint_ambassador(resident, building)
    slots = tour_selectors.building_slots(building=building)
    tours.booking_create(ambassador_id=ambassador.pk, start=slots[0].start, name="Marijke Smit", email="m@example.net")
    held = tours.booking_create(ambassador_id=ambassador.pk, start=slots[1].start, name="Johan de Wit", email="j@x.nl")
    TourBooking.objects.filter(pk=held.pk).update(status=BookingStatus.HELD)

    data = privacy.account_data_export(user=resident)

    assert data["ambassador"]["display_name"] == "Truus"
    assert data["ambassador"]["introduction"].startswith("Ik woon hier al twaalf jaar")
    assert data["ambassador"]["tours"] == {"booked": 1, "held": 1, "no_show": 0, "cancelled": 0}
    assert len(data["ambassador"]["weekly_times"]) == 7
    everything = json.dumps(data, default=str)
    assert "Marijke" not in everything
    assert "j@x.nl" not in everything


def _export_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        privacy.account_data_export(user=user)
    return len(queries)


def test_the_export_takes_the_same_number_of_queries_for_one_thing_or_many(
    resident, building, make_activity, committee, platform
):
    appoint_ambassador(resident, building)
    make_activity(title="Eén keer")
    activity = make_activity(title="Stoelgym")
    activities.registration_create(occurrence=activity.occurrences.get(), user=resident)
    committees.message_create(building=building, sender=resident, category="vraag", subject="Eén", body="Eén vraag.")
    committees.committee_member_add(committee=committee, user=resident, role=MemberRole.MEMBER)
    few = _export_queries(resident)

    for number in range(5):
        other = make_activity(title=f"Activiteit {number}")
        activities.registration_create(occurrence=other.occurrences.get(), user=resident)
        sign_up_in_the_past(past_occurrence(other), resident)
        committees.message_create(
            building=building, sender=resident, category="vraag", subject=f"Vraag {number}", body="Graag."
        )
    committees.committee_member_add(committee=platform, user=resident, role=MemberRole.MEMBER)
    many = _export_queries(resident)

    assert few == many
    assert many <= 12  # one per section with rows; the verified home is one of them, consultations (issue 17) too


def test_the_export_keeps_its_sections_in_their_order(resident):
    """The core's sections and the apps' (`PersonalData.position`) in the order the file has always had."""
    assert list(privacy.account_data_export(user=resident)) == [
        "exported_at",
        "account",
        "email_addresses",
        "two_factor",
        "profile",
        "home",
        "caretaker",
        "registrations",
        "consultation_answers",
        "caretaker_messages",
        "news_reports",
        "committee_memberships",
        "pages_written",
        "ambassador",
    ]


class Notebook(PersonalData):
    """What a new app would add in its own privacy.py: notes a person keeps, stripped when the account goes."""

    key = "notes"
    position = 450

    def __init__(self, *, blocked=False):
        self.blocked = blocked
        self.anonymised = []

    def export(self, *, user):
        return [{"note": f"Notitie van {user.first_name}"}]

    def anonymise(self, *, user, by, now):
        self.anonymised.append((user.pk, by.pk, user.email))

    def blockers(self, *, user):
        return ["Lever eerst de sleutel van de hobbyruimte in."] if self.blocked else []


def test_a_new_app_adds_its_personal_data_without_touching_the_core(resident):
    notebook = Notebook()

    with hooks.register_temporarily(registry.PERSONAL_DATA, lambda: notebook):
        data = privacy.account_data_export(user=resident)
        privacy.account_anonymise(user=resident, by=resident)

    assert data["notes"] == [{"note": "Notitie van Truus"}]
    assert list(data).index("notes") == list(data).index("committee_memberships") + 1
    # The app strips its part first, while the account still has the person's address (for mails to others).
    assert notebook.anonymised == [(resident.pk, resident.pk, "bewoner@example.org")]


def test_an_app_can_keep_an_account_from_being_deleted_and_say_why(resident):
    with (
        hooks.register_temporarily(registry.PERSONAL_DATA, lambda: Notebook(blocked=True)),
        pytest.raises(privacy.AccountError) as refused,
    ):
        privacy.account_anonymise(user=resident, by=resident)

    assert refused.value.messages == ["Lever eerst de sleutel van de hobbyruimte in."]
    resident.refresh_from_db()
    assert resident.is_active
    assert resident.anonymised_at is None


def test_my_data_page_and_download_need_a_login(client, site_tree):
    for name in ("my_data", "my_data_json", "account_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_my_data_page_shows_the_data_readably(client, resident, building, someones_data):
    someones_data(user=resident, building=building, subject="Lamp in de hal", activity_title="Stoelgym")
    client.force_login(resident)

    response = client.get(reverse("my_data"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn gegevens" in html
    assert "Lamp in de hal" in html
    assert "Stoelgym" in html
    assert "bewoner@example.org" in html
    assert reverse("my_data_json") in html
    assert "no-store" in response["Cache-Control"]


def test_the_download_is_a_json_file_of_the_same_data(client, resident, building, someones_data):
    someones_data(user=resident, building=building, subject="Lamp in de hal", activity_title="Stoelgym")
    client.force_login(resident)

    response = client.get("/mijn/gegevens.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="mijn-gegevens-bewonersportaal.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "bewoner@example.org"
    assert [m["subject"] for m in data["caretaker_messages"]] == ["Lamp in de hal"]
    assert len(data["registrations"]) == 2


# --------------------------------------------------------------------------
# Deleting an account (the service)
# --------------------------------------------------------------------------


def test_anonymising_blanks_name_and_email_and_switches_the_account_off(resident):
    pk = resident.pk

    privacy.account_anonymise(user=resident, by=resident)

    user = User.objects.get(pk=pk)
    assert (user.first_name, user.last_name) == ("", "")
    assert user.email == f"verwijderd-{pk}@anoniem.invalid"
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not ResidentProfile.objects.filter(user=user).exists()
    assert not User.objects.filter(email="bewoner@example.org").exists()


def test_anonymising_forgets_the_e_mail_waiting_for_the_person(resident, other_resident):
    from django.core.mail import EmailMessage

    from portal import mail as outgoing
    from portal.models import OutgoingEmail

    to_her = outgoing.outgoing_email_queue(message=EmailMessage("Herinnering", "Morgen.", None, [resident.email]))
    to_both = outgoing.outgoing_email_queue(
        message=EmailMessage("Lijst", "Wie komen er.", None, [resident.email.upper(), other_resident.email])
    )
    outgoing.outgoing_email_queue(message=EmailMessage("Iets anders", "Hallo.", None, [other_resident.email]))

    privacy.account_anonymise(user=resident, by=resident)

    assert not OutgoingEmail.objects.filter(pk=to_her.pk).exists()
    assert OutgoingEmail.objects.get(pk=to_both.pk).recipients == [other_resident.email]
    assert OutgoingEmail.objects.filter(recipients__icontains="bewoner@example.org").count() == 0
    assert OutgoingEmail.objects.count() == 2


def test_anonymising_ends_every_session_of_the_person(resident):
    phone, tablet = Client(), Client()
    for device in (phone, tablet):
        device.force_login(resident)
        assert device.get(reverse("my_page")).status_code == 200

    privacy.account_anonymise(user=resident, by=resident)

    for device in (phone, tablet):
        response = device.get(reverse("my_page"))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_anonymising_ends_memberships_and_the_committees_admin_group(member, committee):
    assert member.groups.filter(pk=committee.group_id).exists()

    privacy.account_anonymise(user=member, by=member)

    assert not CommitteeMembership.objects.filter(user=member).exists()
    assert not Group.objects.filter(pk=committee.group_id, user=member).exists()
    assert PageLogEntry.objects.filter(action="committees.member_remove", data__member=member.pk).exists()


def test_anonymising_cancels_future_signups_and_moves_the_waiting_list_up(
    resident, other_resident, make_activity, mailoutbox, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=1)
    occurrence = activity.occurrences.get()
    mine = activities.registration_create(occurrence=occurrence, user=resident)
    waiting = activities.registration_create(occurrence=occurrence, user=other_resident)
    assert waiting.status == RegistrationStatus.WAITING
    been = sign_up_in_the_past(past_occurrence(activity), resident)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_anonymise(user=resident, by=resident)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    been.refresh_from_db()
    occurrence.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert occurrence.seats_taken == 1
    assert [m.to for m in mailoutbox] == [["buurman@example.org"]]  # the neighbour who moved up, nobody else
    # The date that has been stays in the figures, without a name.
    assert been.status == RegistrationStatus.CONFIRMED
    assert been.user_id == resident.pk
    assert been.display_name == f"verwijderd-{resident.pk}@anoniem.invalid"


def test_anonymising_detaches_messages_and_reports_and_keeps_committee_content(member, committee, building):
    message = committees.message_create(
        building=building, sender=member, category="vraag", subject="Bankjes", body="Mogen er bankjes bij?"
    )
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes", owner=member)
    report = committees.page_report_create(page=news, reporter=member, reason="onjuist")

    privacy.account_anonymise(user=member, by=member)

    message.refresh_from_db()
    report.refresh_from_db()
    news.refresh_from_db()
    assert message.sender is None
    assert message.body == "Mogen er bankjes bij?"  # the caretaker keeps the message
    assert report.reporter is None
    assert news.live
    assert news.owner_id == member.pk  # the committee's news stays, by an anonymous former member
    assert CaretakerMessage.objects.filter(sender=member).count() == 0
    assert Report.objects.filter(reporter=member).count() == 0


def test_anonymising_an_ambassador_keeps_the_tours_as_counts(
    resident, building, mailoutbox, django_capture_on_commit_callbacks
):
    ambassador = appoint_ambassador(resident, building)
    slots = tour_selectors.building_slots(building=building)
    coming = tours.booking_create(ambassador_id=ambassador.pk, start=slots[0].start, name="M", email="m@example.net")
    been = tours.booking_create(ambassador_id=ambassador.pk, start=slots[1].start, name="J", email="j@example.net")
    TourBooking.objects.filter(pk=been.pk).update(
        status=BookingStatus.HELD,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(minutes=45),
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_anonymise(user=resident, by=resident)

    ambassador.refresh_from_db()
    coming.refresh_from_db()
    been.refresh_from_db()
    assert not ambassador.active
    assert ambassador.introduction == ""
    assert ambassador.display_name == "Oud-ambassadeur"
    assert ambassador.photo is None
    assert not ambassador.weekly_times.exists()
    assert coming.status == BookingStatus.CANCELLED
    assert been.status == BookingStatus.HELD
    # The visitor hears the tour is off; the placeholder address of the former ambassador gets nothing.
    assert [m.to for m in mailoutbox] == [["m@example.net"]]


def test_anonymising_an_ambassador_deletes_their_photo_unless_a_page_shows_it(resident, building):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    ambassador = appoint_ambassador(resident, building)
    portrait = Image.objects.create(title="Truus", file=get_test_image_file())
    ambassador.photo, ambassador.photo_alt_text = portrait, "Truus lacht in de tuin"
    ambassador.save()
    shared = Image.objects.create(title="De tuin", file=get_test_image_file())
    building.photo, building.photo_alt_text = shared, "De tuin van De Linde"
    building.save_revision().publish()
    ria = UserFactory(email="ria@example.org", first_name="Ria")
    other = appoint_ambassador(ria, building)
    other.photo, other.photo_alt_text = shared, "De tuin"
    other.save()

    privacy.account_anonymise(user=resident, by=resident)
    privacy.account_anonymise(user=ria, by=ria)

    assert not Image.objects.filter(pk=portrait.pk).exists()
    assert Image.objects.filter(pk=shared.pk).exists()  # the building page shows it too


def test_anonymising_unlinks_a_caretakers_account(caretaker):
    user = caretaker.user

    privacy.account_anonymise(user=user, by=user)

    caretaker.refresh_from_db()
    assert caretaker.user is None
    assert caretaker.name == "Henk Jansen"  # the caretaker record is staff's
    assert not user.groups.exists()


def test_anonymising_writes_the_audit_log(resident, moderator):
    privacy.account_anonymise(user=resident, by=moderator)

    entry = ModelLogEntry.objects.get(action="portal.account_anonymise")
    assert entry.object_id == str(resident.pk)
    assert entry.user_id == moderator.pk
    assert entry.data == {"on_request": True}
    assert "Truus" not in entry.label
    assert "bewoner@example.org" not in entry.label
    assert entry.message == "Account verwijderd (geanonimiseerd)"


def test_anonymising_twice_changes_nothing(resident):
    privacy.account_anonymise(user=resident, by=resident)
    privacy.account_anonymise(user=resident, by=resident)

    assert ModelLogEntry.objects.filter(action="portal.account_anonymise").count() == 1


def test_a_superuser_account_is_not_anonymised(db):
    admin = UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)

    with pytest.raises(privacy.AccountError):
        privacy.account_anonymise(user=admin, by=admin)

    admin.refresh_from_db()
    assert admin.is_active
    assert admin.email == "beheer@example.org"


# --------------------------------------------------------------------------
# Deleting an account (the resident's pages)
# --------------------------------------------------------------------------


def test_deleting_my_account_asks_for_the_password_first(client, resident):
    client.force_login(resident)
    page = client.get(reverse("account_delete"))
    assert page.status_code == 200
    assert "Wat er gebeurt" in page.content.decode()

    response = client.post(reverse("account_delete"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fmijn%2Faccount-verwijderen%2F"
    resident.refresh_from_db()
    assert resident.is_active

    wrong = client.post(response["Location"], {"password": "niet-goed"})
    assert wrong.status_code == 200
    resident.refresh_from_db()
    assert resident.is_active

    done = client.post(response["Location"], {"password": DEMO_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == reverse("account_deleted")
    resident.refresh_from_db()
    assert resident.anonymised_at is not None
    goodbye = client.get(done["Location"])
    assert goodbye.status_code == 200
    assert "Uw account is verwijderd" in goodbye.content.decode()
    assert client.get(reverse("my_page")).status_code == 302  # logged out


def test_after_a_recent_reauthentication_the_confirmation_deletes_at_once(client, resident):
    client.force_login(resident)
    client.post("/accounts/reauthenticate/", {"password": DEMO_PASSWORD})  # a minute ago, for something else

    response = client.post(reverse("account_delete"))

    assert response["Location"] == reverse("account_deleted")
    resident.refresh_from_db()
    assert resident.anonymised_at is not None


def test_without_a_password_the_person_confirms_with_an_emailed_code(client, resident, mailoutbox):
    """allauth's own re-authentication by code: the account has no password and no second factor."""
    resident.set_unusable_password()
    resident.save()
    client.force_login(resident)

    response = client.post(reverse("account_delete"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/code/?next=%2Fmijn%2Faccount-verwijderen%2F"
    resident.refresh_from_db()
    assert resident.is_active
    ask = client.get(response["Location"])
    html = ask.content.decode()
    assert "Bevestig dat u het bent" in html
    assert f"een code naar {resident.email}" in html
    assert "<select" not in html  # one address: nothing to choose

    sent = client.post(response["Location"], {"recipient": resident.email})
    assert sent.status_code == 302
    assert sent["Location"].startswith("/accounts/reauthenticate/code/confirm/")
    assert [m.to for m in mailoutbox] == [[resident.email]]
    code = re.search(r"\b(\d{3,4}-\d{3,4})\b", mailoutbox[0].body).group(1)

    wrong = client.post(sent["Location"], {"code": "000-000"})
    assert wrong.status_code == 200
    resident.refresh_from_db()
    assert resident.anonymised_at is None

    done = client.post(sent["Location"], {"code": code})

    assert done.status_code == 302
    assert done["Location"] == reverse("account_deleted")
    resident.refresh_from_db()
    assert resident.anonymised_at is not None
    assert client.get(reverse("my_page")).status_code == 302  # logged out


def test_a_log_in_without_a_fresh_confirmation_does_not_delete(client, resident):
    """Logging in is not confirming: a session left open on a shared computer cannot delete the account."""
    client.post("/accounts/login/", {"login": resident.email, "password": DEMO_PASSWORD})

    response = client.post(reverse("account_delete"))

    assert response["Location"].startswith("/accounts/reauthenticate/")
    resident.refresh_from_db()
    assert resident.anonymised_at is None


def test_the_goodbye_page_is_for_people_who_are_logged_out(client, resident):
    assert client.get(reverse("account_deleted")).status_code == 200
    client.force_login(resident)
    assert client.get(reverse("account_deleted"))["Location"] == reverse("my_page")


# --------------------------------------------------------------------------
# Deleting an account (staff, on request, in the Wagtail admin)
# --------------------------------------------------------------------------


def test_staff_find_and_delete_an_account_on_request(client, moderator, resident, other_resident):
    client.force_login(moderator)

    found = client.get(reverse("account_anonymise_index"), {"q": "truus boer"})
    assert found.status_code == 200
    html = found.content.decode()
    assert "bewoner@example.org" in html
    assert "buurman@example.org" not in html
    confirm_url = reverse("account_anonymise", args=[resident.pk])
    assert confirm_url in html
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert "bewoner@example.org" in confirm.content.decode()

    response = client.post(confirm_url)

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.anonymised_at is not None
    entry = ModelLogEntry.objects.get(action="portal.account_anonymise")
    assert entry.user_id == moderator.pk
    assert client.get(confirm_url).status_code == 404  # already done


@pytest.mark.parametrize("who", ["other_resident", "caretaker", "member", "platform_member"])
def test_nobody_but_staff_deletes_someone_elses_account(client, request, who, resident):
    someone = request.getfixturevalue(who)
    client.force_login(getattr(someone, "user", someone))
    url = reverse("account_anonymise", args=[resident.pk])

    for response in (client.get(reverse("account_anonymise_index")), client.get(url), client.post(url)):
        # A resident (no admin access) is told the admin is for committees and staff; the others, who have admin
        # access but not this permission, are sent to the admin home by Wagtail.
        if who == "other_resident":
            assert response.status_code == 403
            assert "Dit deel is voor commissies en medewerkers" in response.text
        else:
            assert response.status_code == 302
            assert response["Location"] == "/admin/"

    resident.refresh_from_db()
    assert resident.anonymised_at is None


# --------------------------------------------------------------------------
# My page: committees and settings
# --------------------------------------------------------------------------


def test_my_page_lists_my_committees_with_my_role(client, member):
    client.force_login(member)

    html = client.get(reverse("my_page")).content.decode()

    assert "Mijn commissies" in html
    assert "Bewonerscommissie De Linde" in html
    assert "U bent voorzitter sinds" in html
    assert reverse("my_data") in html
    assert reverse("account_delete") in html


def test_my_page_saves_display_and_email_preferences(client, resident, building):
    client.force_login(resident)

    response = client.post(
        reverse("my_page"),
        {"building": building.slug, "apartment_number": "12", "language": "nl", "larger_text": "on"},
    )

    assert response.status_code == 302
    profile = ResidentProfile.objects.get(user=resident)
    assert profile.larger_text
    assert not profile.high_contrast
    assert not profile.reminder_emails
    assert response.cookies["weergave"].value == "groot"
    html = client.get(reverse("my_page")).content.decode()
    assert 'name="larger_text" id="id_larger_text" checked' in html
    assert 'name="reminder_emails" id="id_reminder_emails" checked' not in html


def test_my_page_shows_the_display_switches_in_effect(client, resident):
    client.force_login(resident)
    client.cookies["weergave"] = "contrast"

    html = client.get(reverse("my_page")).content.decode()

    assert 'name="high_contrast" id="id_high_contrast" checked' in html
    assert 'name="larger_text" id="id_larger_text" checked' not in html
    assert 'name="reminder_emails" id="id_reminder_emails" checked' in html  # on unless switched off


def test_reminders_respect_the_residents_choice(make_activity, resident, other_resident):
    activity = make_activity(days_ahead=1)
    occurrence = activity.occurrences.get()
    day_before = timezone.now() - timedelta(days=1)
    mine = activities.registration_create(occurrence=occurrence, user=resident, now=day_before)
    activities.registration_create(occurrence=occurrence, user=other_resident, now=day_before)
    ResidentProfile.objects.filter(user=resident).update(reminder_emails=False)
    mail.outbox.clear()

    send_reminders(now=timezone.localtime().replace(hour=12, minute=0))  # from 10:00 the day before

    assert [m.to for m in mail.outbox] == [["buurman@example.org"]]
    mine.refresh_from_db()
    assert mine.reminder_sent_at is not None  # not asked again tomorrow


def test_my_page_stays_within_the_query_budget(client, member, building, committee, make_activity):
    appoint_ambassador(member, building)
    for number in range(3):
        activity = make_activity(title=f"Activiteit {number}")
        activities.registration_create(occurrence=activity.occurrences.get(), user=member)
    client.force_login(member)
    client.get(reverse("my_page"))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("my_page")).status_code == 200
    with CaptureQueriesContext(connection) as data_queries:
        assert client.get(reverse("my_data")).status_code == 200

    assert len(queries) <= 13  # one more since issue 16: the private calendar link on my page
    assert len(data_queries) <= 14  # the consultation answers (issue 17) are one section more
