"""Who may do what with tours; used by views, the admin and services alike."""

from __future__ import annotations

from ambassadors.models import Ambassador
from portal.permissions import is_moderator


def is_tour_staff(user) -> bool:
    """Staff manage every tour."""
    return is_moderator(user)


def can_book_for_visitor(user, building) -> bool:
    """An active ambassador of the building, or staff, books for someone who phoned or walked in."""
    if not user.is_authenticated:
        return False
    if is_tour_staff(user):
        return True
    return Ambassador.objects.filter(user=user, building=building, active=True).exists()
