"""Activities: a resident signs up with the keyboard only, a committee member signs up a neighbour,
and a visitor finds what there is to do (list, filter, calendar, activity, printable programme)."""

import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from activities.models import Registration, RegistrationStatus
from tests.e2e.test_resident import tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def expect_message(page, text: str) -> None:
    """The message after a form, in the status region a screen reader announces."""
    expect(page.locator(".messages[role=status]")).to_contain_text(text)


def first_date(activity):
    """The activity's first date, as a resident would read it (Amsterdam time)."""
    return timezone.localtime(activity.occurrences.order_by("start").first().start).date()


def date_card(page, activity):
    """The card of the activity's first date on its page (each date has its own sign-up form)."""
    occurrence = activity.occurrences.order_by("start").first()
    return page.locator(f"#datum-{occurrence.pk}")


def test_resident_signs_up_and_cancels_keyboard_only(page, audit, login_as, mailoutbox, resident, activity):
    """Tab, arrow keys, Enter and Space only: from the home page to a sign-up with a guest, and back out."""
    login_as(page.context, resident)
    page.goto("/")
    coming_days = page.get_by_role("region", name="De komende zeven dagen")
    activity_link = coming_days.get_by_role("link", name="Stoelgym")
    expect(activity_link).to_be_visible()
    audit.check(page, "home")

    tab_to(page, activity_link, what="The link to Stoelgym in 'De komende zeven dagen'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoelgym")
    card = date_card(page, activity)
    expect(card).to_contain_text("Nog 12 plaatsen vrij")
    audit.check(page, "activiteit")

    # In a radio group Tab lands on the checked option; the arrow keys choose another one.
    alone = card.get_by_role("radio", name="Nee, ik kom alleen")
    with_guest = card.get_by_role("radio", name="Ja, ik neem één gast mee")
    expect(alone).to_be_checked()
    tab_to(page, alone, what="The radio button 'Nee, ik kom alleen'")
    page.keyboard.press("ArrowDown")
    expect(with_guest).to_be_checked()
    expect(with_guest).to_be_focused()
    tab_to(page, card.get_by_role("button", name="Aanmelden"), what="The 'Aanmelden' button", max_presses=2)
    page.keyboard.press("Enter")

    expect_message(page, "U bent aangemeld. U krijgt een bevestiging per e-mail.")
    card = date_card(page, activity)
    expect(card).to_contain_text(re.compile(r"Aangemeld\s*\(met iemand die met u meekomt\)"))
    expect(card).to_contain_text("Nog 10 plaatsen vrij")
    audit.check(page, "activiteit-aangemeld")

    assert len(mailoutbox) == 1, f"expected one confirmation, got {[m.subject for m in mailoutbox]}"
    mail = mailoutbox[0]
    assert mail.to == ["bewoner@example.org"]
    assert mail.subject == "Aangemeld: Stoelgym"
    assert "Met één gast." in mail.body
    calendars = [a for a in mail.attachments if a[2].startswith("text/calendar")]
    assert len(calendars) == 1, f"expected one text/calendar attachment, got {[a[2] for a in mail.attachments]}"
    filename, content, _mimetype = calendars[0]
    assert filename.endswith(".ics")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Stoelgym"]
    assert events[0].decoded("DTSTART").date() == first_date(activity)

    my_page = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn pagina")
    tab_to(page, my_page, what="The 'Mijn pagina' link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mijn/$"))
    sign_up = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Stoelgym"))
    expect(sign_up).to_contain_text("Aangemeld")
    audit.check(page, "mijn-aanmeldingen")

    tab_to(page, sign_up.get_by_role("link", name="Afmelden"), what="The 'Afmelden' link of Stoelgym")
    page.keyboard.press("Enter")
    # One press never cancels: the page asks first, and says the guest goes too.
    expect(page.get_by_role("heading", level=1)).to_have_text("Weet u het zeker?")
    expect(page.get_by_role("main")).to_contain_text("De gast die zou meekomen, is dan ook afgemeld.")
    audit.check(page, "afmelden-zeker")
    tab_to(page, page.get_by_role("button", name="Ja, afmelden"), what="The 'Ja, afmelden' button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mijn/$"))
    expect_message(page, "U bent afgemeld. U krijgt een bevestiging per e-mail.")
    cancellation = mailoutbox[-1]
    assert cancellation.subject.startswith("Afgemeld: Stoelgym op ")
    (ics,) = [content for _name, content, mimetype in cancellation.attachments if mimetype.startswith("text/calendar")]
    assert Calendar.from_ical(ics)["METHOD"] == "CANCEL"
    expect(page.get_by_text("U bent nergens voor aangemeld.")).to_be_visible()
    expect(page.get_by_role("link", name="Stoelgym")).to_have_count(0)
    registration = Registration.objects.get(user=resident)
    assert registration.status == RegistrationStatus.CANCELLED
    registration.occurrence.refresh_from_db()
    assert registration.occurrence.seats_taken == 0, "the two places (resident and guest) are free again"
    audit.check(page, "mijn-afgemeld")

    audit.assert_no_violations()


def test_committee_member_signs_up_a_neighbour(page, audit, login_as, member, activity):
    """Gerda of the committee signs up a neighbour without an account, and prints who comes."""
    login_as(page.context, member)
    page.goto(activity.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoelgym")
    audit.check(page, "activiteit")

    date_card(page, activity).get_by_role("link", name="Iemand anders aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iemand anders aanmelden")
    audit.check(page, "iemand-anders-aanmelden")

    page.get_by_role("button", name="Aanmelden").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("naam van de buur"))).to_be_visible()
    assert not Registration.objects.exists(), "an empty form must not sign anyone up"
    audit.check(page, "iemand-anders-aanmelden-fouten")

    page.get_by_role("textbox", name=re.compile("naam van de buur")).fill("Mevrouw Jansen")
    page.get_by_role("textbox", name=re.compile("Huisnummer van de buur")).fill("14")
    page.get_by_role("checkbox", name="De buur vindt het goed dat ik haar of hem aanmeld").check()
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wie komen er: Stoelgym")
    expect_message(page, "Mevrouw Jansen is aangemeld. Er is een plaats.")
    participants = page.get_by_role("table")
    row = participants.get_by_role("row").filter(has_text="Mevrouw Jansen")
    expect(row).to_contain_text("14")
    expect(row).to_contain_text("namens, door Gerda Bakker")
    expect(participants.locator("caption")).to_have_text("1 aanmelding")
    audit.check(page, "wie-komen-er")

    # On paper: the list is there, the menus are not.
    page.emulate_media(media="print")
    try:
        expect(participants.get_by_role("row").filter(has_text="Mevrouw Jansen")).to_be_visible()
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    finally:
        page.emulate_media(media="screen")

    registration = Registration.objects.get()
    assert registration.neighbour_name == "Mevrouw Jansen"
    assert registration.made_by == member
    assert registration.user is None

    # Mevrouw Jansen phones in sick: Gerda cancels her sign-up, after a question.
    row.get_by_role("link", name="Afmelden of wijzigen").click()
    expect(page.get_by_role("heading", name="Weet u het zeker?")).to_be_visible()
    audit.check(page, "aanmelding-afmelden")
    page.get_by_role("button", name="Ja, Mevrouw Jansen afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie komen er: Stoelgym")
    expect_message(page, "Mevrouw Jansen is afgemeld.")
    expect(page.get_by_role("table").locator("caption")).to_have_text("0 aanmeldingen")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED

    # The call list: whom without e-mail to tell of a change (nobody now: Gerda spoke to Mevrouw Jansen herself).
    page.get_by_role("link", name="Bellijst: wie zonder e-mail moet u iets laten weten?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bellijst: Stoelgym")
    expect(page.get_by_role("table")).to_contain_text("Er is niemand om te bellen.")
    audit.check(page, "bellijst")

    audit.assert_no_violations()


def test_visitor_finds_activities_in_list_calendar_and_programme(
    page, no_js_page, audit, activity, other_activity, building
):
    """Without an account: the list and its filter (plain HTML, no JavaScript), the calendar, an activity
    with its iCal download, the feed, and the building's printable programme of the month."""
    page.goto("/activiteiten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteiten")
    expect(page.get_by_role("link", name="Stoelgym").first).to_be_visible()
    expect(page.get_by_role("link", name="Bingomiddag")).to_be_visible()
    audit.check(page, "activiteiten")

    # The filter is a GET form: it works in a browser without JavaScript and gives a URL to share.
    no_js_page.goto("/activiteiten/")
    filters = no_js_page.get_by_role("form", name="Activiteiten filteren")
    filters.get_by_label("Zoek uw gebouw: naam, straat of plaats").fill("de linde")
    filters.get_by_role("button", name="Toon activiteiten").click()
    expect(no_js_page).to_have_url(re.compile(r"/activiteiten/\?(.*&)?gebouw=de-linde(&|#|$)"))
    expect(no_js_page.get_by_role("link", name="Stoelgym").first).to_be_visible()
    expect(no_js_page.get_by_role("link", name="Bingomiddag")).to_have_count(0)
    expect(no_js_page.get_by_text("Gebouw: De Linde, Utrecht")).to_be_visible()

    page.goto(no_js_page.url)
    expect(page.get_by_role("link", name="Bingomiddag")).to_have_count(0)
    audit.check(page, "activiteiten-de-linde")

    feed = page.request.get("/activiteiten/agenda.ics?gebouw=de-linde")
    assert feed.ok, feed.status
    assert feed.headers["content-type"].startswith("text/calendar")
    summaries = {str(event["SUMMARY"]) for event in Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert summaries == {"Stoelgym"}, summaries

    page.get_by_role("link", name="Bekijk als maandkalender").click()
    expect(page).to_have_url(re.compile(r"/activiteiten/kalender/\?(.*&)?gebouw=de-linde(&|#|$)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activiteiten in")
    audit.check(page, "kalender")
    month = first_date(activity).replace(day=1)
    if month != timezone.localdate().replace(day=1):  # tomorrow is in the next month
        page.get_by_role("link", name="Volgende maand").click()
    calendar = page.get_by_role("region", name="Maandkalender")
    expect(calendar.get_by_role("link", name=re.compile(r"14:00 Stoelgym")).first).to_be_visible()

    calendar.get_by_role("link", name=re.compile(r"14:00 Stoelgym")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stoelgym")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Bewonerscommissie De Linde")).to_be_visible()
    ics_link = page.get_by_role("link", name="Alle datums in uw agenda zetten")
    expect(ics_link).to_have_attribute("href", f"{activity.url}ical/")
    audit.check(page, "activiteit")

    download = page.request.get(f"{activity.url}ical/")
    assert download.ok, download.status
    assert download.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(download.body()).walk("VEVENT")
    assert len(events) == activity.occurrences.count() == 9  # tomorrow and 8 weeks after
    assert {str(event["SUMMARY"]) for event in events} == {"Stoelgym"}

    page.goto(f"{building.url}programma/{month:%Y-%m}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("De Linde: programma")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Stoelgym")
    expect(main).to_contain_text("Huismeester Henk Jansen")
    expect(main).not_to_contain_text("Bingomiddag")
    audit.check(page, "programma")

    audit.assert_no_violations()
