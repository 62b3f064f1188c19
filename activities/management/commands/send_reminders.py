"""E-mail tomorrow's participants a reminder; safe to run twice (each sign-up is reminded once).

`manage.py scheduler` runs this every 15 minutes (`activities.jobs`); reminders for tomorrow go out from
10:00 (`PORTAL_REMINDER_HOUR`), so before that this sends nothing.
"""

from django.core.management.base import BaseCommand

from activities.tasks import send_reminders


class Command(BaseCommand):
    help = "Send tomorrow's activity reminders (each sign-up once; from 10:00 the day before)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder(s).")
