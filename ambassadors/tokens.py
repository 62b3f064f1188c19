"""The signed link in a visitor's e-mail: view, cancel or move a booking without an account.

The token is the booking's id signed with the secret key (Django's signing); it cannot be guessed or
altered, and it stops working once the tour is over (checked on every use, not baked in the token, so
a moved tour keeps a working link).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import TourBooking

SALT = "ambassadors.booking-link"


def booking_token(booking: TourBooking) -> str:
    return signing.dumps(booking.pk, salt=SALT)


def booking_path(booking: TourBooking, name: str = "tour_booking") -> str:
    return reverse(name, kwargs={"token": booking_token(booking)})


class LinkExpired(Exception):
    """The signature is good but the tour is over (or its details are wiped)."""


def booking_for_token(token: str, *, now=None) -> TourBooking | None:
    """The booking of a valid token, None for a tampered one; `LinkExpired` once the tour is over."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    booking = TourBooking.objects.select_related("ambassador", "building").filter(pk=pk).first()
    if booking is None:
        return None
    if booking.end <= (now or timezone.now()) or booking.anonymised_at is not None:
        raise LinkExpired
    return booking


GROUP_SALT = "ambassadors.group-place-link"


def group_place_token(place) -> str:
    return signing.dumps(place.pk, salt=GROUP_SALT)


def group_place_path(place) -> str:
    return reverse("group_place", kwargs={"token": group_place_token(place)})


def group_place_for_token(token: str, *, now=None):
    """The group-tour place of a valid token, None for a tampered one; `LinkExpired` once the tour is over."""
    from ambassadors.models import GroupTourPlace

    try:
        pk = signing.loads(token, salt=GROUP_SALT)
    except signing.BadSignature:
        return None
    place = (
        GroupTourPlace.objects.select_related("group_tour__building", "group_tour__ambassador").filter(pk=pk).first()
    )
    if place is None:
        return None
    if place.group_tour.end <= (now or timezone.now()) or place.anonymised_at is not None:
        raise LinkExpired
    return place
