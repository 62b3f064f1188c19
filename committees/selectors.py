"""Everything about committees that reads for a page."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from committees.filters import NewsFilter
from committees.models import (
    CaretakerMessage,
    CommitteeMembership,
    CommitteePage,
    MessageCategory,
    MessageStatus,
    NewsKind,
    NewsPage,
    Report,
)
from portal.models import BuildingPage, PresenceSlot
from portal.restrictions import public
from portal.selectors import next_presence
from portal.tree import for_building


def published_news():
    return public(NewsPage.objects.live()).select_related("image").order_by("-date", "-pk")


def news_list(*, filters) -> NewsFilter:
    """The FilterSet over published news; `.qs` is what /nieuws/ and the feeds show."""
    return NewsFilter(filters, queryset=published_news())


def with_committees(news_items, *, committees=None, buildings=None) -> list:
    """Attach `.committee` and `.building` to each news item.

    At most two queries for any number of items; none for what the caller already has.
    """
    items = list(news_items)
    if committees is None:
        committees = CommitteePage.objects.filter(pk__in={n.committee_id for n in items}).only(
            "title", "kind", "path", "url_path", "depth"
        )
    committees = {c.pk: c for c in committees}
    if buildings is None:
        buildings = BuildingPage.objects.filter(pk__in={n.building_id for n in items}).only(
            "title", "slug", "path", "url_path", "depth"
        )
    buildings = {b.pk: b for b in buildings}
    for item in items:
        item.committee = committees.get(item.committee_id)
        item.building = buildings.get(item.building_id)
    return items


def news_detail(*, news: NewsPage, user) -> dict:
    return {"committee": news.committee, "already_reported": reported_by(page=news, user=user)}


def reported_by(*, page, user) -> bool:
    """Has this person reported this page (news, an activity) already? Then the page says so, no link."""
    return user.is_authenticated and Report.objects.filter(page=page, reporter=user).exists()


def committee_detail(*, committee: CommitteePage) -> dict:
    members = (
        CommitteeMembership.objects.filter(committee=committee, show_publicly=True)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    building = committee.building
    news = with_committees(
        published_news().child_of(committee)[:10], committees=[committee], buildings=[building] if building else []
    )
    return {"public_members": list(members), "news": news, "building": building}


def building_committees(*, building: BuildingPage) -> dict:
    """What the building page shows of its committees: contacts, latest news, the house rules."""
    committees = list(public(CommitteePage.objects.live()).filter(building=building).order_by("title"))
    news = published_news()
    return {
        "committees": committees,
        # Its own news and the tenants' platform's, which is for every building.
        "latest_news": with_committees(
            news.filter(for_building(building)).exclude(kind=NewsKind.HOUSE_RULES)[:3], buildings=[building]
        ),
        "house_rules": news.filter(building=building, kind=NewsKind.HOUSE_RULES).first(),
    }


def platform_overview(*, buildings=None) -> list[dict]:
    """Per building: caretaker, next presence, committees, open messages by category. No names of tenants.

    A fixed number of queries whatever the number of buildings.
    """
    if buildings is None:
        buildings = BuildingPage.objects.live().order_by("title")
    buildings = list(buildings.select_related("caretaker"))
    slots = defaultdict(list)
    for slot in PresenceSlot.objects.filter(building__in=buildings):
        slots[(slot.building_id, slot.caretaker_id)].append(slot)
    committees = defaultdict(list)
    for committee in CommitteePage.objects.live().filter(building__in=buildings).order_by("title"):
        committees[committee.building_id].append(committee)
    open_counts = defaultdict(Counter)
    rows = (
        CaretakerMessage.objects.exclude(status=MessageStatus.DONE)
        .filter(building__in=buildings)
        .values("building_id", "category")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        open_counts[row["building_id"]][row["category"]] = row["n"]
    return [
        {
            "building": building,
            "caretaker": building.caretaker,
            "next_presence": next_presence(slots=slots[(building.pk, building.caretaker_id)]),
            "committees": committees[building.pk],
            "open_messages": [
                (category.label, open_counts[building.pk][category.value]) for category in MessageCategory
            ],
            "open_total": sum(open_counts[building.pk].values()),
        }
        for building in buildings
    ]


def messages_of_sender(*, user):
    return CaretakerMessage.objects.filter(sender=user).select_related("building").order_by("-created_at")


def memberships_of(*, user) -> list[CommitteeMembership]:
    """The committees a person sits on, with their role, for /mijn/."""
    return list(CommitteeMembership.objects.filter(user=user).select_related("committee").order_by("committee__title"))


@dataclass(frozen=True)
class Submission:
    page: Page
    status: str  # one of SUBMISSION_STATUSES
    label: str
    comment: str = ""  # the moderator's comment when it was sent back


SUBMISSION_STATUSES = {
    "concept": _("Concept: nog niet ingediend"),
    "wacht": _("Wacht op controle"),
    "teruggestuurd": _("Teruggestuurd met opmerking"),
    "gepubliceerd": _("Gepubliceerd"),
}


def submissions_of(*, user, limit: int = 10) -> list[Submission]:
    """What a committee member wrote (news, activities: the pages they own), newest first, each with a plain
    status, and the moderator's comment on what was sent back. Two queries whatever the number: the pages,
    then their running moderation with its current step's comment."""
    from wagtail.models import WorkflowState

    pages = list(Page.objects.filter(owner=user, depth__gt=3).order_by("-latest_revision_created_at", "-pk")[:limit])
    states = {
        object_id: (status, comment)
        for object_id, status, comment in WorkflowState.objects.filter(
            object_id__in=[str(page.pk) for page in pages],
            base_content_type=ContentType.objects.get_for_model(Page),
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        ).values_list("object_id", "status", "current_task_state__comment")
    }
    result = []
    for page in pages:
        state, comment = states.get(str(page.pk), (None, ""))
        if state == WorkflowState.STATUS_NEEDS_CHANGES:
            status = "teruggestuurd"
        elif state == WorkflowState.STATUS_IN_PROGRESS:
            status = "wacht"
        elif page.live and not page.has_unpublished_changes:
            status = "gepubliceerd"
        else:
            status = "concept"
        result.append(
            Submission(
                page=page,
                status=status,
                label=SUBMISSION_STATUSES[status],
                comment=(comment or "") if status == "teruggestuurd" else "",
            )
        )
    return result
