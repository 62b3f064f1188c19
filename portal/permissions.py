"""The portal's vocabulary of who someone is, and the core's own rules built from it.

Every app asks these questions here, never in its own words: "is this staff?" is `is_moderator`
everywhere (the Moderators group: woonconsulenten, verhuurmakelaars, moderators; and superusers), "is this
a caretaker?" is `caretaker_of`, "does this person really live there?" is `is_verified_resident`. A feature
app keeps its own rules (who may sign a neighbour up, who sees a
booking) in its own `permissions.py`, written with these words. Answers are kept on the user object for
the length of a request, like Django's permission cache: the admin asks on every menu item.
"""

from __future__ import annotations

from portal.models import Caretaker, Home, Residency

MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    """Staff of the corporation who moderate, manage buildings, caretakers and tours, and see the figures:
    the Moderators group, and superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator_cache", None)
    if cached is None:
        cached = user._is_moderator_cache = user.groups.filter(name=MODERATORS_GROUP).exists()
    return cached


def is_staff_member(user) -> bool:
    """An employee account (Django's is_staff, or a superuser), whatever its groups."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def caretaker_of(user) -> Caretaker | None:
    """The caretaker this account belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_caretaker_cache"):
        if user._meta.get_field("caretaker").is_cached(user):  # read with the account (portal.auth_backends)
            user._caretaker_cache = getattr(user, "caretaker", None)
        else:
            user._caretaker_cache = Caretaker.objects.filter(user=user).first()
    return user._caretaker_cache


def is_caretaker(user) -> bool:
    return caretaker_of(user) is not None


def verified_home_of(user) -> Home | None:
    """The home this person is verified to live in (with its code, or by the caretaker), or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_verified_home_cache"):
        residency = Residency.objects.filter(user=user, ended_at__isnull=True).select_related("home__building").first()
        user._verified_home_cache = residency.home if residency else None
    return user._verified_home_cache


def is_verified_resident(user, building=None) -> bool:
    """Verified to live in `building` (or, without one, in any of the corporation's buildings)."""
    home = verified_home_of(user)
    return home is not None and (building is None or home.building_id == building.pk)


# --- The core's own rules ---


def requires_admin_mfa(user) -> bool:
    """Staff and caretakers must protect their account with MFA before using the admin."""
    return is_staff_member(user) or is_caretaker(user)


def caretaker_for(user) -> Caretaker | None:
    """The caretaker shown on someone's own page (their presence hours)."""
    return caretaker_of(user)


def can_anonymise_accounts(user) -> bool:
    """Staff delete a person's account on their request, from the Wagtail admin."""
    return is_moderator(user)


def can_see_participation(user) -> bool:
    """The participation figures per building, and the caretaker-hours report: staff."""
    return is_moderator(user)


def can_see_job_status(user) -> bool:
    """Overdue periodic jobs on the admin dashboard: staff."""
    return is_moderator(user)


def can_see_everyones_history(user) -> bool:
    """Wagtail's reports that list other people's work by name (site history, ageing pages): staff only.
    A committee member sees their own pages' history on each page."""
    return is_moderator(user)


def can_manage_homes(user) -> bool:
    """Importing the homes, printing their letters, ending a home's link when tenants move: staff."""
    return is_moderator(user)


def can_verify_residents(user, building=None) -> bool:
    """The caretaker of the building confirms a resident in person (and hands over a new code at the door)."""
    caretaker = caretaker_of(user)
    if caretaker is None:
        return False
    return building is None or building.caretaker_id == caretaker.pk
