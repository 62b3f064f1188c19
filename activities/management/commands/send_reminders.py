"""E-mail tomorrow's participants a reminder; safe to run twice (each sign-up is reminded once)."""

from django.core.management.base import BaseCommand

from activities.tasks import send_reminders


class Command(BaseCommand):
    help = "Send tomorrow's activity reminders (each sign-up once)."

    def handle(self, *args, **options):
        sent = send_reminders.call()
        self.stdout.write(f"Sent {sent} reminder(s).")
