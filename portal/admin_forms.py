"""Forms and panels for the Wagtail admin; the rules themselves live in portal.services."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from portal import services
from portal.models import PresenceSlot


class CaretakerAdminForm(WagtailAdminModelForm):
    """Checks the whole weekly schedule at once, so overlaps between rows show up."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("presence_slots")
        if formset is None or not formset.is_valid():
            return cleaned_data
        slots = [
            PresenceSlot(
                caretaker=self.instance,
                building=form.cleaned_data["building"],
                weekday=form.cleaned_data["weekday"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("building")
        ]
        try:
            services.presence_slots_validate(caretaker=self.instance, slots=slots)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data
