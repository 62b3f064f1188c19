"""Delete messages to the caretaker that were done more than MESSAGE_RETENTION_DAYS ago.

Run daily from cron (`manage.py purge_caretaker_messages`) or let the django-tasks worker run
`committees.tasks.purge_caretaker_messages`.
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
