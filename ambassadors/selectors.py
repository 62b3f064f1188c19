"""Everything about tours that reads for a page: free slots, a building's ambassadors, a person's tours."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ambassadors.filters import TourBookingFilter
from ambassadors.models import Ambassador, BlockedPeriod, BookingStatus, ExtraTime, TourBooking, WeeklyTime
from portal.localtime import local_datetime, local_tz
from portal.models import BuildingPage
from portal.restrictions import public


@dataclass(frozen=True, order=True)
class TourSlot:
    """A bookable time of one ambassador; computed, never stored."""

    start: datetime
    end: datetime
    ambassador_id: int
    ambassador_name: str = ""

    @property
    def key(self) -> str:
        """How a slot travels in a form or link: `<ambassador>-<local start YYYYmmddHHMM>`."""
        return f"{self.ambassador_id}-{self.start.astimezone(local_tz()):%Y%m%d%H%M}"

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(local_tz())

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(local_tz())


def slot_key_parse(key: str) -> tuple[int, datetime] | None:
    """The ambassador and aware start of a slot key, or None for anything malformed."""
    ambassador, _, moment = (key or "").partition("-")
    try:
        naive = datetime.strptime(moment, "%Y%m%d%H%M")  # noqa: DTZ007 - a wall-clock time in the portal's zone
        return int(ambassador), naive.replace(tzinfo=local_tz())
    except ValueError:
        return None


def booking_window(*, now: datetime | None = None) -> tuple[datetime, date]:
    """The earliest bookable moment (now + minimum notice) and the last bookable day."""
    now = now or timezone.now()
    earliest = now + timedelta(hours=settings.PORTAL_TOUR_MIN_NOTICE_HOURS)
    last_day = timezone.localdate(now) + timedelta(weeks=settings.PORTAL_TOUR_WEEKS_AHEAD)
    return earliest, last_day


def _slots_in(
    window_start: datetime, window_end: datetime, *, length: timedelta, step: timedelta
) -> Iterable[tuple[datetime, datetime]]:
    start = window_start
    while start + length <= window_end:
        yield start, start + length
        start += step


def ambassador_slots(
    *,
    ambassador: Ambassador,
    weekly: Iterable[WeeklyTime],
    extra: Iterable[ExtraTime],
    blocked: Iterable[BlockedPeriod],
    bookings: Iterable[TourBooking],
    tour_minutes: int,
    buffer_minutes: int,
    now: datetime | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    ignore: TourBooking | None = None,
) -> list[TourSlot]:
    """The free slots of one ambassador, from data the caller fetched (no queries here).

    Slots start at the beginning of each available time and follow each other at tour length plus
    buffer; a slot is free when it starts after the minimum notice, lies within the weeks ahead, is
    not on a blocked date, and keeps the buffer to every other live tour of the ambassador.
    """
    earliest, window_last = booking_window(now=now)
    first_day = max(first_day or earliest.astimezone(local_tz()).date(), earliest.astimezone(local_tz()).date())
    last_day = min(last_day or window_last, window_last)
    length = timedelta(minutes=tour_minutes)
    buffer = timedelta(minutes=buffer_minutes)
    weekly_by_day: dict[int, list[WeeklyTime]] = defaultdict(list)
    for item in weekly:
        weekly_by_day[item.weekday].append(item)
    extra_by_date: dict[date, list[ExtraTime]] = defaultdict(list)
    for item in extra:
        extra_by_date[item.date].append(item)
    blocked = list(blocked)
    live = _live(bookings, ignore=ignore)
    busy = [(booking.start - buffer, booking.end + buffer) for booking in live]
    per_day, per_week = _tour_counts(live)
    starts: set[tuple[datetime, datetime]] = set()
    day = first_day
    while day <= last_day:
        if not any(period.first_day <= day <= period.last_day for period in blocked) and not _limit_on(
            ambassador, day, per_day, per_week
        ):
            for item in [*weekly_by_day.get(day.weekday(), ()), *extra_by_date.get(day, ())]:
                window = (local_datetime(day, item.start), local_datetime(day, item.end))
                for start, end in _slots_in(*window, length=length, step=length + buffer):
                    if start >= earliest and not any(start < b_end and end > b_start for b_start, b_end in busy):
                        starts.add((start, end))
        day += timedelta(days=1)
    return [
        TourSlot(start=start, end=end, ambassador_id=ambassador.pk, ambassador_name=ambassador.display_name)
        for start, end in sorted(starts)
    ]


def _live(bookings: Iterable[TourBooking], *, ignore: TourBooking | None = None) -> list[TourBooking]:
    return [b for b in bookings if b.status != BookingStatus.CANCELLED and (ignore is None or b.pk != ignore.pk)]


def _week(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def _tour_counts(live: Iterable[TourBooking]) -> tuple[Counter, Counter]:
    """How many tours per local day and per ISO week (Monday to Sunday)."""
    per_day: Counter = Counter()
    per_week: Counter = Counter()
    for booking in live:
        day = booking.start.astimezone(local_tz()).date()
        per_day[day] += 1
        per_week[_week(day)] += 1
    return per_day, per_week


def _limit_on(ambassador: Ambassador, day: date, per_day: Counter, per_week: Counter) -> str:
    """Which limit a tour more on `day` would pass: "day", "week", or "" for none."""
    if per_day[day] >= ambassador.max_tours_per_day:
        return "day"
    if per_week[_week(day)] >= ambassador.max_tours_per_week:
        return "week"
    return ""


def limit_reached(
    *, ambassador: Ambassador, bookings: Iterable[TourBooking], day: date, ignore: TourBooking | None = None
) -> str:
    """Whether a tour more on `day` goes past the ambassador's limits: "day", "week" or "" (no queries).

    `bookings` must hold the ambassador's tours of that whole week (Monday to Sunday)."""
    per_day, per_week = _tour_counts(_live(bookings, ignore=ignore))
    return _limit_on(ambassador, day, per_day, per_week)


def week_range(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 around `day`, aware, in the portal's zone."""
    monday = day - timedelta(days=day.weekday())
    return local_datetime(monday, time(0, 0)), local_datetime(monday + timedelta(days=7), time(0, 0))


def ambassador_free_at(
    *,
    ambassador: Ambassador,
    weekly: Iterable[WeeklyTime],
    extra: Iterable[ExtraTime],
    blocked: Iterable[BlockedPeriod],
    bookings: Iterable[TourBooking],
    start: datetime,
    end: datetime,
    buffer_minutes: int,
    ignore: TourBooking | None = None,
) -> bool:
    """Whether the ambassador can take a tour from `start` to `end` (no queries): one of their times of that day
    holds it whole, the day is not blocked, it keeps the buffer to their other tours, and it stays within
    their limits per day and week (`bookings`: their tours of that week). Unlike a bookable slot it need not
    start on the slot grid nor after the minimum notice: a colleague takes over a tour already booked."""
    day = start.astimezone(local_tz()).date()
    if any(period.first_day <= day <= period.last_day for period in blocked):
        return False
    windows = [(w.start, w.end) for w in weekly if w.weekday == day.weekday()]
    windows += [(e.start, e.end) for e in extra if e.date == day]
    if not any(
        local_datetime(day, w_start) <= start and end <= local_datetime(day, w_end) for w_start, w_end in windows
    ):
        return False
    buffer = timedelta(minutes=buffer_minutes)
    live = _live(bookings, ignore=ignore)
    if any(start < b.end + buffer and end > b.start - buffer for b in live):
        return False
    return not limit_reached(ambassador=ambassador, bookings=live, day=day)


def colleagues_free_for(*, booking: TourBooking) -> list[Ambassador]:
    """The other active ambassadors of the booking's building who can take it over at its very time. Five queries."""
    day = booking.start.astimezone(local_tz()).date()
    week_start, week_end = week_range(day)
    colleagues = list(
        Ambassador.objects.filter(building_id=booking.building_id, active=True)
        .exclude(pk=booking.ambassador_id)
        .prefetch_related(
            Prefetch("weekly_times", queryset=WeeklyTime.objects.filter(weekday=day.weekday()), to_attr="day_weekly"),
            Prefetch("extra_times", queryset=ExtraTime.objects.filter(date=day), to_attr="day_extra"),
            Prefetch(
                "blocked_periods",
                queryset=BlockedPeriod.objects.filter(first_day__lte=day, last_day__gte=day),
                to_attr="day_blocked",
            ),
            Prefetch(
                "bookings",
                queryset=TourBooking.objects.exclude(status=BookingStatus.CANCELLED).filter(
                    start__lt=week_end, end__gt=week_start
                ),
                to_attr="week_bookings",
            ),
        )
    )
    buffer_minutes = booking.building.tour_buffer_minutes
    return [
        person
        for person in colleagues
        if ambassador_free_at(
            ambassador=person,
            weekly=person.day_weekly,
            extra=person.day_extra,
            blocked=person.day_blocked,
            bookings=person.week_bookings,
            start=booking.start,
            end=booking.end,
            buffer_minutes=buffer_minutes,
        )
    ]


def building_slots(
    *,
    building: BuildingPage,
    now: datetime | None = None,
    ambassador: Ambassador | None = None,
    ambassadors: list[Ambassador] | None = None,
    ignore: TourBooking | None = None,
) -> list[TourSlot]:
    """Every free slot of a building's active ambassadors (or of one), in time order.

    Four queries, or five when the caller has not fetched the ambassadors (`tour_buildings` has).
    """
    now = now or timezone.now()
    earliest, last_day = booking_window(now=now)
    if ambassadors is None:
        ambassadors = Ambassador.objects.filter(building=building, active=True)
        if ambassador is not None:
            ambassadors = ambassadors.filter(pk=ambassador.pk)
        ambassadors = list(ambassadors)
    elif ambassador is not None:
        ambassadors = [a for a in ambassadors if a.pk == ambassador.pk]
    prefetch_related_objects(
        ambassadors,
        Prefetch("weekly_times", to_attr="slot_weekly"),
        Prefetch(
            "extra_times",
            queryset=ExtraTime.objects.filter(date__gte=earliest.date(), date__lte=last_day),
            to_attr="slot_extra",
        ),
        Prefetch(
            "blocked_periods",
            queryset=BlockedPeriod.objects.filter(last_day__gte=earliest.date(), first_day__lte=last_day),
            to_attr="slot_blocked",
        ),
        Prefetch(
            "bookings",
            # From the Monday of the first week: the tours earlier that week count towards the week's limit.
            queryset=TourBooking.objects.exclude(status=BookingStatus.CANCELLED).filter(
                end__gte=week_range(earliest.astimezone(local_tz()).date())[0],
                start__lte=week_range(last_day)[1],
            ),
            to_attr="slot_bookings",
        ),
    )
    slots: list[TourSlot] = []
    for person in ambassadors:
        slots += ambassador_slots(
            ambassador=person,
            weekly=person.slot_weekly,
            extra=person.slot_extra,
            blocked=person.slot_blocked,
            bookings=person.slot_bookings,
            tour_minutes=building.tour_minutes,
            buffer_minutes=building.tour_buffer_minutes,
            now=now,
            ignore=ignore,
        )
    return sorted(slots, key=lambda slot: (slot.start, slot.ambassador_name))


def slots_by_day(slots: Iterable[TourSlot]) -> list[tuple[date, list[TourSlot]]]:
    days: dict[date, list[TourSlot]] = defaultdict(list)
    for slot in slots:
        days[slot.local_start.date()].append(slot)
    return sorted(days.items())


def tour_buildings() -> QuerySet[BuildingPage]:
    """Live, public buildings with at least one active ambassador, with those ambassadors. Two queries."""
    active = Ambassador.objects.filter(active=True).select_related("photo")
    return (
        public(BuildingPage.objects.live())
        .filter(Exists(Ambassador.objects.filter(building=OuterRef("pk"), active=True)))  # a semi-join: no DISTINCT
        .select_related("photo")
        .prefetch_related(Prefetch("ambassadors", queryset=active, to_attr="active_ambassadors"))
        .order_by("title")
    )


def tour_building_keys() -> list[tuple[str, str]]:
    """(slug, title) of every building of `tour_buildings`, by title: what /rondleidingen/ pages through. Kept
    with the tour pages (`portal.page_cache.kept_with_pages`), so a page neither counts nor sorts the buildings
    in the database (600 with tours at 1,200 buildings)."""
    from portal.page_cache import kept_with_pages

    return kept_with_pages("tour-buildings", lambda: list(tour_buildings().values_list("slug", "title")))


def tour_buildings_page(*, keys) -> list[BuildingPage]:
    """The buildings of one page of `tour_building_keys`, found by their slugs, with their ambassadors. Kept with
    the pages like the keys (a change of a building or an ambassador clears both): a look costs no query."""
    from portal.page_cache import kept_name, kept_with_pages

    slugs = [slug for slug, _title in keys]
    return kept_with_pages(
        f"tour-buildings-page:{kept_name(*slugs)}", lambda: list(tour_buildings().filter(slug__in=slugs))
    )


def tour_url_for(*, building: BuildingPage) -> str | None:
    """Where to book a tour of this building, when it has an active ambassador. One query, none while the
    answer is kept with the building's pages (`portal.page_cache.kept_with_pages`: a change of an ambassador
    clears it with them).

    `/rondleidingen/` is in the URL contract, so the path is not looked up.
    """
    from portal.page_cache import kept_with_pages

    has_ambassador = kept_with_pages(
        f"building-has-ambassador:{building.pk}",
        lambda: Ambassador.objects.filter(building=building, active=True).exists(),
        scope=building.slug,
    )
    return f"/rondleidingen/{building.slug}/" if has_ambassador else None


def tour_building(*, slug: str) -> BuildingPage | None:
    return tour_buildings().filter(slug=slug).first()


def visit_building(*, slug: str) -> BuildingPage | None:
    """A live public building, whether or not it has an ambassador (then `active_ambassadors` is empty)."""
    building = tour_building(slug=slug)
    if building is None:
        building = public(BuildingPage.objects.live()).select_related("photo").filter(slug=slug).first()
        if building is not None:
            building.active_ambassadors = []
    return building


def tour_building_times(*, slug: str) -> dict:
    """What a building's tour page shows: the building with its active ambassadors (`building`, None for no live
    public building), its free times (`slots`) and its group tours to come (`group_tours`).

    The same for every visitor, so it is kept with the building's pages (`portal.page_cache.kept_with_pages`: a
    booking, a time, an ambassador or a group tour there clears it) until time alone changes it: the first free
    time closes (the minimum notice), the first group tour begins, or midnight brings a day into the window. A
    booking itself checks the time against the database, never against this."""
    from portal.page_cache import kept_with_pages
    from portal.selectors import next_midnight

    def compute() -> dict:
        now = timezone.now()
        until = [next_midnight(now)]
        building = visit_building(slug=slug)
        slots, group_tours = [], []
        if building is not None:
            if building.active_ambassadors:
                slots = building_slots(building=building, ambassadors=building.active_ambassadors, now=now)
            from ambassadors.visitor_services import group_tours_upcoming

            group_tours = group_tours_upcoming(building=building, now=now)
        if slots:
            until.append(slots[0].start - timedelta(hours=settings.PORTAL_TOUR_MIN_NOTICE_HOURS))
        if group_tours:
            until.append(group_tours[0].start)
        return {"building": building, "slots": slots, "group_tours": group_tours, "until": min(until)}

    return kept_with_pages(f"tour-building:{slug}", compute, scope=slug, until=lambda times: times["until"])


def ambassador_for(user) -> Ambassador | None:
    if not user.is_authenticated:
        return None
    return Ambassador.objects.select_related("building").filter(user=user).first()


def ambassador_tours(*, ambassador: Ambassador, now: datetime | None = None) -> dict:
    """The ambassador's own tours: upcoming (booked) and past (to mark held or no-show), newest first."""
    now = now or timezone.now()
    tours = TourBooking.objects.filter(ambassador=ambassador).exclude(status=BookingStatus.CANCELLED)
    return {
        "upcoming": list(tours.filter(end__gt=now).order_by("start")),
        "past": list(tours.filter(end__lte=now, start__gte=now - timedelta(days=90)).order_by("-start")),
    }


def ambassador_day_tours(*, ambassador: Ambassador, day: date) -> list[TourBooking]:
    """The ambassador's tours of one day (not cancelled), in time order: the printable day list."""
    day_start = local_datetime(day, time(0, 0))
    return list(
        TourBooking.objects.filter(
            ambassador=ambassador, start__gte=day_start, start__lt=local_datetime(day + timedelta(days=1), time(0, 0))
        )
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("start")
    )


def ambassador_feed_tours(*, ambassador: Ambassador, now: datetime | None = None, limit: int = 500) -> list:
    """The tours in the ambassador's private calendar feed: from a month ago on, not cancelled."""
    now = now or timezone.now()
    return list(
        TourBooking.objects.filter(ambassador=ambassador, end__gte=now - timedelta(days=31))
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("building", "ambassador")
        .order_by("start")[:limit]
    )


def ambassador_next_tours(*, ambassador: Ambassador, limit: int = 3) -> list[TourBooking]:
    return list(
        TourBooking.objects.filter(ambassador=ambassador, status=BookingStatus.BOOKED, end__gt=timezone.now()).order_by(
            "start"
        )[:limit]
    )


def booking_list(*, filters) -> TourBookingFilter:
    """The staff overview: every booking, filtered (building, ambassador, status, dates)."""
    queryset = TourBooking.objects.select_related("ambassador", "building", "booked_by").order_by("-start", "-pk")
    return TourBookingFilter(filters, queryset=queryset)


@dataclass
class MonthRow:
    building: str
    month: date
    booked: int
    held: int
    no_show: int
    cancelled: int

    @property
    def month_label(self) -> str:
        from django.utils.formats import date_format

        return date_format(self.month, "F Y")


def tours_per_month(*, queryset: QuerySet[TourBooking] | None = None) -> list[MonthRow]:
    """Per building and month: tours booked (not cancelled), held, no-show and cancelled. One query."""
    queryset = TourBooking.objects.all() if queryset is None else queryset
    rows = (
        queryset.annotate(month=TruncMonth("start", tzinfo=local_tz()))
        .values("building__title", "month")
        .annotate(
            booked=Count("pk", filter=~Q(status=BookingStatus.CANCELLED)),
            held=Count("pk", filter=Q(status=BookingStatus.HELD)),
            no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
        )
        .order_by("building__title", "month")
    )
    return [
        MonthRow(
            building=row["building__title"],
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            booked=row["booked"],
            held=row["held"],
            no_show=row["no_show"],
            cancelled=row["cancelled"],
        )
        for row in rows
    ]


def move_slots(*, booking) -> list[TourSlot]:
    """The free times a booking can move to: its building's, without the time it has now."""
    slots = building_slots(building=booking.building, ignore=booking)
    return [s for s in slots if not (s.start == booking.start and s.ambassador_id == booking.ambassador_id)]
