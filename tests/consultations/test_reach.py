"""Everyone finds an open consultation: on the building page, the home page of its residents and their /mijn/;
and what the consultations keep about a person is in their data and forgotten with their account."""

import datetime

import pytest
from django.utils import timezone

from consultations import privacy, selectors, services
from consultations.models import Ballot, ConsultationPage, ConsultationQuestion
from portal.permissions import verified_home_of

pytestmark = pytest.mark.django_db


def consultation_add(parent, *, title="De tuin", days_open=(-1, 7), buildings=()):
    today = timezone.localdate()
    page = parent.add_child(
        instance=ConsultationPage(
            title=title,
            kind="peiling",
            intro="Wat vindt u?",
            opens_on=today + datetime.timedelta(days=days_open[0]),
            closes_on=today + datetime.timedelta(days=days_open[1]),
        )
    )
    if buildings:
        page.buildings.set(buildings)
        page.save()
    ConsultationQuestion.objects.create(page=page, text="Een bankje?", kind="ja_nee")
    return page


def test_open_consultations_ask_the_right_buildings(committee, other_committee, platform, building, other_building):
    own = consultation_add(committee, title="Eigen")
    consultation_add(other_committee, title="Elders")
    everyone = consultation_add(platform, title="Iedereen")
    chosen = consultation_add(other_committee, title="Gekozen", buildings=[building])
    consultation_add(committee, title="Nog niet open", days_open=(2, 9))
    consultation_add(committee, title="Gesloten", days_open=(-9, -2))

    titles = {page.title for page in selectors.open_consultations(building=building)}

    assert titles == {own.title, everyone.title, chosen.title}
    assert {page.title for page in selectors.open_consultations(building=other_building)} == {"Elders", "Iedereen"}


def test_the_building_page_and_my_page_show_the_open_consultation(client, committee, building, resident):
    poll = consultation_add(committee)

    building_page = client.get(building.url).content.decode()
    client.force_login(resident)
    mine = client.get("/mijn/").content.decode()
    services.ballot_submit(
        consultation=poll,
        home=verified_home_of(resident),
        answers={poll.questions.get().pk: ["ja"]},
        channel="online",
        by=resident,
    )
    after = client.get("/mijn/").content.decode()

    assert "De Linde wordt om uw mening gevraagd" in building_page
    assert poll.url in building_page
    assert "nog niet geantwoord" in mine
    assert "uw woning heeft geantwoord" in after


def test_the_home_page_shows_a_resident_their_buildings_consultation(client, committee, resident):
    poll = consultation_add(committee)
    client.force_login(resident)

    assert poll.url in client.get("/").content.decode()


def test_my_data_lists_the_answers_and_deleting_the_account_keeps_the_homes_vote(committee, resident, member):
    poll = consultation_add(committee)
    home = verified_home_of(resident)
    services.ballot_submit(
        consultation=poll, home=home, answers={poll.questions.get().pk: ["ja"]}, channel="online", by=resident
    )
    section = privacy.Ballots()

    (exported,) = section.export(user=resident)
    section.anonymise(user=resident, by=None, now=timezone.now())

    assert (exported["consultation"], exported["how"], exported["answers"]) == ("De tuin", "online", ["ja"])
    ballot = Ballot.objects.get(home=home)
    assert ballot.answered_by is None
    assert ballot.choices.get().value == "ja", "the home's answer still counts"


def test_the_list_of_open_consultations_follows_publishing_and_costs_no_query(
    committee, building, django_assert_num_queries
):
    poll = consultation_add(committee)
    assert [c.title for c in selectors.open_consultations(building=building)] == ["De tuin"]

    with django_assert_num_queries(0):
        selectors.open_consultations(building=building)
    poll.unpublish()
    after_unpublish = selectors.open_consultations(building=building)
    consultation_add(committee, title="Huisregels")

    assert after_unpublish == []
    assert [c.title for c in selectors.open_consultations(building=building)] == ["Huisregels"]


def test_the_printed_programme_of_the_month_mentions_the_consultation(client, committee, building):
    poll = consultation_add(committee, title="Bankjes in de tuin")
    month = poll.closes_on

    programme = client.get(f"{building.url}programma/{month:%Y-%m}/").text
    later = client.get(f"{building.url}programma/{month.year + 1}-{month:%m}/").text

    assert "Uw mening gevraagd" in programme
    assert "Bankjes in de tuin" in programme
    assert "papieren formulier" in programme
    assert "Bankjes in de tuin" not in later
