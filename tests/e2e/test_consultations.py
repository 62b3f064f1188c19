"""Consultations: a resident answers the building's poll with the keyboard only, the committee enters a neighbour's
paper ballot, and a committee member drafts a consultation in the admin that a moderator approves — all under the
production Content-Security-Policy (a console error or blocked script fails the journey)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.codes import ballot_code
from consultations.models import Ballot, ConsultationPage, ConsultationQuestion, QuestionKind
from portal.factories import HomeFactory
from portal.permissions import verified_home_of
from tests.e2e.test_resident import tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def poll(committee):
    today = timezone.localdate()
    page = committee.add_child(
        instance=ConsultationPage(
            title="De tuin",
            kind="peiling",
            intro="De commissie wil de tuin opknappen. Wat vindt u?",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=14),
        )
    )
    ConsultationQuestion.objects.create(page=page, sort_order=0, text="Een bankje bij de ingang?", kind="ja_nee")
    ConsultationQuestion.objects.create(
        page=page, sort_order=1, text="Welke planten wilt u?", kind=QuestionKind.SEVERAL, choices="Rozen\nLavendel"
    )
    return page


def test_resident_answers_the_poll_online_keyboard_only(page, audit, login_as, resident, poll):
    login_as(page.context, resident)
    page.goto(poll.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("De tuin")
    audit.check(page, "raadpleging")

    start = page.get_by_role("link", name="Geef uw antwoord")
    tab_to(page, start, what="The link 'Geef uw antwoord'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Een bankje bij de ingang?")
    audit.check(page, "vraag 1")
    # Nothing chosen: the error says what to do, and the answer is not lost later.
    tab_to(page, page.get_by_role("button", name="Volgende vraag"), what="The button 'Volgende vraag'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Kies een antwoord.")
    tab_to(page, page.get_by_role("radio", name="Ja"), what="The radio button 'Ja'")
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Volgende vraag"), what="The button 'Volgende vraag'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welke planten wilt u?")
    tab_to(page, page.get_by_role("checkbox", name="Lavendel"), what="The checkbox 'Lavendel'")
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Verder: controleren"), what="The button 'Verder: controleren'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoord")
    expect(page.get_by_role("main")).to_contain_text("Lavendel")
    audit.check(page, "controleren")
    tab_to(page, page.get_by_role("button", name="Antwoord versturen"), what="The button 'Antwoord versturen'")
    page.keyboard.press("Enter")

    expect(page.locator(".messages[role=status]")).to_contain_text("Het antwoord van uw woning is opgeslagen")
    expect(page.get_by_role("link", name="Mijn antwoord wijzigen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("1 van 1 woning heeft geantwoord")
    assert Ballot.objects.get(home=verified_home_of(resident)).channel == "online"
    audit.assert_no_violations()


def test_committee_member_enters_a_neighbours_paper_ballot(page, audit, login_as, member, poll, building):
    home = HomeFactory(building=building, number="31")
    code = ballot_code(consultation_id=poll.pk, home_id=home.pk)
    login_as(page.context, member)
    page.goto(poll.url)
    page.get_by_role("link", name="Papieren formulieren invoeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papieren formulier invoeren")
    audit.check(page, "code invoeren")

    page.get_by_label("Code op het formulier").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Formulier zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(home.address)
    audit.check(page, "formulier invoeren")
    page.get_by_role("group", name="1. Een bankje bij de ingang?").get_by_role("radio", name="Nee").check()
    page.get_by_role("group", name="2. Welke planten wilt u?").get_by_role("checkbox", name="Rozen").check()
    page.get_by_role("button", name="Formulier invoeren").click()

    expect(page.locator(".messages[role=status]")).to_contain_text(f"Ingevoerd: het formulier van {home.address}")
    expect(page.get_by_label("Code op het formulier")).to_be_empty()
    ballot = Ballot.objects.get(home=home)
    assert (ballot.channel, ballot.entered_by) == ("papier", member)
    audit.assert_no_violations()


def test_committee_member_drafts_a_consultation_that_a_moderator_approves(
    page, new_context, login_as, audit, committee, member, moderator
):
    today = timezone.localdate()
    member_context = new_context()
    login_as(member_context, member)
    editor = member_context.new_page()
    editor.goto(f"/admin/pages/add/consultations/consultationpage/{committee.pk}/")
    editor.locator("#id_title").fill("Huisregels 2027")
    editor.get_by_role("combobox", name="Soort").first.select_option(value="huisregels")
    editor.get_by_role("textbox", name="Uitleg").fill("Stemt u in met de nieuwe huisregels?")
    editor.get_by_role("textbox", name="Open vanaf").fill((today + timedelta(days=1)).strftime("%d-%m-%Y"))
    editor.get_by_role("textbox", name="Open tot en met").fill((today + timedelta(days=21)).strftime("%d-%m-%Y"))
    editor.locator('input[name="questions-0-text"]').fill("Geen fietsen in de hal.")
    editor.locator('select[name="questions-0-kind"]').select_option(value="eens_oneens")
    editor.get_by_role("button", name="Ter controle aanbieden").click()
    expect(editor.get_by_role("status").first).to_contain_text("ingediend voor controle")

    consultation = ConsultationPage.objects.get(title="Huisregels 2027")
    assert not consultation.live
    moderator_context = new_context()
    login_as(moderator_context, moderator)
    admin = moderator_context.new_page()
    admin.goto(f"/admin/pages/{consultation.pk}/edit/")
    admin.get_by_role("button", name="Meer acties").click()
    admin.get_by_role("button", name=re.compile(r"^Goedkeuren en publiceren")).click()
    admin.get_by_role("dialog").get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(admin.get_by_role("row", name=re.compile("Huisregels 2027"))).to_contain_text("live", ignore_case=True)

    page.goto(ConsultationPage.objects.get(pk=consultation.pk).url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Huisregels 2027")
    expect(page.get_by_role("main")).to_contain_text("0 van 0 woningen hebben geantwoord")
    audit.check(page, "huisregels")
    audit.assert_no_violations()


def test_visitor_reads_the_outcome_of_a_closed_draagvlakmeting(page, audit, committee, building, member):
    from consultations import services

    today = timezone.localdate()
    renovation = committee.add_child(
        instance=ConsultationPage(
            title="Renovatie 2027",
            kind="draagvlakmeting",
            intro="Nieuwe badkamers.",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=1),
        )
    )
    question = ConsultationQuestion.objects.create(page=renovation, text="Bent u voor?", kind="voor_tegen")
    homes = [HomeFactory(building=building, number=str(n)) for n in range(1, 11)]
    for n, home in enumerate(homes[:8]):
        services.ballot_submit(
            consultation=renovation,
            home=home,
            answers={question.pk: ["voor" if n < 7 else "tegen"]},
            channel="papier",
            by=member,
        )
    ConsultationPage.objects.filter(pk=renovation.pk).update(closes_on=today - timedelta(days=1))

    page.goto(renovation.url)

    expect(page.get_by_role("heading", name="De uitslag")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("7 van 10 woningen voor — 70 %. De drempel van 70 % is gehaald.")
    expect(page.get_by_role("table", name="Bent u voor?")).to_contain_text("Tegen")
    expect(page.get_by_role("link", name="Geef uw antwoord")).to_have_count(0)
    audit.check(page, "uitslag")
    audit.assert_no_violations()


def test_staff_print_the_ballots_and_after_closing_download_the_outcome_and_see_who_to_take_into_account(
    page, login_as, committee, building, member, moderator
):
    """The admin's consultation page under the production CSP (a console error or blocked script fails it): from the
    page's own button to the ballots (a PDF with one page per home), the homes that answered twice, the readiness
    list, and the outcome as Dutch-Excel CSV."""
    from consultations import services

    today = timezone.localdate()
    renovation = committee.add_child(
        instance=ConsultationPage(
            title="Nieuwe badkamers",
            kind="draagvlakmeting",
            intro="Wij stellen nieuwe badkamers voor.",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=1),
        )
    )
    vote = ConsultationQuestion.objects.create(page=renovation, sort_order=0, text="Bent u voor?", kind="voor_tegen")
    ready = ConsultationQuestion.objects.create(
        page=renovation, sort_order=1, text="Rekening houden?", kind=QuestionKind.READINESS
    )
    homes = [HomeFactory(building=building, number=str(n)) for n in range(1, 7)]
    for n, home in enumerate(homes):
        answers = {vote.pk: ["voor" if n < 5 else "tegen"], ready.pk: ["ja_langskomen" if n == 0 else "nee"]}
        services.ballot_submit(consultation=renovation, home=home, answers=answers, channel="papier", by=member)
    # The sixth home also answers online with the code from its ballot: the later answer counts, staff see both.
    services.ballot_submit(
        consultation=renovation,
        home=homes[5],
        answers={vote.pk: ["voor"], ready.pk: ["nee"]},
        channel="online",
        by=None,
    )
    login_as(page.context, moderator)

    page.goto(f"/admin/pages/{renovation.pk}/edit/")
    page.get_by_role("button", name="Acties", exact=True).click()  # the header's dropdown
    page.get_by_role("link", name="Formulieren en uitslag").click()
    expect(page.get_by_role("heading", name="Formulieren afdrukken")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"{building.title}: 6 woningen (PDF)").click()
    assert download_info.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Woningen die twee keer antwoordden").click()
    expect(page.get_by_role("main")).to_contain_text(homes[5].address)
    page.go_back()
    page.get_by_role("link", name="Woningen waarmee we rekening houden tijdens de uitvoering").click()
    expect(page.get_by_role("main")).to_contain_text(homes[0].address)
    expect(page.get_by_role("main")).not_to_contain_text(homes[1].address)

    ConsultationPage.objects.filter(pk=renovation.pk).update(closes_on=today - timedelta(days=1))
    page.goto(f"/admin/raadplegingen/{renovation.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Uitslag downloaden (CSV)").click()
    table = download_info.value.path().read_bytes()
    assert table.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Dutch Excel"
    text = table.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Gebouw;Woningen;")
    assert ";gehaald;6;" in text, "all six homes for (the second ballot of the sixth home counted)"
