"""Wipe the name, house number and phone of neighbours signed up without an account, once the month after
their date has ended; the sign-up stays, under a stand-in name, for the participation figures.

`manage.py scheduler` runs this daily (`activities.jobs`); the command is for a run by hand.
"""

from django.core.management.base import BaseCommand

from activities import services


class Command(BaseCommand):
    help = "Remove the details of neighbours signed up without an account once the month after their date is over."

    def handle(self, *args, **options):
        wiped = services.neighbours_anonymise_due()
        self.stdout.write(f"Wiped the details of {wiped} neighbour sign-up(s) for dates before last month.")
