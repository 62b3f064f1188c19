"""The ambassadors app's periodic jobs, run by `manage.py scheduler` (registry: `portal.scheduler`).

Times are Amsterdam time. Tour reminders are checked every 15 minutes: they go out from 10:00 the day
before, and a tour booked later that day is still reminded, once (`ambassadors.tasks.send_tour_reminders`).
"""

from datetime import datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from ambassadors import services, tasks, visitor_services
from portal.scheduler import job


@job(name="send_tour_reminders", every=timedelta(minutes=15), label=_("Herinneringen voor rondleidingen van morgen"))
def send_tour_reminders(*, now: datetime) -> str:
    return f"sent {tasks.send_tour_reminders(now=now)} e-mail(s)"


@job(
    name="purge_tour_visitors",
    daily_at=time(4, 0),
    label=_("Gegevens van bezoekers van rondleidingen wissen"),
)
def purge_tour_visitors(*, now: datetime) -> str:
    cleared = services.bookings_anonymise_due(now=now) + visitor_services.visitors_anonymise_due(now=now)
    return f"cleared the details of {cleared} tour visitor(s)"
