"""Abstract models the apps share: a time range within a day, and a photo with its description.

Each is declared once, with its rule: in `clean()` for the form, and for the time range also as a database
constraint. A model with its own `Meta` subclasses the base's (`class Meta(TimeOfDayRange.Meta)`), or the
constraint is lost.

News and activity pages call their photo `image`; renaming it would change their columns and the page
revisions stored as JSON, so they build the same fields with `photo_field()` and `photo_alt_text_field()`
and apply the same rule with `photo_description_errors()`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

END_NOT_AFTER_START = _("De eindtijd moet na de begintijd liggen.")
PHOTO_WITHOUT_DESCRIPTION = _("Beschrijf de foto voor wie hem niet kan zien.")
PHOTO_ALT_TEXT_HELP = _("Verplicht bij een foto: wat is erop te zien? Voor wie de foto niet kan zien.")


class TimeOfDayRange(models.Model):
    """From `start` to `end` within one day (a weekly slot, a time on a date); the end comes after the start."""

    start = models.TimeField(_("van"))
    end = models.TimeField(_("tot"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="%(app_label)s_%(class)s_start_before_end"),
        ]

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValidationError({"end": END_NOT_AFTER_START})


def photo_field() -> models.ForeignKey:
    """An optional photo from Wagtail's image library; cleared when the image is deleted there."""
    return models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foto"),
    )


def photo_alt_text_field(help_text: str | Promise = PHOTO_ALT_TEXT_HELP) -> models.CharField:
    """The description of the photo for whoever cannot see it (its alt text); `help_text` can give an example."""
    return models.CharField(_("beschrijving van de foto"), max_length=200, blank=True, help_text=help_text)


def photo_description_errors(photo_id: int | None, alt_text: str, *, field: str) -> dict[str, Promise]:
    """`{field: message}` for a photo without a description, else `{}`: a photo needs one."""
    if photo_id and not (alt_text or "").strip():
        return {field: PHOTO_WITHOUT_DESCRIPTION}
    return {}


class PhotoWithDescription(models.Model):
    """An optional `photo` with its description `photo_alt_text`, required once there is a photo.

    A model can override `photo_alt_text` with `photo_alt_text_field(help_text=...)` for an example that fits it.
    """

    photo = photo_field()
    photo_alt_text = photo_alt_text_field()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = photo_description_errors(self.photo_id, self.photo_alt_text, field="photo_alt_text")
        if errors:
            raise ValidationError(errors)
