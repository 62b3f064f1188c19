"""A visitor searches the portal with the keyboard: from the menu to a result, and a search that finds nothing."""

import re

import pytest
from playwright.sync_api import expect

from committees.factories import NewsPageFactory
from tests.e2e.test_resident import tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_searches_with_the_keyboard(page, audit, activity, committee):
    NewsPageFactory(
        parent=committee, title="Nieuwe bankjes", intro="Na de stoelgym kunt u uitrusten op drie nieuwe bankjes."
    )

    page.goto("/")
    menu_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken")
    tab_to(page, menu_link, what="The 'Zoeken' link in the menu")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zoeken/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")
    audit.check(page, "zoeken")

    search_box = page.get_by_role("searchbox", name="Waar zoekt u naar?")
    tab_to(page, search_box, what="The search box")
    page.keyboard.type("stoelgym")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zoeken/\?q=stoelgym$"))
    results = page.get_by_role("region", name="2 resultaten voor ‘stoelgym’")
    expect(results.get_by_role("heading", level=2)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^2 resultaten voor ‘stoelgym’ – Zoeken – "))
    expect(page.get_by_role("searchbox", name="Waar zoekt u naar?")).to_have_value("stoelgym")
    activity_card = results.get_by_role("listitem").filter(has=page.get_by_role("link", name="Stoelgym", exact=True))
    expect(activity_card).to_contain_text("Activiteit · De Linde")
    expect(activity_card).to_contain_text("Volgende keer:")
    news_card = results.get_by_role("listitem").filter(has=page.get_by_role("link", name="Nieuwe bankjes"))
    expect(news_card).to_contain_text("Nieuws · De Linde")
    audit.check(page, "zoeken-resultaten")

    tab_to(page, results.get_by_role("link", name="Stoelgym", exact=True), what="The link to the activity")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoelgym")

    page.go_back()
    search_box = page.get_by_role("searchbox", name="Waar zoekt u naar?")
    search_box.fill("xylofoon")
    search_box.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_have_text("Niets gevonden voor ‘xylofoon’")
    expect(page).to_have_title(re.compile(r"^Niets gevonden voor ‘xylofoon’ – Zoeken – "))
    expect(page.get_by_text("Kijk of het woord goed gespeld is.")).to_be_visible()
    expect(page.get_by_role("link", name="alle activiteiten")).to_be_visible()
    audit.check(page, "zoeken-niets-gevonden")

    audit.assert_no_violations()
