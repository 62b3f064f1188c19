"""A committee member drafts news in Wagtail's admin; a moderator approves it; then every visitor can read it.

Wagtail's own admin is not checked with axe (out of our accessibility budget); the public pages are.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Nieuwe fietsenstalling is open"
INTRO = "De fietsenstalling achter het gebouw is vanaf maandag open."
# One sentence of more than 25 words, so the moderator's modal has a flag to show.
BODY = (
    "Iedereen die een sleutel van de fietsenstalling heeft gekregen kan daar vanaf maandag zijn fiets "
    "neerzetten en wie nog geen sleutel heeft kan die ophalen bij de huismeester op dinsdag of donderdag"
)


def mails_to(mailoutbox, address: str) -> list:
    return [mail for mail in mailoutbox if address in mail.to]


def test_committee_member_drafts_news_and_a_moderator_publishes_it(
    page, new_context, login_as, audit, console_guard, mailoutbox, building, committee, member, moderator
):
    from committees.models import NewsPage

    # The committee member writes the news in the admin and submits it for moderation.
    member_context = new_context()
    login_as(member_context, member)
    editor = member_context.new_page()
    editor.goto(f"/admin/pages/add/committees/newspage/{committee.pk}/")
    editor.get_by_role("textbox", name="Titel").fill(TITLE)
    editor.get_by_role("textbox", name="Korte inleiding").fill(INTRO)
    editor.get_by_role("region", name="Tekst").get_by_role("textbox").click()
    editor.keyboard.type(BODY)
    # Draftail writes into its hidden input a moment after typing; submit only once the text is there.
    expect(editor.locator('input[name="body"]')).to_have_value(re.compile("fietsenstalling"))
    # Someone who may not publish has "Ter controle aanbieden" as the main button, not in a menu.
    editor.get_by_role("button", name="Ter controle aanbieden").click()
    expect(editor.get_by_role("status")).to_contain_text(f"Pagina '{TITLE}' aangemaakt en ingediend voor controle")
    expect(editor.get_by_role("row", name=re.compile(TITLE))).to_contain_text("ter goedkeuring")

    news = NewsPage.objects.get(title=TITLE)
    assert not news.live, "a committee member's submission went live without a moderator"
    news_url = news.url
    to_moderator = mails_to(mailoutbox, moderator.email)
    assert len(to_moderator) == 1, f"the moderator got {len(to_moderator)} mails on submission: {mailoutbox}"
    assert TITLE in to_moderator[0].subject
    assert not mails_to(mailoutbox, member.email), "the member was mailed before any approval"

    # Nobody sees it yet.
    page.goto("/nieuws/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    console_guard.allow(r"status of 404")  # the draft is not served: checked below
    assert page.goto(news_url).status == 404, f"the unpublished draft is served at {news_url}"
    page.goto(building.url)
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # The moderator sees the flags of the draft, and approves.
    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto(f"/admin/pages/{news.pk}/edit/")
    admin.get_by_role("button", name="Meer acties").click()
    admin.get_by_role("button", name=re.compile(r"^Goedkeuren en publiceren")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text("Aandachtspunten voor de moderator")
    expect(dialog.get_by_role("listitem")).to_contain_text(["zin(nen) met meer dan 25 woorden"])
    dialog.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(admin.get_by_role("row", name=re.compile(TITLE))).to_contain_text("live", ignore_case=True)

    news.refresh_from_db()
    assert news.live, "the approved news is not live"
    to_member = mails_to(mailoutbox, member.email)
    assert len(to_member) == 1, f"the member got {len(to_member)} mails on approval: {mailoutbox}"
    assert TITLE in to_member[0].subject

    # Now every visitor reads it: in the news overview, on its own page and on the building's page.
    page.goto("/nieuws/")
    news_link = page.get_by_role("link", name=TITLE)
    expect(news_link).to_be_visible()
    audit.check(page, "nieuws")

    news_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(INTRO)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("vanaf maandag zijn fiets")
    expect(page.get_by_role("main")).to_contain_text("Bewonerscommissie De Linde")
    audit.check(page, "nieuwsbericht")

    page.goto(building.url)
    expect(page.get_by_role("region", name="Laatste nieuws").get_by_role("link", name=TITLE)).to_be_visible()
    audit.check(page, "gebouw")

    audit.assert_no_violations()
