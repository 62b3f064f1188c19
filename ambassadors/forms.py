import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ambassadors.models import CancelReason, PartOfDay, SpokenLanguage
from ambassadors.selectors import TourSlot
from ambassadors.services import TimeRange, too_short_message
from portal.models import Weekday
from portal.validators import validate_plain_name

PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
PARTY_SIZES = [(n, str(n)) for n in range(1, 5)]


def slot_label(slot: TourSlot, *, with_day: bool = True) -> str:
    start, end = slot.local_start, slot.local_end
    from django.utils.formats import date_format

    day = f"{date_format(start, 'l j F')}, " if with_day else ""
    return _("%(day)s%(start)s–%(end)s uur, met %(name)s") % {
        "day": day,
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "name": slot.ambassador_name,
    }


class VisitorForm(forms.Form):
    """What a prospective tenant gives to book a tour. Deliberately no free-text remarks."""

    # Copied into the confirmation e-mail to whatever address was typed: a name only (portal.validators).
    name = forms.CharField(
        label=_("Uw naam"),
        max_length=100,
        validators=[validate_plain_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        error_messages={
            "required": _("Vul uw e-mailadres in, zodat we de bevestiging kunnen sturen."),
            "invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        },
        help_text=_("Hierheen sturen we de bevestiging, met een link om te verzetten of te annuleren."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Uw telefoonnummer"),
        max_length=20,
        required=False,
        help_text=_("Zodat de ambassadeur u kan bellen als er iets verandert."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    party_size = forms.TypedChoiceField(
        label=_("Met hoeveel personen komt u?"),
        choices=PARTY_SIZES,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies met hoeveel personen u komt: 1 tot 4."),
            "invalid_choice": _("Kies met hoeveel personen u komt: 1 tot 4."),
        },
    )
    language = forms.ChoiceField(
        label=_("In welke taal wilt u de rondleiding?"),
        choices=SpokenLanguage.choices,
        initial=SpokenLanguage.DUTCH,
    )

    def limit_languages(self, codes: list[str]) -> None:
        """Offer only the languages the ambassador speaks."""
        self.fields["language"].choices = [(code, label) for code, label in SpokenLanguage.choices if code in codes]
        if self.fields["language"].initial not in codes:
            self.fields["language"].initial = codes[0]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Vul een telefoonnummer in met alleen cijfers, bijvoorbeeld 06 12345678."))
        return phone


class BookingForm(VisitorForm):
    """The public form: the visitor's details, a honeypot, and a key that makes a double click harmless."""

    # Hidden from people (CSS and aria-hidden); a bot that fills in every field gives itself away.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("request_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class HoneypotMixin(forms.Form):
    # Hidden from people (CSS and aria-hidden); a bot that fills in every field gives itself away.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class TourRequestForm(HoneypotMixin):
    """A building without an ambassador: ask the letting team for a tour. No free text on purpose."""

    name = VisitorForm.base_fields["name"]
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Uw telefoonnummer"),
        max_length=20,
        required=False,
        help_text=_("Vul een e-mailadres of een telefoonnummer in, of allebei."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_days = forms.TypedMultipleChoiceField(
        label=_("Welke dagen komen u het best uit?"),
        choices=Weekday.choices[:6],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: elke dag is goed."),
    )
    part_of_day = forms.ChoiceField(
        label=_("Liever 's ochtends of 's middags?"),
        choices=PartOfDay.choices,
        initial=PartOfDay.EITHER,
        widget=forms.RadioSelect,
    )
    clean_phone = VisitorForm.clean_phone

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("phone")) and "email" not in self.errors:
            self.add_error("email", _("Vul een e-mailadres of een telefoonnummer in, zodat we u kunnen bereiken."))
        return data


class GroupPlaceForm(HoneypotMixin):
    """Places on a group tour: the visitor's details (e-mail for the confirmation and the link)."""

    name = VisitorForm.base_fields["name"]
    email = VisitorForm.base_fields["email"]
    phone = VisitorForm.base_fields["phone"]
    party_size = VisitorForm.base_fields["party_size"]
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    clean_phone = VisitorForm.clean_phone

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("request_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class SlotChoiceField(forms.ChoiceField):
    """A choice of free slots (radio buttons or a list); the value is the slot key."""

    def __init__(self, *args, slots: list[TourSlot] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_slots(slots)

    def set_slots(self, slots):
        self.slots = {slot.key: slot for slot in slots}
        self.choices = [(slot.key, slot_label(slot)) for slot in slots]

    def clean(self, value):
        value = super().clean(value)
        return self.slots[value] if value else None


class PhoneBookingForm(VisitorForm):
    """An ambassador or staff member books for a visitor who phoned or walked in."""

    slot = SlotChoiceField(
        label=_("Welke tijd?"),
        error_messages={"invalid_choice": _("Deze tijd is niet meer vrij. Kies een andere tijd.")},
    )

    field_order = ["slot", "name", "phone", "email", "party_size", "language"]

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].set_slots(slots)
        self.fields["slot"].choices = [("", _("Kies een tijd")), *self.fields["slot"].choices]
        self.fields["name"].label = _("Naam van de bezoeker")
        self.fields["email"].label = _("E-mailadres van de bezoeker")
        self.fields["email"].required = False
        self.fields["email"].help_text = _("Als de bezoeker er een heeft: dan krijgt hij of zij de bevestiging.")
        self.fields["phone"].label = _("Telefoonnummer van de bezoeker")
        self.fields["party_size"].label = _("Met hoeveel personen komt de bezoeker?")
        self.fields["language"].label = _("In welke taal?")

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("phone")):
            self.add_error("phone", _("Vul een telefoonnummer of een e-mailadres van de bezoeker in."))
        return data

    def book(self, *, by):
        """Book the chosen slot through the service; its refusal becomes an error on this form (then None)."""
        from ambassadors import services

        data = self.cleaned_data
        try:
            return services.booking_create(
                ambassador_id=data["slot"].ambassador_id,
                start=data["slot"].start,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                party_size=data["party_size"],
                language=data["language"],
                booked_by=by,
            )
        except ValidationError as error:
            messages = getattr(error, "error_dict", {None: error.error_list})
            for field, errors in messages.items():
                self.add_error(field if field in self.fields else "slot", errors)
            return None


class MoveForm(forms.Form):
    slot = SlotChoiceField(
        label=_("Kies een nieuwe tijd"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een nieuwe tijd."),
            "invalid_choice": _("Deze tijd is niet meer vrij. Kies een andere tijd."),
        },
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].set_slots(slots)


# --- The ambassador's own availability on /mijn/ ---------------------------------------------------

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WeeklyTimeForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Dag"), choices=[("", _("Kies een dag")), *Weekday.choices], coerce=int, required=False
    )
    start = forms.TimeField(label=_("Van"), widget=TIME_WIDGET, required=False)
    end = forms.TimeField(label=_("Tot"), widget=TIME_WIDGET, required=False)
    remove = forms.BooleanField(label=_("Deze tijd weghalen"), required=False)

    def __init__(self, *args, tour_minutes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tour_minutes = tour_minutes

    def clean(self):
        data = super().clean()
        filled = [data.get("weekday") not in (None, ""), data.get("start") is not None, data.get("end") is not None]
        if data.get("remove") or not any(filled):
            return data
        if not data.get("weekday") and data.get("weekday") != 0:
            self.add_error("weekday", _("Kies een dag."))
        if data.get("start") is None:
            self.add_error("start", _("Vul een begintijd in, bijvoorbeeld 10:00."))
        if data.get("end") is None:
            self.add_error("end", _("Vul een eindtijd in, bijvoorbeeld 12:00."))
        elif data.get("start") and data["end"] <= data["start"]:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        elif data.get("start") and _too_short(data["start"], data["end"], self.tour_minutes):
            self.add_error("end", too_short_message(self.tour_minutes))
        return data

    def time_range(self) -> TimeRange | None:
        data = self.cleaned_data
        if data.get("remove") or data.get("start") is None or data.get("weekday") in (None, ""):
            return None
        return TimeRange(weekday=data["weekday"], start=data["start"], end=data["end"])


WeeklyTimeFormSet = forms.formset_factory(WeeklyTimeForm, extra=1)


def _too_short(start, end, tour_minutes: int | None) -> bool:
    """Shorter than one tour: no tour fits in it (the service says the same: `services.too_short_message`)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return bool(tour_minutes) and minutes < tour_minutes


class ExtraTimeForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    start = forms.TimeField(label=_("Van"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("Tot"), widget=TIME_WIDGET)

    def __init__(self, *args, tour_minutes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tour_minutes = tour_minutes

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        elif data.get("start") and data.get("end") and _too_short(data["start"], data["end"], self.tour_minutes):
            self.add_error("end", too_short_message(self.tour_minutes))
        return data


class LimitsForm(forms.Form):
    per_day = forms.TypedChoiceField(
        label=_("Hoeveel rondleidingen wilt u hoogstens geven op één dag?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
    )
    per_week = forms.TypedChoiceField(
        label=_("En hoeveel hoogstens in één week?"),
        choices=[(n, str(n)) for n in range(1, 31)],
        coerce=int,
    )


class BlockedPeriodForm(forms.Form):
    first_day = forms.DateField(label=_("Van"), widget=DATE_WIDGET)
    last_day = forms.DateField(
        label=_("Tot en met"), widget=DATE_WIDGET, required=False, help_text=_("Leeg: alleen die ene dag.")
    )

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("De laatste dag kan niet vóór de eerste dag liggen."))
        return data


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=[("gehouden", _("Gehouden")), ("niet_gekomen", _("Niet gekomen"))])


# --- The ambassador cannot make it: hand over, or cancel ---------------------------------------------


class HandOverForm(forms.Form):
    """Pick a colleague of the same building who is free at the tour's time."""

    colleague = forms.TypedChoiceField(
        label=_("Aan wie geeft u de rondleiding door?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een collega."),
            "invalid_choice": _("Deze collega kan op die tijd niet meer. Kies een andere collega."),
        },
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [(person.pk, person.display_name) for person in colleagues]


class CancelReasonForm(forms.Form):
    """Why the ambassador cannot come: a choice, no free text (nothing about anyone's health in writing)."""

    reason = forms.ChoiceField(
        label=_("Waarom kunt u niet?"),
        help_text=_("Alleen de woonconsulent ziet dit. De bezoeker hoort alleen dat u niet kunt."),
        choices=CancelReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een reden."), "invalid_choice": _("Kies een reden uit de lijst.")},
    )


class GroupTourOfferForm(forms.Form):
    """An ambassador offers an open afternoon in their building: a day, a time, how many people can come."""

    title = forms.CharField(label=_("Naam"), max_length=100, initial=_("Open middag"), validators=[validate_plain_name])
    day = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    start = forms.TimeField(label=_("Van"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("Tot"), widget=TIME_WIDGET)
    capacity = forms.TypedChoiceField(
        label=_("Hoeveel mensen kunnen er komen?"),
        choices=[(n, str(n)) for n in (4, 6, 8, 10, 12, 15, 20, 25, 30)],
        coerce=int,
        initial=10,
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("De eindtijd moet na de begintijd liggen."))
        return data
