"""A visitor without an account finds out when the caretaker is next in the building."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_finds_the_caretakers_next_presence(page, audit, presence_tomorrow, other_building):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij het Bewonersportaal")
    expect(page.get_by_role("link", name="De Linde")).to_be_visible()
    audit.check(page, "home")

    page.get_by_role("link", name="Alle gebouwen").click()
    expect(page).to_have_url(re.compile(r"/gebouwen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebouwen")
    expect(page.get_by_role("link", name="Het Anker")).to_be_visible()
    audit.check(page, "gebouwen")

    page.get_by_role("link", name="De Linde").click()
    expect(page).to_have_url(re.compile(r"/gebouwen/de-linde/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De Linde")
    caretaker = page.get_by_role("region", name="Uw huismeester")
    expect(caretaker).to_contain_text("Henk Jansen")
    expect(caretaker.get_by_role("link", name="030 123 45 67")).to_be_visible()
    expect(caretaker).to_contain_text(re.compile(r"Volgende keer hier:\s*morgen,\s*van 09:00 tot 12:00 uur"))
    audit.check(page, "gebouw")

    audit.assert_no_violations()


def test_visitor_asks_for_a_tour_of_a_building_without_an_ambassador_and_joins_an_open_afternoon(
    page, audit, mailoutbox, site_tree, other_building
):
    """Het Anker has no ambassador: the visitor books places on its open afternoon, and asks the letting team."""
    from datetime import timedelta

    from django.utils import timezone

    from ambassadors import visitor_services
    from ambassadors.models import GroupTourPlace, TourRequest

    start = (timezone.localtime() + timedelta(days=6)).replace(hour=14, minute=0, second=0, microsecond=0)
    visitor_services.group_tour_offer(
        building=other_building, start=start, end=start + timedelta(hours=2), capacity=10, title="Open middag"
    )

    page.goto(f"/gebouwen/{other_building.slug}/")
    page.get_by_role("link", name="Rondleiding aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding in Het Anker")
    expect(page.get_by_role("main")).to_contain_text("Nog 10 plaatsen vrij.")
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(r"^\d{3} "))).to_be_visible()  # the phone
    audit.check(page, "rondleiding-aanvragen")

    # The open afternoon: two places.
    page.get_by_role("link", name=re.compile("^Aanmelden")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden: Open middag")
    audit.check(page, "groep-aanmelden")
    page.get_by_role("textbox", name="Uw naam").fill("Nel Kramer")
    page.get_by_role("textbox", name="Uw e-mailadres").fill("nel@example.net")
    page.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent aangemeld")
    audit.check(page, "groep-aangemeld")
    assert GroupTourPlace.objects.get().party_size == 2

    # Back on the tour page: two places fewer; then the request to the letting team, first with a mistake.
    page.goto(f"/rondleidingen/{other_building.slug}/")
    expect(page.get_by_role("main")).to_contain_text("Nog 8 plaatsen vrij.")
    page.get_by_role("textbox", name="Uw naam").fill("Gerrit Bos")
    page.get_by_role("button", name="Aanvraag versturen").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    audit.check(page, "aanvragen-fouten")

    page.get_by_role("textbox", name="Uw telefoonnummer").fill("010 1234567")
    page.get_by_role("checkbox", name="dinsdag").check()
    page.get_by_role("radio", name="ochtend").check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanvraag is verstuurd")
    audit.check(page, "aanvraag-verstuurd")
    request = TourRequest.objects.get()
    assert (request.name, request.phone, request.preferred_days) == ("Gerrit Bos", "010 1234567", [1])
    assert any(message.to == ["verhuur@example.org"] for message in mailoutbox)

    audit.assert_no_violations()
