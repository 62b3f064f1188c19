"""Tours: a prospective tenant books and cancels with the keyboard only, an ambassador keeps their times,
and every tour page passes axe (booking form with errors, move, expired link, too many requests,
the ambassador's own pages)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar
from playwright.sync_api import expect

from ambassadors import selectors, services
from ambassadors.models import BookingStatus, TourBooking, TourIndexPage
from ambassadors.tokens import booking_for_token, booking_path
from portal.factories import ResidentProfileFactory, UserFactory
from tests.e2e.test_activities import expect_message
from tests.e2e.test_resident import tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every day of the week, so there are free slots whatever today is: 10:00–10:45 and 11:00–11:45.
EVERY_DAY_MORNING = [services.TimeRange(weekday=day, start=time(10), end=time(12)) for day in range(7)]
VISITOR_EMAIL = "marijke@example.net"
AMBASSADOR_EMAIL = "ambassadeur@example.org"
# The signed link in a visitor's e-mail (the e-mails use WAGTAILADMIN_BASE_URL, http://testserver in tests).
BOOKING_LINK = re.compile(r"https?://[^/\s]+(/rondleidingen/boeking/[^/\s]+/)")


# --------------------------------------------------------------------------
# Data, through the services (the lead engineer keeps the shared fixtures in tests/ambassadors/)
# --------------------------------------------------------------------------


@pytest.fixture
def tour_page(site_tree):
    """/rondleidingen/, which `site_ensure` creates with the fixed top of the tree."""
    return TourIndexPage.objects.get()


@pytest.fixture
def ambassador_user(building):
    user = UserFactory(email=AMBASSADOR_EMAIL, first_name="Ria", last_name="Vermeer")
    ResidentProfileFactory(user=user, building=building, apartment_number="40")
    return user


@pytest.fixture
def ambassador(tour_page, building, ambassador_user):
    """Ria, ambassador of De Linde, every day 10:00–12:00 (two tours of 45 minutes, 15 minutes apart)."""
    ambassador = services.ambassador_appoint(
        user=ambassador_user,
        building=building,
        display_name="Ria",
        introduction="Ik woon hier al twaalf jaar en laat u graag de tuin en de huiskamer zien.",
        languages=["nl", "en"],
    )
    services.weekly_times_replace(ambassador=ambassador, times=EVERY_DAY_MORNING)
    return ambassador


@pytest.fixture
def booking(ambassador, building):
    """Marijke's tour at the first free time, booked on the website."""
    slot = selectors.building_slots(building=building)[0]
    return services.booking_create(
        ambassador_id=slot.ambassador_id, start=slot.start, name="Marijke Smit", email=VISITOR_EMAIL, party_size=2
    )


@pytest.fixture
def past_booking(ambassador):
    """A tour of two days ago, booked (through the service, as of three days before it) and now over."""
    tour_day = timezone.localdate() - timedelta(days=2)
    start = timezone.make_aware(datetime.combine(tour_day, time(10)))
    return services.booking_create(
        ambassador_id=ambassador.pk,
        start=start,
        name="Johan de Wit",
        email="johan@example.net",
        now=start - timedelta(days=3),
    )


def day_label(day, format="l j F") -> str:
    """A date as the slot list shows it: 'dinsdag 3 juni'."""
    with translation.override("nl"):
        return date_format(day, format)


def calendar_event(message):
    calendars = [a for a in message.attachments if a[2].startswith("text/calendar")]
    assert len(calendars) == 1, f"expected one text/calendar attachment, got {[a[2] for a in message.attachments]}"
    filename, content, _mimetype = calendars[0]
    assert filename.endswith(".ics"), filename
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def mails_to(outbox, address: str) -> list:
    return [message for message in outbox if message.to == [address]]


# --------------------------------------------------------------------------
# a. A visitor books, then cancels from the link in the e-mail: keyboard only
# --------------------------------------------------------------------------


def test_visitor_books_then_cancels_from_the_email_link_keyboard_only(page, audit, mailoutbox, ambassador, building):
    """Tab, arrow keys, typing, Enter and Space only: pick De Linde and a time, book for two, then cancel."""
    page.goto("/rondleidingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleidingen")
    choose_building = page.get_by_role("link", name="Kies een tijd in De Linde")
    expect(choose_building).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Ria")
    audit.check(page, "rondleidingen")

    tab_to(page, choose_building, what="The link 'Kies een tijd in De Linde'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding in De Linde")
    expect(page.get_by_role("main")).to_contain_text("Ik woon hier al twaalf jaar")
    expect(page.locator("a.slot").first).to_contain_text("met Ria")
    audit.check(page, "gebouw-tijden")

    # The first time at least a day and an hour away: one closer to the notice period may pass it while the
    # journey runs (the check reloads each page).
    later = timezone.now() + timedelta(hours=settings.PORTAL_TOUR_MIN_NOTICE_HOURS + 1)
    slots = page.locator("a.slot")
    keys = [slots.nth(i).get_attribute("href").partition("tijd=")[2] for i in range(slots.count())]
    index, key = next((i, key) for i, key in enumerate(keys) if selectors.slot_key_parse(key)[1] > later)
    ambassador_id, start = selectors.slot_key_parse(key)
    assert ambassador_id == ambassador.pk
    tab_to(page, slots.nth(index), what="A free time in De Linde")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding boeken")
    expect(page.locator(".facts")).to_contain_text(f"{start:%H:%M}–")
    audit.check(page, "boeken")

    name = page.get_by_role("textbox", name="Uw naam")
    tab_to(page, name, what="The field 'Uw naam'")
    page.keyboard.type("Marijke Smit")
    tab_to(page, page.get_by_role("textbox", name="Uw e-mailadres"), what="The e-mail field", max_presses=2)
    page.keyboard.type(VISITOR_EMAIL)
    # In a radio group Tab lands on the checked option; the arrow keys choose another one.
    one, two = page.get_by_role("radio", name="1", exact=True), page.get_by_role("radio", name="2", exact=True)
    expect(one).to_be_checked()
    tab_to(page, one, what="The radio button '1' of 'Met hoeveel personen komt u?'", max_presses=3)
    page.keyboard.press("ArrowDown")
    expect(two).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Rondleiding boeken"), what="The 'Rondleiding boeken' button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw rondleiding is geboekt")
    expect(page.get_by_role("status").filter(has_text="geboekt")).to_contain_text(VISITOR_EMAIL)
    facts = page.locator(".facts")
    expect(facts).to_contain_text("De Linde")
    expect(facts).to_contain_text(f"{start:%H:%M}–")
    expect(facts).to_contain_text("Ria")
    expect(facts).to_contain_text(re.compile(r"Aantal personen\s*2"))
    audit.check(page, "geboekt")

    booking = TourBooking.objects.get()
    assert (booking.start, booking.party_size, booking.status) == (start, 2, BookingStatus.BOOKED)
    confirmation = mails_to(mailoutbox, VISITOR_EMAIL)
    assert len(confirmation) == 1, f"expected one confirmation, got {[m.subject for m in mailoutbox]}"
    confirmation = confirmation[0]
    assert confirmation.subject == "Rondleiding De Linde geboekt"
    event = calendar_event(confirmation)
    assert event.decoded("DTSTART") == start
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [m.subject for m in mails_to(mailoutbox, AMBASSADOR_EMAIL)] == [
        f"Nieuwe rondleiding op {day_label(start, 'j F')} om {start:%H:%M}"
    ]
    link = BOOKING_LINK.search(confirmation.body)
    assert link, f"no link to the booking in the confirmation:\n{confirmation.body}"
    assert booking_for_token(link.group(1).split("/")[-2]) == booking

    # The visitor opens the link from the e-mail (the address as a mail program would hand it to the browser).
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw rondleiding")
    expect(page.locator(".facts")).to_contain_text(re.compile(r"Status\s*Geboekt"))
    audit.check(page, "boeking")

    tab_to(page, page.get_by_role("link", name="Rondleiding annuleren"), what="The link 'Rondleiding annuleren'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding annuleren?")
    audit.check(page, "annuleren")

    tab_to(page, page.get_by_role("button", name="Ja, annuleer de rondleiding"), what="The button 'Ja, annuleer…'")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(re.escape(link.group(1)) + "$"))
    expect_message(page, "Uw rondleiding is geannuleerd. De ambassadeur krijgt bericht.")
    expect(page.locator(".facts")).to_contain_text(re.compile(r"Status\s*Geannuleerd"))
    expect(page.get_by_role("link", name="Rondleiding annuleren")).to_have_count(0)
    expect(page.get_by_role("link", name="Andere tijd kiezen")).to_have_count(0)
    audit.check(page, "geannuleerd")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    cancelled = [m for m in mails_to(mailoutbox, VISITOR_EMAIL) if m is not confirmation]
    assert [m.subject for m in cancelled] == ["Rondleiding De Linde geannuleerd"]
    assert str(calendar_event(cancelled[0])["STATUS"]) == "CANCELLED"
    to_ambassador = mails_to(mailoutbox, AMBASSADOR_EMAIL)
    assert len(to_ambassador) == 2, [m.subject for m in to_ambassador]
    assert to_ambassador[1].subject.endswith("geannuleerd"), to_ambassador[1].subject
    assert "Marijke Smit" not in to_ambassador[1].body  # the mail names no visitor: it outlives the retention

    # Back to the question (the browser's Back button, the link in the e-mail again): it is not asked twice.
    page.goto(f"{link.group(1)}annuleren/")
    expect(page).to_have_url(re.compile(re.escape(link.group(1)) + "$"))
    expect(page.locator(".facts")).to_contain_text(re.compile(r"Status\s*Geannuleerd"))
    assert len(mails_to(mailoutbox, AMBASSADOR_EMAIL)) == 2

    # The time is free again for someone else.
    page.goto(f"/rondleidingen/{building.slug}/")
    expect(page.locator(f'a.slot[href$="tijd={key}"]')).to_have_count(1)

    audit.assert_no_violations()


# --------------------------------------------------------------------------
# b. The ambassador adds a one-off time and blocks a date
# --------------------------------------------------------------------------


def test_ambassador_adds_a_time_and_blocks_a_date(page, audit, login_as, ambassador, ambassador_user, building):
    """From /mijn/ to 'Mijn tijden': an extra evening and a day off, both listed and both on the public slot list."""
    today = timezone.localdate()
    extra_day, blocked_day = today + timedelta(days=3), today + timedelta(days=5)

    login_as(page.context, ambassador_user)
    page.goto("/mijn/")
    page.get_by_role("link", name="Naar mijn rondleidingen en tijden").click()
    expect(page).to_have_url(re.compile(r"/mijn/rondleidingen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn rondleidingen")
    expect(page.get_by_text("Er zijn nog geen rondleidingen geboekt.")).to_be_visible()
    audit.check(page, "mijn-rondleidingen")

    page.get_by_role("link", name="Mijn tijden aanpassen").click()
    expect(page).to_have_url(re.compile(r"/mijn/rondleidingen/beschikbaarheid/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn tijden")
    audit.check(page, "mijn-tijden")

    extra = page.get_by_role("region", name="Een keer extra")
    extra.get_by_label("Datum").fill(extra_day.isoformat())
    extra.get_by_label("Van").fill("18:30")
    extra.get_by_label("Tot").fill("20:00")
    extra.get_by_role("button", name="Extra tijd toevoegen").click()
    expect_message(page, "De extra tijd is toegevoegd.")
    extra = page.get_by_role("region", name="Een keer extra")
    expect(extra.get_by_role("listitem")).to_have_count(1)
    expect(extra.get_by_role("listitem")).to_contain_text(f"{day_label(extra_day)}, 18:30–20:00")

    blocked = page.get_by_role("region", name="Dagen dat ik niet kan (vakantie)")
    blocked.get_by_label("Van").fill(blocked_day.isoformat())
    blocked.get_by_role("button", name="Dagen blokkeren").click()
    expect_message(page, "Die dagen zijn geblokkeerd: daar kan niemand meer boeken.")
    blocked = page.get_by_role("region", name="Dagen dat ik niet kan (vakantie)")
    expect(blocked.get_by_role("listitem")).to_have_count(1)
    expect(blocked.get_by_role("listitem")).to_contain_text(day_label(blocked_day))
    audit.check(page, "mijn-tijden-aangepast")

    # What a visitor sees: the extra evening is bookable, the blocked day has no times, the days around it do.
    page.goto(f"/rondleidingen/{building.slug}/")
    days = page.locator("h3.slot-day")
    expect(days.filter(has_text=re.compile(f"^{day_label(extra_day)}$"))).to_have_count(1)
    extra_slot = page.get_by_role("link", name=re.compile(rf"^18:30 met Ria\s*, {day_label(extra_day)}$"))
    expect(extra_slot).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(rf"^10:00 met Ria\s*, {day_label(extra_day)}$"))).to_have_count(1)
    expect(days.filter(has_text=re.compile(f"^{day_label(blocked_day)}$"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(f", {day_label(blocked_day)}$"))).to_have_count(0)
    for neighbour in (blocked_day - timedelta(days=1), blocked_day + timedelta(days=1)):
        expect(days.filter(has_text=re.compile(f"^{day_label(neighbour)}$"))).to_have_count(1)

    # Someone phones for that evening: the ambassador books it for them.
    page.goto("/mijn/rondleidingen/")
    page.get_by_role("link", name="Rondleiding boeken voor iemand die belde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding boeken voor een bezoeker")
    audit.check(page, "mijn-boeken-voor-bezoeker")

    page.get_by_role("button", name="Rondleiding boeken").click()
    expect(page.get_by_role("alert").get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    assert not TourBooking.objects.exists(), "an empty form books nothing"
    audit.check(page, "mijn-boeken-voor-bezoeker-fouten")

    page.get_by_label("Welke tijd?").select_option(label=f"{day_label(extra_day)}, 18:30–19:15 uur, met Ria")
    page.get_by_role("textbox", name="Naam van de bezoeker").fill("Gerrit Bos")
    page.get_by_role("textbox", name="Telefoonnummer van de bezoeker").fill("06 12345678")
    page.get_by_role("button", name="Rondleiding boeken").click()
    expect(page).to_have_url(re.compile(r"/mijn/rondleidingen/$"))
    expect_message(page, "De rondleiding is geboekt.")
    tour = page.get_by_role("listitem").filter(has_text="Gerrit Bos")
    expect(tour.get_by_role("heading", level=3)).to_have_text(f"{day_label(extra_day)}, 18:30–19:15")
    expect(tour).to_contain_text("Telefonisch geboekt")
    audit.check(page, "mijn-rondleidingen-geboekt")

    booking = TourBooking.objects.get()
    assert (booking.name, booking.booked_by, booking.email) == ("Gerrit Bos", ambassador_user, "")
    assert timezone.localtime(booking.start).date() == extra_day

    audit.assert_no_violations()


# --------------------------------------------------------------------------
# c. The other tour pages: booking form with errors, too many requests, move, expired link
# --------------------------------------------------------------------------


def test_tour_pages_with_errors_move_and_expired_link_pass_axe(
    page, audit, console_guard, settings, mailoutbox, ambassador, building, booking, past_booking
):
    """The pages a visitor meets off the happy path, each checked with axe."""
    page.goto(f"/rondleidingen/{building.slug}/")
    page.locator("a.slot").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rondleiding boeken")
    page.get_by_role("button", name="Rondleiding boeken").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Uw naam"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Uw e-mailadres"))).to_be_visible()
    audit.check(page, "boeken-fouten")
    expect(page.get_by_role("alert")).to_be_visible()  # the reloads of the check posted the form again

    # No more booking attempts from this address: the next post gets 'Even geduld' (429).
    settings.PORTAL_TOUR_RATE_PER_IP = "0/h"
    console_guard.allow(r"status of 429")  # the answer checked below
    page.get_by_role("textbox", name="Uw naam").fill("Anneke Visser")
    page.get_by_role("textbox", name="Uw e-mailadres").fill("anneke@example.net")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Rondleiding boeken").click()
    assert posted.value.status == 429, posted.value.status
    expect(page.get_by_role("heading", level=1)).to_have_text("Even geduld, alstublieft")
    expect(page.get_by_role("link", name="Terug naar de tijden")).to_have_attribute(
        "href", f"/rondleidingen/{building.slug}/"
    )
    assert TourBooking.objects.count() == 2, "a refused post books nothing"
    audit.check(page, "te-veel-aanvragen")

    # Move the booking to another time, from the link in the e-mail.
    page.goto(booking_path(booking))
    page.get_by_role("link", name="Andere tijd kiezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Andere tijd kiezen")
    audit.check(page, "verzetten")

    page.get_by_role("button", name="Naar deze tijd verzetten").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een nieuwe tijd.")
    audit.check(page, "verzetten-fout")

    new_time = page.get_by_role("radio").nth(1)
    new_time.check()
    page.get_by_role("button", name="Naar deze tijd verzetten").click()
    expect_message(page, "Uw rondleiding is verzet. U krijgt een e-mail met de nieuwe tijd.")
    old_start = booking.start
    booking.refresh_from_db()
    assert booking.start != old_start
    assert booking.status == BookingStatus.BOOKED
    assert [m.subject for m in mails_to(mailoutbox, VISITOR_EMAIL)][-1] == "Rondleiding De Linde: nieuwe tijd"
    expect(page.locator(".facts")).to_contain_text(f"{timezone.localtime(booking.start):%H:%M}–")

    # The link of a tour that is over explains itself, with status 410 (Gone).
    console_guard.allow(r"status of 410")
    response = page.goto(booking_path(past_booking))
    assert response.status == 410, response.status
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    expect(page.get_by_role("link", name="Een nieuwe rondleiding boeken")).to_have_attribute("href", "/rondleidingen/")
    audit.check(page, "link-verlopen")

    audit.assert_no_violations()


def test_staff_open_a_booking_from_the_list_move_it_and_cancel_it(
    page, login_as, mailoutbox, moderator, ambassador, building, booking
):
    """In the admin, under its CSP: the list, the booking, another free time, then cancelling it."""
    login_as(page.context, moderator)
    page.goto("/admin/rondleidingen/")
    main = page.locator("#main")
    main.get_by_role("link", name=booking.start_label).click()
    expect(main.get_by_role("textbox", name="Naam")).to_have_value("Marijke Smit")

    page.get_by_role("link", name="Verzetten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rondleiding verzetten")
    page.locator('input[name="slot"]').nth(0).check()
    page.get_by_role("button", name="Naar deze tijd verzetten").click()
    expect(page.get_by_text("De rondleiding is verzet.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.sequence == 1
    moved_to = booking.start_label

    page.locator("#main").get_by_role("link", name=moved_to).click()
    page.get_by_role("link", name="Annuleren").click()
    page.get_by_role("button", name="Ja, annuleer de rondleiding").click()

    expect(page.get_by_text("De rondleiding is geannuleerd.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    expect(page.locator("#main").get_by_role("row", name=re.compile(moved_to))).to_contain_text("Geannuleerd")


# --------------------------------------------------------------------------
# e. An ambassador who cannot make a tour hands it to a colleague (issue 18)
# --------------------------------------------------------------------------


def test_ambassador_who_cannot_come_hands_the_tour_to_a_colleague(
    page, audit, login_as, mailoutbox, ambassador, ambassador_user, building, booking
):
    """'Ik kan niet' on /mijn/rondleidingen/: Wim is free then and takes the tour over; the visitor keeps the time and
    hears who receives her, Wim gets it for his calendar, Ria has it off her list."""
    wim_user = UserFactory(email="wim@example.org", first_name="Wim")
    ResidentProfileFactory(user=wim_user, building=building, apartment_number="12")
    wim = services.ambassador_appoint(
        user=wim_user, building=building, display_name="Wim", introduction="Ik laat u de tuin zien.", languages=["nl"]
    )
    services.weekly_times_replace(ambassador=wim, times=EVERY_DAY_MORNING)
    mailoutbox.clear()
    start = timezone.localtime(booking.start)

    login_as(page.context, ambassador_user)
    page.goto("/mijn/rondleidingen/")
    tour = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=3, name=re.compile(day_label(start)))
    )
    tour.get_by_role("link", name=re.compile("^Ik kan niet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U kunt niet bij deze rondleiding zijn")
    expect(page.get_by_role("heading", level=2, name="Geef door aan een collega")).to_be_visible()
    audit.check(page, "mijn-rondleiding-ik-kan-niet")

    page.get_by_role("button", name="Doorgeven").click()  # nobody chosen yet
    expect(page.get_by_role("alert").get_by_role("heading", name="Er is iets niet goed ingevuld")).to_be_visible()
    audit.check(page, "mijn-rondleiding-ik-kan-niet-fout")

    page.get_by_role("radio", name="Wim").check()
    page.get_by_role("button", name="Doorgeven").click()
    expect(page).to_have_url(re.compile(r"/mijn/rondleidingen/$"))
    expect_message(page, "Wim neemt de rondleiding over. De bezoeker en Wim krijgen bericht.")
    expect(page.get_by_text("Er zijn nog geen rondleidingen geboekt.")).to_be_visible()

    booking.refresh_from_db()
    assert (booking.ambassador_id, booking.status, timezone.localtime(booking.start)) == (
        wim.pk,
        BookingStatus.BOOKED,
        start,
    )
    (visitor,) = mails_to(mailoutbox, VISITOR_EMAIL)
    assert "Wim ontvangt u" in visitor.subject
    assert calendar_event(visitor).decoded("dtstart") == booking.start
    (to_wim,) = mails_to(mailoutbox, "wim@example.org")
    assert calendar_event(to_wim).decoded("dtstart") == booking.start
    assert mails_to(mailoutbox, AMBASSADOR_EMAIL), "Ria hears it is off her list"

    # Wim sees it on his own list, and prints the day list to take along.
    login_as(page.context, wim_user)
    page.goto("/mijn/rondleidingen/")
    expect(page.get_by_role("listitem").filter(has_text="Marijke Smit")).to_have_count(1)
    page.get_by_role("link", name=re.compile("^Daglijst printen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rondleidingen op {day_label(start, 'l j F Y')}")
    expect(page.get_by_role("row").filter(has_text="Marijke Smit")).to_contain_text(start.strftime("%H:%M"))
    audit.check(page, "mijn-daglijst")

    # Wim cannot come either, and Ria is on holiday that day: nobody is free, so he cancels with a reason.
    services.blocked_period_add(ambassador=ambassador, first_day=start.date())
    mailoutbox.clear()
    page.goto("/mijn/rondleidingen/")
    page.get_by_role("link", name=re.compile("^Ik kan niet")).click()
    expect(page.get_by_text("Er is geen collega die op die tijd vrij staat.", exact=False)).to_be_visible()
    audit.check(page, "mijn-rondleiding-annuleren-met-reden")
    page.get_by_role("radio", name="Ik ben verhinderd").check()
    page.get_by_role("button", name="Rondleiding annuleren").click()
    expect_message(
        page, "De rondleiding is geannuleerd. De bezoeker krijgt bericht, met een link om opnieuw te boeken."
    )
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "verhinderd")
    (visitor,) = mails_to(mailoutbox, VISITOR_EMAIL)
    assert f"/rondleidingen/{building.slug}/" in visitor.body
    audit.assert_no_violations()


def test_ambassador_offers_an_open_afternoon_that_a_visitor_finds(
    page, audit, login_as, ambassador, ambassador_user, building
):
    """From 'Mijn rondleidingen' to 'Open middag aanbieden': a mistake first (the end before the start, what was
    typed stays), then the afternoon, listed with its places and on the building's tour page for visitors."""
    day = timezone.localdate() + timedelta(days=12)
    login_as(page.context, ambassador_user)
    page.goto("/mijn/rondleidingen/")
    page.get_by_role("link", name="Open middag aanbieden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open middag aanbieden")
    audit.check(page, "open-middag")

    page.get_by_label("Naam").fill("Open middag met koffie")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Van").fill("15:00")
    page.get_by_label("Tot").fill("14:00")
    page.get_by_label("Hoeveel mensen kunnen er komen?").select_option("12")
    page.get_by_role("button", name="Open middag aanbieden").click()
    expect(page.get_by_text("De eindtijd moet na de begintijd liggen.").first).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("Open middag met koffie")
    audit.check(page, "open-middag-fout")

    page.get_by_label("Van").fill("14:00")
    page.get_by_label("Tot").fill("16:00")
    page.get_by_role("button", name="Open middag aanbieden").click()
    expect_message(page, f"De open middag staat op de rondleidingenpagina van {building.title}.")
    expect(page.get_by_role("main")).to_contain_text("0 van de 12 plaatsen bezet.")

    visitor = page.context.browser.new_context(base_url=page.url.split("/mijn/")[0]).new_page()
    visitor.goto(f"/rondleidingen/{building.slug}/")
    expect(visitor.get_by_role("main")).to_contain_text("Open middag met koffie")
    visitor.context.close()
    audit.assert_no_violations()
