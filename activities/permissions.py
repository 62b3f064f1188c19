"""Who may do what with activities; used by views, the admin and services alike."""

from __future__ import annotations

from committees.permissions import committee_member_of
from portal.models import BuildingPage
from portal.permissions import caretaker_of, is_moderator, is_verified_resident


def is_organiser(user, activity) -> bool:
    """A member of the organising committee."""
    return committee_member_of(user, activity.committee_id)


def may_join(user, activity) -> bool:
    """Anyone with an account signs up for an open activity; for a residents-only one, who is verified as living
    in its building (in any building, for the tenants' platform's). The organising committee may always."""
    if not activity.residents_only or is_moderator(user) or is_organiser(user, activity):
        return True
    return is_verified_resident(user, activity.building if activity.building_id else None)


def can_sign_up_others(user, activity) -> bool:
    """The organising committee and the building's caretaker (and staff) sign up a neighbour."""
    if not user.is_authenticated:
        return False
    if is_moderator(user) or is_organiser(user, activity):
        return True
    caretaker = caretaker_of(user)
    return (
        caretaker is not None
        and activity.building_id is not None
        and BuildingPage.objects.filter(pk=activity.building_id, caretaker=caretaker).exists()
    )


def can_see_participants(user, activity) -> bool:
    return can_sign_up_others(user, activity)
