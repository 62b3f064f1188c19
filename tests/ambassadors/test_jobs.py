"""Reminders the day before (exactly once) and the retention of visitors' details."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ambassadors import services, tasks
from ambassadors.models import BookingStatus, TourBooking

pytestmark = pytest.mark.django_db


def test_reminders_go_to_visitor_and_ambassador_the_day_before_exactly_once(ambassador, slots, book):
    booking = book(slots[0])
    later = book(slots[-1], email="later@example.net", request_key="later")
    mail.outbox.clear()
    day_before = timezone.localtime(booking.start - timedelta(days=1)).replace(hour=10, minute=0)

    sent = tasks.send_tour_reminders(now=day_before)
    again = tasks.send_tour_reminders(now=day_before + timedelta(minutes=15))

    assert (sent, again) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["marijke@example.net", ambassador.user.email])
    assert all("Morgen" in m.subject for m in mail.outbox)
    booking.refresh_from_db()
    later.refresh_from_db()
    assert booking.reminder_sent_at is not None
    assert later.reminder_sent_at is None


def test_no_reminder_for_a_cancelled_tour(ambassador, slots, book):
    booking = services.booking_cancel(booking=book(slots[0]))
    mail.outbox.clear()
    day_before = timezone.localtime(booking.start - timedelta(days=1)).replace(hour=10, minute=0)
    assert tasks.send_tour_reminders(now=day_before) == 0
    assert mail.outbox == []


def test_the_reminder_command_sends_them(ambassador, slots, book, capsys, settings):
    settings.PORTAL_REMINDER_HOUR = 0  # whatever the time of day the test runs
    book(slots[0])
    mail.outbox.clear()
    TourBooking.objects.update(
        start=timezone.now() + timedelta(days=1), end=timezone.now() + timedelta(days=1, minutes=45)
    )
    call_command("send_tour_reminders")
    assert len(mail.outbox) == 2
    assert "2" in capsys.readouterr().out


def past(booking, *, days_ago):
    end = timezone.now() - timedelta(days=days_ago)
    TourBooking.objects.filter(pk=booking.pk).update(start=end - timedelta(minutes=45), end=end)


def test_retention_clears_only_what_is_due_and_keeps_the_count(ambassador, slots, book, settings):
    settings.PORTAL_TOUR_RETENTION_DAYS = 30
    due = book(slots[0], request_key="a")
    not_yet = book(slots[1], request_key="b", email="b@example.net")
    upcoming = book(slots[2], request_key="c", email="c@example.net")
    past(due, days_ago=31)
    past(not_yet, days_ago=29)
    TourBooking.objects.filter(pk=due.pk).update(status=BookingStatus.HELD)

    assert services.bookings_anonymise_due() == 1
    assert services.bookings_anonymise_due() == 0

    due.refresh_from_db()
    not_yet.refresh_from_db()
    upcoming.refresh_from_db()
    assert (due.name, due.email, due.phone) == ("", "", "")
    assert due.anonymised_at is not None
    assert due.status == BookingStatus.HELD  # still counted in the figures
    assert not_yet.name == "Marijke Smit"
    assert upcoming.email == "c@example.net"
    assert TourBooking.objects.count() == 3


def test_the_retention_command_logs_how_many_it_cleared(ambassador, slots, book, caplog, capsys):
    past(book(slots[0]), days_ago=40)
    with caplog.at_level("INFO", logger="ambassadors"):
        call_command("purge_tour_visitors")
    assert "1" in capsys.readouterr().out
    assert any("Cleared the visitor's details of 1 tour bookings" in r.getMessage() for r in caplog.records)


def test_a_tour_booked_after_the_days_reminder_run_is_still_reminded_once(ambassador, slots, book):
    """The scheduler checks every 15 minutes: a booking made after 10:00 the day before is not forgotten."""
    from portal import scheduler

    # Two tours of one day (the first day may have only its later tour left, within the notice period).
    morning, later = next(
        (a, b) for a, b in itertools.pairwise(slots) if timezone.localdate(a.start) == timezone.localdate(b.start)
    )
    first = book(morning)
    job = scheduler.job_get(name="send_tour_reminders")
    ten = timezone.localtime(first.start - timedelta(days=1)).replace(hour=10, minute=0)
    mail.outbox.clear()

    scheduler.job_run_due(job=job, now=ten)
    late = book(later, email="laat@example.net", request_key="laat")  # the same day as the first
    scheduler.job_run_due(job=job, now=ten + timedelta(minutes=15))
    scheduler.job_run_due(job=job, now=ten + timedelta(minutes=30))

    assert timezone.localdate(late.start) == timezone.localdate(first.start)
    visitors = sorted(m.to[0] for m in mail.outbox if m.to[0] != ambassador.user.email)
    assert visitors == ["laat@example.net", "marijke@example.net"]
    assert len([m for m in mail.outbox if m.to == [ambassador.user.email]]) == 2
