"""Participation figures per building and month, for staff: the report in the admin reads them here.

Every figure comes from one aggregate query (grouped by building and month), so the whole report
costs the same fixed number of queries for 12 buildings or 1,200:

1. the buildings (live, by title), 2. which of them have an active committee,
3. activities held, 4. sign-ups, participants and waiting list, 5. messages to the caretaker,
6. tours, 7. distinct participants per month over all buildings (a person is counted once,
even when they join activities in two buildings).

Activities and committees store their building (`building_id`), so the queries group on that key
without joining the tree. Activities of the tenants' platform belong to no building and are not
counted here.

What each figure means is written down once, in `FIGURES` (it ends up in the README too).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import Occurrence, Registration, RegistrationStatus
from ambassadors.models import BookingStatus, TourBooking
from committees.models import CaretakerMessage, CommitteeKind, CommitteePage, MessageCategory, MessageStatus
from portal.localtime import start_of_day
from portal.models import BuildingPage

CATEGORIES = tuple(MessageCategory.values)  # of messages to the caretaker, in their order
ATTENTION_MONTHS = 3  # "no activities in the last three months" puts a building on the attention list
DEFAULT_MONTHS = 12  # the report shows the last twelve months unless asked otherwise
MAX_MONTHS = 60  # how far back the period can reach (the month filter offers these)
ROWS_PER_PAGE = 120  # the figures table: ten buildings of twelve months
ATTENTION_PER_PAGE = 30  # the attention list

# A committee counts as active when its page is live and it has at least one member.
ACTIVE_COMMITTEE_KINDS = (CommitteeKind.ACTIVITY, CommitteeKind.RESIDENTS)

FIGURES = {
    "activities_held": _(
        "Activiteiten gehouden: data (keren) van activiteiten van de commissies van het gebouw die in de maand "
        "begonnen, niet waren afgelast en al zijn begonnen. Activiteiten van het huurdersplatform horen bij geen "
        "gebouw en tellen hier niet mee."
    ),
    "signups": _(
        "Aanmeldingen: aanmeldingen met een plaats (status ‘aangemeld’) voor niet-afgelaste data in de maand, "
        "ook data later in de lopende maand. Afmeldingen en de wachtlijst tellen niet mee. ‘Namens’: iemand "
        "anders meldde aan (een commissielid of de huismeester), of het is een buur zonder account; anders ‘zelf’."
    ),
    "participants": _(
        "Deelnemers: verschillende personen met een plaats in de maand. Een bewoner met account telt één keer, "
        "een buur zonder account telt één keer per naam en huisnummer; introducés tellen niet mee."
    ),
    "waiting": _(
        "Wachtlijst: aanmeldingen die nog op de wachtlijst staan (wie later een plaats kreeg, telt als "
        "aanmelding). ‘Data met wachtlijst’: data waarvoor minstens één persoon op de wachtlijst staat."
    ),
    "committee": _(
        "Actieve commissie: het gebouw heeft nu een gepubliceerde activiteiten- of bewonerscommissie met "
        "minstens één lid. Dit is de stand van vandaag, ook in de rijen van eerdere maanden."
    ),
    "messages": _(
        "Berichten aan de huismeester: berichten die in de maand zijn verstuurd, per onderwerp. ‘Nog open’: "
        "vandaag nog niet afgehandeld. ‘Gemiddeld dagen open’: van versturen tot afhandelen, voor de "
        "afgehandelde berichten. Afgehandelde berichten worden na de bewaartermijn gewist en tellen dan niet meer."
    ),
    "tours": _(
        "Rondleidingen: naar de maand waarin de rondleiding is of was. ‘Geboekt’: niet geannuleerd (dus ook "
        "gehouden en niet gekomen); ‘gehouden’ en ‘niet gekomen’ zoals de ambassadeur ze na afloop aangaf."
    ),
    "attention": _(
        "Aandacht nodig: gebouwen zonder actieve commissie, of waar in de laatste drie maanden van de periode "
        "geen activiteit is gehouden. Eerst de gebouwen met beide, dan met de minste berichten aan de "
        "huismeester: in een vergeten gebouw klagen mensen zelden, dus stilte is ook een signaal."
    ),
}


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every first-of-the-month from `first` up to and including `last`."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def default_period(*, today: date | None = None) -> tuple[date, date]:
    """The last twelve months, this month included."""
    this_month = month_start(today or timezone.localdate())
    return add_months(this_month, 1 - DEFAULT_MONTHS), this_month


def month_label(month: date) -> str:
    return date_format(month, "F Y")


def month_choices(*, today: date | None = None) -> list[tuple[str, str]]:
    """(YYYY-MM, 'maart 2026') for the months a period can cover, newest first."""
    this_month = month_start(today or timezone.localdate())
    return [
        (f"{month:%Y-%m}", month_label(month))
        for month in (add_months(this_month, -offset) for offset in range(MAX_MONTHS))
    ]


def _days(value: timedelta | float | None) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, timedelta):  # a backend that averages durations as microseconds
        value = timedelta(microseconds=float(value))
    return (Decimal(value.total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"))


@dataclass
class ParticipationRow:
    """The figures of one building in one month (see `FIGURES` for what each means)."""

    building_id: int
    building: str
    building_slug: str
    month: date
    has_committee: bool
    activities_held: int = 0
    signups_own: int = 0
    signups_on_behalf: int = 0
    participants: int = 0
    waiting: int = 0
    waiting_dates: int = 0
    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    messages_done: int = 0
    messages_open: int = 0
    days_open: Decimal | None = None
    tours_booked: int = 0
    tours_held: int = 0
    tours_no_show: int = 0

    @property
    def signups(self) -> int:
        return self.signups_own + self.signups_on_behalf

    @property
    def messages_total(self) -> int:
        return sum(self.messages.values())

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def month_key(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def committee_label(self) -> str:
        return str(_("ja") if self.has_committee else _("nee"))


@dataclass(frozen=True)
class MonthTotal:
    """One month over all buildings in the report: the chart 'participation per month' and its table."""

    month: date
    activities_held: int
    signups_own: int
    signups_on_behalf: int
    participants: int
    waiting: int

    @property
    def signups(self) -> int:
        return self.signups_own + self.signups_on_behalf

    @property
    def month_label(self) -> str:
        return month_label(self.month)


@dataclass(frozen=True)
class AttentionRow:
    """A building without an active committee, or without activities in the last three months."""

    building: str
    building_slug: str
    has_committee: bool
    activities_held: int
    signups: int
    messages: int

    @property
    def problems(self) -> int:
        return (not self.has_committee) + (self.activities_held == 0)

    @property
    def reason(self) -> str:
        if self.problems == 2:
            return str(_("geen actieve commissie en geen activiteiten"))
        if not self.has_committee:
            return str(_("geen actieve commissie"))
        return str(_("geen activiteiten"))


@dataclass
class ParticipationReport:
    start_month: date
    end_month: date
    rows: Sequence[ParticipationRow]
    months: list[MonthTotal]
    attention: Sequence[AttentionRow]
    attention_start: date
    building_count: int
    computed_at: datetime = field(default_factory=timezone.now)
    # How many buildings need attention: (no committee and no activities, no committee, no activities).
    attention_counts: tuple[int, int, int] = (0, 0, 0)

    @property
    def attention_groups(self) -> list[tuple[str, int]]:
        """How many buildings need attention, and why, for the chart; the buildings that are fine last."""
        both, no_committee, no_activities = self.attention_counts
        return [
            (str(_("Geen commissie, geen activiteiten")), both),
            (str(_("Geen actieve commissie")), no_committee),
            (str(_("Geen activiteiten")), no_activities),
            (str(_("In orde")), self.building_count - both - no_committee - no_activities),
        ]


def _attention_counts(attention: list[AttentionRow]) -> tuple[int, int, int]:
    both = sum(1 for row in attention if row.problems == 2)
    no_committee = sum(1 for row in attention if row.problems == 1 and not row.has_committee)
    return both, no_committee, len(attention) - both - no_committee


# --------------------------------------------------------------------------- the queries

CONFIRMED = Q(status=RegistrationStatus.CONFIRMED)
WAITING = Q(status=RegistrationStatus.WAITING)
# Signed up by someone else: a neighbour without an account, or made_by is another person.
ON_BEHALF = Q(user__isnull=True) | (Q(made_by__isnull=False) & ~Q(made_by=F("user")))
# A neighbour without an account is one person per name and house number (NULL for account holders,
# who are counted by their user id).
NEIGHBOUR = Case(
    When(user__isnull=True, then=Concat(Lower("neighbour_name"), Value("|"), Lower("neighbour_apartment"))),
    output_field=CharField(),
)


def _month_index(field: str, months: list[date]) -> Case:
    """The index in `months` of the local month that `field` falls in.

    Plain comparisons with the months' boundaries (computed here, in Europe/Amsterdam), not a time-zone
    function per row: SQLite runs that one in Python, which made the report ten times slower.
    """
    return Case(
        *(
            When(
                **{f"{field}__gte": start_of_day(month), f"{field}__lt": start_of_day(add_months(month, 1))}, then=index
            )
            for index, month in enumerate(months)
        ),
        output_field=IntegerField(),
    )


def _buildings_with_committee(*, building_id: int | None) -> set[int]:
    """The buildings that have an active committee (one with members). One query."""
    committees = CommitteePage.objects.live().filter(
        _in_scope("", building_id), kind__in=ACTIVE_COMMITTEE_KINDS, memberships__isnull=False
    )
    return set(committees.values_list("building_id", flat=True).distinct())


def _in_scope(prefix: str, building_id: int | None) -> Q:
    """One building, or every building (never the tenants' platform, which has none)."""
    if building_id is None:
        return Q(**{f"{prefix}building__isnull": False})
    return Q(**{f"{prefix}building_id": building_id})


def _period(months: list[date]) -> tuple[datetime, datetime]:
    return start_of_day(months[0]), start_of_day(add_months(months[-1], 1))


def _occurrence_figures(*, building_id: int | None, months: list[date], now: datetime):
    start, end = _period(months)
    return (
        Occurrence.objects.filter(
            _in_scope("activity__", building_id),
            start__gte=start,
            start__lt=min(end, now),
            cancelled=False,
        )
        .annotate(
            building=F("activity__building_id"),
            month=_month_index("start", months),
        )
        .values("building", "month")
        .annotate(held=Count("pk"))
        .order_by()
    )


def _registrations(*, building_id: int | None, months: list[date]):
    start, end = _period(months)
    return Registration.objects.filter(
        _in_scope("occurrence__activity__", building_id),
        occurrence__start__gte=start,
        occurrence__start__lt=end,
        occurrence__cancelled=False,
    ).annotate(month=_month_index("occurrence__start", months))


def _registration_figures(*, building_id: int | None, months: list[date]):
    return (
        _registrations(building_id=building_id, months=months)
        .annotate(building=F("occurrence__activity__building_id"))
        .values("building", "month")
        .annotate(
            own=Count("pk", filter=CONFIRMED & ~ON_BEHALF),
            on_behalf=Count("pk", filter=CONFIRMED & ON_BEHALF),
            accounts=Count("user", filter=CONFIRMED, distinct=True),
            neighbours=Count(NEIGHBOUR, filter=CONFIRMED, distinct=True),
            waiting=Count("pk", filter=WAITING),
            waiting_dates=Count("occurrence", filter=WAITING, distinct=True),
        )
        .order_by()
    )


def _participants_per_month(*, building_id: int | None, months: list[date]) -> dict[date, int]:
    rows = (
        _registrations(building_id=building_id, months=months)
        .filter(CONFIRMED)
        .values("month")
        .annotate(accounts=Count("user", distinct=True), neighbours=Count(NEIGHBOUR, distinct=True))
        .order_by()
    )
    return {months[row["month"]]: row["accounts"] + row["neighbours"] for row in rows}


def _message_figures(*, building_id: int | None, months: list[date]):
    start, end = _period(months)
    messages = CaretakerMessage.objects.filter(created_at__gte=start, created_at__lt=end)
    if building_id is not None:
        messages = messages.filter(building_id=building_id)
    done = Q(status=MessageStatus.DONE)
    per_category = {f"category_{value}": Count("pk", filter=Q(category=value)) for value in CATEGORIES}
    return (
        messages.annotate(month=_month_index("created_at", months))
        .values("building_id", "month")
        .annotate(
            **per_category,
            done=Count("pk", filter=done),
            still_open=Count("pk", filter=~done),
            days_open=Avg(
                ExpressionWrapper(F("done_at") - F("created_at"), output_field=DurationField()),
                filter=done & Q(done_at__isnull=False),
            ),
        )
        .order_by()
    )


def _tour_figures(*, building_id: int | None, months: list[date]):
    start, end = _period(months)
    tours = TourBooking.objects.filter(start__gte=start, start__lt=end)
    if building_id is not None:
        tours = tours.filter(building_id=building_id)
    return (
        tours.annotate(month=_month_index("start", months))
        .values("building_id", "month")
        .annotate(
            booked=Count("pk", filter=~Q(status=BookingStatus.CANCELLED)),
            held=Count("pk", filter=Q(status=BookingStatus.HELD)),
            no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
        )
        .order_by()
    )


def participation_report(
    *,
    start_month: date,
    end_month: date,
    building: str | None = None,
    now: datetime | None = None,
) -> ParticipationReport:
    """Per building (live, by title) and month from `start_month` to `end_month`: every figure of `FIGURES`.

    `building` is a building's slug, to see one building. Seven queries, whatever the number of buildings.
    """
    now = now or timezone.now()
    start_month, end_month = sorted([month_start(start_month), month_start(end_month)])
    attention_start = add_months(end_month, 1 - ATTENTION_MONTHS)
    # The attention list needs three months even when the period is shorter.
    months = months_between(min(start_month, attention_start), end_month)

    buildings = BuildingPage.objects.live().order_by("title", "pk").only("pk", "title", "slug")
    if building:
        buildings = buildings.filter(slug=building)
    buildings = list(buildings)
    if not buildings:
        return ParticipationReport(start_month, end_month, [], [], [], attention_start, 0)
    building_id = buildings[0].pk if building else None

    with_committee = _buildings_with_committee(building_id=building_id)
    rows: dict[tuple[int, int], ParticipationRow] = {}
    for item in buildings:
        for index, month in enumerate(months):
            rows[item.pk, index] = ParticipationRow(
                building_id=item.pk,
                building=item.title,
                building_slug=item.slug,
                month=month,
                has_committee=item.pk in with_committee,
            )

    for figures in _occurrence_figures(building_id=building_id, months=months, now=now):
        if row := rows.get((figures["building"], figures["month"])):
            row.activities_held = figures["held"]
    for figures in _registration_figures(building_id=building_id, months=months):
        if row := rows.get((figures["building"], figures["month"])):
            row.signups_own = figures["own"]
            row.signups_on_behalf = figures["on_behalf"]
            row.participants = figures["accounts"] + figures["neighbours"]
            row.waiting = figures["waiting"]
            row.waiting_dates = figures["waiting_dates"]
    for figures in _message_figures(building_id=building_id, months=months):
        if row := rows.get((figures["building_id"], figures["month"])):
            row.messages = {value: figures[f"category_{value}"] for value in CATEGORIES}
            row.messages_done = figures["done"]
            row.messages_open = figures["still_open"]
            row.days_open = _days(figures["days_open"])
    for figures in _tour_figures(building_id=building_id, months=months):
        if row := rows.get((figures["building_id"], figures["month"])):
            row.tours_booked = figures["booked"]
            row.tours_held = figures["held"]
            row.tours_no_show = figures["no_show"]

    shown_months = months_between(start_month, end_month)
    participants = _participants_per_month(building_id=building_id, months=shown_months)
    shown = [row for row in rows.values() if row.month >= start_month]
    attention = _attention(rows.values(), attention_start=attention_start)
    return ParticipationReport(
        start_month=start_month,
        end_month=end_month,
        rows=shown,
        months=_month_totals(shown, months=shown_months, participants=participants),
        attention=attention,
        attention_start=attention_start,
        building_count=len(buildings),
        attention_counts=_attention_counts(attention),
    )


def cached_participation_report(*, start_month: date, end_month: date, building: str | None = None):
    """`participation_report`, computed at most `PORTAL_PARTICIPATION_CACHE_SECONDS` ago (in the shared cache).

    The figures aggregate every building's sign-ups, messages and tours, so their time grows with the
    corporation; staff look at them a few times and export them, and a figure ten minutes old tells the
    same story. The report shows when it was computed (`computed_at`).

    The cache holds the report's totals in one entry and its two long lists (the rows, the attention list)
    a page at a time (`CachedPages`): at 1,200 buildings a year has 14,400 rows, and reading all of them
    back to show the first 120 made the page four times slower than at 12 buildings.
    """
    start_month, end_month = sorted([month_start(start_month), month_start(end_month)])
    params = {"start_month": start_month, "end_month": end_month, "building": building}
    key = f"participation-report:{start_month:%Y-%m}:{end_month:%Y-%m}:{building or ''}"
    report = cache.get(key)
    if report is None:
        report = participation_report(**params)
        _keep(key, report, params)
    return report


def _keep(key: str, report: ParticipationReport, params: dict) -> None:
    timeout = settings.PORTAL_PARTICIPATION_CACHE_SECONDS
    if not timeout:
        return
    # A key of its own for each computation: pages of an older one are never mixed with a newer one.
    pages_key = f"{key}:{uuid.uuid4().hex}"
    entries: dict[str, object] = {}
    lists = {}
    for name, per_page in (("rows", ROWS_PER_PAGE), ("attention", ATTENTION_PER_PAGE)):
        items = list(getattr(report, name))
        pages = CachedPages(
            key=f"{pages_key}:{name}", report_key=key, name=name, length=len(items), per_page=per_page, params=params
        )
        for number in range(0, len(items), per_page):
            entries[pages.page_key(number // per_page)] = items[number : number + per_page]
        lists[name] = pages
    cache.set_many(entries, timeout)
    cache.set(key, replace(report, **lists), timeout)


class CachedPages(Sequence):
    """A long list of a cached report, read from the cache a page at a time, as the listing shows it.

    A slice reads only the pages it covers (one `get_many`); going through all of it (the export) reads
    the pages in batches. Should a page have gone from the cache before the report's own entry, the
    report is computed again for this request, and its entry dropped so that the next one keeps it anew.
    """

    BATCH = 50  # pages per cache round trip when going through the whole list

    def __init__(self, *, key: str, report_key: str, name: str, length: int, per_page: int, params: dict):
        self.key, self.report_key, self.name = key, report_key, name
        self.length, self.per_page, self.params = length, per_page, params
        self._items: list | None = None  # the whole list, once a page was missing

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.length)
            if step != 1:
                return list(self)[index]
            if stop <= start:
                return []
            first, last = start // self.per_page, (stop - 1) // self.per_page
            items = self._pages(range(first, last + 1))
            offset = first * self.per_page
            return items[start - offset : stop - offset]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        return self[index : index + 1][0]

    def __iter__(self) -> Iterator:
        count = -(-self.length // self.per_page)
        for first in range(0, count, self.BATCH):
            yield from self._pages(range(first, min(first + self.BATCH, count)))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_items": None}

    def page_key(self, number: int) -> str:
        return f"{self.key}:{number}"

    def _pages(self, numbers: range) -> list:
        if self._items is None:
            keys = [self.page_key(number) for number in numbers]
            found = cache.get_many(keys)
            if len(found) == len(keys):
                return [item for key in keys for item in found[key]]
            cache.delete(self.report_key)
            self._items = list(getattr(participation_report(**self.params), self.name))
        return self._items[numbers.start * self.per_page : numbers.stop * self.per_page]


def _month_totals(rows, *, months: list[date], participants: dict[date, int]) -> list[MonthTotal]:
    sums: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        month = sums[row.month]
        month["activities_held"] += row.activities_held
        month["signups_own"] += row.signups_own
        month["signups_on_behalf"] += row.signups_on_behalf
        month["waiting"] += row.waiting
    return [
        MonthTotal(
            month=month,
            activities_held=sums[month]["activities_held"],
            signups_own=sums[month]["signups_own"],
            signups_on_behalf=sums[month]["signups_on_behalf"],
            participants=participants.get(month, 0),
            waiting=sums[month]["waiting"],
        )
        for month in months
    ]


def _attention(rows, *, attention_start: date) -> list[AttentionRow]:
    """Buildings without an active committee or without activities held in the attention window."""
    per_building: dict[int, dict] = {}
    for row in rows:
        if row.month < attention_start:
            continue
        figures = per_building.setdefault(
            row.building_id,
            {
                "building": row.building,
                "building_slug": row.building_slug,
                "has_committee": row.has_committee,
                "activities_held": 0,
                "signups": 0,
                "messages": 0,
            },
        )
        figures["activities_held"] += row.activities_held
        figures["signups"] += row.signups
        figures["messages"] += row.messages_total
    attention = [
        AttentionRow(**figures)
        for figures in per_building.values()
        if not figures["has_committee"] or figures["activities_held"] == 0
    ]
    return sorted(attention, key=lambda row: (-row.problems, row.messages, row.signups, row.building))
