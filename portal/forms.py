from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from portal.models import BuildingPage, Language, PresenceSlot


class ProfileForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("In welk gebouw woont u?"),
        queryset=BuildingPage.objects.none(),
        required=False,
        empty_label=_("Kies uw gebouw"),
    )
    apartment_number = forms.CharField(
        label=_("Huisnummer of appartement"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld 12 of 3B."),
    )
    language = forms.ChoiceField(label=_("Taal"), choices=Language.choices)
    larger_text = forms.BooleanField(label=_("Grotere letters"), required=False)
    high_contrast = forms.BooleanField(label=_("Hoog contrast"), required=False)
    reminder_emails = forms.BooleanField(
        label=_("Een herinnering per e-mail, de dag vóór een activiteit waarvoor u bent aangemeld"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = BuildingPage.objects.live().order_by("title")


class DisplayForm(forms.Form):
    larger_text = forms.BooleanField(label=_("Grotere letters"), required=False)
    high_contrast = forms.BooleanField(label=_("Hoog contrast"), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PresenceSlotForm(forms.ModelForm):
    class Meta:
        model = PresenceSlot
        fields = ["building", "weekday", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class BasePresenceSlotFormSet(BaseModelFormSet):
    def __init__(self, *args, caretaker, **kwargs):
        self.caretaker = caretaker
        slots = caretaker.presence_slots.filter(building__caretaker=caretaker).select_related("building")
        super().__init__(*args, queryset=slots, **kwargs)
        buildings = BuildingPage.objects.filter(caretaker=caretaker).order_by("title")
        for form in self.forms:
            form.fields["building"].queryset = buildings
            form.fields["building"].empty_label = _("Kies een gebouw")

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["building"].queryset = BuildingPage.objects.filter(caretaker=self.caretaker)
        return form

    def slots(self) -> list[PresenceSlot]:
        """The schedule as the caretaker left it: filled rows that are not marked for removal."""
        slots = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            slots.append(
                PresenceSlot(
                    caretaker=self.caretaker,
                    building=data["building"],
                    weekday=data["weekday"],
                    start=data["start"],
                    end=data["end"],
                )
            )
        return slots


PresenceSlotFormSet = modelformset_factory(
    PresenceSlot,
    form=PresenceSlotForm,
    formset=BasePresenceSlotFormSet,
    extra=2,
    can_delete=True,
)
