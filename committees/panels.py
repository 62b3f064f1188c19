"""Admin panels used in page definitions (no model imports at module level)."""

from wagtail.admin.panels import HelpPanel, Panel


class ModerationFlagsPanel(Panel):
    """What a moderator should look at before approving: shown, never blocking."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "committees/moderation/flags_panel.html"

        def get_context_data(self, parent_context=None):
            from committees.moderation import content_flags

            context = super().get_context_data(parent_context)
            context["flags"] = content_flags(self.instance) if self.instance.pk else []
            return context

        def is_shown(self):
            # A page not yet saved has nothing to look at: no "no attention points" on an empty form.
            return bool(self.instance.pk)


class GuidancePanel(HelpPanel):
    """A short explanation in formal Dutch at the top of an editor form, with an example.

    The last step differs per person: a committee member offers the page for review, staff publish it.
    """

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            from portal.permissions import is_moderator

            context = super().get_context_data(parent_context)
            context["publishes_self"] = is_moderator(self.request.user)
            return context


def guidance_panel(template: str, heading) -> GuidancePanel:
    return GuidancePanel(template=template, heading=heading)
