"""Roll every live activity's dates forward (`manage.py scheduler` runs it daily, see `activities.jobs`)."""

from django.core.management.base import BaseCommand

from activities import services


class Command(BaseCommand):
    help = "Keep the dates of recurring activities current for the coming months."

    def handle(self, *args, **options):
        count = services.occurrences_sync_all()
        self.stdout.write(f"Synchronised the dates of {count} activities.")
