from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import MessageCategory, MessageStatus, ReportReason
from portal.validators import validate_plain_title


class PageReportForm(forms.Form):
    # A resident's reasons: asking to take a page down is for its own committee, from the editor.
    reason = forms.ChoiceField(
        label=_("Waarom meldt u dit?"), choices=ReportReason.for_residents, widget=forms.RadioSelect
    )


class CaretakerMessageForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Waar gaat het over?"), choices=MessageCategory.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(
        label=_("Titel"),
        max_length=120,
        help_text=_("Bijvoorbeeld: lamp in de hal is kapot."),
        validators=[validate_plain_title],  # the subject line of the caretaker's e-mail (portal.validators)
    )
    body = forms.CharField(
        label=_("Uw bericht"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Schrijf hier geen gegevens over uw gezondheid of die van anderen. "
            "Gaat het om zorg? Neem dan contact op met uw huisarts of de wijkverpleging."
        ),
    )


class MessageUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MessageStatus.choices)
    reply = forms.CharField(
        label=_("Antwoord aan de afzender"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wordt per e-mail verstuurd en staat op de pagina ‘Mijn pagina’ van de afzender."),
    )
