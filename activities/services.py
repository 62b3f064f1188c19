"""Everything about activities that changes state, and the rules it keeps.

Capacity and "nobody twice" are enforced with a row lock on the occurrence inside one
transaction, and backed by a database constraint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from activities import permissions, tasks
from activities.models import (
    ActivityIndexPage,
    ActivityPage,
    Occurrence,
    Recurrence,
    Registration,
    RegistrationStatus,
)
from portal.localtime import local_tz, start_of_day
from portal.models import User

logger = logging.getLogger(__name__)


class SignupError(ValidationError):
    """A sign-up that cannot be made; the message says what the person can do."""


class AlreadySignedUp(SignupError):
    pass


class SignupClosed(SignupError):
    pass


class NotAResident(SignupError):
    """A residents-only activity, and the person is not verified as living there (yet)."""


WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)


# --------------------------------------------------------------------------
# Schedule → occurrences
# --------------------------------------------------------------------------


def schedule_dates(*, activity: ActivityPage, until: date) -> list[date]:
    """The calendar dates of an activity up to `until`, from its schedule (dateutil's rrule)."""
    if activity.recurrence == Recurrence.ONCE:
        return [activity.start_date] if activity.start_date <= until else []
    start = datetime.combine(activity.start_date, datetime.min.time())
    end = datetime.combine(min(activity.until or activity.start_date, until), datetime.min.time())
    if activity.recurrence == Recurrence.WEEKLY:
        rule = rrule(WEEKLY, dtstart=start, until=end)
    elif activity.recurrence == Recurrence.BIWEEKLY:
        rule = rrule(WEEKLY, interval=2, dtstart=start, until=end)
    elif activity.recurrence == Recurrence.MONTHLY_LAST:
        # The last Thursday of every month (rrule's -1: counted from the end of the month).
        rule = rrule(MONTHLY, dtstart=start, until=end, byweekday=WEEKDAYS[activity.start_date.weekday()](-1))
    else:
        # The same weekday in the same week of the month: the 1st Tuesday, the 3rd Friday, …
        nth = (activity.start_date.day - 1) // 7 + 1
        rule = rrule(MONTHLY, dtstart=start, until=end, byweekday=WEEKDAYS[activity.start_date.weekday()](nth))
    return [moment.date() for moment in rule]


def _weekday_name(day: date) -> str:
    return date_format(day, "l")


def monthly_start_error(*, recurrence: str, start: date) -> str | None:
    """Why this first date does not fit a monthly schedule, in words an organiser can act on; None if it does.

    "Every month on the same weekday" counts the week of the month: a start on the 5th Thursday would only come
    back in the months that have five (four or five times a year), so that is refused with the way out.
    """
    nth = (start.day - 1) // 7 + 1
    is_last = (start + timedelta(days=7)).month != start.month
    weekday = _weekday_name(start)
    if recurrence == Recurrence.MONTHLY and nth == 5:
        return _(
            "%(date)s is de vijfde %(weekday)s van de maand; die is er maar een paar keer per jaar. Kies ‘Elke "
            "maand op de laatste weekdag’, of een andere eerste datum."
        ) % {"date": formats_date(start), "weekday": weekday}
    if recurrence == Recurrence.MONTHLY_LAST and not is_last:
        return _(
            "%(date)s is niet de laatste %(weekday)s van de maand. Kies als eerste datum een laatste %(weekday)s, "
            "of ‘Elke maand (zelfde weekdag)’."
        ) % {"date": formats_date(start), "weekday": weekday}
    return None


def formats_date(day: date) -> str:
    return date_format(day, "j F Y")


def holidays_between(start: date, end: date) -> dict[date, str]:
    """The Dutch public holidays from `start` to `end`, with their Dutch names (the `holidays` library)."""
    import holidays

    found = holidays.country_holidays("NL", language="nl", years=range(start.year, end.year + 1))
    return {day: name for day, name in sorted(found.items()) if start <= day <= end}


def schedule_holidays(*, activity: ActivityPage, until: date | None = None) -> dict[date, str]:
    """The dates of the activity's schedule that fall on a public holiday, with the holiday's name."""
    if not activity.start_date:
        return {}
    last = activity.until or activity.start_date
    if until is not None:
        last = min(last, until)
    days = schedule_dates(activity=activity, until=last)
    if not days:
        return {}
    found = holidays_between(days[0], days[-1])
    return {day: found[day] for day in days if day in found}


def holiday_warning_text(*, activity: ActivityPage) -> str | None:
    """For the editor after saving: which dates fall on a holiday, and what happens to them."""
    found = schedule_holidays(activity=activity)
    if not found:
        return None
    listed = ", ".join(f"{formats_date(day)} ({name})" for day, name in found.items())
    if activity.skip_holidays:
        return _("Deze data vallen op een feestdag; de activiteit gaat die dag niet door: %(dates)s.") % {
            "dates": listed
        }
    return _(
        "Let op: deze data vallen op een feestdag: %(dates)s. Gaat de activiteit dan toch door? Anders: vink ‘Niet "
        "op feestdagen’ aan."
    ) % {"dates": listed}


@dataclass(frozen=True)
class SyncResult:
    created: int
    removed: int
    cancelled: int


@transaction.atomic
def occurrences_sync(*, activity: ActivityPage, today: date | None = None) -> SyncResult:
    """Make the future occurrences match the published schedule, for the rolling window.

    Dates that still exist keep their sign-ups; people signed up for a date that disappeared
    are told by e-mail. A date whose time changed (same day, other start or end) keeps its sign-ups, and they
    are told the new time. Dates in the past are never touched.
    """
    tz = local_tz()
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PORTAL_OCCURRENCE_WINDOW_DAYS)
    cancelled_dates = {c.date for c in activity.cancelled_dates.all()}
    if activity.skip_holidays and activity.recurrence != Recurrence.ONCE:
        cancelled_dates |= set(schedule_holidays(activity=activity, until=horizon))
    wanted = {}
    for day in schedule_dates(activity=activity, until=horizon):
        if day < today:
            continue
        start = datetime.combine(day, activity.start_time, tzinfo=tz)
        end = datetime.combine(day, activity.end_time, tzinfo=tz)
        wanted[start] = (end, day in cancelled_dates)

    existing = {
        o.start: o
        for o in Occurrence.objects.select_for_update().filter(activity=activity, start__gte=start_of_day(today))
    }
    created = removed = cancelled = 0
    new_starts = sorted(start for start in wanted if start not in existing)
    moved = set()
    for start, occurrence in list(existing.items()):
        if start in wanted:
            continue
        same_day = next((s for s in new_starts if s.date() == timezone.localtime(start, tz).date()), None)
        if same_day is None:
            _notify_date_gone(occurrence)
            occurrence.delete()
            removed += 1
            continue
        # The time changed, not the day: the date keeps its sign-ups, at the new time (told below).
        new_starts.remove(same_day)
        del existing[start]
        occurrence.start = same_day
        occurrence.save(update_fields=["start"])
        existing[same_day] = occurrence
        moved.add(occurrence.pk)
    now = timezone.now()
    # One query for which dates have a waiting list at all (the daily run goes through every date).
    with_waiting = set(
        Registration.objects.filter(
            occurrence_id__in=[o.pk for o in existing.values()], status=RegistrationStatus.WAITING
        ).values_list("occurrence_id", flat=True)
    )
    for start, (end, is_cancelled) in wanted.items():
        occurrence = existing.get(start)
        if occurrence is None:
            Occurrence.objects.create(activity=activity, start=start, end=end, cancelled=is_cancelled)
            created += 1
            continue
        time_changed = occurrence.pk in moved or occurrence.end != end
        if time_changed or occurrence.cancelled != is_cancelled:
            if is_cancelled and not occurrence.cancelled:
                _notify_date_gone(occurrence)
                cancelled += 1
            elif time_changed and not is_cancelled:
                occurrence.time_changed_at = now
                _notify_time_changed(occurrence)
            occurrence.end = end
            occurrence.cancelled = is_cancelled
            occurrence.save(update_fields=["end", "cancelled", "time_changed_at"])
        if occurrence.pk in with_waiting and not occurrence.cancelled and _has_free_seats(occurrence, activity):
            # More places than before (the editor raised the number): the waiting list moves up.
            occurrence.activity = activity
            if _promote_waiting(occurrence):
                occurrence.save(update_fields=["seats_taken"])
    logger.info("Synced %s: %d new, %d removed, %d cancelled", activity.title, created, removed, cancelled)
    return SyncResult(created=created, removed=removed, cancelled=cancelled)


def _notify_date_gone(occurrence: Occurrence) -> None:
    """Everyone signed up for the date, and whoever signed someone up for it (the neighbour may have no e-mail).

    The names go into the task itself: a removed date takes its sign-ups with it before the task runs.
    """
    active = list(
        occurrence.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related("user__resident_profile")
    )
    ids = [r.user_id for r in active if r.user_id]
    on_behalf = [[r.made_by_id, r.display_name] for r in active if r.on_behalf]
    title, when = occurrence.activity.title, occurrence.start.isoformat()
    if ids:
        transaction.on_commit(lambda: tasks.send_date_gone.enqueue(user_ids=ids, title=title, start=when))
    if on_behalf:
        transaction.on_commit(
            lambda: tasks.send_date_gone_to_proxies.enqueue(on_behalf=on_behalf, title=title, start=when)
        )


def _notify_time_changed(occurrence: Occurrence) -> None:
    """Everyone signed up for the date hears the new time, and whoever signed someone up for it."""
    if occurrence.registrations.exclude(status=RegistrationStatus.CANCELLED).exists():
        transaction.on_commit(lambda pk=occurrence.pk: tasks.send_time_changed.enqueue(occurrence_id=pk))


def occurrences_sync_all(*, today: date | None = None) -> int:
    """The daily job: roll every live activity's window forward."""
    count = 0
    for activity in ActivityPage.objects.live().prefetch_related("cancelled_dates"):
        occurrences_sync(activity=activity, today=today)
        count += 1
    return count


# --------------------------------------------------------------------------
# Meeting-room clashes
# --------------------------------------------------------------------------


MEETING_ROOM_NAMES = {"", "ontmoetingsruimte", "de ontmoetingsruimte", "gemeenschappelijke ruimte", "recreatiezaal"}


def room_key(place: str) -> str:
    """One name per room of a building: empty, "Ontmoetingsruimte" and "de ontmoetingsruimte" are all the
    meeting room; a named room ("De Serre", "de serre ") is itself, whatever the capitals and spaces."""
    key = " ".join(place.lower().split())
    return "" if key in MEETING_ROOM_NAMES else key


def meeting_room_clashes(*, activity: ActivityPage, today: date | None = None) -> list[Occurrence]:
    """Other activities in the same room of the same building at times this activity's schedule overlaps.

    The room is the meeting room (place left empty, or called so) or a named room ("De Serre"). Works from the
    schedule itself, so an organiser sees the clash while drafting, before publishing.
    """
    if not activity.start_time or not activity.end_time:
        return []
    tz = local_tz()
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PORTAL_OCCURRENCE_WINDOW_DAYS)
    cancelled = {c.date for c in activity.cancelled_dates.all()}
    mine = [
        (datetime.combine(day, activity.start_time, tzinfo=tz), datetime.combine(day, activity.end_time, tzinfo=tz))
        for day in schedule_dates(activity=activity, until=horizon)
        if day >= today and day not in cancelled
    ]
    if not mine:
        return []
    room = room_key(activity.place)
    if activity.building_id is None:
        return []  # the tenants' platform meets in many places: no one meeting room to share
    others = (
        Occurrence.objects.filter(
            cancelled=False,
            activity__building_id=activity.building_id,
            activity__live=True,
            start__lt=max(end for _start, end in mine),
            end__gt=min(start for start, _end in mine),
        )
        .exclude(activity_id=activity.pk)
        .select_related("activity")
        .order_by("start")
    )
    return [
        o
        for o in others
        if room_key(o.activity.place) == room and any(o.start < end and start < o.end for start, end in mine)
    ]


def meeting_room_clash_text(*, activity: ActivityPage) -> str | None:
    """The warning for the organiser (after saving) and the moderator (before approving), in Amsterdam time."""
    clashes = meeting_room_clashes(activity=activity)
    if not clashes:
        return None
    first = clashes[0]
    room = activity.place.strip() if room_key(activity.place) else _("de ontmoetingsruimte")
    return _(
        "Let op: %(room)s is dan al bezet. ‘%(other)s’ is op %(when)s op hetzelfde moment%(more)s. "
        "Overleg met de andere commissie of kies een andere tijd."
    ) % {
        "room": room,
        "other": first.activity.title,
        "when": date_format(timezone.localtime(first.start), "l j F Y, H:i"),
        "more": _(" (en nog %(n)s keer)") % {"n": len(clashes) - 1} if len(clashes) > 1 else "",
    }


# --------------------------------------------------------------------------
# Sign-up
# --------------------------------------------------------------------------


def _deadline_passed(occurrence: Occurrence, now: datetime) -> bool:
    return now >= occurrence.signup_deadline


@transaction.atomic
def registration_create(
    *,
    occurrence: Occurrence,
    user: User | None = None,
    guests: int = 0,
    made_by: User | None = None,
    neighbour_name: str = "",
    neighbour_apartment: str = "",
    neighbour_phone: str = "",
    neighbour_consent: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Sign someone up for one date: a place, or the waiting list when it is full.

    `made_by` is who filled in the form (the person themselves, a committee member or the
    caretaker). The occurrence row is locked, so capacity holds under concurrent requests.
    """
    now = now or timezone.now()
    # Lock only this date's row: sign-ups for other dates of the same activity go on in parallel.
    occurrence = Occurrence.objects.select_for_update(of=("self",)).select_related("activity").get(pk=occurrence.pk)
    activity = occurrence.activity
    if made_by is not None and made_by != user and not permissions.can_sign_up_others(made_by, activity):
        raise SignupError(_("Alleen de commissie en de huismeester kunnen iemand anders aanmelden."))
    if occurrence.cancelled:
        raise SignupClosed(_("Deze activiteit gaat op deze datum niet door."))
    if _deadline_passed(occurrence, now):
        raise SignupClosed(
            _("Aanmelden voor deze datum kan niet meer. Kom gerust langs, of vraag de commissie of de huismeester.")
        )
    if guests not in (0, 1):
        raise SignupError(_("U kunt één gast meenemen."))
    # Who signs someone else up (the committee, the caretaker) vouches for them; the check is for oneself.
    signs_up_self = made_by is None or made_by == user
    if user is not None and signs_up_self and not permissions.may_join(user, activity):
        raise NotAResident(
            _(
                "Deze activiteit is alleen voor bewoners van %(building)s. Bevestig eerst uw woning met de code "
                "uit de brief van de corporatie, of vraag de commissie of de huismeester om u aan te melden."
            )
            % {"building": activity.building.title if activity.building_id else _("onze gebouwen")}
        )
    if (
        user is not None
        and occurrence.registrations.filter(user=user).exclude(status=RegistrationStatus.CANCELLED).exists()
    ):
        raise AlreadySignedUp(_("U staat al op de lijst voor deze datum."))
    seats = 1 + guests
    capacity = activity.capacity
    # Nobody comes in ahead of the waiting list: whoever waits and fits gets a free place first (this repairs a
    # list that was left behind, e.g. by an older version); only what is left after that is for the newcomer.
    if _has_free_seats(occurrence, activity) and _promote_waiting(occurrence, now=now):
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=occurrence.seats_taken)
    status = RegistrationStatus.CONFIRMED
    if capacity is not None and occurrence.seats_taken + seats > capacity:
        status = RegistrationStatus.WAITING
    registration = Registration(
        occurrence=occurrence,
        user=user,
        guests=guests,
        made_by=made_by,
        status=status,
        neighbour_name=neighbour_name.strip(),
        neighbour_apartment=neighbour_apartment.strip(),
        neighbour_phone=neighbour_phone.strip(),
        neighbour_consent=neighbour_consent,
    )
    if user is None and not (registration.neighbour_name and neighbour_consent):
        raise SignupError(_("Vul de naam van de buur in en vink aan dat de buur het goed vindt."))
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise AlreadySignedUp(_("U staat al op de lijst voor deze datum.")) from error
    if status == RegistrationStatus.CONFIRMED:
        Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=F("seats_taken") + seats)
    if made_by is not None and made_by != user:
        log(instance=activity, action="activities.signup_on_behalf", user=made_by, data={"occurrence": occurrence.pk})
    if registration.user_id and registration.user.email:
        transaction.on_commit(lambda: tasks.send_signup_confirmation.enqueue(registration_id=registration.pk))
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User | None = None, notify: bool = True) -> Registration:
    """Cancel a place; the first on the waiting list who fits moves up and is told by e-mail. The person whose
    place it was gets a confirmation with a calendar cancellation (`notify`: not when their account goes)."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",)).select_related("activity").get(pk=registration.occurrence_id)
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if by is not None and by.pk != registration.user_id:
        log(
            instance=occurrence.activity,
            action="activities.cancel_on_behalf",
            user=by,
            data={"occurrence": occurrence.pk, "registration": registration.pk},
        )
    if was_confirmed:
        occurrence.seats_taken = max(0, occurrence.seats_taken - registration.seats)
        _promote_waiting(occurrence)
        occurrence.save(update_fields=["seats_taken"])
    if notify and registration.user_id and occurrence.start > timezone.now():
        # The person is told, with the date struck from their calendar (not when their account is being deleted).
        transaction.on_commit(lambda: tasks.send_cancel_confirmation.enqueue(registration_id=registration.pk))
    return registration


@transaction.atomic
def registration_guest_drop(*, registration: Registration, by: User) -> Registration:
    """The person comes alone after all: the guest's place is freed (and goes to the waiting list), or, on the
    waiting list, one free place is now enough. By the person themselves or by the organisers."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",)).select_related("activity").get(pk=registration.occurrence_id)
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if by.pk != registration.user_id and not permissions.can_sign_up_others(by, occurrence.activity):
        raise SignupError(_("Alleen de bewoner zelf, de commissie en de huismeester kunnen dit veranderen."))
    if registration.status == RegistrationStatus.CANCELLED or not registration.guests:
        return registration
    registration.guests = 0
    registration.save(update_fields=["guests"])
    if by.pk != registration.user_id:
        log(
            instance=occurrence.activity,
            action="activities.guest_drop_on_behalf",
            user=by,
            data={"occurrence": occurrence.pk, "registration": registration.pk},
        )
    if registration.status == RegistrationStatus.CONFIRMED:
        occurrence.seats_taken = max(0, occurrence.seats_taken - 1)
    _promote_waiting(occurrence)
    occurrence.save(update_fields=["seats_taken"])
    registration.refresh_from_db()
    return registration


def _has_free_seats(occurrence: Occurrence, activity: ActivityPage) -> bool:
    return activity.capacity is None or occurrence.seats_taken < activity.capacity


def _promote_waiting(occurrence: Occurrence, *, now: datetime | None = None) -> bool:
    """Free places go to the waiting list, in order, to each one who fits. Call with the occurrence locked.

    Someone whose guest does not fit keeps their place in the line and the next who fits gets the seat; they
    are offered, once, to come alone (`single_place_offered_at`, an e-mail, the organisers' call list): with
    their guest dropped one free place is enough for them. So a seat stays free only when nobody waiting fits.
    Changes `occurrence.seats_taken` in memory (the caller saves it); returns whether anyone moved up.
    """
    capacity = occurrence.activity.capacity
    now = now or timezone.now()
    promoted = False
    for waiting in (
        occurrence.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
    ):
        free = None if capacity is None else capacity - occurrence.seats_taken
        if free is not None and free <= 0:
            break
        if free is not None and waiting.seats > free:
            if waiting.single_place_offered_at is None:  # alone they would fit: offer that, once
                waiting.single_place_offered_at = now
                waiting.save(update_fields=["single_place_offered_at"])
                transaction.on_commit(lambda pk=waiting.pk: tasks.send_single_place_offer.enqueue(registration_id=pk))
            continue
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at"])
        occurrence.seats_taken += waiting.seats
        promoted = True
        if waiting.user_id:
            transaction.on_commit(
                lambda pk=waiting.pk: tasks.send_signup_confirmation.enqueue(registration_id=pk, promoted=True)
            )
        if waiting.on_behalf:
            transaction.on_commit(lambda pk=waiting.pk: tasks.send_promoted_to_proxy.enqueue(registration_id=pk))
    return promoted


# --------------------------------------------------------------------------
# Retention: neighbours signed up without an account
# --------------------------------------------------------------------------

NEIGHBOUR_PSEUDONYM_PREFIX = "Buur "
WIPE_BATCH = 500


def neighbour_pseudonym(*, name: str, apartment: str) -> str:
    """A stand-in that names nobody: the same for the same name and house number, so the participation
    figures count the person once, as before (a keyed hash; without SECRET_KEY it cannot be reversed)."""
    digest = salted_hmac("activities.neighbour", f"{name.strip().lower()}|{apartment.strip().lower()}").hexdigest()
    return f"{NEIGHBOUR_PSEUDONYM_PREFIX}{digest[:10]}"


def neighbours_anonymise_due(*, today: date | None = None) -> int:
    """Wipe the name, house number and phone of neighbours signed up without an account, once the month
    after their date has ended. Returns how many sign-ups were wiped.

    Those details are there to reach the neighbour about the date (a change, a cancellation) and for the
    organisers' list; after the date they only feed the participation figures, which need to tell one
    neighbour from another, not who they are. All dates of a month are wiped in the same run, so the
    month's figures stay the same.
    """
    today = today or timezone.localdate()
    first_of_month = today.replace(day=1)
    previous_month = (first_of_month - timedelta(days=1)).replace(day=1)
    before = start_of_day(previous_month)
    due = list(
        Registration.objects.filter(user__isnull=True, occurrence__start__lt=before)
        .exclude(neighbour_name__startswith=NEIGHBOUR_PSEUDONYM_PREFIX, neighbour_apartment="", neighbour_phone="")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for offset in range(0, len(due), WIPE_BATCH):
            batch = list(
                Registration.objects.filter(pk__in=due[offset : offset + WIPE_BATCH]).only(
                    "pk", "neighbour_name", "neighbour_apartment", "neighbour_phone"
                )
            )
            for registration in batch:
                registration.neighbour_name = neighbour_pseudonym(
                    name=registration.neighbour_name, apartment=registration.neighbour_apartment
                )
                registration.neighbour_apartment = ""
                registration.neighbour_phone = ""
            Registration.objects.bulk_update(batch, ["neighbour_name", "neighbour_apartment", "neighbour_phone"])
    wiped = len(due)
    logger.info("Wiped the details of %s neighbours signed up for dates before %s.", wiped, previous_month)
    return wiped


# --------------------------------------------------------------------------
# Site
# --------------------------------------------------------------------------


def index_page_ensure(*, home) -> None:
    """Make sure /activiteiten/ exists under the home page (registered for `portal.services.site_ensure`)."""
    if not ActivityIndexPage.objects.exists():
        home.add_child(
            instance=ActivityIndexPage(
                title=_("Activiteiten"),
                slug="activiteiten",
                intro=_("Wat er te doen is in de gebouwen: koffieochtenden, bewegen, uitstapjes en meer."),
            )
        )
