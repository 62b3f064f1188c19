"""A visitor finds the building's committee, the tenants' platform, and reads the news."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def committee_news(building, home_page):
    from committees import services
    from committees.factories import NewsPageFactory
    from committees.models import CommitteeKind

    committee = services.committee_create(
        parent=building,
        title="Bewonerscommissie De Linde",
        kind=CommitteeKind.RESIDENTS,
        description="Wij spreken namens de bewoners.",
        contact_email="bc-delinde@example.org",
    )
    services.committee_create(
        parent=home_page,
        title="Huurdersplatform",
        slug="huurdersplatform",
        kind=CommitteeKind.PLATFORM,
        description="De vereniging van alle huurders.",
    )
    return NewsPageFactory(
        parent=committee,
        title="Koffieochtend voortaan op dinsdag",
        intro="Vanaf volgende week is de koffieochtend op dinsdag om 10:00.",
    )


def test_visitor_reads_the_committees_news(page, audit, building, committee_news):
    page.goto(building.url)
    page.get_by_role("link", name="Bewonerscommissie De Linde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewonerscommissie De Linde")
    expect(page.get_by_role("link", name="bc-delinde@example.org")).to_be_visible()
    audit.check(page, "commissie")

    page.goto("/huurdersplatform/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Huurdersplatform")
    expect(page.get_by_role("link", name="De Linde").first).to_be_visible()
    audit.check(page, "huurdersplatform")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuws").click()
    expect(page).to_have_url(re.compile(r"/nieuws/$"))
    news_link = page.get_by_role("link", name="Koffieochtend voortaan op dinsdag")
    expect(news_link).to_be_visible()
    audit.check(page, "nieuws")

    news_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koffieochtend voortaan op dinsdag")
    expect(page.get_by_text("Vanaf volgende week is de koffieochtend op dinsdag om 10:00.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Bewonerscommissie De Linde")
    audit.check(page, "nieuwsbericht")

    audit.assert_no_violations()
