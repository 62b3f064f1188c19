"""The consultations' periodic job, run by `manage.py scheduler` (registry: `portal.scheduler`)."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import services
from portal.scheduler import job


@job(name="consultation_mails", daily_at=time(10, 0), label=_("Uitnodigingen en herinneringen voor raadplegingen"))
def consultation_mails(*, now: datetime) -> str:
    return f"sent {services.consultation_mails_send(today=timezone.localdate(now))} e-mail(s)"
