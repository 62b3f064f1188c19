"""Background jobs (django-tasks): sign-up e-mails with .ics, promotions, reminders, the daily roll."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from portal.localtime import day_range


def _mail(*, template: str, context: dict, to: list[str], ics: bytes | None = None) -> int:
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"activities/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"activities/email/{template}.txt", context)
    message = EmailMessage(subject, body, None, to)
    if ics is not None:
        message.attach("activiteit.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()


def _registration(registration_id: int):
    from activities.models import Registration

    return Registration.objects.select_related("occurrence__activity", "user").get(pk=registration_id)


@task()
def send_signup_confirmation(*, registration_id: int) -> int:
    from activities.ical import calendar_for

    registration = _registration(registration_id)
    occurrence = registration.occurrence
    return _mail(
        template="signup",
        context={"registration": registration, "occurrence": occurrence, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=[registration.user.email],
        ics=calendar_for([occurrence], name=occurrence.activity.title, base_url=settings.WAGTAILADMIN_BASE_URL),
    )


@task()
def send_promoted(*, registration_id: int) -> int:
    from activities.ical import calendar_for

    registration = _registration(registration_id)
    occurrence = registration.occurrence
    return _mail(
        template="promoted",
        context={"registration": registration, "occurrence": occurrence, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=[registration.user.email],
        ics=calendar_for([occurrence], name=occurrence.activity.title, base_url=settings.WAGTAILADMIN_BASE_URL),
    )


@task()
def send_date_gone(*, user_ids: list[int], title: str, start: str) -> int:
    emails = list(get_user_model().objects.filter(pk__in=user_ids).exclude(email="").values_list("email", flat=True))
    return sum(
        _mail(template="date_gone", context={"title": title, "start": datetime.fromisoformat(start)}, to=[email])
        for email in emails
    )


@task()
def send_reminders() -> int:
    """The day before: each signed-up resident with an e-mail address, once; the organisers get the list."""
    from activities.models import Occurrence, Registration, RegistrationStatus

    tomorrow = timezone.localdate() + timedelta(days=1)
    sent = 0
    day_start, day_end = day_range(tomorrow)
    occurrences = Occurrence.objects.filter(start__gte=day_start, start__lt=day_end, cancelled=False).select_related(
        "activity"
    )
    for occurrence in occurrences:
        with transaction.atomic():
            due = list(
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(occurrence=occurrence, status=RegistrationStatus.CONFIRMED, reminder_sent_at__isnull=True)
                .select_related("user__resident_profile")
            )
            for registration in due:
                if _wants_reminder(registration.user):
                    sent += _mail(
                        template="reminder",
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
            CommitteeMembership.objects.filter(committee__path=activity.path[: -activity.steplen])
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    registrations = list(
        locked.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user__resident_profile")
    )
    sent = 0
    if organisers and registrations:
        sent = _mail(
            template="organiser_list",
            context={
                "occurrence": occurrence,
                "registrations": registrations,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            },
            to=organisers,
        )
    Occurrence.objects.filter(pk=locked.pk).update(list_sent_at=timezone.now())
    return sent


@task()
def sync_occurrences() -> int:
    from activities import services

    return services.occurrences_sync_all()


@task()
def anonymise_past_neighbours() -> int:
    from activities import services

    return services.neighbours_anonymise_due()
