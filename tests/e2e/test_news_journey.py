"""A committee member writes minutes with a photo and a PDF, and a second item; the moderator sees both waiting,
approves one and sends the other back with a comment; the member reads the comment, changes the text and offers
it again; the moderator approves it. At the end every visitor sees the photo, the PDF and the changed text.

All of it in Wagtail's admin under the portal's Content-Security-Policy: the guard fails the journey on any
console error, blocked script or uncaught exception (tests/e2e/console.py).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.admin import upload_in_chooser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILES = Path(__file__).parent / "files"
MINUTES = "Verslag bewonersvergadering november"
BENCHES = "Bankjes in de tuin"
COMMENT = "Schrijf 'volgens' in plaats van 'conform', dan is het klaar."


def mails_to(mailoutbox, address: str) -> list:
    return [mail for mail in mailoutbox if address in mail.to]


def write_body(editor, text: str, *, marker: str) -> None:
    """Replace the text in Wagtail's rich-text editor, as a person does: click in, select all, type."""
    body = editor.get_by_role("region", name="Tekst").get_by_role("textbox")
    body.click()
    editor.keyboard.press("Control+A")
    editor.keyboard.type(text)
    # Draftail writes into its hidden input a moment after typing; go on once the new words are there.
    expect(editor.locator('input[name="body"]')).to_have_value(re.compile(re.escape(marker)))


def approve(admin, title: str) -> None:
    admin.get_by_role("button", name="Meer acties").click()
    admin.get_by_role("button", name=re.compile(r"^Goedkeuren en publiceren")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text("Goedkeuren en publiceren")
    dialog.get_by_role("button", name="Goedkeuren en publiceren").click()
    # Publishing sends the mails and reindexes: on a loaded CI machine the listing can take more than 5 s.
    expect(admin.get_by_role("row", name=re.compile(title))).to_contain_text("live", ignore_case=True)


def test_minutes_with_photo_and_pdf_and_news_sent_back_with_a_comment_and_offered_again(
    page, new_context, login_as, audit, mailoutbox, building, committee, member, moderator
):
    from committees.models import NewsPage

    member_context = new_context()
    login_as(member_context, member)
    editor = member_context.new_page()

    # 1. The minutes: kind, intro, text, a photo and the PDF, each uploaded from this computer.
    editor.goto("/admin/")
    editor.get_by_role("link", name="Nieuwsbericht schrijven").click()
    expect(editor.get_by_role("heading", name="Zo schrijft u een bericht")).to_be_visible()
    editor.locator("#id_title").fill(MINUTES)
    editor.get_by_role("combobox", name="Soort").select_option(label="Verslag van een vergadering")
    editor.get_by_role("textbox", name="Korte inleiding").fill("Wat we op 20 november met elkaar bespraken.")
    write_body(editor, "Er waren 23 bewoners. We spraken over de nieuwe bankjes in de tuin.", marker="23 bewoners")

    upload_in_chooser(editor, button="Kies een afbeelding", title="Vergadering", file=FILES / "koffie.jpg")
    editor.get_by_role("textbox", name="Beschrijving van de foto").fill("Bewoners aan de koffie in de Serre")

    upload_in_chooser(editor, button="Kies een document", title="Verslag november", file=FILES / "verslag.pdf")
    expect(editor.get_by_text("Verslag november")).to_be_visible()

    editor.get_by_role("button", name="Ter controle aanbieden").click()
    expect(editor.get_by_role("status").first).to_contain_text("aangemaakt en ingediend voor controle")

    # 2. A second item, with officialese the moderator should notice.
    editor.goto("/admin/")
    editor.get_by_role("link", name="Nieuwsbericht schrijven").click()
    editor.locator("#id_title").fill(BENCHES)
    editor.get_by_role("textbox", name="Korte inleiding").fill("Er komen drie nieuwe bankjes.")
    write_body(editor, "De bankjes worden geplaatst conform het plan van de commissie.", marker="conform")
    editor.get_by_role("button", name="Ter controle aanbieden").click()
    expect(editor.get_by_role("status").first).to_contain_text("aangemaakt en ingediend voor controle")
    editor.goto("/admin/")
    expect(editor.get_by_role("row", name=re.compile(BENCHES))).to_contain_text("Wacht op controle")
    expect(editor.get_by_role("row", name=re.compile(MINUTES))).to_contain_text("Wacht op controle")

    # One page each: no background save made a second one beside the submitted page.
    assert NewsPage.objects.filter(title=MINUTES).count() == 1
    assert NewsPage.objects.filter(title=BENCHES).count() == 1
    minutes, benches = NewsPage.objects.get(title=MINUTES), NewsPage.objects.get(title=BENCHES)
    assert not minutes.live
    assert not benches.live
    # Until a moderator publishes the minutes, their PDF is the committee's: the public gets nothing.
    from wagtail.documents import get_document_model

    minutes_pdf = get_document_model().objects.get(title="Verslag november")
    assert page.request.get(minutes_pdf.url).status == 404

    # 3. The moderator finds both waiting on the dashboard.
    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto("/admin/")
    expect(admin.get_by_role("link", name=MINUTES).first).to_be_visible()
    expect(admin.get_by_role("link", name=BENCHES).first).to_be_visible()

    # The minutes: approved.
    admin.get_by_role("link", name=MINUTES).first.click()
    expect(admin.locator("#id_title")).to_have_value(MINUTES)
    approve(admin, MINUTES)

    # The benches: the attention point, then back to the committee with a comment.
    admin.goto(f"/admin/pages/{benches.pk}/edit/")
    expect(admin.get_by_role("main")).to_contain_text("conform")  # the attention point on the form
    admin.get_by_role("button", name="Meer acties").click()
    admin.get_by_role("button", name="Terug naar de commissie, met opmerking").click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("Terug naar de commissie")).click()
    expect(admin.get_by_role("status").first).to_contain_text(BENCHES)

    returned = mails_to(mailoutbox, member.email)
    assert any(BENCHES in mail.subject and COMMENT in mail.body for mail in returned), [m.subject for m in returned]

    # 4. The member reads the comment where they look first, changes the text and offers it again.
    editor.goto("/admin/")
    row = editor.get_by_role("row", name=re.compile(BENCHES))
    expect(row).to_contain_text("Teruggestuurd met opmerking")
    expect(row).to_contain_text(COMMENT)
    row.get_by_role("link", name=BENCHES).click()
    write_body(editor, "De bankjes worden geplaatst volgens het plan van de commissie.", marker="volgens")
    editor.get_by_role("button", name="Opnieuw ter controle aanbieden").click()
    expect(editor.get_by_role("status").first).to_contain_text(BENCHES)
    editor.goto("/admin/")
    expect(editor.get_by_role("row", name=re.compile(BENCHES))).to_contain_text("Wacht op controle")

    # 5. The moderator approves the changed text.
    admin.goto(f"/admin/pages/{benches.pk}/edit/")
    approve(admin, BENCHES)

    # 6. Every visitor: the minutes with the photo and the PDF; the benches with the changed text.
    page.goto(NewsPage.objects.get(pk=minutes.pk).url)
    expect(page.get_by_role("heading", level=1)).to_have_text(MINUTES)
    expect(page.get_by_role("img", name="Bewoners aan de koffie in de Serre")).to_be_visible()
    pdf = page.get_by_role("link", name=re.compile("Verslag november"))
    expect(pdf).to_be_visible()
    download = page.request.get(pdf.get_attribute("href"))
    assert download.ok
    assert download.body().startswith(b"%PDF"), "the minutes link does not give the PDF"
    audit.check(page, "verslag")

    page.goto(NewsPage.objects.get(pk=benches.pk).url)
    expect(page.get_by_role("main")).to_contain_text("geplaatst volgens het plan")
    expect(page.get_by_role("main")).not_to_contain_text("conform")
    audit.check(page, "nieuwsbericht")
    audit.assert_no_violations()
