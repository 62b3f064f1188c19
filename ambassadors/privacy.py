"""What the ambassadors app keeps about a person who shows visitors around (`portal.personal_data`).

The visitors' own details are theirs, not the ambassador's: the export counts tours, never lists them.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from ambassadors.models import (
    Ambassador,
    BlockedPeriod,
    BookingStatus,
    ExtraTime,
    SpokenLanguage,
    TourBooking,
    WeeklyTime,
)
from ambassadors.services import booking_cancel
from portal.models import User
from portal.personal_data import PersonalData, local_time, photo_delete_unless_used


class AmbassadorData(PersonalData):
    """The ambassador's introduction, photo, languages and times, and their tours as counts.

    Deleting an account switches the ambassador off, with the introduction and photo removed (the photo also
    from the image library, unless a page or another snippet shows it), tours still to come cancelled (the
    visitors are told) and past tours kept as counts: the row stays, as past tours refer to it (PROTECT) and
    count in the figures per building.
    """

    key = "ambassador"
    position = 600
    template_name = "ambassadors/sections/my_data.html"
    _counted = {  # the export's tour counts, by status
        "booked": BookingStatus.BOOKED,
        "held": BookingStatus.HELD,
        "no_show": BookingStatus.NO_SHOW,
        "cancelled": BookingStatus.CANCELLED,
    }

    def export(self, *, user: User) -> dict | None:
        # One query for the ambassador and the counts of their tours, one for the weekly times.
        ambassador = (
            Ambassador.objects.filter(user=user)
            .select_related("building")
            .annotate(
                **{
                    f"tours_{name}": Count("bookings", filter=Q(bookings__status=status))
                    for name, status in self._counted.items()
                }
            )
            .first()
        )
        if ambassador is None:
            return None
        languages = dict(SpokenLanguage.choices)
        return {
            "building": ambassador.building.title,
            "display_name": ambassador.display_name,
            "introduction": ambassador.introduction,
            "has_photo": ambassador.photo_id is not None,
            "photo_alt_text": ambassador.photo_alt_text,
            "languages": [str(languages.get(code, code)) for code in ambassador.languages],
            "active": ambassador.active,
            "appointed_at": local_time(ambassador.created_at),
            "weekly_times": [
                {"weekday": str(time.get_weekday_display()), "start": time.start, "end": time.end}
                for time in ambassador.weekly_times.order_by("weekday", "start")
            ],
            # Tours are counted, not listed: the visitors' names and addresses are theirs, not the ambassador's.
            "tours": {name: getattr(ambassador, f"tours_{name}") for name in self._counted},
        }

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        ambassador = Ambassador.objects.select_for_update().filter(user=user).first()
        if ambassador is None:
            return
        for booking in TourBooking.objects.filter(ambassador=ambassador, status=BookingStatus.BOOKED, start__gt=now):
            booking_cancel(booking=booking, by=by, now=now)
        WeeklyTime.objects.filter(ambassador=ambassador).delete()
        ExtraTime.objects.filter(ambassador=ambassador).delete()
        BlockedPeriod.objects.filter(ambassador=ambassador).delete()
        photo = ambassador.photo
        with translation.override(settings.LANGUAGE_CODE):
            ambassador.display_name = _("Oud-ambassadeur")
        ambassador.introduction = ""
        ambassador.photo = None
        ambassador.photo_alt_text = ""
        ambassador.languages = []
        ambassador.active = False
        ambassador.save()
        if photo is not None:
            photo_delete_unless_used(photo, by=ambassador)
        # Earlier log entries about the ambassador carry the person's name in their label; the entries stay.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Ambassador), object_id=str(ambassador.pk)
        ).update(label=ambassador.display_name)
