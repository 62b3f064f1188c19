"""Who may do what in the portal core; used by views, the admin and services alike."""

from __future__ import annotations

from portal.models import Caretaker


def requires_admin_mfa(user) -> bool:
    """Staff and caretakers must protect their account with MFA before using the admin."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or Caretaker.objects.filter(user=user).exists()


def caretaker_for(user) -> Caretaker | None:
    if not user.is_authenticated:
        return None
    return Caretaker.objects.filter(user=user).first()


def can_anonymise_accounts(user) -> bool:
    """Staff (moderators) delete a person's account on their request, from the Wagtail admin."""
    from committees.permissions import is_moderator

    return is_moderator(user)


def can_see_participation(user) -> bool:
    """The participation figures per building: staff (the Moderators group) and superusers.

    The same test as the caretaker-hours report: staff manage caretakers and buildings; caretakers,
    committees and ambassadors do not. `has_perm` reads the permissions Django caches per request,
    so the admin menu, which asks on every page, costs no extra query.
    """
    if not user.is_authenticated:
        return False
    return user.has_perm("portal.view_caretaker") or user.has_perm("portal.change_caretaker")


def can_see_job_status(user) -> bool:
    """Overdue periodic jobs on the admin dashboard: staff (moderators) and superusers."""
    from committees.permissions import is_moderator

    return is_moderator(user)


def can_see_everyones_history(user) -> bool:
    """Wagtail's reports that list other people's work by name (site history, ageing pages): staff only.
    A committee member sees their own pages' history on each page."""
    from committees.permissions import is_moderator

    return is_moderator(user)
