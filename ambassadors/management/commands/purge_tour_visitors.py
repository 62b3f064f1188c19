"""Wipe visitors' name, e-mail and phone TOUR_RETENTION_DAYS after their tour; the booking stays as a count.

`manage.py scheduler` runs this daily (`ambassadors.jobs`); the command is for a run by hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ambassadors import services, visitor_services


class Command(BaseCommand):
    help = "Remove the personal details of tour visitors once the retention period after the tour has passed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days after the tour (default: TOUR_RETENTION_DAYS, now {settings.PORTAL_TOUR_RETENTION_DAYS}).",
        )

    def handle(self, *args, days, **options):
        days = settings.PORTAL_TOUR_RETENTION_DAYS if days is None else days
        cleared = services.bookings_anonymise_due(days=days) + visitor_services.visitors_anonymise_due(days=days)
        self.stdout.write(f"Cleared the details of {cleared} tour visitor(s) whose tour was more than {days} days ago.")
