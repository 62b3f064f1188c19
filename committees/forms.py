import os
import secrets

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from committees.models import MessageCategory, ReportReason
from portal.uploads import document_content_error
from portal.validators import validate_plain_title

PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")


class MessagePhotoField(forms.ImageField):
    """An optional photo with a message: a real JPEG or PNG (its content, not only its name), not too large.
    It is stored under a random name in a folder that is never served as a file (`committees.views.message_photo`
    serves it to who may see the message)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Foto"),
            required=False,
            help_text=_(
                "Een foto van wat u bedoelt, als jpg of png, tot %(size)s. Alleen wie uw bericht leest ziet hem."
            )
            % {"size": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)},
            **kwargs,
        )

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if not file:
            return file
        extension = os.path.splitext(file.name)[1].lower()
        if extension not in PHOTO_EXTENSIONS:
            raise forms.ValidationError(_("Stuur een foto als jpg of png."), code="photo_kind")
        if file.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("Deze foto is te groot: het kan tot %(size)s. Maak de foto kleiner en probeer het opnieuw.")
                % {"size": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)},
                code="photo_too_large",
            )
        error = document_content_error(file, extension=extension)
        if error:
            raise forms.ValidationError(error, code="content_does_not_match")
        file.name = secrets.token_urlsafe(16) + (".jpg" if extension == ".jpeg" else extension)
        return file


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
    photo = MessagePhotoField()


class MessageAnswerForm(forms.Form):
    """The sender writes back in the conversation, from their own page."""

    body = forms.CharField(
        label=_("Uw antwoord"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Schrijf hier geen gegevens over uw gezondheid of die van anderen."),
    )
