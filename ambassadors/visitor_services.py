"""Ways to visit besides an ambassador's slot: a tour request to the letting team, and group tours (open afternoons).

Beside `ambassadors.services` (the one-to-one tours) so each module stays small; the same rules of the house:
keyword-only, one transaction, e-mail queued with `transaction.on_commit`, Dutch errors a visitor can act on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ambassadors import tasks
from ambassadors.models import (
    Ambassador,
    BookingStatus,
    GroupTour,
    GroupTourPlace,
    PartOfDay,
    TourRequest,
)
from ambassadors.services import AlreadyBooked, BookingClosed, TourError
from portal.mail import email_canonical
from portal.models import BuildingPage, User, Weekday

logger = logging.getLogger(__name__)


class GroupTourFull(TourError):
    """Not enough places left on a group tour."""


def _validate_contact(*, name: str, email: str, phone: str) -> dict:
    errors = {}
    if not name.strip():
        errors["name"] = _("Vul uw naam in.")
    if not (email.strip() or phone.strip()):
        errors["email"] = _("Vul een e-mailadres of een telefoonnummer in, zodat we u kunnen bereiken.")
    return errors


# --------------------------------------------------------------------------
# A tour request (a building without an ambassador)
# --------------------------------------------------------------------------


@transaction.atomic
def tour_request_create(
    *,
    building: BuildingPage,
    name: str,
    email: str = "",
    phone: str = "",
    preferred_days: Iterable[int] = (),
    part_of_day: str = PartOfDay.EITHER,
) -> TourRequest:
    """A visitor asks for a tour of a building: stored, and mailed to the letting team (and a receipt to the visitor).

    No free text on purpose. The details are wiped `PORTAL_TOUR_RETENTION_DAYS` after the request.
    """
    days = sorted({int(day) for day in preferred_days})
    errors = _validate_contact(name=name, email=email, phone=phone)
    if any(day not in Weekday.values for day in days):
        errors["preferred_days"] = _("Kies dagen uit de lijst.")
    if part_of_day not in PartOfDay.values:
        errors["part_of_day"] = _("Kies een dagdeel uit de lijst.")
    if errors:
        raise ValidationError(errors)
    request = TourRequest.objects.create(
        building=building,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        preferred_days=days,
        part_of_day=part_of_day,
    )
    transaction.on_commit(lambda: tasks.send_tour_request_mails.enqueue(request_id=request.pk))
    return request


# --------------------------------------------------------------------------
# Group tours and open afternoons
# --------------------------------------------------------------------------


@transaction.atomic
def group_tour_offer(
    *,
    building: BuildingPage,
    start: datetime,
    end: datetime,
    capacity: int = 10,
    title: str = "",
    ambassador: Ambassador | None = None,
    by: User | None = None,
) -> GroupTour:
    """Staff (or an ambassador of the building) offer a group tour: one time, `capacity` places."""
    if start <= timezone.now():
        raise ValidationError({"start": _("Kies een tijd in de toekomst.")})
    group_tour = GroupTour(
        building=building,
        ambassador=ambassador,
        start=start,
        end=end,
        capacity=capacity,
        title=title.strip() or _("Open middag"),
    )
    group_tour.full_clean()
    group_tour.save()
    log(instance=group_tour, action="ambassadors.group_offer", user=by)
    return group_tour


def group_place_book(
    *,
    group_tour_id: int,
    name: str,
    email: str = "",
    phone: str = "",
    party_size: int = 1,
    request_key: str | None = None,
    building_slug: str | None = None,
    now: datetime | None = None,
) -> GroupTourPlace:
    """Book places on a group tour. Raises `GroupTourFull` when fewer places are left than asked for.

    The group tour's row is locked first (select_for_update), then the places counted and the new ones written in
    the same transaction: two visitors for the last place are served one after the other. One booking per
    mailbox (`email_canonical`) per group tour; a double-clicked form (same `request_key`) returns the first.
    """
    errors = _validate_contact(name=name, email=email, phone=phone)
    if not 1 <= party_size <= 4:
        errors["party_size"] = _("Er kunnen 1 tot 4 personen per aanmelding mee.")
    if errors:
        raise ValidationError(errors)
    try:
        return _group_place_book(
            group_tour_id=group_tour_id,
            name=name,
            email=email,
            phone=phone,
            party_size=party_size,
            request_key=request_key,
            building_slug=building_slug,
            now=now or timezone.now(),
        )
    except IntegrityError as error:  # the same request key from another form
        raise TourError(_("Dit formulier is al gebruikt. Open de groepsrondleiding opnieuw.")) from error


@transaction.atomic
def _group_place_book(*, group_tour_id, name, email, phone, party_size, request_key, building_slug, now):
    group_tour = (
        GroupTour.objects.select_for_update(of=("self",)).select_related("building").filter(pk=group_tour_id).first()
    )
    if group_tour is None or group_tour.cancelled or (building_slug and group_tour.building.slug != building_slug):
        raise BookingClosed(_("Deze groepsrondleiding gaat niet door. Kies een andere tijd."))
    if group_tour.start <= now:
        raise BookingClosed(_("Deze groepsrondleiding is al begonnen of geweest."))
    places = list(
        GroupTourPlace.objects.filter(group_tour=group_tour).filter(
            Q(status=BookingStatus.BOOKED) | Q(request_key=request_key or "-")
        )
    )
    existing = next((p for p in places if request_key and p.request_key == request_key), None)
    if existing is not None:
        if existing.name == name.strip() and existing.email == email.strip().lower():
            return existing
        raise TourError(_("Dit formulier is al gebruikt. Open de groepsrondleiding opnieuw."))
    booked = [p for p in places if p.status == BookingStatus.BOOKED]
    if email.strip() and any(email_canonical(p.email) == email_canonical(email) for p in booked if p.email):
        raise AlreadyBooked(
            _("U heeft zich al aangemeld voor deze groepsrondleiding; de link staat in uw e-mail."),
            code="already_booked",
        )
    left = group_tour.capacity - sum(p.party_size for p in booked)
    if party_size > left:
        if left <= 0:
            raise GroupTourFull(_("Deze groepsrondleiding is vol. Kies een andere tijd."), code="full")
        raise GroupTourFull(
            {"party_size": _("Er zijn nog %(left)s plaatsen vrij. Kies met hoeveel personen u komt.") % {"left": left}},
            code="full",
        )
    place = GroupTourPlace.objects.create(
        group_tour=group_tour,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        party_size=party_size,
        request_key=request_key or None,
    )
    transaction.on_commit(lambda: tasks.send_group_place_mail.enqueue(place_id=place.pk, event="booked"))
    return place


@transaction.atomic
def group_place_cancel(*, place: GroupTourPlace, now: datetime | None = None) -> GroupTourPlace:
    """The visitor cannot come: their places are free again for someone else."""
    now = now or timezone.now()
    place = GroupTourPlace.objects.select_for_update().select_related("group_tour").get(pk=place.pk)
    if place.status == BookingStatus.CANCELLED:
        return place
    if place.group_tour.start <= now:
        raise BookingClosed(_("Deze groepsrondleiding is al begonnen of geweest."))
    place.status = BookingStatus.CANCELLED
    place.cancelled_at = now
    place.save(update_fields=["status", "cancelled_at"])
    transaction.on_commit(lambda: tasks.send_group_place_mail.enqueue(place_id=place.pk, event="cancelled"))
    return place


def group_tours_upcoming(*, building: BuildingPage, now: datetime | None = None) -> list[GroupTour]:
    """The group tours of a building still to come, each with `places_left`. One query."""
    now = now or timezone.now()
    return list(
        GroupTour.objects.filter(building=building, cancelled=False, start__gt=now)
        .annotate(taken=Sum("places__party_size", filter=Q(places__status=BookingStatus.BOOKED), default=0))
        .order_by("start")
    )


# --------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------


def visitors_anonymise_due(*, now: datetime | None = None, days: int | None = None) -> int:
    """Wipe the details of tour requests older than `days` and of group-tour places `days` after the tour."""
    now = now or timezone.now()
    days = settings.PORTAL_TOUR_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    cleared = TourRequest.objects.filter(created_at__lt=cutoff, anonymised_at__isnull=True).update(
        name="", email="", phone="", anonymised_at=now
    )
    cleared += GroupTourPlace.objects.filter(group_tour__end__lt=cutoff, anonymised_at__isnull=True).update(
        name="", email="", phone="", request_key=None, anonymised_at=now
    )
    logger.info("Cleared the details of %s tour requests and group-tour visitors (older than %s days).", cleared, days)
    return cleared
