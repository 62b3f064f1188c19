"""What the committees app keeps about a person: messages to the caretaker, reports on pages, memberships.

Each is a section of the export (`portal.personal_data`), registered in wagtail_hooks. The pages a person
wrote for a committee are Wagtail's (their owner), so the core exports them; they stay with the committee.
"""

from __future__ import annotations

from datetime import datetime

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
        return [
            {
                "building": message.building.title,
                "category": message.category,
                "category_label": str(message.get_category_display()),
                "subject": message.subject,
                "body": message.body,
                "status": message.status,
                "status_label": str(message.get_status_display()),
                "has_photo": bool(message.photo),
                "conversation": [
                    {"from_me": reply.by_sender, "body": reply.body, "written_at": local_time(reply.created_at)}
                    for reply in message.replies.all()
                ],
                "sent_at": local_time(message.created_at),
                "done_at": local_time(message.done_at),
            }
            for message in CaretakerMessage.objects.filter(sender=user)
            .select_related("building")
            .prefetch_related("replies")
            .order_by("created_at")
        ]

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
