"""Who may do what with committees and caretaker messages; used by views, the admin and services."""

from __future__ import annotations

from committees.models import CaretakerMessage, CommitteeKind, CommitteeMembership
from portal.models import BuildingPage, Caretaker, ResidentProfile

MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    """Staff: the Moderators group, and superusers.

    The answer is kept on the user object, like Django's permission cache: the admin asks once per
    menu item and policy check, and `request.user` lives for one request.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator_cache", None)
    if cached is None:
        cached = user._is_moderator_cache = user.groups.filter(name=MODERATORS_GROUP).exists()
    return cached


def can_message_caretaker(user, building: BuildingPage) -> bool:
    """Residents of the building, members of its committees and of the tenants' platform."""
    if not user.is_authenticated or building.caretaker_id is None:
        return False
    if ResidentProfile.objects.filter(user=user, building=building).exists():
        return True
    memberships = CommitteeMembership.objects.filter(user=user)
    return (
        memberships.filter(committee__kind=CommitteeKind.PLATFORM).exists()
        or memberships.filter(committee__path__startswith=building.path).exists()
    )


def messages_visible_to(user):
    """Staff see every message; a caretaker those of their own buildings; nobody else any."""
    messages = CaretakerMessage.objects.select_related("building", "sender")
    if not user.is_authenticated:
        return messages.none()
    if is_moderator(user):
        return messages
    caretaker = Caretaker.objects.filter(user=user).first()
    if caretaker is None:
        return messages.none()
    return messages.filter(building__caretaker=caretaker)
