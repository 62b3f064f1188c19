"""Who may do what with committees and caretaker messages; used by views, the admin and services."""

from __future__ import annotations

from committees.models import CaretakerMessage, CommitteeKind, CommitteeMembership
from portal.models import BuildingPage, ResidentProfile
from portal.permissions import caretaker_of, is_moderator


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
    caretaker = caretaker_of(user)
    if caretaker is None:
        return messages.none()
    return messages.filter(building__caretaker=caretaker)


def can_ask_to_take_down(user, page) -> bool:
    """Who may edit a live page but not unpublish it (a committee member, on their own committee's page) may
    ask a moderator to take it off the website; who may unpublish does so directly."""
    if not user.is_authenticated or not page.live:
        return False
    tester = page.permissions_for_user(user)
    return tester.can_edit() and not tester.can_publish()
