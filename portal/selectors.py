"""Everything in the portal core that reads for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.models import (
    BuildingPage,
    Caretaker,
    CaretakerAbsence,
    CaretakersMeeting,
    Home,
    PresenceSlot,
    StandIn,
)
from portal.restrictions import public


def recommended_caretaker_hours(*, homes: int) -> Decimal:
    """Rule of thumb: one caretaker hour a week for every ten homes."""
    return (Decimal(homes) / Decimal(settings.PORTAL_HOMES_PER_CARETAKER_HOUR)).quantize(Decimal("0.1"))


def building_list() -> QuerySet[BuildingPage]:
    return public(BuildingPage.objects.live()).select_related("caretaker").order_by("title")


def buildings_by_keys(keys) -> list[BuildingPage]:
    """The buildings of `keys` ((slug, title) pairs of `building_choices`, in its order by title), read by their
    slugs (an index). A list of buildings pages through the cached keys, so a page neither counts nor sorts every
    building in the database (1,200 at the largest corporation); a restricted building drops out, as in
    `building_list`.

    Kept with the pages (`portal.page_cache.kept_with_pages`; a change of a building or a caretaker clears every
    page): the front page, `/gebouwen/` and its search read their buildings without a query."""
    from portal.page_cache import kept_name, kept_with_pages

    slugs = [slug for slug, _title in keys]
    if not slugs:
        return []
    return kept_with_pages(
        f"buildings-by-keys:{kept_name(*slugs)}", lambda: list(building_list().filter(slug__in=slugs))
    )


@dataclass(frozen=True)
class BuildingLabel:
    """What a list of items says of each item's building: its name, and where it meets."""

    pk: int
    title: str
    slug: str
    meeting_room_name: str


def building_labels(keys) -> dict[int, BuildingLabel]:
    """The labels of these buildings by key, kept with the pages (`portal.page_cache.kept_many_with_pages`): a
    list of dates or news names a dozen buildings on every request, and a building's change renews them."""
    from portal.page_cache import kept_many_with_pages

    def read(missing):
        rows = BuildingPage.objects.filter(pk__in=missing).values_list("pk", "title", "slug", "meeting_room_name")
        return {row[0]: BuildingLabel(*row) for row in rows}

    return kept_many_with_pages("building-label", sorted(key for key in keys if key is not None), read)


def first_buildings(*, limit: int, without=None) -> list[BuildingPage]:
    """The first `limit` buildings by title, leaving out `without` (the visitor's own): the home page's few."""
    keys = [key for key in building_choices() if without is None or key[0] != without.slug]
    return buildings_by_keys(keys[: limit + 2])[:limit]  # two more, for a restricted one that drops out


# How many buildings "Welk gebouw bedoelt u?" lists at most: more, and the resident is asked to type more.
BUILDING_MATCHES_SHOWN = 20


@dataclass(frozen=True)
class BuildingSearch:
    """The buildings that match what someone typed to choose one ("Zoek uw gebouw: naam, straat of plaats")."""

    query: str
    matches: list[BuildingPage]  # at most BUILDING_MATCHES_SHOWN, the person's own building first
    more: bool  # more matched than are listed
    chosen: BuildingPage | None  # the one building meant: the only match, or the only one with exactly that name


def building_search(*, query: str, first: BuildingPage | None = None) -> BuildingSearch:
    """Which building someone means, for every building choice of the public pages (the filters of the
    listings, the month calendar, "Welk gebouw is van u?"): the match of /gebouwen/?q= (`matching_buildings`:
    name, street or town), one query for any number of buildings.

    A choice never lists every building (1,200 at scale): one match is that building; a name typed in full
    ("de linde") is that building even when "De Linde-Oost" matches too; otherwise the first
    BUILDING_MATCHES_SHOWN, `first` (the person's own building) at the top when it matches.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return BuildingSearch(query="", matches=[], more=False, chosen=None)
    folded = query.casefold()

    def order(key: tuple[str, str]) -> int:
        slug, title = key
        return 0 if first is not None and slug == first.slug else 1 if title.casefold() == folded else 2

    keys = sorted(matching_buildings(query), key=order)  # stable: by title within each group
    # Two more than shown, for a restricted building that drops out (`buildings_by_keys`).
    wanted = keys[: BUILDING_MATCHES_SHOWN + 3]
    read = {building.slug: building for building in buildings_by_keys(wanted)}
    rows = [read[slug] for slug, _title in wanted if slug in read][: BUILDING_MATCHES_SHOWN + 1]
    matches, more = rows[:BUILDING_MATCHES_SHOWN], len(rows) > BUILDING_MATCHES_SHOWN
    exact = [building for building in matches if building.title.casefold() == folded]
    chosen = matches[0] if len(rows) == 1 else exact[0] if len(exact) == 1 else None
    return BuildingSearch(query=query, matches=matches, more=more, chosen=chosen)


@dataclass(frozen=True)
class Presence:
    """One concrete period in which the caretaker (or, while they are away, their stand-in) is in the building."""

    start: datetime
    end: datetime
    is_now: bool
    stand_in: Caretaker | None = None

    @property
    def day_offset(self) -> int:
        tz = ZoneInfo(settings.TIME_ZONE)
        return (self.start.astimezone(tz).date() - timezone.now().astimezone(tz).date()).days


@dataclass(frozen=True)
class Cover:
    """A caretaker's absence as one building sees it: who stands in there, and the stand-in's own hours there."""

    absence: CaretakerAbsence
    stand_in: Caretaker | None
    slots: list[PresenceSlot]

    def covers(self, day: date) -> bool:
        return self.absence.first_day <= day <= self.absence.last_day


def local_today() -> date:
    return timezone.localdate()


def next_presence(
    *, slots: list[PresenceSlot], now: datetime | None = None, covers: list[Cover] | tuple = ()
) -> Presence | None:
    """The caretaker's next (or current) presence, in local time, DST-safe.

    Each slot is placed on a calendar date in Europe/Amsterdam and only then
    turned into an instant, so 09:00 stays 09:00 on both sides of the clock change.
    On a day of an absence (`covers`) the stand-in's hours in the building count instead.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    today = now.astimezone(tz).date()
    if not slots and not any(cover.slots for cover in covers):
        return None
    for offset in range(8):
        day = today + timedelta(days=offset)
        cover = next((cover for cover in covers if cover.covers(day)), None)
        day_slots = cover.slots if cover is not None else slots
        for slot in sorted(day_slots, key=lambda slot: slot.start):
            if slot.weekday != day.weekday():
                continue
            start = datetime.combine(day, slot.start, tzinfo=tz)
            end = datetime.combine(day, slot.end, tzinfo=tz)
            if end.astimezone(ZoneInfo("UTC")) > now.astimezone(ZoneInfo("UTC")):
                return Presence(
                    start=start, end=end, is_now=start <= now, stand_in=cover.stand_in if cover is not None else None
                )
    return None


def building_covers(
    *, building: BuildingPage, first_day: date, last_day: date, building_slots: list[PresenceSlot] | None = None
) -> list[Cover]:
    """The absences of the building's caretaker that touch the days from `first_day` to `last_day`, each with the
    stand-in recorded for this building and the stand-in's weekly hours here (three queries at most, two when the
    caller has read every presence slot of the building: `building_slots`)."""
    if not building.caretaker_id:
        return []
    absences = list(
        CaretakerAbsence.objects.filter(
            caretaker_id=building.caretaker_id, first_day__lte=last_day, last_day__gte=first_day
        ).order_by("first_day")
    )
    if not absences:
        return []
    stand_ins = {
        stand_in.absence_id: stand_in.caretaker
        for stand_in in StandIn.objects.filter(absence__in=absences, building=building).select_related(
            "caretaker", "caretaker__photo"
        )
    }
    stand_in_ids = {caretaker.pk for caretaker in stand_ins.values()}
    slots_by_caretaker: dict[int, list[PresenceSlot]] = {}
    if building_slots is None:
        building_slots = PresenceSlot.objects.filter(building=building, caretaker_id__in=stand_in_ids)
    for slot in building_slots:
        if slot.caretaker_id in stand_in_ids:
            slots_by_caretaker.setdefault(slot.caretaker_id, []).append(slot)
    covers = []
    for absence in absences:
        stand_in = stand_ins.get(absence.pk)
        slots = slots_by_caretaker.get(stand_in.pk, []) if stand_in is not None else []
        covers.append(Cover(absence=absence, stand_in=stand_in, slots=slots))
    return covers


def caretaker_on_duty(*, building: BuildingPage, day: date | None = None) -> Caretaker | None:
    """Who does the caretaker's work in `building` on `day` (today): the building's own caretaker, or while they
    are away the stand-in recorded for the building (None when nobody was named, or the building has no caretaker).

    The one place that answers "who is the caretaker here now": the building page, the printed programme, the
    "next time here" line and the routing of residents' messages all ask it.
    """
    if not building.caretaker_id:
        return None
    day = day or local_today()
    for cover in building_covers(building=building, first_day=day, last_day=day):
        return cover.stand_in
    return building.caretaker


def next_midnight(now: datetime) -> datetime:
    """The next local midnight after `now`: when "vandaag" and a day's window move on."""
    tz = ZoneInfo(settings.TIME_ZONE)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=tz)


def building_detail(*, building: BuildingPage, now: datetime | None = None) -> dict:
    """What the building page shows: the caretaker card and the week's hours; while the caretaker is away, the
    stand-in and the stand-in's hours here (`cover`), and an absence in the coming two weeks (`coming_cover`).

    `fresh_until` is the moment this stops being true (the next presence begins or ends, or a day with other
    words — "vandaag", an absence — begins): the page cache keeps the page no longer (`portal.page_cache`).

    The same for everyone, so it is kept with the building's pages until then (`page_cache.kept_with_pages`: a
    change of the caretaker, their hours, an absence or a stand-in clears it with the pages); the building page,
    its programme and the search's caretaker answer read it without a query. `now` (tests) computes it afresh.
    """
    if now is not None:
        return _building_detail(building=building, now=now)
    from portal.page_cache import kept_with_pages

    return kept_with_pages(
        f"building-detail:{building.pk}",
        lambda: _building_detail(building=building, now=timezone.now()),
        scope=building.slug,
        until=lambda detail: detail["fresh_until"],
    )


def _building_detail(*, building: BuildingPage, now: datetime) -> dict:
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    caretaker = None
    slots: list[PresenceSlot] = []
    covers: list[Cover] = []
    if building.caretaker_id:
        horizon = today + timedelta(days=14)
        # Whether an absence is near comes with the caretaker (one query); only then are the stand-ins looked up.
        caretaker = (
            Caretaker.objects.select_related("photo")
            .annotate(
                away_soon=Exists(
                    CaretakerAbsence.objects.filter(
                        caretaker=OuterRef("pk"), first_day__lte=horizon, last_day__gte=today
                    )
                )
            )
            .filter(pk=building.caretaker_id)
            .first()
        )
        # The caretaker's hours here and any stand-in's, in one query (a building has a few).
        building_slots = list(PresenceSlot.objects.filter(building=building))
        slots = [slot for slot in building_slots if slot.caretaker_id == building.caretaker_id]
        if caretaker is not None and caretaker.away_soon:
            covers = building_covers(
                building=building, first_day=today, last_day=horizon, building_slots=building_slots
            )
    cover = next((cover for cover in covers if cover.covers(today)), None)
    coming_cover = next((cover for cover in covers if cover.absence.first_day > today), None)
    presence = next_presence(slots=slots, now=now, covers=covers)
    fresh_until = next_midnight(now)
    if presence is not None:
        fresh_until = min(fresh_until, presence.end if presence.is_now else presence.start)
    return {
        "caretaker": caretaker,
        "cover": cover,
        "coming_cover": coming_cover,
        "on_duty": (cover.stand_in if cover is not None else caretaker),
        "presence_slots": cover.slots if cover is not None else slots,
        "own_presence_slots": slots,
        "next_presence": presence,
        "fresh_until": fresh_until,
    }


@dataclass(frozen=True)
class CaretakerHours:
    building: BuildingPage
    recommended: Decimal
    planned: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal(0), self.recommended - self.planned)

    @property
    def is_short(self) -> bool:
        return self.planned < self.recommended


def caretaker_hours_overview(*, buildings: QuerySet[BuildingPage] | None = None) -> list[CaretakerHours]:
    """Planned weekly hours of each building's caretaker next to the 10-homes rule."""
    if buildings is None:
        buildings = BuildingPage.objects.all()
    buildings = (
        buildings.select_related("caretaker")
        .prefetch_related(
            Prefetch(
                "presence_slots", queryset=PresenceSlot.objects.only("building_id", "caretaker_id", "start", "end")
            )
        )
        .order_by("title")
    )
    rows = []
    for building in buildings:
        planned = sum(
            (slot.hours for slot in building.presence_slots.all() if slot.caretaker_id == building.caretaker_id),
            Decimal(0),
        )
        rows.append(
            CaretakerHours(
                building=building,
                recommended=recommended_caretaker_hours(homes=building.homes),
                planned=planned.quantize(Decimal("0.1")),
            )
        )
    return rows


BUILDING_CHOICES_KEY = "portal:building-choices"


def building_choices() -> list[tuple[str, str]]:
    """(slug, title) of every live building, for filter forms; cached until a building changes."""
    from django.core.cache import cache

    choices = cache.get(BUILDING_CHOICES_KEY)
    if choices is None:
        choices = list(BuildingPage.objects.live().order_by("title").values_list("slug", "title"))
        cache.set(BUILDING_CHOICES_KEY, choices, None)
    return choices


BUILDING_TOWNS_KEY = "portal:building-towns"


def building_towns() -> dict[str, str]:
    """slug → town of every live building, to say which building is chosen ("De Linde, Rotterdam") without a
    query; cached until a building changes, like `building_choices`."""
    from django.core.cache import cache

    towns = cache.get(BUILDING_TOWNS_KEY)
    if towns is None:
        towns = dict(BuildingPage.objects.live().values_list("slug", "city"))
        cache.set(BUILDING_TOWNS_KEY, towns, None)
    return towns


BUILDING_SEARCH_KEY = "portal:building-search"


def matching_buildings(query: str) -> list[tuple[str, str]]:
    """(slug, title) of the live buildings whose name, street or town holds `query` (any case), by title.

    Matched in the cached list of every building's name, street and town (cached until a building changes,
    like `building_choices`), the matches kept with the pages: a search of /gebouwen/ or a building choice at
    1,200 buildings neither scans nor counts the pages table, and the page reads only the buildings it shows
    (`buildings_by_keys`).
    """
    from django.core.cache import cache

    from portal.page_cache import kept_name, kept_with_pages

    folded = " ".join(query.split()).casefold()

    def match() -> list[tuple[str, str]]:
        index = cache.get(BUILDING_SEARCH_KEY)
        if index is None:
            rows = BuildingPage.objects.live().order_by("title").values_list("slug", "title", "street_address", "city")
            # The fields apart (a line break between them), so a query never matches across two of them.
            index = [(slug, title, "\n".join((title, street, city)).casefold()) for slug, title, street, city in rows]
            cache.set(BUILDING_SEARCH_KEY, index, None)
        return [(slug, title) for slug, title, text in index if folded in text]

    # The same words again (the next page, another visitor) read only their matches: reading and scanning the
    # whole list costs a quarter of a millisecond at 1,200 buildings. A change of any page clears it.
    return kept_with_pages(f"building-match:{kept_name(folded)}", match)


def forget_building_choices(**kwargs) -> None:
    from django.core.cache import cache

    from portal.widgets import forget_building_options

    cache.delete_many([BUILDING_CHOICES_KEY, BUILDING_TOWNS_KEY, BUILDING_SEARCH_KEY])
    forget_building_options()


def homes_served_by(*, caretaker: Caretaker) -> QuerySet[Home]:
    """The homes of the buildings a caretaker serves, for their choice lists."""
    return (
        Home.objects.filter(building__caretaker=caretaker)
        .select_related("building")
        .order_by("building__title", "number")
    )


def homes_verified_count(*, buildings) -> dict[int, tuple[int, int]]:
    """Per building: (homes with a verified resident, homes known), in two queries."""
    from django.db.models import Count

    rows = (
        Home.objects.filter(building__in=buildings)
        .values("building_id")
        .annotate(
            known=Count("pk", distinct=True),
            verified=Count(
                "pk", filter=Q(residencies__ended_at__isnull=True, residencies__isnull=False), distinct=True
            ),
        )
    )
    return {row["building_id"]: (row["verified"], row["known"]) for row in rows}


@dataclass(frozen=True)
class CaretakerContract:
    caretaker: Caretaker
    planned: Decimal
    contract: Decimal
    buildings: int

    @property
    def over(self) -> bool:
        return self.planned > self.contract


def caretaker_contract_overview() -> list[CaretakerContract]:
    """Per caretaker: the planned weekly hours in all buildings together next to the contract hours."""
    from django.db.models import Count

    caretakers = (
        Caretaker.objects.annotate(building_count=Count("buildings", distinct=True))
        .prefetch_related(
            Prefetch("presence_slots", queryset=PresenceSlot.objects.only("caretaker_id", "start", "end"))
        )
        .order_by("name")
    )
    return [
        CaretakerContract(
            caretaker=caretaker,
            planned=sum((slot.hours for slot in caretaker.presence_slots.all()), Decimal(0)).quantize(Decimal("0.1")),
            contract=caretaker.contract_hours,
            buildings=caretaker.building_count,
        )
        for caretaker in caretakers
    ]


def buildings_plannable_by(*, caretaker: Caretaker, today: date | None = None) -> QuerySet[BuildingPage]:
    """Where a caretaker may plan weekly hours: their own buildings, and those where they stand in for an absent
    colleague now or later."""
    today = today or local_today()
    return BuildingPage.objects.filter(
        Q(caretaker=caretaker) | Q(stand_ins__caretaker=caretaker, stand_ins__absence__last_day__gte=today)
    ).distinct()


def absences_of(*, caretaker: Caretaker, today: date | None = None) -> QuerySet[CaretakerAbsence]:
    """A caretaker's own absences that have not ended yet, with their stand-ins."""
    today = today or local_today()
    return (
        CaretakerAbsence.objects.filter(caretaker=caretaker, last_day__gte=today)
        .prefetch_related(Prefetch("stand_ins", queryset=StandIn.objects.select_related("building", "caretaker")))
        .order_by("first_day")
    )


def standing_in_for(*, caretaker: Caretaker, today: date | None = None) -> QuerySet[StandIn]:
    """Where and for whom a caretaker stands in, now or later."""
    today = today or local_today()
    return (
        StandIn.objects.filter(caretaker=caretaker, absence__last_day__gte=today)
        .select_related("absence", "absence__caretaker", "building")
        .order_by("absence__first_day", "building__title")
    )


def caretakers_meetings_upcoming(*, today: date | None = None) -> QuerySet[CaretakersMeeting]:
    """The caretakers' meetings from today on (internal: for caretakers and staff only)."""
    today = today or local_today()
    return CaretakersMeeting.objects.filter(date__gte=today).select_related("building").order_by("date", "start")
