"""A resident reports a news item; a moderator opens the report, looks at the news and resolves it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_moderator_resolves_a_report_from_a_resident(
    page, new_context, login_as, audit, building, committee, resident, moderator
):
    from committees.factories import NewsPageFactory
    from committees.models import Report

    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")

    login_as(page.context, resident)
    page.goto(news.url)
    page.get_by_role("link", name="Klopt er iets niet aan dit bericht? Meld het.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwsbericht melden")
    audit.check(page, "bericht-melden")
    page.get_by_role("radio", name="Er staan persoonlijke gegevens van iemand in").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Dank u. Een moderator bekijkt uw melding.")).to_be_visible()

    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto("/admin/meldingen/")
    report_pk = Report.objects.get().pk
    admin.get_by_role("link", name="Nieuwe bankjes in de tuin").click()
    main = admin.locator("#main")
    expect(main).to_contain_text(
        "Gemeld: ‘Nieuwe bankjes in de tuin’ (nieuwsbericht). Reden: Er staan persoonlijke gegevens"
    )
    expect(main.get_by_role("link", name="Bewerken")).to_have_attribute("href", f"/admin/pages/{news.pk}/edit/")
    expect(main.get_by_role("link", name="Offline halen")).to_have_attribute(
        "href", f"/admin/pages/{news.pk}/unpublish/?next=/admin/meldingen/edit/{report_pk}/"
    )
    main.get_by_role("checkbox", name=re.compile("Afgehandeld")).check()
    main.get_by_role("button", name="Opslaan").click()

    expect(admin.get_by_role("status")).to_be_visible()
    report = Report.objects.get()
    assert report.resolved_by_id == moderator.pk
    audit.assert_no_violations()


def test_a_resident_reports_an_activity(page, login_as, audit, resident, activity):
    from committees.models import Report

    login_as(page.context, resident)
    page.goto(activity.url)
    page.get_by_role("link", name="Klopt er iets niet aan deze activiteit? Meld het.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteit melden")
    expect(page.get_by_role("radio", name="Het is verouderd: graag van de website halen")).to_have_count(0)
    audit.check(page, "activiteit-melden")
    page.get_by_role("radio", name="Er staat iets onjuists in").check()
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_text("Dank u. Een moderator bekijkt uw melding.")).to_be_visible()
    expect(page.get_by_text("U heeft deze activiteit gemeld. Een moderator kijkt ernaar.")).to_be_visible()
    assert Report.objects.get().page_id == activity.pk
    audit.assert_no_violations()


def test_a_member_asks_to_take_old_news_down_and_a_moderator_does(
    new_context, login_as, mailoutbox, committee, member, moderator
):
    from committees.factories import NewsPageFactory
    from committees.models import Report

    news = NewsPageFactory(parent=committee, title="Kerstborrel 2025")

    # The committee member asks, from the menu beside the main button of the editor.
    member_context = new_context()
    login_as(member_context, member)
    editor = member_context.new_page()
    editor.goto(f"/admin/pages/{news.pk}/edit/")
    editor.get_by_role("button", name="Meer acties").click()
    editor.get_by_role("link", name="Vragen om offline te halen").click()
    main = editor.locator("#main")
    expect(main).to_contain_text("Een moderator haalt het bericht van de website. U krijgt bericht als dat is gebeurd.")
    main.get_by_role("button", name="Ja, vraag om offline te halen").click()
    expect(editor.get_by_role("status")).to_contain_text("Uw verzoek is verstuurd")
    assert editor.url.endswith(f"/admin/pages/{news.pk}/edit/")
    report = Report.objects.get()
    assert [mail.to for mail in mailoutbox] == [[moderator.email]]

    # The moderator takes it offline from the report, comes back to it and resolves it.
    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto("/admin/meldingen/")
    expect(admin.get_by_role("row", name=re.compile("Kerstborrel 2025"))).to_contain_text("nieuwsbericht")
    admin.get_by_role("link", name="Kerstborrel 2025").click()
    admin.locator("#main").get_by_role("link", name="Offline halen").click()
    admin.get_by_role("button", name="Ja, trek de publicatie in").click()
    expect(admin).to_have_url(re.compile(f"/admin/meldingen/edit/{report.pk}/$"))
    news.refresh_from_db()
    assert not news.live
    admin.locator("#main").get_by_role("checkbox", name=re.compile("Afgehandeld")).check()
    admin.locator("#main").get_by_role("button", name="Opslaan").click()
    expect(admin.get_by_role("status")).to_be_visible()

    to_member = [mail for mail in mailoutbox if member.email in mail.to]
    assert len(to_member) == 1, mailoutbox
    assert "De pagina staat niet meer op de website." in to_member[0].body
