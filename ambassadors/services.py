"""Everything about tours that changes state: availability, bookings, reminders, retention.

One slot, one booking: every change of a booking first locks the ambassador's row, then checks the
slot against the ambassador's availability and live tours in the same transaction; the database's
`one_booking_per_slot` constraint backs it up. E-mails are queued with `transaction.on_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ambassadors import permissions, selectors, tasks
from ambassadors.models import (
    Ambassador,
    BlockedPeriod,
    BookingStatus,
    CancelReason,
    ExtraTime,
    SpokenLanguage,
    TourBooking,
    TourIndexPage,
    WeeklyTime,
)
from portal import page_cache
from portal.mail import email_canonical
from portal.models import BuildingPage, User

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage

logger = logging.getLogger(__name__)


class TourError(ValidationError):
    """A booking that cannot be made or changed, with a message the visitor can act on."""


class SlotTaken(TourError):
    pass


class BookingClosed(TourError):
    pass


class TourLimitReached(SlotTaken):
    """The ambassador already gives as many tours that day or week as they want to."""


class NobodyFree(TourError):
    """No colleague can take the tour over at its time."""


class AlreadyBooked(TourError):
    """This e-mail address already has a tour to come in this building (said without showing that booking)."""


# --------------------------------------------------------------------------
# Ambassadors and their availability
# --------------------------------------------------------------------------


class AmbassadorHasTours(ValidationError):
    """An ambassador who has given or planned tours cannot be deleted: the tours count in the figures."""


@transaction.atomic
def ambassador_appoint(
    *,
    user: User,
    building: BuildingPage,
    display_name: str,
    introduction: str,
    languages: Iterable[str] = ("nl",),
    photo: AbstractImage | None = None,
    photo_alt_text: str | None = None,
    by: User | None = None,
) -> Ambassador:
    """Staff appoint a resident as ambassador of their building (or re-activate them).

    Writes the row (active) and the log entry `ambassadors.appoint`; nothing else changes: an ambassador
    needs no admin group (they work from /mijn/) and gets no e-mail. A photo and its description are set
    when given, and otherwise left as they are.
    """
    ambassador = Ambassador.objects.filter(user=user).first() or Ambassador(user=user)
    ambassador.building = building
    ambassador.display_name = display_name.strip()
    ambassador.introduction = introduction.strip()
    ambassador.languages = [code for code in languages if code in SpokenLanguage.values]
    if photo is not None:
        ambassador.photo = photo
    if photo_alt_text is not None:
        ambassador.photo_alt_text = photo_alt_text.strip()
    ambassador.active = True
    ambassador.full_clean()
    ambassador.save()
    log(instance=ambassador, action="ambassadors.appoint", user=by, data={"building": building.pk})
    return ambassador


def ambassador_upcoming_tours(*, ambassador: Ambassador, now: datetime | None = None) -> list[TourBooking]:
    """Tours of this ambassador still to come (booked, not cancelled)."""
    now = now or timezone.now()
    return list(
        TourBooking.objects.filter(ambassador=ambassador, status=BookingStatus.BOOKED, start__gt=now).order_by("start")
    )


@transaction.atomic
def ambassador_deactivate(*, ambassador: Ambassador, by: User | None = None) -> list[TourBooking]:
    """The ambassador stops: their times no longer show, so nobody can book them any more.

    Tours already booked stay booked: staff cancel or move them (with the e-mails of `booking_cancel` and
    `booking_move`). Returns those tours, so whoever stopped the ambassador can be told.
    """
    ambassador.active = False
    ambassador.save(update_fields=["active"])
    log(instance=ambassador, action="ambassadors.deactivate", user=by)
    return ambassador_upcoming_tours(ambassador=ambassador)


@transaction.atomic
def ambassador_delete(*, ambassador: Ambassador, by: User | None = None) -> None:
    """Delete an ambassador who never had a tour (with their times); one with tours stays, see the error."""
    if TourBooking.objects.filter(ambassador=ambassador).exists():
        raise AmbassadorHasTours(
            _(
                "Deze ambassadeur heeft rondleidingen gegeven of gepland; die blijven bewaard. Zet de "
                "ambassadeur op ‘niet actief’: dan worden er geen nieuwe tijden meer getoond. Annuleer of "
                "verzet eerst de rondleidingen die nog komen."
            ),
            code="ambassador_has_tours",
        )
    log(instance=ambassador, action="wagtail.delete", user=by, deleted=True)
    ambassador.delete()


@transaction.atomic
def ambassador_limits_set(*, ambassador: Ambassador, per_day: int, per_week: int, by: User | None = None) -> None:
    """How many tours the ambassador gives at most per day and per week; more are never offered.

    Tours already booked stay booked, also when they are more than the new limit."""
    if per_week < per_day:
        raise ValidationError(
            {"per_week": _("Per week kunnen het niet minder rondleidingen zijn dan per dag. Kies een groter getal.")}
        )
    ambassador.max_tours_per_day, ambassador.max_tours_per_week = per_day, per_week
    ambassador.full_clean(
        exclude=[f.name for f in Ambassador._meta.fields if f.name not in ("max_tours_per_day", "max_tours_per_week")]
    )
    ambassador.save(update_fields=["max_tours_per_day", "max_tours_per_week"])
    log(instance=ambassador, action="wagtail.edit", user=by, data={"per_day": per_day, "per_week": per_week})
    page_cache.invalidate()  # the public slot list changes


@dataclass(frozen=True)
class TimeRange:
    weekday: int
    start: time
    end: time


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _minutes(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def too_short_message(tour_minutes: int) -> str:
    return _(
        "Een tijd moet minstens %(minutes)s minuten duren: zo lang duurt een rondleiding. Maak de tijd langer."
    ) % {"minutes": tour_minutes}


def weekly_times_validate(*, times: Iterable[TimeRange], tour_minutes: int | None = None) -> None:
    """No time ends before it starts, none is shorter than one tour (`tour_minutes`), none overlaps another."""
    times = sorted(times, key=lambda t: (t.weekday, t.start))
    for item in times:
        if item.start >= item.end:
            raise ValidationError(_("De eindtijd moet na de begintijd liggen."))
        if tour_minutes and _minutes(item.start, item.end) < tour_minutes:
            raise ValidationError(too_short_message(tour_minutes))
    for first, second in pairwise(times):
        if first.weekday == second.weekday and _overlap(first.start, first.end, second.start, second.end):
            raise ValidationError(_("Twee vaste tijden op dezelfde dag overlappen. Pas er één aan."))


@transaction.atomic
def weekly_times_replace(*, ambassador: Ambassador, times: Iterable[TimeRange], by: User | None = None) -> None:
    """The ambassador's weekly pattern becomes exactly `times`. Tours already booked stay booked."""
    times = list(times)
    weekly_times_validate(times=times, tour_minutes=ambassador.building.tour_minutes)
    Ambassador.objects.select_for_update().filter(pk=ambassador.pk).first()
    ambassador.weekly_times.all().delete()
    WeeklyTime.objects.bulk_create(
        WeeklyTime(ambassador=ambassador, weekday=t.weekday, start=t.start, end=t.end) for t in times
    )
    page_cache.invalidate()  # bulk_create sends no signals; the public slot list changes


@transaction.atomic
def extra_time_add(
    *, ambassador: Ambassador, day: date, start: time, end: time, today: date | None = None
) -> ExtraTime:
    today = today or timezone.localdate()
    if day < today:
        raise ValidationError({"day": _("Kies een datum vandaag of later.")})
    if day > today + timedelta(weeks=settings.PORTAL_TOUR_WEEKS_AHEAD):
        raise ValidationError(
            {"day": _("Kies een datum in de komende %(weeks)s weken.") % {"weeks": settings.PORTAL_TOUR_WEEKS_AHEAD}}
        )
    if start >= end:
        raise ValidationError({"end": _("De eindtijd moet na de begintijd liggen.")})
    tour_minutes = ambassador.building.tour_minutes
    if _minutes(start, end) < tour_minutes:
        raise ValidationError({"end": too_short_message(tour_minutes)})
    weekly = WeeklyTime.objects.filter(ambassador=ambassador, weekday=day.weekday(), start__lt=end, end__gt=start)
    for item in weekly[:1]:
        raise ValidationError(
            {
                "start": _(
                    "Op die dag heeft u al een vaste tijd van %(start)s tot %(end)s die hiermee overlapt. "
                    "Kies een tijd daarbuiten."
                )
                % {"start": f"{item.start:%H:%M}", "end": f"{item.end:%H:%M}"}
            }
        )
    other = ExtraTime.objects.filter(ambassador=ambassador, date=day, start__lt=end, end__gt=start).first()
    if other is not None:
        raise ValidationError(
            {
                "start": _(
                    "Op die dag heeft u al een extra tijd van %(start)s tot %(end)s die hiermee overlapt. "
                    "Kies een tijd daarbuiten."
                )
                % {"start": f"{other.start:%H:%M}", "end": f"{other.end:%H:%M}"}
            }
        )
    return ExtraTime.objects.create(ambassador=ambassador, date=day, start=start, end=end)


def extra_time_remove(*, ambassador: Ambassador, extra_time_id: int) -> int:
    return ExtraTime.objects.filter(ambassador=ambassador, pk=extra_time_id).delete()[0]


@transaction.atomic
def blocked_period_add(
    *, ambassador: Ambassador, first_day: date, last_day: date | None = None, today: date | None = None
) -> BlockedPeriod:
    """Block dates (a holiday). Tours already booked on those dates stay: the ambassador sees them on /mijn/."""
    today = today or timezone.localdate()
    last_day = last_day or first_day
    if last_day < first_day:
        raise ValidationError({"last_day": _("De laatste dag kan niet vóór de eerste dag liggen.")})
    if last_day < today:
        raise ValidationError({"first_day": _("Die dagen zijn al voorbij.")})
    return BlockedPeriod.objects.create(ambassador=ambassador, first_day=first_day, last_day=last_day)


def blocked_period_remove(*, ambassador: Ambassador, blocked_period_id: int) -> int:
    return BlockedPeriod.objects.filter(ambassador=ambassador, pk=blocked_period_id).delete()[0]


def tours_on_blocked_days(*, ambassador: Ambassador) -> list[TourBooking]:
    """Booked tours that fall on a day the ambassador has since blocked: they need a phone call."""
    periods = list(ambassador.blocked_periods.filter(last_day__gte=timezone.localdate()))
    if not periods:
        return []
    tours = TourBooking.objects.filter(ambassador=ambassador, status=BookingStatus.BOOKED, end__gt=timezone.now())
    return [
        tour
        for tour in tours
        if any(p.first_day <= timezone.localtime(tour.start).date() <= p.last_day for p in periods)
    ]


# --------------------------------------------------------------------------
# Bookings
# --------------------------------------------------------------------------


def _locked_ambassador(ambassador_id: int, *, day: date) -> Ambassador:
    """The ambassador's row, locked until the transaction ends; `blocked_on_day` says whether `day` is blocked."""
    blocked = BlockedPeriod.objects.filter(ambassador=OuterRef("pk"), first_day__lte=day, last_day__gte=day)
    try:
        return (
            Ambassador.objects.select_for_update(of=("self",))
            .select_related("building")
            .annotate(blocked_on_day=Exists(blocked))
            .get(pk=ambassador_id, active=True)
        )
    except Ambassador.DoesNotExist as error:
        raise SlotTaken(_("Deze tijd is niet meer beschikbaar. Kies een andere tijd.")) from error


def _slot_free(
    *, ambassador: Ambassador, start: datetime, now: datetime, ignore: TourBooking | None = None, request_key=None
) -> tuple[datetime | None, TourBooking | None]:
    """The end of the slot at `start` when it is free (else None), and a booking already made with `request_key`.

    Reads only the ambassador's data of that one day: two queries (the times of that day, the tours
    around it); whether the day is blocked came with the locked ambassador row.
    """
    day = start.astimezone(selectors.local_tz()).date()
    # The whole week (Monday to Sunday): the tours that count towards the ambassador's limits.
    week_start, week_end = selectors.week_range(day)
    building = ambassador.building
    buffer = timedelta(minutes=building.tour_buffer_minutes)
    nearby = Q(ambassador=ambassador, start__lt=week_end + buffer, end__gt=week_start - buffer) & ~Q(
        status=BookingStatus.CANCELLED
    )
    if request_key:
        nearby |= Q(request_key=request_key)
    bookings = list(TourBooking.objects.filter(nearby))
    existing = next((b for b in bookings if request_key and b.request_key == request_key), None)
    # The weekly times of that weekday and the extra times of that date, in one query.
    weekly = WeeklyTime.objects.filter(ambassador=ambassador, weekday=day.weekday()).order_by()
    extra = ExtraTime.objects.filter(ambassador=ambassador, date=day).order_by()
    windows = weekly.values_list("start", "end").union(extra.values_list("start", "end"), all=True)
    slots = selectors.ambassador_slots(
        ambassador=ambassador,
        weekly=[],
        extra=[ExtraTime(date=day, start=window_start, end=window_end) for window_start, window_end in windows],
        blocked=[BlockedPeriod(first_day=day, last_day=day)] if ambassador.blocked_on_day else [],
        bookings=[b for b in bookings if b.ambassador_id == ambassador.pk and b.status != BookingStatus.CANCELLED],
        tour_minutes=building.tour_minutes,
        buffer_minutes=building.tour_buffer_minutes,
        now=now,
        first_day=day,
        last_day=day,
        ignore=ignore,
    )
    match = next((slot for slot in slots if slot.start == start), None)
    if match is None and existing is None:
        live = [b for b in bookings if b.ambassador_id == ambassador.pk]
        limit = selectors.limit_reached(ambassador=ambassador, bookings=live, day=day, ignore=ignore)
        if limit:
            raise TourLimitReached(_limit_message(limit, ambassador))
    return (match.end if match else None), existing


def _limit_message(limit: str, ambassador: Ambassador) -> str:
    if limit == "day":
        return _("%(name)s geeft op die dag al %(count)s rondleidingen; meer kan niet. Kies een andere dag.") % {
            "name": ambassador.display_name,
            "count": ambassador.max_tours_per_day,
        }
    return _("%(name)s geeft die week al %(count)s rondleidingen; meer kan niet. Kies een andere week.") % {
        "name": ambassador.display_name,
        "count": ambassador.max_tours_per_week,
    }


def _taken_message() -> str:
    return _("Deze tijd is net door iemand anders gekozen. Kies een andere tijd.")


def _validate_visitor(*, name: str, email: str, phone: str, party_size: int, language: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Vul uw naam in.")
    if not (email.strip() or phone.strip()):
        errors["email"] = _("Vul een e-mailadres of een telefoonnummer in, zodat de ambassadeur u kan bereiken.")
    if not 1 <= party_size <= 4:
        errors["party_size"] = _("Er kunnen 1 tot 4 personen mee met een rondleiding.")
    if language not in SpokenLanguage.values:
        errors["language"] = _("Kies een taal uit de lijst.")
    if errors:
        raise ValidationError(errors)


def booking_create(
    *,
    ambassador_id: int,
    start: datetime,
    name: str,
    email: str = "",
    phone: str = "",
    party_size: int = 1,
    language: str = "nl",
    booked_by: User | None = None,
    request_key: str | None = None,
    building_slug: str | None = None,
    now: datetime | None = None,
) -> TourBooking:
    """Book one slot for a visitor. Raises `SlotTaken` when someone else was first.

    `booked_by` is the ambassador or staff member who booked for a visitor who phoned or walked in;
    empty when the visitor booked on the website. A repeated `request_key` (a double-clicked form)
    returns the booking the first click made, but only for the same slot and the same visitor (name, e-mail,
    phone): anyone else who sends that key gets `TourError`, never that booking or its link. One transaction:
    the ambassador's row is locked, the slot checked and the booking written; should the database's constraint
    still refuse it, the whole transaction is rolled back and the visitor hears the slot was taken.
    """
    _validate_visitor(name=name, email=email, phone=phone, party_size=party_size, language=language)
    try:
        return _booking_create(
            ambassador_id=ambassador_id,
            start=start,
            name=name,
            email=email,
            phone=phone,
            party_size=party_size,
            language=language,
            booked_by=booked_by,
            request_key=request_key,
            building_slug=building_slug,
            now=now or timezone.now(),
        )
    except IntegrityError as error:
        raise SlotTaken(_taken_message()) from error


@transaction.atomic
def _booking_create(
    *, ambassador_id, start, name, email, phone, party_size, language, booked_by, request_key, building_slug, now
):
    ambassador = _locked_ambassador(ambassador_id, day=start.astimezone(selectors.local_tz()).date())
    if building_slug is not None and ambassador.building.slug != building_slug:
        raise SlotTaken(_("Deze tijd hoort bij een ander gebouw. Kies een tijd in dit gebouw."))
    if booked_by is not None and not permissions.can_book_for_visitor(booked_by, ambassador.building):
        raise TourError(_("Alleen ambassadeurs van dit gebouw en medewerkers kunnen voor een bezoeker boeken."))
    if language not in ambassador_languages(ambassador):
        raise ValidationError(
            {
                "language": _("%(name)s geeft rondleidingen in: %(languages)s. Kies een van die talen.")
                % {"name": ambassador.display_name, "languages": ambassador_languages_display(ambassador)}
            }
        )
    end, existing = _slot_free(ambassador=ambassador, start=start, now=now, request_key=request_key)
    if existing is not None:
        if _same_request(existing, ambassador=ambassador, start=start, name=name, email=email, phone=phone):
            return existing
        # The key of another visitor's form (or another slot): never their booking, nor its link.
        raise TourError(_("Dit formulier is al gebruikt. Open de tijd opnieuw en vul het formulier nog eens in."))
    if end is None:
        raise SlotTaken(_taken_message())
    if booked_by is None and email.strip() and _upcoming_for_email(building=ambassador.building, email=email, now=now):
        raise AlreadyBooked(
            _(
                "U heeft al een rondleiding in dit gebouw geboekt; de link staat in uw e-mail. Wilt u een andere "
                "tijd? Verzet dan die rondleiding via de link."
            ),
            code="already_booked",
        )
    booking = TourBooking.objects.create(
        ambassador=ambassador,
        building=ambassador.building,
        start=start,
        end=end,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        party_size=party_size,
        language=language,
        booked_by=booked_by,
        request_key=request_key or None,
    )
    if booked_by is not None:
        log(instance=booking, action="ambassadors.book_for_visitor", user=booked_by)
    transaction.on_commit(lambda: tasks.send_booking_mails.enqueue(booking_id=booking.pk, event="booked"))
    return booking


def _upcoming_for_email(*, building: BuildingPage, email: str, now: datetime) -> list[TourBooking]:
    """The tours still to come in this building booked with this e-mail address (read as one mailbox). One query."""
    wanted = email_canonical(email)
    tours = TourBooking.objects.filter(building=building, status=BookingStatus.BOOKED, start__gt=now).exclude(email="")
    return [tour for tour in tours.only("pk", "email", "start") if email_canonical(tour.email) == wanted]


def booking_link_resend(*, building: BuildingPage, email: str, now: datetime | None = None) -> int:
    """Send the link of this address's coming tours in this building again, to the address they were booked with.

    Says nothing back about whether there was one (the page shows the same text either way). Returns how many
    links were queued.
    """
    tours = _upcoming_for_email(building=building, email=email, now=now or timezone.now())
    for tour in tours:
        tasks.send_visitor_link.enqueue(booking_id=tour.pk)
    return len(tours)


def ambassador_languages(ambassador: Ambassador) -> list[str]:
    """The languages a visitor can choose for this ambassador's tour: those they speak (Dutch when none is set)."""
    return [code for code in ambassador.languages if code in SpokenLanguage.values] or [SpokenLanguage.DUTCH.value]


def ambassador_languages_display(ambassador: Ambassador) -> str:
    labels = dict(SpokenLanguage.choices)
    return ", ".join(str(labels[code]) for code in ambassador_languages(ambassador))


def _same_request(booking: TourBooking, *, ambassador: Ambassador, start: datetime, name, email, phone) -> bool:
    """Whether `booking` is what this very form made before (a double click): the same slot and the same visitor."""
    return (
        booking.ambassador_id == ambassador.pk
        and booking.start == start
        and booking.name == name.strip()
        and booking.email == email.strip().lower()
        and booking.phone == phone.strip()
    )


def _open(booking: TourBooking, now: datetime) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise BookingClosed(_("Deze rondleiding is geannuleerd en kan niet meer worden gewijzigd."))
    if booking.start <= now:
        raise BookingClosed(_("Deze rondleiding is al geweest of begonnen en kan niet meer worden gewijzigd."))


@transaction.atomic
def booking_move(
    *, booking: TourBooking, ambassador_id: int, start: datetime, by: User | None = None, now: datetime | None = None
) -> TourBooking:
    """Move a booking to another free slot of the same building (possibly with another ambassador)."""
    now = now or timezone.now()
    booking = TourBooking.objects.select_for_update().get(pk=booking.pk)
    _open(booking, now)
    ambassador = _locked_ambassador(ambassador_id, day=start.astimezone(selectors.local_tz()).date())
    if ambassador.building_id != booking.building_id:
        raise SlotTaken(_("Kies een tijd in hetzelfde gebouw."))
    end, _existing = _slot_free(ambassador=ambassador, start=start, now=now, ignore=booking)
    if end is None:
        raise SlotTaken(_taken_message())
    previous = {"ambassador": booking.ambassador_id, "start": booking.start.isoformat()}
    booking.ambassador = ambassador
    booking.start, booking.end = start, end
    booking.sequence += 1
    booking.reminder_sent_at = None
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        raise SlotTaken(_taken_message()) from error
    log(instance=booking, action="ambassadors.move", user=by, data=previous)
    transaction.on_commit(
        lambda: tasks.send_booking_mails.enqueue(
            booking_id=booking.pk,
            event="moved",
            previous_ambassador_id=previous["ambassador"],
            previous_start=previous["start"],
        )
    )
    return booking


@transaction.atomic
def booking_hand_over(
    *, booking: TourBooking, to_ambassador_id: int, by: User, now: datetime | None = None
) -> TourBooking:
    """The ambassador cannot come; a colleague of the same building who is free then takes the tour over.

    Same time, same visitor, nothing to book again: the visitor hears who receives them now, the colleague
    gets the tour (with the calendar attachment), and the first ambassador that it is off their list.
    Refused (`NobodyFree`) when the colleague is not free then (`selectors.ambassador_free_at`), not of the
    building, not active, or already at their limit of tours that day or week.
    """
    now = now or timezone.now()
    booking = TourBooking.objects.select_for_update().select_related("building").get(pk=booking.pk)
    _open(booking, now)
    own = Ambassador.objects.filter(pk=booking.ambassador_id, user_id=by.pk).exists()
    if not (own or permissions.is_tour_staff(by)):
        raise TourError(_("Alleen de ambassadeur van deze rondleiding of een medewerker kan hem doorgeven."))
    day = booking.start.astimezone(selectors.local_tz()).date()
    try:
        colleague = _locked_ambassador(to_ambassador_id, day=day)
    except SlotTaken as error:
        raise NobodyFree(_("Deze collega is niet meer beschikbaar. Kies een andere collega.")) from error
    if colleague.building_id != booking.building_id or colleague.pk == booking.ambassador_id:
        raise NobodyFree(_("Kies een collega van hetzelfde gebouw."))
    week_start, week_end = selectors.week_range(day)
    free = selectors.ambassador_free_at(
        ambassador=colleague,
        weekly=WeeklyTime.objects.filter(ambassador=colleague, weekday=day.weekday()),
        extra=ExtraTime.objects.filter(ambassador=colleague, date=day),
        blocked=[BlockedPeriod(first_day=day, last_day=day)] if colleague.blocked_on_day else [],
        bookings=TourBooking.objects.filter(ambassador=colleague, start__lt=week_end, end__gt=week_start).exclude(
            status=BookingStatus.CANCELLED
        ),
        start=booking.start,
        end=booking.end,
        buffer_minutes=booking.building.tour_buffer_minutes,
    )
    if not free:
        raise NobodyFree(
            _("%(name)s kan op die tijd niet meer. Kies een andere collega of annuleer de rondleiding.")
            % {"name": colleague.display_name}
        )
    previous = booking.ambassador_id
    booking.ambassador = colleague
    booking.sequence += 1
    booking.reminder_sent_at = None
    try:
        with transaction.atomic():
            booking.save(update_fields=["ambassador", "sequence", "reminder_sent_at", "changed_at"])
    except IntegrityError as error:
        raise NobodyFree(_("%(name)s kan op die tijd niet meer.") % {"name": colleague.display_name}) from error
    log(instance=booking, action="ambassadors.hand_over", user=by, data={"ambassador": previous})
    transaction.on_commit(
        lambda: tasks.send_booking_mails.enqueue(
            booking_id=booking.pk, event="taken_over", previous_ambassador_id=previous
        )
    )
    return booking


@transaction.atomic
def booking_cancel(
    *, booking: TourBooking, by: User | None = None, reason: str = "", now: datetime | None = None
) -> TourBooking:
    """Cancel a tour. `reason` (`CancelReason`) when the ambassador cannot come: the visitor is then asked to
    book again, and the reason is kept for staff (never sent to the visitor)."""
    now = now or timezone.now()
    if reason and reason not in CancelReason.values:
        raise TourError({"reason": _("Kies een reden uit de lijst.")})
    booking = TourBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        return booking
    _open(booking, now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancel_reason = reason
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "changed_at"])
    log(instance=booking, action="ambassadors.cancel", user=by, data={"reason": reason} if reason else {})
    transaction.on_commit(lambda: tasks.send_booking_mails.enqueue(booking_id=booking.pk, event="cancelled"))
    return booking


@transaction.atomic
def booking_mark(*, booking: TourBooking, status: str, by: User, now: datetime | None = None) -> TourBooking:
    """After the tour: the ambassador (or staff) says whether it was held or the visitor did not come."""
    now = now or timezone.now()
    if status not in (BookingStatus.HELD, BookingStatus.NO_SHOW):
        raise TourError(_("Kies 'gehouden' of 'niet gekomen'."))
    booking = TourBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingClosed(_("Deze rondleiding was geannuleerd."))
    if booking.start > now:
        raise BookingClosed(_("Dit kan pas als de rondleiding begonnen is."))
    booking.status = status
    booking.save(update_fields=["status", "changed_at"])
    log(instance=booking, action="ambassadors.mark", user=by, data={"status": status})
    return booking


# --------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------


def bookings_anonymise_due(*, now: datetime | None = None, days: int | None = None) -> int:
    """Wipe name, e-mail and phone of visitors whose tour ended more than `days` ago. Returns how many."""
    now = now or timezone.now()
    days = settings.PORTAL_TOUR_RETENTION_DAYS if days is None else days
    due = TourBooking.objects.filter(end__lt=now - timedelta(days=days), anonymised_at__isnull=True)
    cleared = due.update(name="", email="", phone="", request_key=None, anonymised_at=now)
    logger.info("Cleared the visitor's details of %s tour bookings (tour more than %s days ago).", cleared, days)
    return cleared


# --------------------------------------------------------------------------
# Site
# --------------------------------------------------------------------------


def index_page_ensure(*, home) -> None:
    """Make sure /rondleidingen/ exists under the home page (registered for `portal.services.site_ensure`)."""
    if not TourIndexPage.objects.exists():
        home.add_child(
            instance=TourIndexPage(
                title=_("Rondleidingen"),
                slug="rondleidingen",
                intro=_(
                    "Wilt u weten hoe het is om in een van onze gebouwen te wonen? Een bewoner laat u graag "
                    "rondkijken. Kies een gebouw en een tijd; een account is niet nodig."
                ),
            )
        )
