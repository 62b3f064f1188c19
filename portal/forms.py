from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from portal.models import AbsenceKind, BuildingPage, Caretaker, Home, Language, PresenceSlot
from portal.validators import validate_plain_house_number, validate_plain_name
from portal.widgets import AllBuildingsSelect


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Uw naam zoals anderen die zien"),
        max_length=60,
        required=False,
        help_text=_("Bijvoorbeeld: mevrouw Jansen, of Truus van nummer 12."),
    )
    # A building's slug, chosen from every live building (`AllBuildingsSelect`); `clean_building` finds it.
    building = forms.CharField(
        label=_("In welk gebouw woont u?"),
        required=False,
        widget=AllBuildingsSelect(empty_label=_("Kies uw gebouw")),
    )
    apartment_number = forms.CharField(
        label=_("Huisnummer of appartement"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld 12 of 3B."),
        validators=[validate_plain_house_number],
    )
    language = forms.ChoiceField(label=_("Taal"), choices=Language.choices)
    larger_text = forms.BooleanField(label=_("Grotere letters"), required=False)
    high_contrast = forms.BooleanField(label=_("Hoog contrast"), required=False)
    reminder_emails = forms.BooleanField(
        label=_("Een herinnering per e-mail, de dag vóór een activiteit waarvoor u bent aangemeld"),
        required=False,
    )

    def clean_building(self) -> BuildingPage | None:
        slug = self.cleaned_data["building"]
        if not slug:
            return None
        building = BuildingPage.objects.live().filter(slug=slug).first()
        if building is None:  # removed since the page was shown, or typed by hand
            raise forms.ValidationError(_("Dit gebouw staat niet meer in de lijst. Kies uw gebouw opnieuw."))
        return building

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        validate_plain_name(name)
        return name


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
        from portal import selectors

        # Their own buildings, and where they stand in for an absent colleague.
        buildings = selectors.buildings_plannable_by(caretaker=caretaker).order_by("title")
        slots = caretaker.presence_slots.filter(building__in=buildings).select_related("building")
        super().__init__(*args, queryset=slots, **kwargs)
        for form in self.forms:
            form.fields["building"].queryset = buildings
            form.fields["building"].empty_label = _("Kies een gebouw")

    @property
    def empty_form(self):
        form = super().empty_form
        from portal import selectors

        form.fields["building"].queryset = selectors.buildings_plannable_by(caretaker=self.caretaker)
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


class HomeActivationForm(forms.Form):
    """A resident types the code from the letter to their home, and the name others will see."""

    code = forms.CharField(
        label=_("Uw code"),
        max_length=20,
        help_text=_("Deze staat in de brief, bijvoorbeeld KQ7M-4TXR-9C. Kleine letters mag ook."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    display_name = forms.CharField(
        label=_("Hoe mogen anderen u noemen?"),
        max_length=60,
        help_text=_("Bijvoorbeeld: mevrouw Jansen, of Truus van nummer 12. Dit zien de commissie en de huismeester."),
    )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        validate_plain_name(name)
        return name


class ResidentVerifyForm(forms.Form):
    """The caretaker confirms, in the building, that the person with this account lives in this home."""

    email = forms.EmailField(
        label=_("E-mailadres van de bewoner"),
        help_text=_("Het adres waarmee de bewoner inlogt. Vraag het de bewoner."),
    )
    home = forms.ModelChoiceField(label=_("Woning"), queryset=Home.objects.none(), empty_label=_("Kies de woning"))

    def __init__(self, *args, homes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes if homes is not None else Home.objects.none()


class HomeCodeForm(forms.Form):
    """The caretaker makes a new code for one home, to hand over at the door."""

    home = forms.ModelChoiceField(label=_("Woning"), queryset=Home.objects.none(), empty_label=_("Kies de woning"))

    def __init__(self, *args, homes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes if homes is not None else Home.objects.none()


class AbsenceForm(forms.Form):
    """A caretaker records a period away: the days, the kind (nothing more about health), and who stands in
    in each of their buildings. The rules are in `portal.services.absence_validate`."""

    first_day = forms.DateField(
        label=_("Eerste dag weg"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label=_("Laatste dag weg"),
        help_text=_("De dag daarna bent u er weer."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=_("Waarom"),
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        help_text=_("Alleen de soort; schrijf hier niets over uw gezondheid. Bewoners zien dit niet."),
    )

    def __init__(self, *args, caretaker: Caretaker, **kwargs):
        super().__init__(*args, **kwargs)
        self.caretaker = caretaker
        self.buildings = list(BuildingPage.objects.filter(caretaker=caretaker).order_by("title"))
        others = Caretaker.objects.exclude(pk=caretaker.pk).order_by("name")
        for building in self.buildings:
            self.fields[f"vervanger_{building.pk}"] = forms.ModelChoiceField(
                label=_("Vervanger in %(building)s") % {"building": building.title},
                queryset=others,
                required=False,
                empty_label=_("Nog niemand"),
            )

    def stand_ins(self) -> list[tuple[BuildingPage, Caretaker]]:
        return [
            (building, self.cleaned_data[f"vervanger_{building.pk}"])
            for building in self.buildings
            if self.cleaned_data.get(f"vervanger_{building.pk}")
        ]

    def stand_in_fields(self):
        return [self[f"vervanger_{building.pk}"] for building in self.buildings]
