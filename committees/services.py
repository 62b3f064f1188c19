"""Everything about committees that changes state, and the rules it keeps.

Access control for what committees write is Wagtail's own: each committee has a
group with add and edit (not publish) rights on its own subtree, and the
"Moderatie" workflow puts every submission in front of the Moderators group.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from committees import tasks
from committees.models import (
    CaretakerMessage,
    CommitteeKind,
    CommitteeMembership,
    CommitteePage,
    MessageReply,
    MessageStatus,
    ModerationTask,
    NewsIndexPage,
    Report,
    ReportReason,
)
from portal.models import BuildingPage, HomePage, User
from portal.permissions import MODERATORS_GROUP

logger = logging.getLogger(__name__)

MODERATION_WORKFLOW = "Moderatie"
PAGE_PERMISSIONS = ["add_page", "change_page"]  # never publish_page: moderators publish
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


class AlreadyReported(ValidationError):
    pass


# --------------------------------------------------------------------------
# Committees, groups and the moderation workflow
# --------------------------------------------------------------------------


def committee_kind_validate(*, kind: str, parent: Page) -> None:
    """The tenants' platform sits under home; the other committees under their building."""
    parent_class = parent.specific_class
    if parent_class is HomePage and kind != CommitteeKind.PLATFORM:
        raise ValidationError(_("Direct onder de voorpagina staat alleen het huurdersplatform."))
    if parent_class is BuildingPage and kind == CommitteeKind.PLATFORM:
        raise ValidationError(_("Het huurdersplatform hoort onder de voorpagina, niet onder een gebouw."))


def moderation_workflow_ensure() -> Workflow:
    """The "Moderatie" workflow: one group-approval step for the Moderators group."""
    workflow, _created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = ModerationTask.objects.create(name=_("Moderatoren keuren goed"))
        task.groups.set([Group.objects.get_or_create(name=MODERATORS_GROUP)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _group_name(committee: CommitteePage) -> str:
    return f"Commissie {committee.pk}: {committee.title}"[:150]


@transaction.atomic
def committee_group_sync(*, committee: CommitteePage) -> Group:
    """Give the committee its Wagtail group, rights on its own subtree, a media collection and moderation.

    Safe to call again (after a rename, or to repair rights): it converges on the same state.
    """
    committee = CommitteePage.objects.select_for_update().get(pk=committee.pk)
    group = committee.group or Group(name=_group_name(committee))
    group.name = _group_name(committee)
    group.save()
    if committee.group_id != group.pk:
        CommitteePage.objects.filter(pk=committee.pk).update(group=group)
        committee.group = group
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=committee,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    GroupPagePermission.objects.filter(group=group).exclude(page=committee).delete()
    collection = Collection.objects.filter(name=group.name).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=group.name)
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    WorkflowPage.objects.update_or_create(page=committee, defaults={"workflow": moderation_workflow_ensure()})
    group.user_set.set(User.objects.filter(committee_memberships__committee=committee))
    return group


@transaction.atomic
def committee_create(
    *, parent: Page, title: str, kind: str, description: str, user: User | None = None, **fields
) -> CommitteePage:
    committee_kind_validate(kind=kind, parent=parent)
    committee = parent.add_child(
        instance=CommitteePage(title=title, kind=kind, description=description, owner=user, **fields)
    )
    committee.group = committee_group_sync(committee=committee)
    log(instance=committee, action="wagtail.create", user=user)
    return committee


@transaction.atomic
def committee_member_add(
    *, committee: CommitteePage, user: User, role: str, by: User | None = None, show_publicly: bool = False
) -> CommitteeMembership:
    membership = CommitteeMembership(committee=committee, user=user, role=role, show_publicly=show_publicly)
    membership.full_clean()
    membership.save()
    if committee.group_id is None:
        committee_group_sync(committee=committee)
        committee.refresh_from_db()
    user.groups.add(committee.group)
    log(instance=committee, action="committees.member_add", user=by, data={"member": user.pk, "role": role})
    logger.info("%s joined %s as %s", user.pk, committee.title, role)
    return membership


@transaction.atomic
def committee_member_remove(*, membership: CommitteeMembership, by: User | None = None) -> None:
    committee, user = membership.committee, membership.user
    membership.delete()
    if committee.group_id:
        user.groups.remove(committee.group)
    log(instance=committee, action="committees.member_remove", user=by, data={"member": user.pk})


# --------------------------------------------------------------------------
# Reports: a resident reports a page (news, an activity); a committee member asks to take their own page down
# --------------------------------------------------------------------------


def page_report_create(*, page: Page, reporter: User, reason: str) -> Report:
    """One person reports one page once; moderators are told by e-mail.

    A committee member's request to take their own outdated page off the website is a report too (reason
    `OUTDATED`, see `takedown_request_create`); the moderator who resolves it mails them back.
    """
    report = Report(page=page, reporter=reporter, reason=reason)
    report.full_clean(exclude=["page", "reporter"])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        if reason == ReportReason.OUTDATED:
            message = _("U heeft al gevraagd om dit offline te halen. Een moderator kijkt ernaar.")
        else:
            message = _("U heeft dit al gemeld. Een moderator kijkt ernaar.")
        raise AlreadyReported(message) from error
    transaction.on_commit(lambda: tasks.notify_moderators_of_report.enqueue(report_id=report.pk))
    return report


def takedown_request_create(*, page: Page, by: User) -> Report:
    """A committee member who may edit, but not unpublish, a live page asks a moderator to take it down."""
    from committees import permissions

    if not permissions.can_ask_to_take_down(by, page):
        raise ValidationError(_("U kunt niet vragen om deze pagina offline te halen."))
    with transaction.atomic():
        report = page_report_create(page=page, reporter=by, reason=ReportReason.OUTDATED)
        log(instance=page, action="committees.takedown_requested", user=by, data={"report": report.pk})
    return report


@transaction.atomic
def page_report_resolve(*, report: Report, by: User) -> Report:
    """The moderator has looked at the page; who asked for it to be taken down hears that it is handled."""
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.save(update_fields=["resolved_at", "resolved_by"])
    log(instance=report.page, action="committees.report_resolved", user=by, data={"reason": report.reason})
    if report.is_takedown_request and report.reporter_id:
        transaction.on_commit(lambda: tasks.notify_requester_of_takedown.enqueue(report_id=report.pk))
    return report


# --------------------------------------------------------------------------
# Messages to the caretaker
# --------------------------------------------------------------------------


def message_create(
    *, building: BuildingPage, sender: User, category: str, subject: str, body: str, photo=None
) -> CaretakerMessage:
    """A resident (or committee member) writes about their building. Who reads it is decided now, once
    (`selectors.message_readers`): the caretaker on duty, or the staff team; they get an e-mail."""
    from committees import permissions, selectors

    if not permissions.can_message_caretaker(sender, building):
        raise ValidationError(
            _("Alleen bewoners en commissieleden van dit gebouw kunnen de huismeester een bericht sturen.")
        )
    readers = selectors.message_readers(building=building)
    if not readers.reachable:  # never "sent" when nobody receives it
        raise ValidationError(
            _("Er is nu niemand die uw bericht kan lezen, dus het is niet verstuurd. Bel de corporatie alstublieft.")
        )
    message = CaretakerMessage(
        building=building,
        sender=sender,
        category=category,
        subject=subject.strip(),
        body=body.strip(),
        caretaker=readers.caretaker,
        to_staff=readers.to_staff,
    )
    if photo:
        from portal.uploads import photo_without_metadata

        message.photo = photo_without_metadata(photo)  # no location or phone details from the camera
    message.full_clean()
    with transaction.atomic():
        message.save()
    transaction.on_commit(lambda: tasks.notify_caretaker_of_message.enqueue(message_id=message.pk))
    return message


ALLOWED_STEPS = {
    MessageStatus.NEW: {MessageStatus.NEW, MessageStatus.IN_PROGRESS, MessageStatus.DONE},
    MessageStatus.IN_PROGRESS: {MessageStatus.IN_PROGRESS, MessageStatus.DONE},
    MessageStatus.DONE: {MessageStatus.DONE, MessageStatus.IN_PROGRESS},
}


@transaction.atomic
def message_reply_create(*, message: CaretakerMessage, by: User, body: str, notify: bool = True) -> MessageReply:
    """One more turn in the conversation. From the reader (its caretaker, or staff): the sender is told there is
    an answer. From the sender: the reader is told, the message is unread for them again, and a message that was
    done is taken up again (in progress)."""
    message = CaretakerMessage.objects.select_for_update().select_related("building").get(pk=message.pk)
    by_sender = message.sender_id is not None and message.sender_id == by.pk
    if not by_sender and not _may_answer(by, message):
        raise ValidationError(_("U kunt op dit bericht niet antwoorden."))
    reply = MessageReply(message=message, author=by, by_sender=by_sender, body=body.strip())
    reply.full_clean()
    reply.save()
    if by_sender:
        message.unread_by_reader = True
        if message.status == MessageStatus.DONE:
            message.status, message.done_at = MessageStatus.IN_PROGRESS, None
        message.save(update_fields=["unread_by_reader", "status", "done_at", "updated_at"])
        task = tasks.notify_reader_of_answer
    else:
        message.unread_by_sender = True
        message.unread_by_reader = False  # who answers has read it
        message.save(update_fields=["unread_by_sender", "unread_by_reader", "updated_at"])
        task = tasks.send_reply_to_sender
    log(instance=message, action="committees.message_reply", user=by, data={"by_sender": by_sender})
    if notify:
        transaction.on_commit(lambda: task.enqueue(message_id=message.pk))
    return reply


def _may_answer(user, message: CaretakerMessage) -> bool:
    """Staff may answer any message they see (a caretaker's too, when they stand in); caretakers their own."""
    from committees import permissions

    return permissions.messages_visible_to(user).filter(pk=message.pk).exists()


@transaction.atomic
def message_update(
    *, message: CaretakerMessage, by: User, status: str, reply: str = "", notify: bool = True
) -> CaretakerMessage:
    """The reader moves a message on (new → in progress → done) and may answer; the sender hears of the answer."""
    message = CaretakerMessage.objects.select_for_update().get(pk=message.pk)
    if status not in ALLOWED_STEPS[message.status]:
        raise ValidationError(
            _("Een bericht met status ‘%(old)s’ kan niet terug naar ‘%(new)s’.")
            % {"old": message.get_status_display(), "new": MessageStatus(status).label}
        )
    message.status = status
    message.done_at = timezone.now() if status == MessageStatus.DONE else None
    message.full_clean()
    message.save()
    log(instance=message, action="committees.message_status", user=by, data={"status": status})
    if reply.strip():
        message_reply_create(message=message, by=by, body=reply, notify=notify)
        message.refresh_from_db()
    return message


def message_mark_read(*, message: CaretakerMessage, by: User) -> None:
    """Opening a message marks it read for who opened it: its reader in the admin, its sender on their page."""
    from committees import selectors

    if message.sender_id is not None and message.sender_id == by.pk and message.unread_by_sender:
        CaretakerMessage.objects.filter(pk=message.pk).update(unread_by_sender=False)
        message.unread_by_sender = False
    elif message.unread_by_reader and selectors.is_message_reader(by, message):
        CaretakerMessage.objects.filter(pk=message.pk).update(unread_by_reader=False)
        message.unread_by_reader = False


def messages_purge(*, now=None) -> int:
    """Delete done messages older than the retention period; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PORTAL_MESSAGE_RETENTION_DAYS)
    expired = CaretakerMessage.objects.filter(status=MessageStatus.DONE, done_at__lt=cutoff)
    photos = list(expired.exclude(photo="").values_list("photo", flat=True))
    _total, per_model = expired.delete()
    deleted = per_model.get(CaretakerMessage._meta.label, 0)
    for name in photos:
        default_storage.delete(name)
    logger.info("Deleted %d done caretaker messages older than %s", deleted, cutoff.date())
    return deleted


# --------------------------------------------------------------------------
# Where committee content lies: its committee and building, after a move
# --------------------------------------------------------------------------


def places_sync(*, root: Page) -> int:
    """Store again the building (and committee) of every committee and committee page under `root`, itself
    included.

    Saving a page places it (`place_in_tree` in its save); a move in the tree changes the place of a whole
    subtree without saving its pages, so the move signal calls this. Returns how many pages changed.
    """
    changed = 0
    for model, fields in ((CommitteePage, ["building"]), *((m, ["committee", "building"]) for m in _content_models())):
        pages = model.objects.descendant_of(root, inclusive=True).only("pk", "path", *fields)
        for page in pages:
            before = [getattr(page, f"{name}_id") for name in fields]
            page.place_in_tree()
            if [getattr(page, f"{name}_id") for name in fields] != before:
                model.objects.filter(pk=page.pk).update(**{name: getattr(page, name) for name in fields})
                changed += 1
    return changed


def _content_models() -> list:
    from wagtail.models import get_page_models

    from committees.models import CommitteeContent

    return [model for model in get_page_models() if issubclass(model, CommitteeContent)]


# --------------------------------------------------------------------------
# Site
# --------------------------------------------------------------------------


def index_page_ensure(*, home) -> None:
    """Make sure /nieuws/ exists under the home page (registered for `portal.services.site_ensure`)."""
    if not NewsIndexPage.objects.exists():
        home.add_child(
            instance=NewsIndexPage(
                title=_("Nieuws"), slug="nieuws", intro=_("Nieuws, verslagen en huisregels van de commissies.")
            )
        )
