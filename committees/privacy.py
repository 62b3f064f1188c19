"""What the committees app keeps about a person: messages to the caretaker, reports on pages, memberships.

Each is a section of the export (`portal.personal_data`), registered in wagtail_hooks. The pages a person
wrote for a committee are Wagtail's (their owner), so the core exports them; they stay with the committee.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from committees.models import CaretakerMessage, CommitteeMembership, MessageReply, Report
from committees.services import committee_member_remove
from portal.models import User
from portal.personal_data import PersonalData, local_time


class CaretakerMessages(PersonalData):
    """Messages to the caretaker. They stay with the caretaker when the account goes, without a sender."""

    key = "caretaker_messages"
    position = 200
    template_name = "committees/sections/my_data_messages.html"

    def export(self, *, user: User) -> list[dict]:
        """One query: the messages joined with their conversation, grouped here."""
        rows = (
            CaretakerMessage.objects.filter(sender=user)
            .select_related("building")
            .annotate(
                reply_body=F("replies__body"),
                reply_by_sender=F("replies__by_sender"),
                reply_created_at=F("replies__created_at"),
            )
            .order_by("created_at", "pk", "replies__created_at", "replies__pk")
        )
        messages: dict[int, dict] = {}
        for message in rows:
            entry = messages.get(message.pk)
            if entry is None:
                entry = messages[message.pk] = {
                    "building": message.building.title,
                    "category": message.category,
                    "category_label": str(message.get_category_display()),
                    "subject": message.subject,
                    "body": message.body,
                    "status": message.status,
                    "status_label": str(message.get_status_display()),
                    "has_photo": bool(message.photo),
                    "conversation": [],
                    "sent_at": local_time(message.created_at),
                    "done_at": local_time(message.done_at),
                }
            if message.reply_body is not None:
                entry["conversation"].append(
                    {
                        "from_me": message.reply_by_sender,
                        "body": message.reply_body,
                        "written_at": local_time(message.reply_created_at),
                    }
                )
        return list(messages.values())

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        MessageReply.objects.filter(message__sender=user, by_sender=True).update(author=None)
        CaretakerMessage.objects.filter(sender=user).update(sender=None)


class Reports(PersonalData):
    """Reports on a page (news at first, hence the key). They stay for the moderators, without a reporter."""

    key = "news_reports"
    position = 300
    template_name = "committees/sections/my_data_reports.html"

    def export(self, *, user: User) -> list[dict]:
        return [
            {
                "news": report.page.title,
                "reason": report.reason,
                "reason_label": str(report.get_reason_display()),
                "reported_at": local_time(report.created_at),
                "resolved": report.resolved_at is not None,
            }
            for report in Report.objects.filter(reporter=user).select_related("page").order_by("created_at")
        ]

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        Report.objects.filter(reporter=user).update(reporter=None)


class Memberships(PersonalData):
    """Committee memberships (never who else sits on the committee). Deleting an account ends them, and with
    them the committee's Wagtail group, through the service; what the person wrote stays with the committee."""

    key = "committee_memberships"
    position = 400
    template_name = "committees/sections/my_data_memberships.html"

    def export(self, *, user: User) -> list[dict]:
        return [
            {
                "committee": membership.committee.title,
                "role": membership.role,
                "role_label": str(membership.get_role_display()),
                "since": membership.since,
                "name_shown_on_website": membership.show_publicly,
            }
            for membership in CommitteeMembership.objects.filter(user=user)
            .select_related("committee")
            .order_by("committee__title")
        ]

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        for membership in CommitteeMembership.objects.filter(user=user).select_related("committee", "user"):
            committee_member_remove(membership=membership, by=by)
