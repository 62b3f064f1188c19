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
