"""Admin panels used in page and snippet definitions (no model imports at module level)."""

from wagtail.admin.panels import Panel


class CaretakerHoursPanel(Panel):
    """Shows, on the building's edit page, planned caretaker hours next to the 10-homes rule."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/caretaker_hours_panel.html"

        def get_context_data(self, parent_context=None):
            from portal import selectors

            context = super().get_context_data(parent_context)
            row = None
            if self.instance.pk:
                rows = selectors.caretaker_hours_overview(
                    buildings=type(self.instance).objects.filter(pk=self.instance.pk)
                )
                row = rows[0] if rows else None
            context["row"] = row
            return context
