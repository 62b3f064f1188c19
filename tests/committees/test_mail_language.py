"""The committees' e-mails reach each person in the language they chose (issue 16, item 6): the caretaker's reply
to a resident, a report to the moderators (one message per language when they differ), the organisers' list."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from committees import services
from committees.models import ReportReason
from portal.factories import ResidentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_caretakers_reply_is_in_the_residents_language_and_gives_the_caretakers_number(
    client, resident, building, caretaker, django_capture_on_commit_callbacks
):
    resident.resident_profile.language = "en"
    resident.resident_profile.save()
    message = services.message_create(
        building=building, sender=resident, category="klusje", subject="Lamp kapot", body="Bij de lift."
    )
    mail.outbox.clear()
    client.force_login(caretaker.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/berichten/edit/{message.pk}/", {"status": "afgehandeld", "reply": "Nieuwe lamp."})

    [reply] = mail.outbox
    assert reply.to == [resident.email]
    assert "has replied to your message" in reply.body
    assert "Lamp kapot" not in reply.body, "what the message is about in a word (its category), not its title"
    assert "030 123 45 67" in reply.body, "the caretaker's number, for who would rather phone"


def test_a_report_reaches_each_moderator_in_their_own_language(
    resident, building, make_activity, moderator, django_capture_on_commit_callbacks
):
    english = UserFactory(email="moderator-en@example.org", is_staff=True)
    english.groups.add(Group.objects.get(name="Moderators"))
    ResidentProfileFactory(user=english, building=building, apartment_number="1", language="en")
    activity = make_activity()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.page_report_create(page=activity, reporter=resident, reason=ReportReason.WRONG)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["moderator-en@example.org", "moderator@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert by_address["moderator@example.org"].subject.startswith("Melding over")
    assert not by_address["moderator-en@example.org"].subject.startswith("Melding over")
