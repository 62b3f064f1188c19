"""A resident reports a news item; a moderator opens the report, looks at the news and resolves it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_moderator_resolves_a_report_from_a_resident(
    page, new_context, login_as, audit, building, committee, resident, moderator
):
    from committees.factories import NewsPageFactory
    from committees.models import NewsReport

    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")

    login_as(page.context, resident)
    page.goto(news.url)
    page.get_by_role("link", name="Klopt er iets niet aan dit bericht? Meld het.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bericht melden")
    audit.check(page, "bericht-melden")
    page.get_by_role("radio", name="Er staan persoonlijke gegevens van iemand in").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Dank u. Een moderator bekijkt het bericht.")).to_be_visible()

    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto("/admin/meldingen/")
    admin.get_by_role("link", name="Nieuwe bankjes in de tuin").click()
    main = admin.locator("#main")
    expect(main).to_contain_text("Gemeld: ‘Nieuwe bankjes in de tuin’. Reden: Er staan persoonlijke gegevens")
    expect(main.get_by_role("link", name="Bericht bewerken of offline halen")).to_have_attribute(
        "href", f"/admin/pages/{news.pk}/edit/"
    )
    main.get_by_role("checkbox", name=re.compile("Afgehandeld")).check()
    main.get_by_role("button", name="Opslaan").click()

    expect(admin.get_by_role("status")).to_be_visible()
    report = NewsReport.objects.get()
    assert report.resolved_by_id == moderator.pk
    audit.assert_no_violations()
