"""A resident writes to the caretaker; the caretaker answers in the admin; the resident reads the answer on their
own page and writes back; the caretaker reads that in the conversation."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUBJECT = "Lamp in de hal is kapot"
BODY = "De lamp bij de lift op de tweede verdieping doet het al een week niet."
REPLY = "Ik heb de lamp vandaag vervangen. Dank voor uw bericht!"
ANSWER_BACK = "Dank u! Nu knippert de lamp bij de trap ook."


def test_resident_sends_a_message_to_the_caretaker(
    page, new_context, login_as, audit, console_guard, mailoutbox, building, caretaker, resident, other_caretaker
):
    from committees.models import CaretakerMessage

    login_as(page.context, resident)
    page.goto(building.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("De Linde")
    audit.check(page, "gebouw")

    page.get_by_role("link", name="Stuur de huismeester een bericht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bericht aan de huismeester")
    expect(page.get_by_text("Uw bericht gaat naar Henk Jansen, huismeester van De Linde.")).to_be_visible()
    expect(page.get_by_text("Schrijf geen gegevens over gezondheid in uw bericht.")).to_be_visible()
    audit.check(page, "bericht")

    # Sent empty: one summary at the top, each error a link that takes focus to its field.
    send = page.get_by_role("button", name="Bericht versturen")
    send.click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    audit.check(page, "bericht-fouten")
    for field, link in [("id_subject", "Titel"), ("id_body", "Uw bericht")]:
        summary.get_by_role("link", name=re.compile(f"^{link}:")).click()
        expect(page.locator(f"#{field}")).to_be_focused()

    page.get_by_role("radio", name="Klein klusje").check()
    page.get_by_role("textbox", name="Titel").fill(SUBJECT)
    page.get_by_role("textbox", name="Uw bericht").fill(BODY)
    send.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De Linde")
    expect(page.get_by_role("status")).to_contain_text("Uw bericht is verstuurd naar Henk Jansen, uw huismeester.")

    message = CaretakerMessage.objects.get()
    assert (message.sender, message.building, message.subject) == (resident, building, SUBJECT)
    assert len(mailoutbox) == 1, f"expected one mail to the caretaker, got {[m.subject for m in mailoutbox]}"
    assert mailoutbox[0].to == ["huismeester@example.org"]
    assert "De Linde" in mailoutbox[0].subject
    assert "Klein klusje" in mailoutbox[0].subject
    assert SUBJECT not in mailoutbox[0].subject, "what it is about in a word, no words of the resident's"
    assert BODY not in mailoutbox[0].body
    assert f"/admin/berichten/edit/{message.pk}/" in mailoutbox[0].body

    # The caretaker answers in the admin and marks it done.
    caretaker_context = new_context()
    login_as(caretaker_context, caretaker.user)
    admin = caretaker_context.new_page()
    admin.goto("/admin/")
    expect(admin.get_by_text("Er wacht 1 ongelezen bericht op u.")).to_be_visible()
    admin.goto("/admin/berichten/")
    expect(admin.get_by_role("row", name=re.compile(SUBJECT))).to_contain_text("Nieuw")
    expect(admin.get_by_role("row", name=re.compile(SUBJECT))).to_contain_text("Ongelezen")
    admin.get_by_role("link", name=SUBJECT).click()
    expect(admin.get_by_role("main")).to_contain_text(BODY)
    admin.get_by_role("combobox", name="Status").select_option(label="Afgehandeld")
    admin.get_by_role("textbox", name="Antwoord").fill(REPLY)
    admin.get_by_role("button", name="Opslaan").click()
    expect(admin).to_have_url(re.compile(r"/admin/berichten/$"))
    expect(admin.get_by_role("row", name=re.compile(SUBJECT))).to_contain_text("Afgehandeld")

    replies = [mail for mail in mailoutbox if mail.to == ["bewoner@example.org"]]
    assert len(replies) == 1, f"expected one reply to the resident, got {[m.subject for m in mailoutbox]}"
    assert REPLY not in replies[0].body, "the e-mail says there is an answer; the answer is on the resident's page"
    assert f"/mijn/berichten/{message.pk}/" in replies[0].body

    # The resident reads the answer on their own page, and writes back.
    page.goto("/mijn/")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=SUBJECT))
    expect(card).to_contain_text("Afgehandeld")
    expect(card).to_contain_text("Nieuw antwoord")
    audit.check(page, "mijn")
    card.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.get_by_role("main")).to_contain_text(BODY)
    expect(page.get_by_role("main")).to_contain_text(REPLY)
    audit.check(page, "mijn-bericht")
    page.get_by_role("textbox", name="Uw antwoord").fill(ANSWER_BACK)
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is verstuurd naar Henk Jansen, uw huismeester.")
    expect(page.get_by_role("main")).to_contain_text(ANSWER_BACK)
    to_caretaker = [mail for mail in mailoutbox if mail.to == ["huismeester@example.org"]]
    assert len(to_caretaker) == 2, f"the caretaker did not hear of the answer: {[m.subject for m in mailoutbox]}"
    assert ANSWER_BACK not in to_caretaker[1].body

    # The caretaker sees it unread again, taken up again, and reads the answer back in the conversation.
    admin.goto("/admin/berichten/")
    row = admin.get_by_role("row", name=re.compile(SUBJECT))
    expect(row).to_contain_text("Ongelezen")
    expect(row).to_contain_text("In behandeling")
    admin.get_by_role("link", name=SUBJECT).click()
    expect(admin.get_by_role("main")).to_contain_text(REPLY)
    expect(admin.get_by_role("main")).to_contain_text(ANSWER_BACK)

    # Another building's caretaker does not get to see it at all.
    other_context = new_context()
    login_as(other_context, other_caretaker.user)
    other = other_context.new_page()
    console_guard.allow(r"status of 404")  # the refusal checked below
    response = other.goto(f"/admin/berichten/edit/{message.pk}/")
    assert response.status == 404, f"another caretaker got {response.status} on the message, not 404"
    other.goto("/admin/berichten/")
    expect(other.get_by_role("heading", level=1)).to_be_visible()
    expect(other.get_by_role("link", name=SUBJECT)).to_have_count(0)

    audit.assert_no_violations()


DESCRIBED_BY = """el => (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
    .map((id) => (document.getElementById(id) || {}).textContent || "").join(" ")"""


def test_message_form_errors_and_hints_reach_every_field(page, login_as, building, resident):
    """Every link in the error summary moves focus to its field; every hint is read out with its field."""
    login_as(page.context, resident)
    page.goto(f"{building.url}bericht/")
    page.get_by_role("button", name="Bericht versturen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    problems = []

    summary.get_by_role("link", name=re.compile("^Waar gaat het over")).click()
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    if page.get_by_role("radio").first.evaluate("el => el !== document.activeElement"):
        problems.append(f"the link 'Waar gaat het over?' left focus on {focused}, not on the first radio button")

    for name, hint in [
        ("Titel", "Bijvoorbeeld: lamp in de hal is kapot."),
        ("Uw bericht", "Schrijf hier geen gegevens over uw gezondheid"),
    ]:
        description = page.get_by_role("textbox", name=name).evaluate(DESCRIBED_BY)
        if hint not in description:
            problems.append(f"the field {name!r} is described as {description!r}, without its hint {hint!r}")

    assert not problems, "The message form:\n" + "\n".join(f"- {problem}" for problem in problems)
