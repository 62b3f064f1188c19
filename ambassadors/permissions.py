"""Who may do what with tours; used by views, the admin and services alike."""

from __future__ import annotations

from ambassadors.models import Ambassador, TourBooking


def is_tour_staff(user) -> bool:
    """Staff who manage every tour (the Moderators group has these permissions)."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("ambassadors.change_tourbooking"))


def can_book_for_visitor(user, building) -> bool:
    """An active ambassador of the building, or staff, books for someone who phoned or walked in."""
    if not user.is_authenticated:
        return False
    if is_tour_staff(user):
        return True
    return Ambassador.objects.filter(user=user, building=building, active=True).exists()


def can_manage_booking(user, booking: TourBooking) -> bool:
    """The booking's own ambassador, and staff; nobody else sees the visitor's details."""
    if not user.is_authenticated:
        return False
    return booking.ambassador.user_id == user.pk or is_tour_staff(user)
