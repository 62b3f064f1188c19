"""Background jobs (django-tasks): booking e-mails with .ics to visitor and ambassador; the reminders.

The periodic jobs (reminders, the visitors' retention) are declared in `ambassadors/jobs.py` and run by
`manage.py scheduler`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from portal.localtime import day_range
from portal.mail import mail_send, recipient_language


def _context(booking) -> dict:
    from ambassadors.tokens import booking_path

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "booking": booking,
        "building": booking.building,
        "ambassador": booking.ambassador,
        "start": timezone.localtime(booking.start),
        "end": timezone.localtime(booking.end),
        "link": f"{base}{booking_path(booking)}",
        "my_tours": f"{base}/mijn/rondleidingen/",
        # The ambassador's mails link to the tour on their page instead of carrying the visitor's details:
        # a mailbox keeps them long after the portal has wiped them (`services.bookings_anonymise_due`).
        "my_tour": f"{base}/mijn/rondleidingen/#rondleiding-{booking.pk}",
        "book_again": f"{base}/rondleidingen/{booking.building.slug}/",
    }


def _ambassador_address(ambassador) -> str:
    """An ambassador whose account was deleted (`portal.privacy`) gets no mail: the address is a placeholder."""
    return ambassador.user.email if ambassador.user.is_active else ""


def mails_for(booking, *, event: str, previous_ambassador=None, previous_start=None) -> int:
    """The visitor's and the ambassador's e-mail about one event of a booking."""
    from ambassadors.ical import calendar_for

    context = _context(booking)
    context["previous_start"] = previous_start
    context["event"] = event
    ics = ("rondleiding.ics", calendar_for(booking, link=context["link"]))
    # The ambassador's calendar links to their own page, never to the visitor's signed link.
    ambassador_ics = ("rondleiding.ics", calendar_for(booking, link=context["my_tour"], for_ambassador=True))
    sent = mail_send(
        template=f"ambassadors/email/visitor_{event}",
        context=context,
        to=booking.email,
        language=booking.language,
        calendar=ics,
    )
    ambassador = booking.ambassador
    sent += mail_send(
        template=f"ambassadors/email/ambassador_{event}",
        context=context,
        to=_ambassador_address(ambassador),
        language=recipient_language(ambassador.user),
        calendar=ambassador_ics if event != "reminder" else None,
    )
    if previous_ambassador is not None and previous_ambassador.pk != ambassador.pk:
        # The tour went to a colleague: the first ambassador hears it is off their list.
        sent += mail_send(
            template="ambassadors/email/ambassador_handed_over",
            context={**context, "ambassador": previous_ambassador},
            to=_ambassador_address(previous_ambassador),
            language=recipient_language(previous_ambassador.user),
        )
    return sent


def _booking(booking_id: int):
    from ambassadors.models import TourBooking

    return TourBooking.objects.select_related("ambassador__user__resident_profile", "building").get(pk=booking_id)


@task()
def send_booking_mails(
    *, booking_id: int, event: str, previous_ambassador_id: int | None = None, previous_start: str | None = None
) -> int:
    from ambassadors.models import Ambassador

    booking = _booking(booking_id)
    previous_ambassador = (
        Ambassador.objects.select_related("user__resident_profile").filter(pk=previous_ambassador_id).first()
        if previous_ambassador_id
        else None
    )
    return mails_for(
        booking,
        event=event,
        previous_ambassador=previous_ambassador,
        previous_start=timezone.localtime(datetime.fromisoformat(previous_start)) if previous_start else None,
    )


@task()
def send_visitor_link(*, booking_id: int) -> int:
    """The visitor asked for the link of their tour again (they tried to book a second one in that building)."""
    from ambassadors.ical import calendar_for

    booking = _booking(booking_id)
    context = _context(booking)
    return mail_send(
        template="ambassadors/email/visitor_link",
        context=context,
        to=booking.email,
        language=booking.language,
        calendar=("rondleiding.ics", calendar_for(booking, link=context["link"])),
    )


@task()
def send_tour_request_mails(*, request_id: int) -> int:
    """A tour request: to the letting team (who call or mail back), and a receipt to the visitor."""
    from ambassadors.models import TourRequest
    from portal.context_processors import corporation_contact

    request = TourRequest.objects.select_related("building").get(pk=request_id)
    context = {
        "request": request,
        "building": request.building,
        "corporation": corporation_contact(),
        "retention_days": settings.PORTAL_TOUR_RETENTION_DAYS,
    }
    sent = mail_send(
        template="ambassadors/email/letting_tour_request", context=context, to=settings.PORTAL_LETTING_TEAM_EMAIL
    )
    sent += mail_send(template="ambassadors/email/visitor_tour_request", context=context, to=request.email)
    return sent


@task()
def send_group_place_mail(*, place_id: int, event: str) -> int:
    """The visitor's confirmation (or cancellation) of their places on a group tour, with the .ics."""
    from ambassadors.ical import calendar_for_group_place
    from ambassadors.models import GroupTourPlace
    from ambassadors.tokens import group_place_path

    place = GroupTourPlace.objects.select_related("group_tour__building", "group_tour__ambassador").get(pk=place_id)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    group_tour = place.group_tour
    link = f"{base}{group_place_path(place)}" if event != "cancelled" else ""
    context = {
        "place": place,
        "group_tour": group_tour,
        "building": group_tour.building,
        "start": timezone.localtime(group_tour.start),
        "end": timezone.localtime(group_tour.end),
        "link": link,
        "book_again": f"{base}/rondleidingen/{group_tour.building.slug}/",
    }
    return mail_send(
        template=f"ambassadors/email/visitor_group_{event}",
        context=context,
        to=place.email,
        calendar=("rondleiding.ics", calendar_for_group_place(place, link=link)),
    )


def send_tour_reminders(*, now: datetime | None = None) -> int:
    """Tomorrow's tours: the visitor and the ambassador, each booking exactly once.

    From `PORTAL_REMINDER_HOUR` (10:00) the day before. The scheduler (`ambassadors.jobs`) calls this every
    15 minutes, so a tour booked later that day is still reminded; a booking made less than
    `PORTAL_REMINDER_MIN_LEAD_HOURS` before the start gets none (the confirmation has just come).
    """
    from ambassadors.models import BookingStatus, TourBooking

    moment = now or timezone.now()
    local = timezone.localtime(moment)
    if local.hour < settings.PORTAL_REMINDER_HOUR:
        return 0
    day_start, day_end = day_range(local.date() + timedelta(days=1))
    sent = 0
    with transaction.atomic():
        # Rows another run is already handling are skipped, not sent twice.
        due = list(
            TourBooking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=BookingStatus.BOOKED,
                reminder_sent_at__isnull=True,
                start__gte=day_start,
                start__lt=day_end,
                start__gt=moment,
                created_at__lte=F("start") - timedelta(hours=settings.PORTAL_REMINDER_MIN_LEAD_HOURS),
            )
            .select_related("ambassador__user__resident_profile", "building")
        )
        for booking in due:
            sent += mails_for(booking, event="reminder")
        TourBooking.objects.filter(pk__in=[b.pk for b in due]).update(reminder_sent_at=timezone.now())
    return sent
