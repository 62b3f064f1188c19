"""Forms and panels for the Wagtail admin; the rules themselves live in portal.services."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from portal import services
from portal.models import CaretakerAbsence, PresenceSlot, StandIn


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
            services.presence_slots_validate(
                caretaker=self.instance, slots=slots, contract_hours=cleaned_data.get("contract_hours")
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data


class CaretakerAbsenceAdminForm(WagtailAdminModelForm):
    """Checks the absence with its stand-ins at once, by the rules the caretaker's own form uses."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("stand_ins")
        caretaker = cleaned_data.get("caretaker")
        if formset is None or not formset.is_valid() or caretaker is None:
            return cleaned_data
        absence = CaretakerAbsence(
            pk=self.instance.pk,
            caretaker=caretaker,
            first_day=cleaned_data.get("first_day"),
            last_day=cleaned_data.get("last_day"),
        )
        stand_ins = [
            StandIn(building=form.cleaned_data["building"], caretaker=form.cleaned_data["caretaker"])
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("building")
            and form.cleaned_data.get("caretaker")
        ]
        try:
            services.absence_validate(absence=absence, stand_ins=stand_ins)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data
