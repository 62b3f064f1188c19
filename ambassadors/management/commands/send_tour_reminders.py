"""Remind tomorrow's visitors and ambassadors of their tour, each booking exactly once.

Run daily from cron (`manage.py send_tour_reminders`, e.g. at 10:00) or let the django-tasks worker
run `ambassadors.tasks.send_tour_reminders`. A second run the same day sends nothing more.
"""

from django.core.management.base import BaseCommand

from ambassadors import tasks


class Command(BaseCommand):
    help = "E-mail tomorrow's tour reminders to visitors and ambassadors (each booking once)."

    def handle(self, *args, **options):
        sent = tasks.send_tour_reminders.call()
        self.stdout.write(f"Sent {sent} tour reminder e-mail(s).")
