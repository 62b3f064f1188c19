"""A visitor opens the month calendar: one building's month, links that say which day and building, and on a
phone a list that fits the screen (no sideways scrolling, no words broken in two)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_month_calendar_shows_one_building_and_fits_a_phone(page, audit, activity, other_activity):
    tomorrow = timezone.localdate() + timedelta(days=1)  # the first date of both activities
    page.goto(f"/activiteiten/kalender/?maand={tomorrow:%Y-%m}")

    expect(page).to_have_url(re.compile(r"gebouw=de-linde"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("De Linde")
    grid = page.get_by_role("region", name="Maandkalender")
    expect(grid.get_by_role("link", name=re.compile(r"14:00 Stoelgym.*\(De Linde\)")).first).to_be_visible()
    expect(grid.get_by_role("link", name=re.compile("Bingomiddag"))).to_have_count(0)
    audit.check(page, "kalender")

    # Another building with the chooser (a plain form, no JavaScript needed): typed, never a list of them all.
    expect(page.get_by_text("Gebouw: De Linde, Utrecht")).to_be_visible()
    chooser = page.get_by_role("form", name="Kies een gebouw")
    chooser.get_by_label("Ander gebouw kiezen: naam, straat of plaats").fill("utrecht")
    chooser.get_by_role("button", name="Toon").click()
    choice = page.get_by_role("list").filter(has=page.get_by_role("link", name=re.compile("^Het Anker, ")))
    expect(page.get_by_role("heading", name="Welk gebouw bedoelt u?")).to_be_visible()
    expect(choice.get_by_role("link")).to_have_count(2)  # both buildings in Utrecht, each with its town
    audit.check(page, "kalender-welk-gebouw")
    choice.get_by_role("link", name=re.compile("^Het Anker, ")).click()
    expect(page).to_have_url(re.compile(r"gebouw=het-anker"))
    expect(page.get_by_text("Gebouw: Het Anker, Utrecht")).to_be_visible()
    grid = page.get_by_role("region", name="Maandkalender")
    expect(grid.get_by_role("link", name=re.compile("Bingomiddag")).first).to_be_visible()
    expect(grid.get_by_role("link", name=re.compile("Stoelgym"))).to_have_count(0)

    # On a phone the grid is a list that fits the width.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the calendar scrolls sideways: {widths[0]} px in a {widths[1]} px window"
    item = page.locator(".calendar__item").first
    expect(item).to_be_visible()
    assert item.evaluate("el => getComputedStyle(el).wordBreak") != "break-all"
    assert page.locator("thead").first.evaluate("el => el.getBoundingClientRect().height") <= 1
    audit.assert_no_violations()
