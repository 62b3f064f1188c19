"""The activities app's periodic jobs, run by `manage.py scheduler` (registry: `portal.scheduler`).

Times are Amsterdam time. The reminders are checked every 15 minutes: they go out from 10:00 the day
before, and a sign-up made later that day is still reminded, once (`activities.tasks.send_reminders`).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import services, tasks
from portal.scheduler import job


@job(name="send_reminders", every=timedelta(minutes=15), label=_("Herinneringen voor activiteiten van morgen"))
def send_reminders(*, now: datetime) -> str:
    return f"sent {tasks.send_reminders(now=now)} e-mail(s)"


@job(name="sync_activities", daily_at=time(3, 30), label=_("Data van terugkerende activiteiten bijwerken"))
def sync_activities(*, now: datetime) -> str:
    count = services.occurrences_sync_all(today=timezone.localdate(now))
    return f"synchronised the dates of {count} activities"


@job(
    name="purge_neighbour_details",
    daily_at=time(4, 10),
    label=_("Gegevens van aangemelde buren wissen na afloop"),
)
def purge_neighbour_details(*, now: datetime) -> str:
    wiped = services.neighbours_anonymise_due(today=timezone.localdate(now))
    return f"wiped the details of {wiped} neighbour sign-up(s)"
