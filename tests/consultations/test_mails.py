"""The invitation when a consultation opens and the reminder three days before it closes: to verified residents of
the buildings asked, once each, in their language, never to someone who said no; the link that stops them works
without logging in."""

import datetime

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import ConsultationPage, ConsultationQuestion, InvitationOptOut
from consultations.tokens import opt_out_token
from portal.factories import HomeFactory, ResidencyFactory, ResidentProfileFactory, UserFactory
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(committee):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title="De tuin",
            kind="peiling",
            intro="Wat vindt u van de tuin?",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=10),
        )
    )
    ConsultationQuestion.objects.create(page=page, text="Een bankje?", kind="ja_nee")
    return page


def test_verified_residents_of_the_building_get_one_invitation(
    poll, resident, unverified_resident, other_resident, mailoutbox, settings
):
    sent = services.consultation_mails_send()
    again = services.consultation_mails_send()

    assert (sent, again) == (1, 0)
    (mail,) = mailoutbox
    assert mail.to == [resident.email]
    assert mail.subject == "Uw mening gevraagd: De tuin"
    assert poll.url in mail.body
    assert "Elke woning heeft één stem. U antwoordt voor" in mail.body
    assert settings.PORTAL_CORPORATION_PHONE in mail.body
    assert "/raadpleging/geen-e-mail/" in mail.body


def test_the_reminder_goes_three_days_before_closing_to_homes_that_did_not_answer(
    poll, resident, building, member, mailoutbox
):
    neighbour = UserFactory(email="buurvrouw@example.org")
    ResidentProfileFactory(user=neighbour, building=building)
    ResidencyFactory(user=neighbour, home=HomeFactory(building=building, number="20"))
    services.consultation_mails_send()
    services.ballot_submit(
        consultation=poll,
        home=verified_home_of(resident),
        answers={poll.questions.get().pk: ["ja"]},
        channel="online",
        by=resident,
    )
    mailoutbox.clear()

    early = services.consultation_mails_send(today=poll.closes_on - datetime.timedelta(days=4))
    due = services.consultation_mails_send(today=poll.closes_on - datetime.timedelta(days=3))
    later = services.consultation_mails_send(today=poll.closes_on - datetime.timedelta(days=1))

    assert (early, due, later) == (0, 1, 0)
    (mail,) = mailoutbox
    assert mail.to == [neighbour.email]
    assert "heeft nog niet geantwoord" in mail.body


def test_each_e_mail_is_in_the_recipients_language(poll, resident, monkeypatch):
    resident.resident_profile.language = "en"
    resident.resident_profile.save()
    languages = []
    monkeypatch.setattr("portal.mail.mail_send", lambda **kwargs: languages.append(kwargs["language"]) or 1)

    services.consultation_mails_send()

    assert languages == ["en"]


def test_the_link_in_the_e_mail_stops_them_without_logging_in(client, poll, resident, mailoutbox):
    token = opt_out_token(resident)

    page = client.get(f"/raadpleging/geen-e-mail/{token}/")
    done = client.post(f"/raadpleging/geen-e-mail/{token}/")
    wrong = client.get("/raadpleging/geen-e-mail/niet-echt/")

    assert "Stop deze e-mails" in page.content.decode()
    assert "Gelukt" in done.content.decode()
    assert wrong.status_code == 404
    assert InvitationOptOut.objects.filter(user=resident).exists()
    assert services.consultation_mails_send() == 0
    assert mailoutbox == []


def test_a_resident_turns_the_e_mails_off_and_on_on_my_page(client, poll, resident):
    client.force_login(resident)
    assert "Geen e-mail meer over raadplegingen" in client.get("/mijn/").content.decode()

    client.post("/mijn/raadplegingen/e-mail/", {"wanted": "0"})
    off = InvitationOptOut.objects.filter(user=resident).exists()
    client.post("/mijn/raadplegingen/e-mail/", {"wanted": "1"})

    assert off
    assert not InvitationOptOut.objects.filter(user=resident).exists()
