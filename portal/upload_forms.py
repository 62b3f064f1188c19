"""The base forms of Wagtail's document and image library (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE): used by the library in the admin, its multiple upload and the choosers' upload tab.
The rules are in `portal.uploads`."""

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from portal.uploads import document_content_error


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = _("Een bestand van het soort %(kinds)s, tot %(size)s.") % {
                "kinds": ", ".join(settings.WAGTAILDOCS_EXTENSIONS),
                "size": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
            }

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = os.path.splitext(file.name)[1]
            error = document_content_error(file, extension=extension)
            if error:
                raise forms.ValidationError(error, code="content_does_not_match")
        return file


class ImageForm(BaseImageForm):
    """Wagtail's checks, with messages a volunteer can act on (Wagtail's Dutch says "teveel pixels (132000000)")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            million = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 1_000_000
            size = filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
            # Wagtail fills in its own placeholders with %; these messages are complete already (no % left).
            self.fields["file"].error_messages.update(
                {
                    "file_too_many_pixels": _(
                        "Deze foto heeft te veel beeldpunten (pixels): het kan tot %(million)s miljoen. Maak de "
                        "foto kleiner, bijvoorbeeld 4000 bij 3000 beeldpunten, en probeer het opnieuw."
                    )
                    % {"million": million},
                    "file_too_large": _(
                        "Deze foto is te groot: het kan tot %(size)s. Maak de foto kleiner en probeer het opnieuw."
                    )
                    % {"size": size},
                }
            )
