"""The committees app's periodic job, run by `manage.py scheduler` (registry: `portal.scheduler`)."""

from datetime import datetime, time

from django.utils.translation import gettext_lazy as _

from committees import services
from portal.scheduler import job


@job(
    name="purge_caretaker_messages",
    daily_at=time(4, 20),
    label=_("Afgehandelde berichten aan de huismeester verwijderen"),
)
def purge_caretaker_messages(*, now: datetime) -> str:
    return f"deleted {services.messages_purge(now=now)} done message(s)"
