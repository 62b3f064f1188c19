"""The consultation as people use it: a resident answers online one question per screen, a committee member
enters a paper ballot, a visitor answers with the code of their paper ballot; the page shows what it may."""

import datetime

import pytest
from django.utils import timezone

from consultations import selectors
from consultations.codes import ballot_code
from consultations.models import Ballot, ConsultationKind, ConsultationPage, ConsultationQuestion, QuestionKind
from portal.factories import HomeFactory
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(committee):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title="De tuin",
            kind=ConsultationKind.POLL,
            intro="Wat wilt u in de tuin?",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=10),
        )
    )
    ConsultationQuestion.objects.create(page=page, sort_order=0, text="Een bankje bij de ingang?", kind="ja_nee")
    ConsultationQuestion.objects.create(
        page=page, sort_order=1, text="Welke planten?", kind=QuestionKind.SEVERAL, choices="Rozen\nLavendel\nBuxus"
    )
    return page


def test_a_resident_answers_one_question_per_screen_checks_and_sends(client, poll, resident):
    client.force_login(resident)
    page = client.get(poll.url)
    assert "Geef uw antwoord" in page.content.decode()

    first = client.get(poll.url + "antwoorden/")
    assert "vraag 1 van 2" in first.content.decode()
    missing = client.post(poll.url + "antwoorden/1/", {})
    assert "Kies een antwoord." in missing.content.decode()
    assert client.post(poll.url + "antwoorden/1/", {"answer": "ja"})["Location"].endswith("antwoorden/2/")
    assert client.post(poll.url + "antwoorden/2/", {"answer": ["Rozen", "Buxus"]})["Location"].endswith("antwoorden/3/")
    check = client.get(poll.url + "antwoorden/3/").content.decode()
    assert "Rozen, Buxus" in check
    assert client.post(poll.url + "antwoorden/3/").status_code == 302

    ballot = Ballot.objects.get(home=verified_home_of(resident))
    assert sorted(ballot.choices.values_list("value", flat=True)) == ["Buxus", "Rozen", "ja"]
    after = client.get(poll.url).content.decode()
    assert "Mijn antwoord wijzigen" in after
    (result,) = selectors.consultation_results(consultation=poll)
    assert f"{result.homes_answered} van {result.homes_total}" in after


def test_the_summary_sends_back_to_an_unanswered_question(client, poll, resident):
    client.force_login(resident)
    client.post(poll.url + "antwoorden/1/", {"answer": "nee"})

    response = client.get(poll.url + "antwoorden/3/")

    assert response["Location"].endswith("antwoorden/2/")


def test_a_committee_member_enters_a_paper_ballot_by_its_code(client, poll, member, building):
    home = HomeFactory(building=building, number="31")
    code = ballot_code(consultation_id=poll.pk, home_id=home.pk)
    client.force_login(member)

    wrong = client.post(poll.url + "papier/", {"code": "AAAA-AAAA"})
    assert "Deze code hoort niet bij deze raadpleging" in wrong.content.decode()
    assert client.post(poll.url + "papier/", {"code": code.lower()}).status_code == 302
    form = client.get(poll.url + "papier/").content.decode()
    assert f"Formulier van {home.address}" in form
    questions = list(poll.questions.all())
    done = client.post(poll.url + "papier/", {f"q{questions[0].pk}": "nee", f"q{questions[1].pk}": ["Lavendel"]})

    assert done.status_code == 302
    ballot = Ballot.objects.get(home=home)
    assert (ballot.channel, ballot.entered_by) == ("papier", member)
    assert "Ingevoerd: het formulier van" in client.get(done["Location"]).content.decode()


def test_only_the_committee_and_staff_enter_paper_ballots(client, poll, resident, moderator):
    client.force_login(resident)
    assert client.get(poll.url + "papier/").status_code == 404
    client.force_login(moderator)
    assert client.get(poll.url + "papier/").status_code == 200


def test_a_visitor_answers_with_the_code_from_the_qr_on_the_paper_ballot(client, poll, building):
    home = HomeFactory(building=building, number="40")
    code = ballot_code(consultation_id=poll.pk, home_id=home.pk)

    short = client.get(f"/raadpleging/{poll.pk}/?code={code}")
    assert short.status_code == 302
    entered = client.get(short["Location"])
    assert entered["Location"].endswith("antwoorden/")
    client.post(poll.url + "antwoorden/1/", {"answer": "ja"})
    client.post(poll.url + "antwoorden/2/", {})
    client.post(poll.url + "antwoorden/3/")

    ballot = Ballot.objects.get(home=home)
    assert (ballot.channel, ballot.answered_by) == ("online", None)


def test_an_unverified_visitor_is_told_how_to_answer_with_a_phone_number(client, poll, unverified_resident):
    client.force_login(unverified_resident)

    response = client.get(poll.url + "antwoorden/").content.decode()

    assert "Met de code op het papieren formulier" in response
    assert "010 799 12 34" in response or "tel:" in response


def test_wrong_codes_are_limited(client, poll, settings):
    settings.PORTAL_HOME_CODE_TRIES_PER_IP_PER_HOUR = 3
    for _ in range(3):
        client.post(poll.url + "code/", {"code": "AAAA-AAAA"})

    response = client.post(poll.url + "code/", {"code": "AAAA-AAAA"})

    assert "Te vaak een verkeerde code" in response.content.decode()


def test_results_are_not_shown_while_open_and_are_after_closing(client, poll, member, building):
    homes = [HomeFactory(building=building, number=str(200 + n)) for n in range(6)]
    questions = list(poll.questions.all())
    from consultations import services

    for home in homes:
        services.ballot_submit(
            consultation=poll, home=home, answers={questions[0].pk: ["ja"]}, channel="papier", by=member
        )
    open_page = client.get(poll.url).content.decode()
    poll.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    poll.save_revision().publish()
    closed_page = client.get(poll.url).content.decode()

    assert "Een bankje bij de ingang?" not in open_page.split("uitslag")[-1]
    assert "De antwoorden worden geteld na" in open_page
    assert "De uitslag" in closed_page
    assert "<caption>Een bankje bij de ingang?</caption>" in closed_page
