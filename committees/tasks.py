"""Background jobs (django-tasks): the e-mails of the committees app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from portal.mail import mail_send, mail_send_people, recipient_language
from portal.permissions import MODERATORS_GROUP


@task()
def notify_moderators_of_report(*, report_id: int) -> int:
    from committees.models import Report

    report = Report.objects.select_related("page", "reporter").get(pk=report_id)
    moderators = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .select_related("resident_profile")
        .distinct()
    )
    return mail_send_people(
        people=moderators,
        template="committees/email/report",
        context={"report": report, "base_url": settings.WAGTAILADMIN_BASE_URL},
    )


@task()
def notify_requester_of_takedown(*, report_id: int) -> int:
    """The committee member who asked to take a page down hears that a moderator has handled it."""
    from committees.models import Report

    report = Report.objects.select_related("page", "reporter__resident_profile").get(pk=report_id)
    to = [report.reporter.email] if report.reporter and report.reporter.email else []
    return mail_send(
        template="committees/email/takedown_done",
        context={"report": report, "live": report.page.live, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=to,
        language=recipient_language(report.reporter),
    )


def _message(message_id: int):
    from committees.models import CaretakerMessage

    return CaretakerMessage.objects.select_related("building", "caretaker", "sender__resident_profile").get(
        pk=message_id
    )


@task()
def notify_caretaker_of_message(*, message_id: int) -> int:
    """Whoever reads the new message (its caretaker, or the staff team; `selectors.message_readers`) hears what it
    is about (category, building) and where to read it; never the sender's name or what they wrote."""
    from committees import selectors

    message = _message(message_id)
    return mail_send_people(
        people=selectors.message_reader_people(message=message),
        template="committees/email/message_new",
        context={"message": message, "base_url": settings.WAGTAILADMIN_BASE_URL, "answer": False},
    )


@task()
def notify_reader_of_answer(*, message_id: int) -> int:
    """The sender answered back in the conversation: the reader hears it, in the same few words."""
    from committees import selectors

    message = _message(message_id)
    return mail_send_people(
        people=selectors.message_reader_people(message=message),
        template="committees/email/message_new",
        context={"message": message, "base_url": settings.WAGTAILADMIN_BASE_URL, "answer": True},
    )


@task()
def send_reply_to_sender(*, message_id: int) -> int:
    """The sender hears there is an answer, and where to read it (their own page): not the answer itself."""
    message = _message(message_id)
    to = [message.sender.email] if message.sender and message.sender.email else []
    return mail_send(
        template="committees/email/message_reply",
        context={"message": message, "base_url": settings.WAGTAILADMIN_BASE_URL},
        to=to,
        language=recipient_language(message.sender),
    )
