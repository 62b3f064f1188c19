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


def test_a_platform_member_follows_the_matters_over_time(page, audit, login_as, building, resident, committee_news):
    from committees import services
    from committees.models import CommitteePage, MemberRole
    from portal.factories import UserFactory

    member = UserFactory(email="platform@example.org", first_name="Ria", last_name="Vermeer")
    services.committee_member_add(
        committee=CommitteePage.objects.get(slug="huurdersplatform"), user=member, role=MemberRole.MEMBER
    )
    services.message_create(building=building, sender=resident, category="klusje", subject="Lamp kapot", body="…")
    login_as(page.context, member)

    page.goto("/huurdersplatform/")
    page.get_by_role("link", name="Open zaken per maand en per gebouw, het afgelopen jaar").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Open zaken per maand")
    per_month = page.get_by_role("region", name="Open zaken per maand en onderwerp")
    expect(per_month.get_by_role("columnheader", name="Klein klusje")).to_be_visible()
    expect(per_month.get_by_role("row").last).to_contain_text("1")
    per_building = page.get_by_role("region", name="Open zaken per gebouw en maand")
    expect(per_building.get_by_role("row", name=re.compile("De Linde"))).to_be_visible()
    expect(page.locator("svg.trend-chart__bar rect").first).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Lamp kapot")
    audit.check(page, "huurdersplatform-verloop")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename.startswith("zaken-per-maand-")

    audit.assert_no_violations()
