"""Every e-mail is a task that is retried until it is sent: none lost, none sent twice.

`QueuedEmailBackend` (EMAIL_BACKEND in dev and production) does not talk to a mail server. It stores each
message exactly as it will go on the wire (`OutgoingEmail`: the bytes, the envelope sender and recipients)
and queues `portal.tasks.deliver_email` for it. With the database task backend the row and the task are
written in the caller's transaction, so a booking that rolls back sends nothing and one that commits always
sends; with the immediate backend (local default) the message is delivered as soon as the transaction commits.
The apps compose their e-mails with `mail_send`: a subject and a text template in the recipient's language,
with an .ics attached where there is one.

The delivery task hands the stored bytes to the real backend (`EMAIL_DELIVERY_BACKEND`, from EMAIL_URL:
SMTP in production, the console locally) while it holds the row's lock, and marks the row sent in the same
transaction, so a second run of the same task sends nothing. When the server cannot be reached it records
the error and queues itself again after a back-off (1, 2, 4 … minutes, at most an hour apart) for
`PORTAL_EMAIL_RETRY_HOURS`; after that it logs an ERROR and keeps the message for staff
(*Instellingen → Uitgaande e-mail*). Nothing is ever marked FAILED because the mail server was away, so no
page that sends mail (log-in code, password reset, sign-up, Wagtail's moderation notices) can fail on it.

The only window for a duplicate is the one every mail system has: the server accepted the message and the
database went away before the row was marked sent. The stored Message-ID is the same on every attempt, so
mail servers and clients can recognise it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailAttachment
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# A delivery that is due for this long without a queued task lost its task (e.g. the database went away just
# as it was re-queued); the worker's sweep queues it again.
REQUEUE_GRACE = timedelta(minutes=2)


# Mail providers that ignore dots in the local part, and their other names for the same mailbox.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def email_canonical(address: str) -> str:
    """The mailbox an address delivers to, as mail providers read it: for counting per person (rate limits).

    `Jan+1@x.nl` and `jan+2@x.nl` are `jan@x.nl` (a `+tag` reaches the same mailbox at nearly every
    provider); at Gmail dots do not count and googlemail.com is gmail.com: `j.a.n@googlemail.com` is
    `jan@gmail.com`. Not for sending: mail still goes to the address as typed.
    """
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


# --------------------------------------------------------------------------
# Composing: every app's e-mail goes through here
# --------------------------------------------------------------------------


def mail_send(
    *,
    to: str | list[str],
    template: str,
    context: dict,
    language: str | None = None,
    calendar: tuple[str, bytes] | None = None,
) -> int:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language and queue the e-mail.

    `language` is the recipient's preference; one the site does not speak (a visitor who prefers Turkish), or
    none, is LANGUAGE_CODE. `calendar` is a `(filename, .ics)` attachment, sent as text/calendar with the
    calendar's own METHOD (PUBLISH, or CANCEL for a cancelled tour) so calendar apps add or strike the event.
    Returns how many messages were queued: 0 when there is no address to send to.
    """
    to = [address for address in ([to] if isinstance(to, str) else to) if address]
    if not to:
        return 0
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject, body, None, to)
    if calendar is not None:
        filename, ics = calendar
        method = "CANCEL" if b"METHOD:CANCEL" in ics else "PUBLISH"
        message.attach(filename, ics, f"text/calendar; method={method}")  # Django adds the charset
    return message.send()


def recipient_language(user) -> str | None:
    """The language a person chose on their profile, for e-mails in it; None (the site's language) without one."""
    profile = getattr(user, "resident_profile", None) if user is not None else None
    return getattr(profile, "language", None) or None


def mail_send_people(*, people, template: str, context: dict, calendar: tuple[str, bytes] | None = None) -> int:
    """One e-mail to several people (moderators, a committee), each in the language they chose: one message per
    language, with everyone who reads it on the To line as before. People without an address are left out.
    Fetch `resident_profile` along with the users (select_related) to keep this at no extra query."""
    addresses_by_language: dict[str | None, set[str]] = {}
    for person in people:
        if person is not None and person.email:
            addresses_by_language.setdefault(recipient_language(person), set()).add(person.email)
    return sum(
        mail_send(to=sorted(addresses), template=template, context=context, language=language, calendar=calendar)
        for language, addresses in sorted(addresses_by_language.items(), key=lambda item: item[0] or "")
    )


# --------------------------------------------------------------------------
# The backend that queues
# --------------------------------------------------------------------------


class QueuedEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND: store every message and queue its delivery; never talks to a mail server itself."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages or []:
            if outgoing_email_queue(message=message) is not None:
                queued += 1
        return queued


def outgoing_email_queue(*, message: EmailMessage):
    """Store one message as it will be sent and queue its delivery; None when it has no recipients."""
    from portal.models import OutgoingEmail

    recipients = list(message.recipients())
    if not recipients:
        return None
    raw = message.message().as_bytes()  # rendered once: the same Message-ID and Date on every attempt
    with transaction.atomic():  # the message and its task are kept together, also outside a transaction
        email = OutgoingEmail.objects.create(
            subject=_header_text(str(message.subject or ""))[:255],
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            recipients=recipients,
            message=raw,
            next_attempt=timezone.now(),
        )
        _queue_delivery(email_id=email.pk)
    return email


def _queue_delivery(*, email_id: int, run_after: datetime | None = None) -> None:
    from portal.tasks import deliver_email

    if _tasks_are_stored():
        # The task row is written in the caller's transaction: the message and its delivery are kept together.
        task = deliver_email.using(run_after=run_after) if run_after is not None else deliver_email
        task.enqueue(email_id=email_id)
    elif run_after is None:
        # Tasks run at once (local default, tests): deliver after the caller's transaction commits.
        transaction.on_commit(lambda: deliver_email.enqueue(email_id=email_id))
    # else: tasks run at once and cannot wait; `outgoing_emails_requeue` picks the message up when it is due.


def _tasks_are_stored() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    from portal.tasks import deliver_email

    return isinstance(task_backends[deliver_email.backend], DatabaseBackend)


# --------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------


def retry_delay(*, attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, never more than an hour."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LONGEST_RETRY)


def outgoing_email_deliver(*, email_id: int) -> str:
    """Send one stored message if it is due; returns "sent", "retry", "gave_up" or "skipped".

    The row stays locked while the mail server is talked to and is marked sent in the same transaction, so two
    runs of the task for the same message (a duplicate, or a task picked up again after a crash) send it once.
    """
    from portal.models import OutgoingEmail, OutgoingEmailStatus

    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmailStatus.PENDING, next_attempt__lte=now)
            .first()
        )
        if email is None:
            return "skipped"  # sent already, being sent by another worker, given up, or not due yet
        email.attempts += 1
        try:
            connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([StoredEmailMessage(email)])
        except Exception as error:  # whatever the server or network did, the message stays queued
            return _delivery_failed(email=email, error=error, now=now)
        email.status = OutgoingEmailStatus.SENT
        email.sent_at = now
        email.message = b""  # the text is not kept once it is sent (personal data); the row is a receipt
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "message", "last_error", "attempts"])
    logger.info("E-mail %s sent after %s attempt(s)", email.pk, email.attempts)
    return "sent"


def _delivery_failed(*, email, error: Exception, now: datetime) -> str:
    from portal.models import OutgoingEmailStatus

    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    give_up_at = email.created_at + timedelta(hours=settings.PORTAL_EMAIL_RETRY_HOURS)
    if now >= give_up_at:
        email.status = OutgoingEmailStatus.GAVE_UP
        email.save(update_fields=["status", "attempts", "last_error"])
        logger.error(
            "E-mail %s (%s) not sent after %s attempts in %s hours; kept for staff: %s",
            email.pk,
            email.subject,
            email.attempts,
            settings.PORTAL_EMAIL_RETRY_HOURS,
            email.last_error,
        )
        return "gave_up"
    email.next_attempt = min(now + retry_delay(attempts=email.attempts), give_up_at)
    email.save(update_fields=["attempts", "last_error", "next_attempt"])
    _queue_delivery(email_id=email.pk, run_after=email.next_attempt)
    logger.warning(
        "E-mail %s not sent (attempt %s), tried again at %s: %s",
        email.pk,
        email.attempts,
        email.next_attempt.isoformat(timespec="seconds"),
        email.last_error,
    )
    return "retry"


def outgoing_emails_requeue() -> int:
    """The safety net the worker runs every minute: queue a delivery for every due message that has none.

    A message can lose its task when the database goes away between sending attempts, or when tasks run at once
    and a retry could not wait. Returns how many were queued.
    """
    from portal.models import OutgoingEmail, OutgoingEmailStatus

    due = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.PENDING, next_attempt__lte=timezone.now() - REQUEUE_GRACE
    ).values_list("pk", flat=True)
    due_ids = set(due[:1000])
    if not due_ids:
        return 0
    if _tasks_are_stored():
        due_ids -= _ids_with_a_live_task()
    for email_id in sorted(due_ids):
        with transaction.atomic():
            _queue_delivery(email_id=email_id)
    if due_ids:
        logger.info("Queued %s e-mail(s) again that had no delivery task", len(due_ids))
    return len(due_ids)


def _ids_with_a_live_task() -> set[int]:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import deliver_email

    kwargs = DBTaskResult.objects.filter(
        task_path=deliver_email.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    return {int(item["kwargs"]["email_id"]) for item in kwargs if "email_id" in item.get("kwargs", {})}


def outgoing_emails_purge() -> int:
    """Forget sent receipts after PORTAL_SENT_EMAIL_RETENTION_DAYS and given-up messages after
    PORTAL_FAILED_EMAIL_RETENTION_DAYS; pending messages are never removed."""
    from portal.models import OutgoingEmail, OutgoingEmailStatus

    now = timezone.now()
    sent, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.SENT,
        sent_at__lt=now - timedelta(days=settings.PORTAL_SENT_EMAIL_RETENTION_DAYS),
    ).delete()
    gave_up, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.GAVE_UP,
        created_at__lt=now - timedelta(days=settings.PORTAL_FAILED_EMAIL_RETENTION_DAYS),
    ).delete()
    return sent + gave_up


def outgoing_emails_forget(*, address: str) -> int:
    """An account is deleted: messages only to this address go (sent or not); in a message to several
    people the address leaves the envelope, so the rest still get it. Returns how many messages changed."""
    from portal.models import OutgoingEmail

    address = address.strip().lower()
    changed = 0
    for email in OutgoingEmail.objects.select_for_update().filter(recipients__icontains=address):
        others = [recipient for recipient in email.recipients if recipient.strip().lower() != address]
        if len(others) == len(email.recipients):
            continue  # the text matched inside another address
        if others:
            email.recipients = others
            email.save(update_fields=["recipients"])
        else:
            email.delete()
        changed += 1
    return changed


def outgoing_email_retry(*, email) -> None:
    """Staff send a message that was given up once more (e.g. after the mail settings were fixed)."""
    from portal.models import OutgoingEmailStatus

    with transaction.atomic():
        email.status = OutgoingEmailStatus.PENDING
        email.next_attempt = timezone.now()
        email.save(update_fields=["status", "next_attempt"])
        _queue_delivery(email_id=email.pk)


# --------------------------------------------------------------------------
# A stored message, handed to any Django e-mail backend
# --------------------------------------------------------------------------


class _RawMessage:
    """What a backend asks of `EmailMessage.message()`: the stored bytes, with the line ending it wants."""

    def __init__(self, raw: bytes):
        self._raw = raw.replace(b"\r\n", b"\n")

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self._raw.replace(b"\n", linesep.encode()) if linesep != "\n" else self._raw

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", errors="replace")

    def get_charset(self):
        return None

    def __getitem__(self, name: str):
        return message_from_bytes(self._raw)[name]


class StoredEmailMessage(EmailMessage):
    """An `OutgoingEmail` as an EmailMessage: the backend sends the stored bytes unchanged.

    Subject, body and attachments are read back from the bytes so the console and the test outbox show them.
    """

    def __init__(self, email):
        parsed = message_from_bytes(bytes(email.message))
        body, attachments = _parts(parsed)
        super().__init__(
            subject=_header_text(parsed.get("Subject", "")),
            body=body,
            from_email=email.from_email,
            to=list(email.recipients),
        )
        self.attachments = attachments
        self._raw = _RawMessage(bytes(email.message))
        self._envelope = list(email.recipients)

    def recipients(self) -> list[str]:
        return list(self._envelope)

    def message(self):
        return self._raw


def _header_text(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError):
        return value


def _parts(parsed: Message) -> tuple[str, list]:
    body = ""
    attachments = []
    for part in parsed.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename:
            attachments.append(EmailAttachment(filename, payload, part.get_content_type()))
        elif part.get_content_type() == "text/plain" and not body:
            body = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return body, attachments
