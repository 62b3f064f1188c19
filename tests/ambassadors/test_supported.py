"""Issue 18: ambassadors supported. A tour they cannot give goes to a free colleague before it is cancelled; limits
per day and week; a private calendar feed; a printable day list; windows that hold a tour and do not overlap; and
mails that link to the tour instead of carrying the visitor's contact details."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from ambassadors import selectors, services
from ambassadors.calendar_links import feed_path
from ambassadors.forms import ExtraTimeForm
from ambassadors.models import Ambassador, BookingStatus, TourBooking
from portal.localtime import local_tz

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_ambassador):
    """Wim, ambassador of De Linde too, with the same mornings as Ria."""
    return make_ambassador(email="wim@example.org", name="Wim")


def local_day(booking_or_slot):
    return booking_or_slot.start.astimezone(local_tz()).date()


def ria_slot(slots, ambassador, day=None):
    return next(s for s in slots if s.ambassador_id == ambassador.pk and day in (None, local_day(s)))


def book_ria(ambassador, day=None, **kwargs):
    slot = ria_slot(selectors.building_slots(building=ambassador.building), ambassador, day)
    kwargs.setdefault("name", "Marijke Smit")
    kwargs.setdefault("email", "marijke@example.net")
    kwargs.setdefault("phone", "06 12345678")
    return services.booking_create(ambassador_id=ambassador.pk, start=slot.start, **kwargs)


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


# --- "Ik kan niet": hand over to a colleague, else cancel with a reason --------------------------------------


def test_a_tour_goes_to_a_free_colleague_and_the_visitor_keeps_the_time(
    client, ambassador, colleague, make_ambassador, django_capture_on_commit_callbacks
):
    booking = book_ria(ambassador)
    away = make_ambassador(email="kees@example.org", name="Kees")
    services.blocked_period_add(ambassador=away, first_day=local_day(booking))  # Kees is on holiday that day
    mail.outbox.clear()
    client.force_login(ambassador.user)

    page = client.get(f"/mijn/rondleidingen/{booking.pk}/annuleren/").content.decode()
    assert "Geef door aan een collega" in page
    assert "Wim" in page
    assert "Kees" not in page
    assert 'value="annuleren"' not in page  # cancelling comes only when nobody is free

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mijn/rondleidingen/{booking.pk}/annuleren/", {"action": "doorgeven", "colleague": colleague.pk}
        )
    assert response.status_code == 302
    old_start = booking.start
    booking.refresh_from_db()
    assert (booking.ambassador, booking.status, booking.start) == (colleague, BookingStatus.BOOKED, old_start)
    assert booking.sequence == 1

    (visitor,) = mail_to("marijke@example.net")
    assert "Wim ontvangt u" in visitor.subject
    assert "U hoeft niets te doen" in visitor.body
    event = Calendar.from_ical(visitor.attachments[0][1]).walk("VEVENT")[0]
    assert (event.decoded("dtstart"), int(event["SEQUENCE"])) == (old_start, 1)
    (to_wim,) = mail_to("wim@example.org")
    assert "overgenomen" in to_wim.subject
    assert to_wim.attachments  # the tour for Wim's calendar
    (to_ria,) = mail_to(ambassador.user.email)
    assert "doorgegeven" in to_ria.subject
    assert "Wim neemt de rondleiding van u over" in to_ria.body
    # On the lists: off Ria's, on Wim's.
    assert booking not in selectors.ambassador_tours(ambassador=ambassador)["upcoming"]
    assert booking in selectors.ambassador_tours(ambassador=colleague)["upcoming"]


def test_a_colleague_with_a_tour_of_their_own_then_is_not_offered(client, ambassador, colleague):
    booking = book_ria(ambassador)
    services.booking_create(ambassador_id=colleague.pk, start=booking.start, name="Johan de Wit", email="j@x.nl")

    assert selectors.colleagues_free_for(booking=booking) == []
    with pytest.raises(services.NobodyFree, match="kan op die tijd niet meer"):
        services.booking_hand_over(booking=booking, to_ambassador_id=colleague.pk, by=ambassador.user)


def test_a_colleague_at_their_limit_for_the_day_is_not_offered(ambassador, colleague):
    # A day with two free times for Wim: today, late in the morning, may have only one left.
    days = [local_day(s) for s in selectors.building_slots(building=colleague.building, ambassador=colleague)]
    booking = book_ria(ambassador, day=next(day for day in days if days.count(day) >= 2))
    Ambassador.objects.filter(pk=colleague.pk).update(max_tours_per_day=1)
    later = next(
        s
        for s in selectors.building_slots(building=colleague.building, ambassador=colleague)
        if local_day(s) == local_day(booking) and s.start != booking.start
    )
    services.booking_create(ambassador_id=colleague.pk, start=later.start, name="Johan de Wit", email="j@x.nl")

    assert selectors.colleagues_free_for(booking=booking) == []


def test_nobody_free_then_cancel_with_a_reason_and_the_visitor_may_book_again(
    client, ambassador, django_capture_on_commit_callbacks
):
    booking = book_ria(ambassador)
    mail.outbox.clear()
    client.force_login(ambassador.user)
    url = f"/mijn/rondleidingen/{booking.pk}/annuleren/"
    page = client.get(url).content.decode()
    assert "Ik ben ziek" in page
    assert "Ik ben verhinderd" in page
    assert "<textarea" not in page  # a choice, never free text

    missing = client.post(url, {"action": "annuleren"})
    assert "Kies een reden" in missing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "annuleren", "reason": "ziek"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "ziek")
    (visitor,) = mail_to("marijke@example.net")
    assert "De ambassadeur kan helaas niet komen" in visitor.body
    assert "http://testserver/rondleidingen/de-linde/" in visitor.body
    assert "ziek" not in visitor.body  # the reason is for staff only


def test_no_cancelling_while_a_colleague_can_take_it(client, ambassador, colleague):
    booking = book_ria(ambassador)
    client.force_login(ambassador.user)

    response = client.post(f"/mijn/rondleidingen/{booking.pk}/annuleren/", {"action": "annuleren", "reason": "ziek"})

    assert "Geef hem eerst door" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_only_the_ambassador_of_the_tour_or_staff_hands_it_over(client, ambassador, colleague):
    booking = book_ria(ambassador)
    client.force_login(colleague.user)

    assert client.get(f"/mijn/rondleidingen/{booking.pk}/annuleren/").status_code == 404
    with pytest.raises(services.TourError):
        services.booking_hand_over(booking=booking, to_ambassador_id=colleague.pk, by=colleague.user)
    booking.refresh_from_db()
    assert booking.ambassador == ambassador


# --- Limits per day and week -----------------------------------------------------------------------------------


def test_no_slots_past_the_limit_of_the_day_and_the_service_says_why(ambassador, building):
    Ambassador.objects.filter(pk=ambassador.pk).update(max_tours_per_day=1)
    ambassador.refresh_from_db()
    first = book_ria(ambassador)
    day = local_day(first)

    offered = selectors.building_slots(building=building)
    assert not [s for s in offered if local_day(s) == day]
    assert [s for s in offered if local_day(s) == day + timedelta(days=1)]
    second = first.start + timedelta(hours=1)  # 11:00, Ria's second slot that morning
    with pytest.raises(services.TourLimitReached, match="Ria geeft op die dag al 1 rondleidingen"):
        services.booking_create(ambassador_id=ambassador.pk, start=second, name="Johan de Wit", email="j@x.nl")


def test_no_slots_past_the_limit_of_the_week(ambassador, building):
    Ambassador.objects.filter(pk=ambassador.pk).update(max_tours_per_week=2)
    ambassador.refresh_from_db()
    slots = selectors.building_slots(building=building)
    # A week with at least three days of slots ahead (whole weeks lie within the weeks ahead).
    week_of = {}
    for slot in slots:
        week_of.setdefault(local_day(slot).isocalendar()[:2], []).append(slot)
    week, in_week = next((w, s) for w, s in week_of.items() if len({local_day(x) for x in s}) >= 3)
    days = sorted({local_day(s) for s in in_week})
    for number, day in enumerate(days[:2]):  # two visitors: one mailbox holds one tour per building
        slot = next(s for s in in_week if local_day(s) == day)
        services.booking_create(
            ambassador_id=ambassador.pk, start=slot.start, name="Johan de Wit", email=f"bezoeker{number}@x.nl"
        )

    offered = selectors.building_slots(building=building)
    assert not [s for s in offered if local_day(s).isocalendar()[:2] == week]
    assert [s for s in offered if local_day(s).isocalendar()[:2] != week]
    third = next(s for s in in_week if local_day(s) == days[2])
    with pytest.raises(services.TourLimitReached, match="die week al 2"):
        services.booking_create(ambassador_id=ambassador.pk, start=third.start, name="Gerrit Bos", email="g@x.nl")


def test_the_limits_have_sensible_defaults(ambassador):
    assert (ambassador.max_tours_per_day, ambassador.max_tours_per_week) == (2, 5)


# --- The private calendar feed -------------------------------------------------------------------------------


def test_the_private_feed_holds_my_own_tours_without_the_visitors_details(
    client, ambassador, colleague, other_ambassador
):
    mine = book_ria(ambassador)
    cancelled = book_ria(ambassador, name="Johan de Wit", email="johan@example.net")
    services.booking_cancel(booking=cancelled)
    slot = ria_slot(selectors.building_slots(building=colleague.building), colleague)
    theirs = services.booking_create(ambassador_id=colleague.pk, start=slot.start, name="Gerrit", email="g@x.nl")
    client.force_login(ambassador.user)
    page = client.get("/mijn/rondleidingen/").content.decode()
    path = feed_path(ambassador)
    assert "Zet in uw agenda" in page
    assert f"webcal://testserver{path}" in page
    client.logout()

    response = client.get(path)  # a calendar app: nobody logged in

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == [f"rondleiding-{mine.pk}"]
    assert events[0].decoded("dtstart") == mine.start
    assert f"rondleiding-{theirs.pk}" not in response.content.decode()
    text = response.content.decode().replace("\r\n ", "")
    for detail in ["Marijke", "marijke@example.net", "06 12345678", "/rondleidingen/boeking/"]:
        assert detail not in text
    assert f"/mijn/rondleidingen/#rondleiding-{mine.pk}" in text


def test_a_new_feed_link_stops_the_old_one_and_a_tampered_one_finds_nobody(client, ambassador):
    old = feed_path(ambassador)
    client.force_login(ambassador.user)

    answer = client.post(reverse("my_tours_feed_renew"), follow=True)
    client.logout()

    ambassador.refresh_from_db()
    new = feed_path(ambassador)
    assert new != old
    assert "De oude link werkt niet meer" in answer.content.decode()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(new.replace("/rondleidingen.ics", "x/rondleidingen.ics")).status_code == 404


# --- The printable day list --------------------------------------------------------------------------------------


def test_the_day_list_shows_the_days_tours_to_print(client, ambassador):
    booking = book_ria(ambassador, party_size=3, language="en")
    other_day = next(
        s
        for s in selectors.building_slots(building=ambassador.building)
        if local_day(s) == local_day(booking) + timedelta(days=1)
    )
    services.booking_create(ambassador_id=ambassador.pk, start=other_day.start, name="Johan de Wit", email="j@x.nl")
    client.force_login(ambassador.user)

    overview = client.get("/mijn/rondleidingen/").content.decode()
    url = f"/mijn/rondleidingen/dag/{local_day(booking):%Y-%m-%d}/"
    assert url in overview
    page = client.get(url).content.decode()

    assert "Marijke Smit" in page
    assert "Johan de Wit" not in page
    start = booking.start.astimezone(local_tz())
    assert f"{start:%H:%M}" in page
    assert "<td>3</td>" in page
    assert "Engels" in page
    assert "page-day-list" in page  # the print style sheet's large type
    assert client.get("/mijn/rondleidingen/dag/2026-13-01/").status_code == 404


def test_nobody_else_sees_the_day_list(client, ambassador, colleague, resident):
    booking = book_ria(ambassador)
    url = f"/mijn/rondleidingen/dag/{local_day(booking):%Y-%m-%d}/"
    client.force_login(colleague.user)
    assert "Marijke Smit" not in client.get(url).content.decode()
    client.force_login(resident)
    assert client.get(url).status_code == 404


# --- Windows that hold a tour and do not overlap ------------------------------------------------------------------


def test_a_weekly_time_shorter_than_one_tour_is_refused(client, ambassador):
    with pytest.raises(services.ValidationError, match="minstens 45 minuten"):
        services.weekly_times_replace(
            ambassador=ambassador, times=[services.TimeRange(weekday=1, start=time(10), end=time(10, 30))]
        )
    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        {
            "action": "weekly",
            "vast-TOTAL_FORMS": "1",
            "vast-INITIAL_FORMS": "0",
            "vast-0-weekday": "1",
            "vast-0-start": "10:00",
            "vast-0-end": "10:30",
        },
    )
    assert response.status_code == 400
    assert "minstens 45 minuten" in response.content.decode()
    assert ambassador.weekly_times.count() == 7  # unchanged


def test_an_extra_time_overlapping_the_weekly_pattern_or_another_extra_time_is_refused(client, ambassador):
    day = local_day(book_ria(ambassador)) + timedelta(days=2)  # Ria has 10:00–12:00 every day
    with pytest.raises(services.ValidationError, match="vaste tijd van 10:00 tot 12:00"):
        services.extra_time_add(ambassador=ambassador, day=day, start=time(11), end=time(13))
    services.extra_time_add(ambassador=ambassador, day=day, start=time(14), end=time(16))
    with pytest.raises(services.ValidationError, match="extra tijd van 14:00 tot 16:00"):
        services.extra_time_add(ambassador=ambassador, day=day, start=time(15), end=time(17))
    with pytest.raises(services.ValidationError, match="minstens 45 minuten"):
        services.extra_time_add(ambassador=ambassador, day=day, start=time(18), end=time(18, 30))

    client.force_login(ambassador.user)
    response = client.post(
        "/mijn/rondleidingen/beschikbaarheid/",
        {"action": "extra", "extra-day": f"{day:%Y-%m-%d}", "extra-start": "11:30", "extra-end": "13:00"},
    )
    assert response.status_code == 400
    assert "vaste tijd van 10:00 tot 12:00 die hiermee overlapt" in response.content.decode()
    assert ambassador.extra_times.count() == 1


def test_the_extra_time_form_says_a_time_too_short_for_a_tour_at_once():
    form = ExtraTimeForm(
        {"extra-day": "2026-12-10", "extra-start": "10:00", "extra-end": "10:20"}, prefix="extra", tour_minutes=45
    )
    assert not form.is_valid()
    assert "minstens 45 minuten" in form.errors["end"][0]


# --- The ambassador's mails link to the tour instead of carrying the visitor's details -------------------------


@pytest.mark.parametrize("event", ["booked", "reminder", "moved"])
def test_the_ambassadors_mails_carry_no_contact_details_of_the_visitor(ambassador, event):
    from ambassadors.tasks import mails_for

    booking = book_ria(ambassador)
    mail.outbox.clear()
    mails_for(TourBooking.objects.get(pk=booking.pk), event=event)

    (message,) = mail_to(ambassador.user.email)
    for detail in ["Marijke", "marijke@example.net", "06 12345678"]:
        assert detail not in message.body
    assert f"http://testserver/mijn/rondleidingen/#rondleiding-{booking.pk}" in message.body
    for _name, content, _type in message.attachments:
        text = content.decode() if isinstance(content, bytes) else content
        assert "/rondleidingen/boeking/" not in text.replace("\r\n ", "")  # not the visitor's own link either


def test_staff_see_the_ambassadors_reason_on_the_booking(client, moderator, ambassador):
    booking = book_ria(ambassador)
    services.booking_cancel(booking=booking, by=ambassador.user, reason="verhinderd")
    client.force_login(moderator)

    page = client.get(f"/admin/rondleidingen/inspect/{booking.pk}/").content.decode()

    assert "Reden van de ambassadeur" in page
    assert "Ik ben verhinderd" in page


def test_the_ambassador_sets_their_own_limits(client, ambassador):
    client.force_login(ambassador.user)
    page = client.get("/mijn/rondleidingen/beschikbaarheid/").content.decode()
    assert "Hoeveel rondleidingen" in page

    wrong = client.post(
        "/mijn/rondleidingen/beschikbaarheid/", {"action": "limits", "hoeveel-per_day": "3", "hoeveel-per_week": "2"}
    )
    assert "niet minder rondleidingen zijn dan per dag" in wrong.content.decode()
    client.post(
        "/mijn/rondleidingen/beschikbaarheid/", {"action": "limits", "hoeveel-per_day": "1", "hoeveel-per_week": "3"}
    )
    ambassador.refresh_from_db()
    assert (ambassador.max_tours_per_day, ambassador.max_tours_per_week) == (1, 3)
