"""Everything in the portal core that reads for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from portal.models import BuildingPage, Caretaker, Home, PresenceSlot
from portal.restrictions import public


def recommended_caretaker_hours(*, homes: int) -> Decimal:
    """Rule of thumb: one caretaker hour a week for every ten homes."""
    return (Decimal(homes) / Decimal(settings.PORTAL_HOMES_PER_CARETAKER_HOUR)).quantize(Decimal("0.1"))


def building_list(*, query: str = "", parent=None) -> QuerySet[BuildingPage]:
    buildings = public(BuildingPage.objects.live()).select_related("caretaker").order_by("title")
    if parent is not None:
        buildings = buildings.child_of(parent)
    if query:
        buildings = buildings.filter(
            Q(title__icontains=query) | Q(city__icontains=query) | Q(street_address__icontains=query)
        )
    return buildings


@dataclass(frozen=True)
class Presence:
    """One concrete period in which the caretaker is in the building."""

    start: datetime
    end: datetime
    is_now: bool

    @property
    def day_offset(self) -> int:
        tz = ZoneInfo(settings.TIME_ZONE)
        return (self.start.astimezone(tz).date() - timezone.now().astimezone(tz).date()).days


def next_presence(*, slots: list[PresenceSlot], now: datetime | None = None) -> Presence | None:
    """The caretaker's next (or current) presence, in local time, DST-safe.

    Each slot is placed on a calendar date in Europe/Amsterdam and only then
    turned into an instant, so 09:00 stays 09:00 on both sides of the clock change.
    """
    if not slots:
        return None
    tz = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    today = now.astimezone(tz).date()
    by_day = sorted(slots, key=lambda slot: slot.start)
    for offset in range(8):
        day = today + timedelta(days=offset)
        for slot in by_day:
            if slot.weekday != day.weekday():
                continue
            start = datetime.combine(day, slot.start, tzinfo=tz)
            end = datetime.combine(day, slot.end, tzinfo=tz)
            if end.astimezone(ZoneInfo("UTC")) > now.astimezone(ZoneInfo("UTC")):
                return Presence(start=start, end=end, is_now=start <= now)
    return None


def building_detail(*, building: BuildingPage) -> dict:
    """What the building page shows: the caretaker card and the week's hours."""
    caretaker = None
    slots: list[PresenceSlot] = []
    if building.caretaker_id:
        caretaker = Caretaker.objects.select_related("photo").filter(pk=building.caretaker_id).first()
        slots = list(PresenceSlot.objects.filter(building=building, caretaker_id=building.caretaker_id))
    return {
        "caretaker": caretaker,
        "presence_slots": slots,
        "next_presence": next_presence(slots=slots),
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


def forget_building_choices(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete(BUILDING_CHOICES_KEY)


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


def caretaker_on_duty(*, building: BuildingPage, day=None) -> Caretaker | None:
    """Who does the caretaker's work in `building` on `day` (today): the building's own caretaker, or while they
    are away the stand-in recorded for the building. None when the building has no caretaker.

    The one place that answers "who is the caretaker here now": the building page, the printed programme, the
    "next time here" line and the routing of residents' messages all ask it.
    """
    return building.caretaker if building.caretaker_id else None
