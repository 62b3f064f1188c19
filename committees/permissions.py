"""Who may do what with committees and caretaker messages; used by views, the admin and services.

`committee_member_of` is the committees' word in the portal's vocabulary (the core's are in portal.permissions):
the activities ask it too.
"""

from __future__ import annotations

from django.db.models import Q

from committees.models import CaretakerMessage, CommitteeKind, CommitteeMembership
from portal.models import BuildingPage
from portal.permissions import caretaker_of, is_moderator, is_verified_resident


def committee_member_of(user, committee_id: int) -> bool:
    """Sits on the committee, in any role."""
    if not user.is_authenticated:
        return False
    return CommitteeMembership.objects.filter(user=user, committee_id=committee_id).exists()


def can_message_caretaker(user, building: BuildingPage) -> bool:
    """Residents verified as living in the building, members of its committees and of the tenants' platform.
    Someone who only says they live there (no code, not confirmed by the caretaker) cannot."""
    if not user.is_authenticated or building.caretaker_id is None:
        return False
    if is_verified_resident(user, building):
        return True
    return CommitteeMembership.objects.filter(
        Q(committee__kind=CommitteeKind.PLATFORM) | Q(committee__building=building), user=user
    ).exists()


def can_see_platform_trend(user) -> bool:
    """The tenants' platform's figures over time (counts only, no names): its members and staff."""
    if not user.is_authenticated:
        return False
    if is_moderator(user):
        return True
    return CommitteeMembership.objects.filter(user=user, committee__kind=CommitteeKind.PLATFORM).exists()


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
    # Their buildings' messages, and those routed to them while they stood in elsewhere (`message_readers`).
    return messages.filter(Q(building__caretaker=caretaker) | Q(caretaker=caretaker))


def can_see_message(user, message: CaretakerMessage) -> bool:
    """Its sender, and who may read it in the admin (its caretaker, staff): the conversation and its photo."""
    if not user.is_authenticated:
        return False
    if message.sender_id == user.pk:
        return True
    return messages_visible_to(user).filter(pk=message.pk).exists()


def can_ask_to_take_down(user, page) -> bool:
    """Who may edit a live page but not unpublish it (a committee member, on their own committee's page) may
    ask a moderator to take it off the website; who may unpublish does so directly."""
    if not user.is_authenticated or not page.live:
        return False
    tester = page.permissions_for_user(user)
    return tester.can_edit() and not tester.can_publish()
