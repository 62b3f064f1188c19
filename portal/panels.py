"""Admin panels used in page and snippet definitions (no model imports at module level)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel, TitleFieldPanel

# Staff (moderators, superusers) may change a page's address and its search-engine texts.
PAGE_ADDRESS_PERMISSION = "portal.edit_page_address"


def staff_promote_panels() -> list[Panel]:
    """Wagtail's "Promoten" tab, for staff only.

    A committee member never sees the slug, SEO title or menu setting: the address is made from the
    title (Wagtail does that when the slug is left out of the form), and the whole tab disappears for
    them because none of its fields is shown. The fields are left out of their form, not just hidden,
    so nothing they post can change them.
    """
    return [
        MultiFieldPanel(
            [
                FieldPanel("slug", permission=PAGE_ADDRESS_PERMISSION),
                FieldPanel("seo_title", permission=PAGE_ADDRESS_PERMISSION),
                FieldPanel("search_description", permission=PAGE_ADDRESS_PERMISSION),
            ],
            heading=_("Voor zoekmachines"),
        ),
        FieldPanel("show_in_menus", permission=PAGE_ADDRESS_PERMISSION),
    ]


class PageTitlePanel(TitleFieldPanel):
    """Wagtail's title panel, also for a form without a slug field (a committee member's).

    Wagtail 8 connects its title→slug sync (`w-sync`) even when none of its targets is in the form, with
    an empty selector, and the browser logs "querySelectorAll: the provided selector is empty" on every
    key press. Without a target there is nothing to sync, so the controller is left off.
    """

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_attrs(self):
            attrs = super().get_attrs()
            if not attrs.get("data-w-sync-target-value"):
                widget_attrs = self.bound_field.field.widget.attrs
                attrs = {key: value for key, value in attrs.items() if key == "placeholder"}
                for key in ("data-controller", "data-action"):
                    if widget_attrs.get(key):
                        attrs[key] = widget_attrs[key]
            return attrs


def title_panel(help_text) -> PageTitlePanel:
    """The page title with a help text in "u" (Wagtail's own says "je")."""
    return PageTitlePanel("title", help_text=help_text)


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
