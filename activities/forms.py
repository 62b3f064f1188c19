from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.validators import validate_plain_house_number, validate_plain_name, validate_plain_phone


class SignupForm(forms.Form):
    guests = forms.TypedChoiceField(
        label=_("Neemt u iemand mee?"),
        choices=[(0, _("Nee, ik kom alleen")), (1, _("Ja, ik neem één gast mee"))],
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
    )


class SignupForOtherForm(forms.Form):
    """A committee member or the caretaker signs up a resident, or a neighbour without an account."""

    resident = forms.ModelChoiceField(
        label=_("Bewoner met een account"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Kies een bewoner, of vul hieronder een buur in"),
    )
    # Short fields shown to organisers and in their e-mails: plain text only (portal.validators).
    neighbour_name = forms.CharField(
        label=_("Of: naam van de buur zonder account"), max_length=100, required=False, validators=[validate_plain_name]
    )
    neighbour_apartment = forms.CharField(
        label=_("Huisnummer van de buur"), max_length=20, required=False, validators=[validate_plain_house_number]
    )
    neighbour_phone = forms.CharField(
        label=_("Telefoonnummer van de buur"), max_length=20, required=False, validators=[validate_plain_phone]
    )
    neighbour_consent = forms.BooleanField(label=_("De buur vindt het goed dat ik haar of hem aanmeld"), required=False)
    guests = forms.TypedChoiceField(
        label=_("Iemand meenemen"),
        choices=[(0, _("Nee, komt alleen")), (1, _("Ja, neemt één gast mee"))],
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents
        self.fields["resident"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.email}"
            + (f", {user.resident_profile.apartment_number}" if getattr(user, "resident_profile", None) else "")
        )

    def clean(self):
        data = super().clean()
        if data.get("resident"):
            return data
        if not data.get("neighbour_name"):
            self.add_error("neighbour_name", _("Kies een bewoner, of vul de naam van de buur in."))
        elif not (data.get("neighbour_apartment") or data.get("neighbour_phone")):
            self.add_error("neighbour_apartment", _("Vul het huisnummer of het telefoonnummer van de buur in."))
        if data.get("neighbour_name") and not data.get("neighbour_consent"):
            self.add_error("neighbour_consent", _("Vraag eerst of de buur het goed vindt, en vink dat dan aan."))
        return data
