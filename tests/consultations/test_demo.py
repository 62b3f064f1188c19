"""The demo's consultations, as issue 17 says they must work: a resident of De Linde answers the open poll online,
the committee enters a neighbour's paper ballot, and after closing both count once; the closed draagvlakmeting
shows "x van y woningen voor" against the 70 % threshold over all of De Linde's homes."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations import selectors
from consultations.codes import ballot_code
from consultations.models import Ballot, ConsultationKind, ConsultationPage
from portal.models import Home, User
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_poll_answered_online_and_on_paper_counts_each_home_once(client, demo):
    poll = ConsultationPage.objects.get(kind=ConsultationKind.POLL)
    resident = User.objects.get(email="bewoner@example.org")
    home = verified_home_of(resident)
    assert home.building.title == "De Linde"
    before = Ballot.objects.filter(consultation=poll).count()

    client.force_login(resident)
    client.post(poll.url + "antwoorden/1/", {"answer": "ja"})
    client.post(poll.url + "antwoorden/2/", {"answer": ["Kruiden"]})
    assert client.post(poll.url + "antwoorden/3/").status_code == 302

    answered = set(Ballot.objects.filter(consultation=poll).values_list("home_id", flat=True))
    neighbour = Home.objects.filter(building=home.building).exclude(pk__in=answered).first()
    client.force_login(User.objects.get(email="commissie@example.org"))
    client.post(poll.url + "papier/", {"code": ballot_code(consultation_id=poll.pk, home_id=neighbour.pk)})
    questions = list(poll.questions.all())
    response = client.post(poll.url + "papier/", {f"q{questions[0].pk}": "nee", f"q{questions[1].pk}": []})
    assert response.status_code == 302

    ConsultationPage.objects.filter(pk=poll.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    poll.refresh_from_db()
    (result,) = selectors.consultation_results(consultation=poll)
    assert result.homes_answered == before + 2
    page = client.get(poll.url).content.decode()
    assert f"{result.homes_answered} van {result.homes_total} woningen hebben geantwoord" in page
    assert "De uitslag" in page


def test_the_demo_draagvlakmeting_shows_its_outcome_over_all_homes(client, demo):
    renovation = ConsultationPage.objects.get(kind=ConsultationKind.RENOVATION)
    homes = Home.objects.filter(building__title="De Linde").count()

    (result,) = selectors.consultation_results(consultation=renovation)
    page = client.get(renovation.url).content.decode()

    assert result.threshold.homes_total == homes
    assert result.homes_answered < homes, "some homes did not answer, and count as not for"
    assert f"{result.threshold.homes_for} van {homes} woningen voor — {result.threshold.percent} %." in page
    assert "De drempel van 70 % is" in page
    assert ConsultationPage.objects.filter(kind=ConsultationKind.HOUSE_RULES, live=True).exists()
