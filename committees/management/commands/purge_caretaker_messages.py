"""Delete messages to the caretaker that were done more than MESSAGE_RETENTION_DAYS ago.

`manage.py scheduler` runs this daily (`committees.jobs`); the command is for a run by hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from committees import services


class Command(BaseCommand):
    help = "Delete done caretaker messages older than the retention period."

    def handle(self, *args, **options):
        deleted = services.messages_purge()
        self.stdout.write(
            f"Deleted {deleted} done message(s) older than {settings.PORTAL_MESSAGE_RETENTION_DAYS} days."
        )
