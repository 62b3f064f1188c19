"""The ambassador's form in the admin; the rules themselves live in ambassadors.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ambassadors import services
from ambassadors.models import SpokenLanguage

LIMITS = ("max_tours_per_day", "max_tours_per_week")


class AmbassadorAdminForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Talen"), choices=SpokenLanguage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Appointing makes an ambassador active (`services.ambassador_appoint`); 'actief' is for later.
            self.fields.pop("active", None)
        for name in LIMITS:
            if name in self.fields:
                self.fields[name].required = False  # left empty: as it was (a new ambassador: the default)

    def _limit(self, name):
        return self.cleaned_data.get(name) or getattr(self.instance, name)

    def clean_max_tours_per_day(self):
        return self._limit("max_tours_per_day")

    def clean_max_tours_per_week(self):
        return self._limit("max_tours_per_week")

    def clean(self):
        data = super().clean()
        user, building = data.get("user"), data.get("building")
        profile = getattr(user, "resident_profile", None) if user else None
        if user and building and profile is not None and profile.building_id not in (None, building.pk):
            self.add_error(
                "building", _("Deze bewoner woont in een ander gebouw. Een ambassadeur laat het eigen gebouw zien.")
            )
        self._clean_weekly_times()
        return data

    def _clean_weekly_times(self):
        """The weekly pattern obeys the same rule as on /mijn/ (`services.weekly_times_validate`)."""
        formset = self.formsets.get("weekly_times")
        if formset is None or not formset.is_valid():
            return
        times = [
            services.TimeRange(
                weekday=form.cleaned_data["weekday"], start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("weekday") is not None
            and form.cleaned_data.get("start")
            and form.cleaned_data.get("end")
        ]
        try:
            building = self.cleaned_data.get("building")
            services.weekly_times_validate(times=times, tour_minutes=building.tour_minutes if building else None)
        except ValidationError as error:
            self.add_error(None, error)
