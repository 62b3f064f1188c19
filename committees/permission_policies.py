"""Wagtail permission policies: who sees which committee records in the admin.

They delegate to committees.permissions, the one place these rules live.
"""

from wagtail.permission_policies.base import BasePermissionPolicy

from committees import permissions
from portal.permissions import MODERATORS_GROUP, is_caretaker, is_moderator


class ModeratorsOnlyPolicy(BasePermissionPolicy):
    """Memberships and reports: moderators (and superusers) only."""

    def user_has_permission(self, user, action):
        return is_moderator(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        active = User.objects.filter(is_active=True)
        return active.filter(groups__name=MODERATORS_GROUP) | active.filter(is_superuser=True)


class ReportPolicy(ModeratorsOnlyPolicy):
    """Reports come from residents (the report button on a news item); moderators resolve them, never add them."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class CaretakerMessagePolicy(BasePermissionPolicy):
    """A caretaker reads and answers the messages of their own buildings; staff all; nobody adds or deletes."""

    def user_has_permission(self, user, action):
        if action not in {"view", "change"}:
            return action == "delete" and is_moderator(user)
        return is_moderator(user) or is_caretaker(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and permissions.messages_visible_to(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model.objects.none()
        return permissions.messages_visible_to(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, caretaker__isnull=False)
