"""Staff's view of outgoing e-mail (Instellingen → Uitgaande e-mail): what waits, what was given up, and why.

Read only, and without the text of the messages: subject, number of recipients, status, attempts, the next
attempt and the last error. Registered in portal/wagtail_hooks.py.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.models import OutgoingEmail


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only 'view' (superusers, or a group given it): nobody adds, edits or deletes a message here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission(["view"] if "view" in actions else [], **kwargs)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


register_permission_policy(OutgoingEmail, ReadOnlyPolicy(OutgoingEmail), exact_class=True)


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Uitgaande e-mail")
    url_prefix = "uitgaande-email"
    add_to_settings_menu = True
    inspect_view_enabled = True
    inspect_view_fields = ["subject", "status", "attempts", "created_at", "next_attempt", "sent_at", "last_error"]
    form_fields = ["subject"]  # required by ModelViewSet; the policy allows no add or edit
    list_display = [
        "subject",
        Column("recipient_count", label=_("Ontvangers"), accessor=lambda email: len(email.recipients)),
        "status",
        "attempts",
        DateColumn("created_at", label=_("Aangemaakt")),
        DateColumn("next_attempt", label=_("Volgende poging")),
        Column("last_error", label=_("Laatste fout")),
    ]
    list_filter = ["status"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return OutgoingEmail.objects.defer("message")
