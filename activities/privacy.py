"""What the activities app keeps about a person: their sign-ups, a section of the export (`portal.personal_data`)."""

from __future__ import annotations

from datetime import datetime

from activities.models import Registration, RegistrationStatus
from activities.services import registration_cancel
from portal.models import User
from portal.personal_data import PersonalData, local_time


class Registrations(PersonalData):
    """Sign-ups, past and to come. Deleting an account cancels the ones to come, so the waiting list moves up
    (and is told); past ones stay, without a name, for the figures."""

    key = "registrations"
    position = 100
    template_name = "activities/sections/my_data.html"

    def export(self, *, user: User) -> list[dict]:
        return [
            {
                "activity": registration.occurrence.activity.title,
                "start": local_time(registration.occurrence.start),
                "end": local_time(registration.occurrence.end),
                "status": registration.status,
                "status_label": str(registration.get_status_display()),
                "guests": registration.guests,
                "signed_up_at": local_time(registration.created_at),
                "signed_up_by_someone_else": registration.made_by_id not in (None, user.pk),
                "cancelled_at": local_time(registration.cancelled_at),
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("occurrence__activity")
            .order_by("occurrence__start", "pk")
        ]

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        for registration in Registration.objects.filter(user=user, occurrence__start__gt=now).exclude(
            status=RegistrationStatus.CANCELLED
        ):
            registration_cancel(registration=registration, by=by, notify=False)
