"""Background jobs of the core: delivering the e-mail that `portal.mail.QueuedEmailBackend` stored."""

from django_tasks import task

from portal import mail


# Ahead of other tasks: a log-in code that waits behind the nightly reminders is a resident who cannot log in.
@task(priority=10)
def deliver_email(*, email_id: int) -> str:
    """Send one stored e-mail, or queue the next attempt when the mail server is away (see portal.mail)."""
    return mail.outgoing_email_deliver(email_id=email_id)
