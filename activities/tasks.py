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
from portal.mail import mail_send, mail_send_people
from portal.mail import recipient_language as language_of


@task()
def send_signup_confirmation(*, registration_id: int, promoted: bool = False) -> int:
    """The resident's place on a date, with the .ics; `promoted`: the place came free from the waiting list."""
    from activities.ical import calendar_for
    from activities.models import Registration, RegistrationStatus
    from activities.tokens import cancel_path

    registration = Registration.objects.select_related("occurrence__activity", "user__resident_profile").get(
        pk=registration_id
    )
    occurrence = registration.occurrence
    return mail_send(
        template="activities/email/promoted" if promoted else "activities/email/signup",
        context={
            "registration": registration,
            "occurrence": occurrence,
            "base_url": settings.WAGTAILADMIN_BASE_URL,
            "cancel_path": cancel_path(registration),
        },
        to=registration.user.email,
        language=language_of(registration.user),
        calendar=(
            "activiteit.ics",
            calendar_for(
                [occurrence],
                name=occurrence.activity.title,
                base_url=settings.WAGTAILADMIN_BASE_URL,
                status="TENTATIVE" if registration.status == RegistrationStatus.WAITING else "",  # not yet a place
            ),
        ),
    )


@task()
def send_cancel_confirmation(*, registration_id: int) -> int:
    """The person's place is cancelled (by them or an organiser): a confirmation, with a calendar cancellation
    (METHOD:CANCEL, the same UID as the sign-up's) so their calendar app strikes the date."""
    from activities.ical import cancellation_for
    from activities.models import Registration

    registration = Registration.objects.select_related("occurrence__activity", "user__resident_profile").get(
        pk=registration_id
    )
    occurrence = registration.occurrence
    return mail_send(
        template="activities/email/cancelled",
        context={"registration": registration, "occurrence": occurrence, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=registration.user.email,
        language=language_of(registration.user),
        calendar=("afgemeld.ics", cancellation_for(occurrence, base_url=settings.WAGTAILADMIN_BASE_URL)),
    )


@task()
def send_promoted(*, registration_id: int) -> int:
    """Kept for one release, for jobs queued before the two confirmations became one: remove after it."""
    return send_signup_confirmation.func(registration_id=registration_id, promoted=True)


@task()
def send_date_gone(*, user_ids: list[int], title: str, start: str) -> int:
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="").select_related("resident_profile")
    return sum(
        mail_send(
            template="activities/email/date_gone",
            context={"title": title, "start": datetime.fromisoformat(start)},
            to=[user.email],
            language=language_of(user),
        )
        for user in users
    )


@task()
def send_single_place_offer(*, registration_id: int) -> int:
    """A place came free that was too small for someone waiting with a guest: they may come alone.

    To the person (when they have an e-mail address) and to whoever signed them up. Written when it is sent, so
    it says whether the place is still free or went to the next in line.
    """
    from activities.models import Registration, RegistrationStatus
    from activities.selectors import waiting_positions

    registration = Registration.objects.select_related("occurrence__activity", "user", "made_by").get(
        pk=registration_id
    )
    if registration.status != RegistrationStatus.WAITING or not registration.guests:
        return 0  # moved up, or dropped the guest, or cancelled in the meantime: nothing to offer any more
    occurrence = registration.occurrence
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "position": waiting_positions(registrations=[registration]).get(registration.pk),
        "place_free": bool(occurrence.places_left),
        "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    sent = 0
    if registration.user_id:
        sent += mail_send(
            template="activities/email/single_place",
            context=context,
            to=registration.user.email,
            language=language_of(registration.user),
        )
    if registration.on_behalf and registration.made_by:
        sent += mail_send(
            template="activities/email/single_place",
            context={**context, "for_proxy": True},
            to=registration.made_by.email,
            language=language_of(registration.made_by),
        )
    return sent


@task()
def send_promoted_to_proxy(*, registration_id: int) -> int:
    """Whoever signed a neighbour up hears that the neighbour moved up from the waiting list."""
    from activities.models import Registration

    registration = Registration.objects.select_related("occurrence__activity", "user__resident_profile", "made_by").get(
        pk=registration_id
    )
    if not registration.made_by:
        return 0
    return mail_send(
        template="activities/email/promoted_proxy",
        context={
            "registration": registration,
            "occurrence": registration.occurrence,
            "has_email": bool(registration.user_id and registration.user.email),
            "base_url": settings.WAGTAILADMIN_BASE_URL,
        },
        to=registration.made_by.email,
        language=language_of(registration.made_by),
    )


@task()
def send_date_gone_to_proxies(*, on_behalf: list[list], title: str, start: str) -> int:
    """A date that does not go on: whoever signed someone up for it hears whom to tell (`[made_by_id, name]`)."""
    names: dict[int, list[str]] = {}
    for made_by_id, name in on_behalf:
        names.setdefault(made_by_id, []).append(name)
    proxies = get_user_model().objects.filter(pk__in=names).exclude(email="").select_related("resident_profile")
    return sum(
        mail_send(
            template="activities/email/date_gone_proxy",
            context={"title": title, "start": datetime.fromisoformat(start), "names": sorted(names[proxy.pk])},
            to=[proxy.email],
            language=language_of(proxy),
        )
        for proxy in proxies
    )


@task()
def send_time_changed(*, occurrence_id: int) -> int:
    """A date at another time: each person signed up (with an e-mail address), and whoever signed people up."""
    from activities.models import Occurrence, RegistrationStatus

    occurrence = Occurrence.objects.select_related("activity").filter(pk=occurrence_id).first()
    if occurrence is None or occurrence.cancelled:
        return 0
    registrations = list(
        occurrence.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
            "user__resident_profile", "made_by"
        )
    )
    context = {"occurrence": occurrence, "base_url": settings.WAGTAILADMIN_BASE_URL}
    sent = 0
    proxies: dict[int, tuple] = {}
    for registration in registrations:
        if registration.user_id and registration.user.email:
            sent += mail_send(
                template="activities/email/time_changed",
                context={**context, "registration": registration},
                to=registration.user.email,
                language=language_of(registration.user),
            )
        if registration.on_behalf and registration.made_by and registration.made_by.email:
            proxies.setdefault(registration.made_by_id, (registration.made_by.email, []))[1].append(
                registration.display_name
            )
    for email, names in proxies.values():
        sent += mail_send(
            template="activities/email/time_changed",
            context={**context, "names": sorted(names), "for_proxy": True},
            to=email,
        )
    return sent


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
        .select_related("activity__building")
    )
    from activities.ical import location_of

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
                        context={
                            "registration": registration,
                            "occurrence": occurrence,
                            "place": location_of(occurrence, occurrence.activity.building),
                            "base_url": settings.WAGTAILADMIN_BASE_URL,
                        },
                        to=[registration.user.email],
                        language=language_of(registration.user),
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
    organisers = [
        membership.user
        for membership in CommitteeMembership.objects.filter(committee_id=activity.committee_id)
        .exclude(user__email="")
        .select_related("user__resident_profile")
    ]
    registrations = list(
        locked.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user__resident_profile")
    )
    sent = 0
    if organisers and registrations:
        sent = mail_send_people(
            people=organisers,
            template="activities/email/organiser_list",
            context={
                "occurrence": occurrence,
                "registrations": registrations,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            },
        )
    Occurrence.objects.filter(pk=locked.pk).update(list_sent_at=timezone.now())
    return sent
