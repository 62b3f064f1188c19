"""Admin page forms (imported by the models; the rules themselves live in committees.services)."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm


class CommitteePageForm(WagtailAdminPageForm):
    def clean(self):
        from committees import services

        cleaned_data = super().clean()
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if parent is not None and cleaned_data.get("kind"):
            try:
                services.committee_kind_validate(kind=cleaned_data["kind"], parent=parent)
            except ValidationError as error:
                self.add_error("kind", error)
        return cleaned_data
