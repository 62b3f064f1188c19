"""The caretaker records a holiday with a stand-in on their own page; residents see the stand-in on the building
page straight away (the page cache keeps nothing stale), and on the printed programme."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_caretaker_records_a_holiday_and_the_building_page_shows_the_stand_in(
    page, new_context, login_as, audit, console_guard, presence_tomorrow, caretaker, other_caretaker
):
    from django.utils import timezone

    building = presence_tomorrow
    visitor = new_context().new_page()
    visitor.goto(building.url)  # the page is now in the page cache, with Henk's hours
    expect(visitor.get_by_test_id("next-presence")).to_contain_text("morgen")

    login_as(page.context, caretaker.user)
    page.goto("/mijn/")
    page.get_by_role("link", name="Mijn aanwezigheid aanpassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanwezigheid")
    audit.check(page, "mijn-aanwezigheid")
    page.get_by_role("link", name="Afwezigheid doorgeven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afwezigheid doorgeven")

    # Sent empty: the error summary links to the fields.
    page.get_by_role("button", name="Afwezigheid vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    audit.check(page, "afwezig-fouten")

    today = timezone.localdate()
    last = today + timedelta(days=6)
    page.get_by_label("Eerste dag weg").fill(today.isoformat())
    page.get_by_label("Laatste dag weg").fill(last.isoformat())
    page.get_by_role("radio", name="Vakantie").check()
    page.get_by_label("Vervanger in De Linde").select_option(label="Ans Smit")
    page.get_by_role("button", name="Afwezigheid vastleggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanwezigheid")
    expect(page.get_by_role("status")).to_contain_text("Uw afwezigheid is vastgelegd")
    expect(page.get_by_role("main")).to_contain_text("De Linde: Ans Smit vervangt.")
    audit.check(page, "mijn-aanwezigheid-afwezig")

    # A resident without an account sees the stand-in at once, and how to reach them.
    visitor.goto(building.url)
    region = visitor.get_by_role("region", name="Uw huismeester")
    expect(region.get_by_test_id("stand-in")).to_contain_text("Ans Smit vervangt Henk Jansen tot en met")
    expect(region.get_by_test_id("stand-in")).to_contain_text(f"bel Ans Smit: {other_caretaker.phone}")
    expect(region).not_to_contain_text("vakantie")
    audit.check(visitor, "gebouw-vervanger")

    visitor.goto(f"{building.url}programma/{today:%Y-%m}/")
    expect(visitor.get_by_test_id("programme-stand-in").first).to_contain_text("is Henk Jansen er niet.")
    audit.check(visitor, "programma-vervanger")
    audit.assert_no_violations()
