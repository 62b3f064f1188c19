"""Every e-mail is a task retried until it is sent: a real SMTP server on loopback that goes down and comes back.

Production's path: `portal.mail.QueuedEmailBackend`, the django_tasks_db task backend, and the worker's way of
running a task (`portal.worker.ResilientWorker.run_task`); time is a clock the test moves forward.
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from activities import services as activity_services
from portal import mail as portal_mail
from portal.factories import UserFactory
from portal.models import OutgoingEmail, OutgoingEmailStatus
from portal.tasks import deliver_email
from portal.worker import ResilientWorker
from tests.committees.test_moderation import submit
from tests.mailserver import MailServer

pytestmark = pytest.mark.django_db

PASSWORD = "Lange-zin-als-wachtwoord-1"
CODE = re.compile(r"\b(\d{3,4}-\d{3,4})\b")


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def smtp():
    """A real SMTP server on a free loopback port, not yet started: the mail server is down."""
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def queued(settings, smtp):
    """Production's e-mail path: queued, delivered by the database task backend's worker to `smtp`."""
    settings.EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"
    for name, value in smtp.settings().items():
        setattr(settings, name, value)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return smtp


def run_due_tasks() -> int:
    """What the worker does when it wakes: run every task that is due, as `manage.py worker` runs it."""
    worker = ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-host:1:test",
        excluded_queue_names=[],
        stale_after=timedelta(minutes=10),
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


def pending() -> int:
    return OutgoingEmail.objects.filter(status=OutgoingEmailStatus.PENDING).count()


def failed_tasks() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


def test_mail_waits_while_the_server_is_down_and_goes_out_once_when_it_is_back(queued, clock):
    subjects = [f"Bevestiging {n}" for n in range(5)]
    for subject in subjects:
        assert EmailMessage(subject, "Tot ziens.", None, ["bezoeker@example.org"]).send() == 1

    run_due_tasks()
    assert queued.received == []
    assert pending() == len(subjects)
    assert failed_tasks() == 0
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}

    run_due_tasks()  # nothing is due before the back-off has passed
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}

    queued.start()
    clock.advance(minutes=1)
    run_due_tasks()
    assert sorted(queued.subjects()) == subjects
    assert pending() == 0
    assert OutgoingEmail.objects.filter(status=OutgoingEmailStatus.SENT).count() == len(subjects)

    # A task run twice (a duplicate, or one picked up again after a crash) sends nothing more.
    for email in OutgoingEmail.objects.all():
        deliver_email.enqueue(email_id=email.pk)
    clock.advance(days=1)
    run_due_tasks()
    assert sorted(queued.subjects()) == subjects
    assert failed_tasks() == 0


def test_the_wait_doubles_from_a_minute_to_at_most_an_hour():
    delays = [portal_mail.retry_delay(attempts=n) for n in range(1, 60)]

    assert delays[0] == timedelta(minutes=1)
    assert all(later == min(earlier * 2, timedelta(hours=1)) for earlier, later in itertools.pairwise(delays))
    assert delays[-1] == timedelta(hours=1)


def test_after_two_days_a_message_is_given_up_logged_and_kept_for_staff(queued, clock, settings, caplog):
    EmailMessage("Uw rondleiding", "Tot ziens.", None, ["bezoeker@example.org"]).send()
    email = OutgoingEmail.objects.get()
    give_up_at = email.created_at + timedelta(hours=settings.PORTAL_EMAIL_RETRY_HOURS)

    for _attempt in range(1000):  # about 52 attempts in 48 hours; the bound only guards against a bug
        if email.status != OutgoingEmailStatus.PENDING or clock.now > give_up_at:
            break
        run_due_tasks()
        email.refresh_from_db()
        clock.now = max(clock.now, email.next_attempt)

    assert email.status == OutgoingEmailStatus.GAVE_UP
    assert email.attempts > settings.PORTAL_EMAIL_RETRY_HOURS  # at least hourly once the back-off is capped
    assert bytes(email.message)  # the whole message is still there for staff
    assert "ConnectionRefusedError" in email.last_error
    assert any(record.levelname == "ERROR" and "not sent" in record.getMessage() for record in caplog.records)
    assert failed_tasks() == 0
    assert queued.received == []

    # Staff fix the mail settings and send it once more.
    queued.start()
    portal_mail.outgoing_email_retry(email=email)
    run_due_tasks()
    assert queued.subjects() == ["Uw rondleiding"]


def test_the_log_in_code_page_works_with_the_mail_server_down_and_the_code_arrives_later(
    client, resident, queued, clock
):
    response = client.post(reverse("account_request_login_code"), {"email": resident.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    run_due_tasks()
    assert queued.received == []
    assert pending() == 1

    queued.start()
    clock.advance(minutes=1)
    run_due_tasks()
    (message,) = queued.messages
    assert message["To"] == resident.email
    code = CODE.search(message.get_body(("plain",)).get_content()).group(1)
    assert client.post(reverse("account_confirm_login_code"), {"code": code}).status_code == 302
    assert client.get(reverse("my_page")).status_code == 200


def test_password_reset_and_sign_up_answer_without_error_while_the_mail_server_is_down(client, resident, queued, clock):
    reset = client.post(reverse("account_reset_password"), {"email": resident.email})
    signup = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "Lange-zin-als-wachtwoord-1",
            "password2": "Lange-zin-als-wachtwoord-1",
        },
    )

    assert reset.status_code == 302
    assert signup.status_code == 302
    run_due_tasks()
    assert queued.received == []
    assert pending() == 2

    queued.start()
    clock.advance(minutes=1)
    run_due_tasks()
    assert sorted(message["To"] for message in queued.messages) == [resident.email, "nieuw@example.org"]
    assert pending() == 0


def test_wagtails_moderation_notice_waits_for_the_mail_server_instead_of_being_dropped(
    client, member, committee, moderator, queued, clock
):
    page = submit(client, member, committee)

    assert page.workflow_in_progress
    assert queued.received == []
    assert any(moderator.email in email.recipients for email in OutgoingEmail.objects.all())

    queued.start()
    clock.advance(minutes=1)
    run_due_tasks()
    assert moderator.email in [message["To"] for message in queued.messages]


def test_the_ics_of_a_sign_up_survives_the_round_trip(
    make_activity, resident, queued, django_capture_on_commit_callbacks
):
    occurrence = make_activity(capacity=3).occurrences.get()
    queued.start()
    with django_capture_on_commit_callbacks(execute=True):
        activity_services.registration_create(occurrence=occurrence, user=resident, guests=0, made_by=resident)
    run_due_tasks()

    (message,) = queued.messages
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    events = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == occurrence.activity.title


def test_with_tasks_run_at_once_mail_is_sent_at_once_and_a_missed_one_later(
    settings, smtp, clock, django_capture_on_commit_callbacks
):
    """The local default: the immediate task backend; the worker's sweep (or the scheduler) catches up."""
    settings.EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"
    for name, value in smtp.settings().items():
        setattr(settings, name, value)

    with django_capture_on_commit_callbacks(execute=True):
        EmailMessage("Eerste", "Tekst", None, ["a@example.org"]).send()
    assert smtp.received == []
    assert pending() == 1

    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        EmailMessage("Tweede", "Tekst", None, ["b@example.org"]).send()
    assert smtp.subjects() == ["Tweede"]

    clock.advance(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_mail.outgoing_emails_requeue() == 1
    assert sorted(smtp.subjects()) == ["Eerste", "Tweede"]
    assert pending() == 0


def test_a_stored_message_reads_back_as_an_e_mail_in_the_local_outbox(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMessage("Uw aanmelding", "Tot dan!", None, ["bewoner@example.org"], bcc=["archief@example.org"])
    message.attach("activiteit.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    (sent,) = mail.outbox
    assert sent.subject == "Uw aanmelding"
    assert sent.body == "Tot dan!"
    assert sent.recipients() == ["bewoner@example.org", "archief@example.org"]
    assert "archief" not in sent.message().as_bytes().decode()  # Bcc is on the envelope only
    assert sent.attachments[0][0] == "activiteit.ics"


def test_sent_messages_are_forgotten_after_a_week_pending_ones_never(queued, clock, settings):
    queued.start()
    EmailMessage("Verzonden", "Tekst", None, ["a@example.org"]).send()
    run_due_tasks()
    queued.stop()
    EmailMessage("Wacht nog", "Tekst", None, ["b@example.org"]).send()
    run_due_tasks()
    assert bytes(OutgoingEmail.objects.get(subject="Verzonden").message) == b""

    clock.advance(days=settings.PORTAL_SENT_EMAIL_RETENTION_DAYS + 1)
    assert portal_mail.outgoing_emails_purge() == 1
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Wacht nog"]


def test_staff_see_waiting_and_given_up_mail_without_its_text(client, queued, moderator):
    EmailMessage("Uw rondleiding", "Geheime inhoud", None, ["bezoeker@example.org"]).send()
    run_due_tasks()
    admin = UserFactory(is_superuser=True, is_staff=True)

    client.force_login(moderator)
    assert client.get(reverse("outgoing_email:index")).status_code in (302, 403)

    client.force_login(admin)
    page = client.get(reverse("outgoing_email:index"))
    assert page.status_code == 200
    assert "Uw rondleiding" in page.text
    assert "ConnectionRefusedError" in page.text
    assert "Geheime inhoud" not in page.text
    assert client.get(reverse("outgoing_email:add")).status_code in (302, 403)


# --------------------------------------------------------------------------
# mail_send: how every app composes its e-mails
# --------------------------------------------------------------------------


@pytest.fixture
def greeting(tmp_path, settings):
    """A mail template `greeting` that says in which language it was rendered."""
    (tmp_path / "greeting_subject.txt").write_text(
        "{% load i18n %}{% get_current_language as language %}\nHallo {{ name }} ({{ language }})\n"
    )
    (tmp_path / "greeting.txt").write_text("Beste {{ name }},\n")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}, *settings.TEMPLATES[1:]]
    return "greeting"


@pytest.mark.parametrize(("language", "rendered"), [("en", "en"), ("nl", "nl"), ("tr", "nl"), (None, "nl")])
def test_mail_send_speaks_the_recipients_language_or_dutch(greeting, language, rendered):
    sent = portal_mail.mail_send(
        to="bezoeker@example.org", template=greeting, context={"name": "Ada"}, language=language
    )

    assert sent == 1
    [message] = mail.outbox
    assert message.subject == f"Hallo Ada ({rendered})"
    assert message.body == "Beste Ada,\n"
    assert message.to == ["bezoeker@example.org"]
    assert message.attachments == []


@pytest.mark.parametrize("method", ["PUBLISH", "CANCEL"])
def test_mail_send_attaches_the_calendar_with_its_own_method(greeting, method):
    ics = f"BEGIN:VCALENDAR\r\nMETHOD:{method}\r\nEND:VCALENDAR\r\n".encode()

    portal_mail.mail_send(to=["a@example.org"], template=greeting, context={}, calendar=("rondleiding.ics", ics))

    [(filename, content, mimetype)] = mail.outbox[0].attachments
    assert filename == "rondleiding.ics"
    assert f"METHOD:{method}" in content
    assert mimetype == f"text/calendar; method={method}"
    # On the wire: one charset, and the method calendar apps read.
    part = mail.outbox[0].message().get_payload()[1]
    assert part.get_content_type() == "text/calendar"
    assert part.get_params() == [("text/calendar", ""), ("method", method), ("charset", "utf-8")]


def test_mail_send_without_an_address_sends_nothing(greeting):
    assert portal_mail.mail_send(to=["", ""], template=greeting, context={}) == 0
    assert portal_mail.mail_send(to="", template="does/not/exist", context={}) == 0
    assert mail.outbox == []
