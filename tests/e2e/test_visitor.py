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
