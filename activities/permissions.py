"""Who may do what with activities; used by views, the admin and services alike."""

from __future__ import annotations

from committees.models import CommitteeMembership
from committees.permissions import is_moderator
from portal.models import BuildingPage, Caretaker


def _committee_path(activity) -> str:
    return activity.path[: -activity.steplen]


def _building_path(activity) -> str:
    return activity.path[: -2 * activity.steplen]


def is_organiser(user, activity) -> bool:
    """A member of the organising committee."""
    if not user.is_authenticated:
        return False
    return CommitteeMembership.objects.filter(user=user, committee__path=_committee_path(activity)).exists()


def can_sign_up_others(user, activity) -> bool:
    """The organising committee and the building's caretaker (and staff) sign up a neighbour."""
    if not user.is_authenticated:
        return False
    if is_moderator(user) or is_organiser(user, activity):
        return True
    caretaker = Caretaker.objects.filter(user=user).first()
    return (
        caretaker is not None
        and BuildingPage.objects.filter(path=_building_path(activity), caretaker=caretaker).exists()
    )


def can_see_participants(user, activity) -> bool:
    return can_sign_up_others(user, activity)
