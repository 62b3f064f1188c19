"""Admin panels used in page definitions (no model imports at module level)."""

from wagtail.admin.panels import Panel


class ModerationFlagsPanel(Panel):
    """What a moderator should look at before approving: shown, never blocking."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "committees/moderation/flags_panel.html"

        def get_context_data(self, parent_context=None):
            from committees.moderation import content_flags

            context = super().get_context_data(parent_context)
            context["flags"] = content_flags(self.instance) if self.instance.pk else []
            return context
