"""Background jobs (django-tasks): sign-up e-mails with .ics and promotions; the reminders the scheduler sends.

The periodic jobs themselves (reminders, the daily roll, the neighbours' details) are declared in
`activities/jobs.py` and run by `manage.py scheduler`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from portal.localtime import day_range
from portal.mail import mail_send


@task()
def send_signup_confirmation(*, registration_id: int, promoted: bool = False) -> int:
    """The resident's place on a date, with the .ics; `promoted`: the place came free from the waiting list."""
    from activities.ical import calendar_for
    from activities.models import Registration

    registration = Registration.objects.select_related("occurrence__activity", "user").get(pk=registration_id)
    occurrence = registration.occurrence
    return mail_send(
        template="activities/email/promoted" if promoted else "activities/email/signup",
        context={"registration": registration, "occurrence": occurrence, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=registration.user.email,
        calendar=(
            "activiteit.ics",
            calendar_for([occurrence], name=occurrence.activity.title, base_url=settings.WAGTAILADMIN_BASE_URL),
        ),
    )


@task()
def send_promoted(*, registration_id: int) -> int:
    """Kept for one release, for jobs queued before the two confirmations became one: remove after it."""
    return send_signup_confirmation.func(registration_id=registration_id, promoted=True)


@task()
def send_date_gone(*, user_ids: list[int], title: str, start: str) -> int:
    emails = list(get_user_model().objects.filter(pk__in=user_ids).exclude(email="").values_list("email", flat=True))
    return sum(
        mail_send(
            template="activities/email/date_gone",
            context={"title": title, "start": datetime.fromisoformat(start)},
            to=[email],
        )
        for email in emails
    )


def send_reminders(*, now: datetime | None = None) -> int:
    """Tomorrow's dates: each signed-up resident with an e-mail address, once; the organisers get the list.

    From `PORTAL_REMINDER_HOUR` (10:00) the day before. The scheduler (`activities.jobs`) calls this every
    15 minutes, so someone who signs up later that day is still reminded, once (`reminder_sent_at`, and the
    row lock makes a second run skip what the first is sending). Someone who signs up less than
    `PORTAL_REMINDER_MIN_LEAD_HOURS` before the start gets no reminder: their confirmation has just come.
    Sign-ups on the day itself are never "tomorrow", so they get none either.
    """
    from activities.models import Occurrence, Registration, RegistrationStatus

    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.PORTAL_REMINDER_HOUR:
        return 0
    lead = timedelta(hours=settings.PORTAL_REMINDER_MIN_LEAD_HOURS)
    day_start, day_end = day_range(local.date() + timedelta(days=1))
    sent = 0
    occurrences = (
        Occurrence.objects.filter(start__gte=day_start, start__lt=day_end, cancelled=False)
        # Only dates with something left to send: every 15 minutes, most have nothing.
        .filter(
            Q(list_sent_at__isnull=True)
            | Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__reminder_sent_at__isnull=True)
        )
        .distinct()
        .select_related("activity")
    )
    for occurrence in occurrences:
        with transaction.atomic():
            due = list(
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    occurrence=occurrence,
                    status=RegistrationStatus.CONFIRMED,
                    reminder_sent_at__isnull=True,
                    created_at__lte=occurrence.start - lead,
                )
                .select_related("user__resident_profile")
            )
            for registration in due:
                if _wants_reminder(registration.user):
                    sent += mail_send(
                        template="activities/email/reminder",
                        context={"registration": registration, "occurrence": occurrence},
                        to=[registration.user.email],
                    )
            Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminder_sent_at=timezone.now())
            sent += _send_list_to_organisers(occurrence)
    return sent


def _wants_reminder(user) -> bool:
    """A resident with an e-mail address who did not switch reminders off on /mijn/ (on by default).

    Only the resident's own reminder: the organisers' list and the `reminder_sent_at` mark are not affected.
    """
    if user is None or not user.email:
        return False
    profile = getattr(user, "resident_profile", None)
    return profile is None or profile.reminder_emails


def _send_list_to_organisers(occurrence) -> int:
    """Tomorrow's names to the organising committee, once per date (the row lock makes a second run wait)."""
    from activities.models import Occurrence, RegistrationStatus
    from committees.models import CommitteeMembership

    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if locked.list_sent_at is not None:
        return 0
    activity = occurrence.activity
    organisers = sorted(
        set(
            CommitteeMembership.objects.filter(committee_id=activity.committee_id)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    registrations = list(
        locked.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user__resident_profile")
    )
    sent = 0
    if organisers and registrations:
        sent = mail_send(
            template="activities/email/organiser_list",
            context={
                "occurrence": occurrence,
                "registrations": registrations,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            },
            to=organisers,
        )
    Occurrence.objects.filter(pk=locked.pk).update(list_sent_at=timezone.now())
    return sent
