"""A visitor without an account, on a computer set up in English, gets the portal in Dutch, says once which building
is theirs and from then on sees that building's week first."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_chooses_their_building_and_sees_it_first(new_context, audit, activity, other_activity):
    page = new_context(extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"}).new_page()

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    question = page.get_by_role("region", name="Welk gebouw is van u?")
    expect(question).to_be_visible()
    week = page.get_by_role("region", name=re.compile("De komende zeven dagen"))
    # Before the choice, each card's link names its building.
    expect(week.get_by_role("link", name="Stoelgym, De Linde")).to_be_visible()
    expect(week.get_by_role("link", name="Bingomiddag, Het Anker")).to_be_visible()
    audit.check(page, "home-vraag")

    # Typed, not picked from a list of every building: one match is remembered at once.
    question.get_by_label("Uw gebouw").fill("anker")
    question.get_by_role("button", name="Onthouden").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Uw gebouw:")).to_contain_text("Het Anker")
    expect(page.get_by_role("region", name="Welk gebouw is van u?")).to_have_count(0)
    week = page.get_by_role("region", name="De komende zeven dagen in Het Anker")
    expect(week.get_by_role("link", name="Bingomiddag")).to_be_visible()
    expect(week.get_by_role("link", name=re.compile("Stoelgym"))).to_have_count(0)
    expect(week.get_by_role("link", name="Wat er deze week in de andere gebouwen gebeurt")).to_be_visible()
    audit.check(page, "home-eigen-gebouw")

    # Remembered on the next visit; changeable on the front page.
    page.goto("/")
    page.get_by_text("Ander gebouw kiezen").click()
    page.get_by_label("Welk gebouw is van u?").fill("Utrecht")  # both buildings: the page asks which one
    page.get_by_role("button", name="Onthouden").click()
    expect(page.get_by_role("heading", name="Welk gebouw bedoelt u?")).to_be_visible()
    audit.check(page, "home-welk-gebouw")
    page.get_by_role("button", name=re.compile("^De Linde, ")).click()
    week = page.get_by_role("region", name="De komende zeven dagen in De Linde")
    expect(week.get_by_role("link", name="Stoelgym")).to_be_visible()
    expect(week.get_by_role("link", name=re.compile("Bingomiddag"))).to_have_count(0)

    audit.assert_no_violations()
