"""Everything about committees that reads for a page."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from committees.filters import NewsFilter
from committees.models import (
    CaretakerMessage,
    CommitteeMembership,
    CommitteePage,
    MessageCategory,
    MessageReply,
    MessageStatus,
    NewsKind,
    NewsPage,
    Report,
)
from portal.context_processors import corporation_contact
from portal.localtime import local_tz
from portal.models import BuildingPage, Caretaker, PresenceSlot, Residency
from portal.permissions import MODERATORS_GROUP, caretaker_of, is_moderator
from portal.restrictions import public
from portal.selectors import building_choices, caretaker_on_duty, next_presence
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
    """What the building page shows of its committees: contacts, latest news, the house rules.

    The same for everyone, and changed only by a change of the building's pages (a committee, a news item, a
    member shown) or of the tenants' platform's news (every building's): kept with the building's pages
    (`portal.page_cache.kept_with_pages`), so a look at the building page reads it without a query."""
    from portal.page_cache import kept_with_pages

    def compute() -> dict:
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

    return kept_with_pages(f"building-committees:{building.pk}", compute, scope=building.slug)


def platform_building_keys() -> list[tuple[str, str]]:
    """What the platform overview pages through: (slug, title) of every live building by title, from the cache
    (`portal.selectors.building_choices`), so a page neither counts nor sorts 1,200 buildings in the database."""
    return building_choices()


def platform_buildings(*, keys) -> QuerySet[BuildingPage]:
    """The buildings of one overview page, found by their slugs (an index), in the page's order."""
    return BuildingPage.objects.live().filter(slug__in=[slug for slug, _title in keys]).order_by("title")


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
    # Only the committees of the page's buildings, and only what the table shows of them (their kind).
    page_committees = CommitteePage.objects.live().filter(building__in=buildings)
    for committee in page_committees.only("kind", "building", "title").order_by("title"):
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


def platform_overview_page(*, keys) -> list[dict]:
    """`platform_overview` of one page of buildings (`keys`, from `platform_building_keys`), kept with the pages
    for everyone (`portal.page_cache.kept_with_pages`) as long as the page cache keeps a cross-building list
    (PORTAL_PAGE_CACHE_LISTING_SECONDS): the open messages and the next presence change without clearing any
    page, as they would on the stored page. Five queries the first time, none after."""
    from datetime import timedelta

    from portal.page_cache import kept_name, kept_with_pages, listing_seconds

    made = timezone.now()
    seconds = listing_seconds()
    return kept_with_pages(
        f"platform-overview:{kept_name(*(slug for slug, _title in keys))}",
        lambda: platform_overview(buildings=platform_buildings(keys=keys)),
        until=lambda _overview: made + timedelta(seconds=seconds),
    )


TREND_MONTHS = 12


@dataclass(frozen=True)
class TrendMonth:
    """One month over all buildings: per category the matters still open at its end (for this month: now)."""

    month: date
    open: dict[str, int]  # category value -> count
    raised: int  # matters sent to a caretaker in that month

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    @property
    def open_per_category(self) -> list[int]:
        """In the order of `MessageCategory`, for the table."""
        return [self.open.get(category, 0) for category in MessageCategory.values]


@dataclass(frozen=True)
class TrendBuilding:
    """One building: the matters still open at the end of each month (the same months as `PlatformTrend`)."""

    building: BuildingPage
    open: list[int]
    raised: int  # in the months shown


@dataclass(frozen=True)
class TrendRow:
    """One line of the download: a month, a building, a category."""

    month: date
    building: str
    category: str
    open: int
    raised: int


@dataclass(frozen=True)
class PlatformTrend:
    months: list[TrendMonth]
    buildings: list[TrendBuilding]
    rows: list[TrendRow]  # only the lines with something open or raised

    @property
    def categories(self) -> list[tuple[str, str]]:
        return list(MessageCategory.choices)


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def platform_trend(*, months: int = TREND_MONTHS, today: date | None = None) -> PlatformTrend:
    """The tenants' platform's view over time: per month (the last `months`, this one included), per building
    and per category, the matters with a caretaker still open at the end of the month, and how many were sent.

    Counts only, never who sent what. Three queries whatever the number of messages and buildings: the
    buildings, the messages sent per building, category and month, those done per building, category and month
    (`TruncMonth` + `Count`, in Dutch time). Open at the end of a month = sent until then - done until then;
    months before the first one shown are added up into where the first month starts. (A done message is
    removed a year after it was done: it then counts neither as sent nor as done, so the months shown stay
    right.)
    """
    tz = local_tz()
    today = today or timezone.localdate()
    shown = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    index = {month: number for number, month in enumerate(shown)}
    buildings = list(BuildingPage.objects.live().order_by("title"))
    building_ids = {building.pk for building in buildings}
    categories = MessageCategory.values

    def counts(field: str) -> dict[tuple[int, str], list[int]]:
        """(building, category) -> [before the first month shown, month 1, ..., month n]."""
        result: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * (months + 1))
        rows = (
            CaretakerMessage.objects.filter(**{f"{field}__isnull": False})
            .annotate(month=TruncMonth(field, tzinfo=tz))
            .values("building_id", "category", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            if row["building_id"] not in building_ids or row["category"] not in categories:
                continue
            month = _as_date(row["month"])
            if month > shown[-1]:
                continue  # a clock that runs ahead; not in the months shown
            slot = 0 if month < shown[0] else index[month] + 1
            result[(row["building_id"], row["category"])][slot] += row["n"]
        return result

    sent = counts("created_at")
    done = counts("done_at")
    zero = [0] * (months + 1)
    open_at: dict[tuple[int, str], list[int]] = {}
    for key in set(sent) | set(done):
        running, series = 0, []
        for slot, (in_, out) in enumerate(zip(sent.get(key, zero), done.get(key, zero), strict=True)):
            running += in_ - out
            if slot:
                series.append(max(running, 0))
        open_at[key] = series

    def open_of(building_id: int, category: str, number: int) -> int:
        series = open_at.get((building_id, category))
        return series[number] if series else 0

    def sent_in(building_id: int, category: str, number: int) -> int:
        return sent.get((building_id, category), zero)[number + 1]

    trend_months = [
        TrendMonth(
            month=month,
            open={c: sum(open_of(b.pk, c, number) for b in buildings) for c in categories},
            raised=sum(sent_in(b.pk, c, number) for b in buildings for c in categories),
        )
        for number, month in enumerate(shown)
    ]
    trend_buildings = [
        TrendBuilding(
            building=building,
            open=[sum(open_of(building.pk, c, number) for c in categories) for number in range(months)],
            raised=sum(sent_in(building.pk, c, number) for c in categories for number in range(months)),
        )
        for building in buildings
    ]
    labels = dict(MessageCategory.choices)
    rows = [
        TrendRow(
            month=month,
            building=building.title,
            category=str(labels[category]),
            open=open_of(building.pk, category, number),
            raised=sent_in(building.pk, category, number),
        )
        for number, month in enumerate(shown)
        for building in buildings
        for category in categories
        if open_of(building.pk, category, number) or sent_in(building.pk, category, number)
    ]
    return PlatformTrend(months=trend_months, buildings=trend_buildings, rows=rows)


def messages_of_sender(*, user):
    return CaretakerMessage.objects.filter(sender=user).select_related("building").order_by("-created_at")


# --------------------------------------------------------------------------
# Messages: who reads them, the inbox, the conversation
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageReaders:
    """Who reads a message to a building: the caretaker on duty, or (None) the staff team; and how the resident
    is told, truthfully, before and after sending."""

    caretaker: Caretaker | None
    label: str
    reachable: bool = True  # False: nobody would read it (no caretaker account, no staff): it is not sent at all

    @property
    def to_staff(self) -> bool:
        return self.caretaker is None


def _reaches(caretaker: Caretaker | None) -> bool:
    """An e-mail to this caretaker reaches a person: an active account with an address."""
    user = caretaker.user if caretaker is not None and caretaker.user_id else None
    return user is not None and user.is_active and bool(user.email)


def _team_label(reason: str) -> str:
    return gettext("het team van %(corporation)s (%(reason)s)") % {
        "corporation": corporation_contact()["name"],
        "reason": reason,
    }


def message_readers(*, building: BuildingPage, day=None) -> MessageReaders:
    """The one rule of who reads a message to `building`: the caretaker on duty (`portal.selectors.
    caretaker_on_duty`) when they have an active account with an e-mail address; otherwise the staff team (the
    Moderators group), who read it in the admin's inbox and get the e-mail. Nobody is told a message went to
    someone who does not receive it."""
    caretaker = caretaker_on_duty(building=building, day=day)
    if _reaches(caretaker):
        return MessageReaders(
            caretaker=caretaker, label=_caretaker_label(caretaker, standing_in=caretaker.pk != building.caretaker_id)
        )
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True).exclude(email="")
    reason = (
        gettext("dit gebouw heeft nu geen huismeester")
        if caretaker is None
        else gettext("de huismeester van dit gebouw heeft geen e-mail")
    )
    return MessageReaders(caretaker=None, label=_team_label(reason), reachable=staff.exists())


def message_reader_label(*, message: CaretakerMessage) -> str:
    """Who reads this message (as it was routed when sent), in the words the resident was given."""
    if message.to_staff or message.caretaker is None:
        return gettext("het team van %(corporation)s") % {"corporation": corporation_contact()["name"]}
    return _caretaker_label(message.caretaker, standing_in=message.caretaker_id != message.building.caretaker_id)


def _caretaker_label(caretaker, *, standing_in: bool) -> str:
    """ "Henk Jansen, uw huismeester", or for a stand-in "Karim Bouali, die uw huismeester vervangt"."""
    if standing_in:
        return gettext("%(name)s, die uw huismeester vervangt") % {"name": caretaker.name}
    return gettext("%(name)s, uw huismeester") % {"name": caretaker.name}


def message_reader_people(*, message: CaretakerMessage):
    """Who gets the e-mail about a message: its caretaker's account, or the staff team (also when the caretaker
    has lost their account or address since the message was sent)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True).exclude(email="").select_related("resident_profile")
    if not message.to_staff and message.caretaker_id:
        caretaker_people = people.filter(caretaker__pk=message.caretaker_id)
        if caretaker_people.exists():
            return caretaker_people
    return people.filter(groups__name=MODERATORS_GROUP).distinct()


def _reader_filter(user) -> Q | None:
    """The messages `user` is the reader of: their own as caretaker (of the building, or routed to them while on
    duty), and the staff team's when they are staff."""
    condition = None
    if is_moderator(user):
        condition = Q(to_staff=True)
    caretaker = caretaker_of(user)
    if caretaker is not None:
        own = Q(to_staff=False) & (Q(caretaker=caretaker) | Q(building__caretaker=caretaker))
        condition = own if condition is None else condition | own
    return condition


def is_message_reader(user, message: CaretakerMessage) -> bool:
    """Whether `user` reads this message (opening it marks it read; their answer goes to the sender)."""
    if not user.is_authenticated:
        return False
    if message.to_staff:
        return is_moderator(user)
    caretaker = caretaker_of(user)
    return caretaker is not None and caretaker.pk in (message.caretaker_id, message.building.caretaker_id)


def unread_message_count(*, user) -> int:
    """Messages waiting for `user` as their reader: new ones and new answers from the sender, until opened."""
    condition = _reader_filter(user) if user.is_authenticated else None
    if condition is None:
        return 0
    return CaretakerMessage.objects.filter(condition, unread_by_reader=True).count()


def inbox_messages(*, queryset):
    """The admin's inbox over the messages someone may see: building, sender and the sender's house number (from
    their current verified home) in the same query."""
    number = Residency.objects.filter(user=OuterRef("sender"), ended_at__isnull=True).values("home__number")[:1]
    return queryset.select_related("building", "sender").annotate(house_number=Subquery(number))


def message_thread(*, message: CaretakerMessage) -> list[MessageReply]:
    """The answers both ways, oldest first."""
    return list(message.replies.select_related("author"))


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
