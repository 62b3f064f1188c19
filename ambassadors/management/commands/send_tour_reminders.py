"""Remind tomorrow's visitors and ambassadors of their tour, each booking exactly once.

`manage.py scheduler` runs this every 15 minutes (`ambassadors.jobs`); reminders for tomorrow go out
from 10:00 (`PORTAL_REMINDER_HOUR`), so before that this sends nothing. A second run sends nothing more.
"""

from django.core.management.base import BaseCommand

from ambassadors import tasks


class Command(BaseCommand):
    help = (
        "E-mail tomorrow's tour reminders to visitors and ambassadors (each booking once; from 10:00 the day before)."
    )

    def handle(self, *args, **options):
        sent = tasks.send_tour_reminders()
        self.stdout.write(f"Sent {sent} tour reminder e-mail(s).")
