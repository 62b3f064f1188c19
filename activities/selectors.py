"""Everything about activities that reads for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format

from activities.filters import OccurrenceFilter
from activities.models import ActivityPage, Occurrence, Registration, RegistrationStatus
from portal.localtime import start_of_day
from portal.models import BuildingPage
from portal.restrictions import public, restricted_paths
from portal.selectors import building_labels
from portal.tree import for_building


def upcoming(*, now=None):
    """Dates still to come (or going on) of live, public activities, with what a listing shows."""
    now = now or timezone.now()
    dates = Occurrence.objects.filter(activity__live=True)  # a join: the building filter's `activity_id IN` leads
    for path in restricted_paths():  # `portal.restrictions.public`, through the join
        dates = dates.exclude(activity__path__startswith=path)
    return (
        # A date ends on the day it starts (`ActivityPage.clean`), so what has not ended started at most a day ago:
        # the bound lets the database walk the index on `start` instead of reading every date there ever was.
        dates.filter(start__gte=now - timedelta(days=1), end__gte=now)
        .select_related("activity", "activity__category")
        .order_by("start", "pk")
    )


def occurrence_list(*, filters) -> OccurrenceFilter:
    return OccurrenceFilter(filters, queryset=upcoming())


@dataclass
class ListingPage:
    """One page of /activiteiten/ as it shows: its dates (with places, see `with_places`), which page, and how
    many dates the filter has (counted to `BoundedPaginator`'s limit)."""

    items: list
    number: int
    count: int


def listing_page(*, request, filterset, per_page: int) -> ListingPage:
    """The page of `filterset`'s dates that the request asks for (`pagina`), kept with the pages for everyone
    (`portal.page_cache.kept_with_pages`): one building's list under its generation (a sign-up there clears
    it), the corporation's under the listing's and for a minute at most, and either until the first date shown has
    ended. Three queries the first time, none after."""
    from portal.page_cache import LISTING, kept_name, kept_with_pages, known_query, listing_seconds
    from portal.paging import BoundedPaginator

    wanted = known_query(request)
    slug = request.GET.get("gebouw", "")
    scope = slug or LISTING
    made = timezone.now()

    def compute() -> ListingPage:
        page = BoundedPaginator(filterset.qs, per_page).get_page(request.GET.get("pagina"))
        items = with_places(page.object_list, request=request)
        return ListingPage(items=items, number=page.number, count=page.paginator.count)

    def until(listed: ListingPage):
        ends = [occurrence.end for occurrence in listed.items]
        longest = made + (timedelta(seconds=listing_seconds()) if scope == LISTING else timedelta(hours=1))
        return min([*ends, longest])

    name = kept_name(request.get_host(), wanted, per_page)
    return kept_with_pages(f"activities-listing:{name}", compute, scope=scope, until=until)


def with_places(occurrences, *, buildings=None, request=None) -> list:
    """Attach what a listing shows to each occurrence: `.building`, `.place_label`, `.url` (its activity's
    address, worked out once per activity) and `.when` ("dinsdag 3 maart, 14:00–15:00", the local time).

    At most one query for any number of occurrences, none when the buildings' labels are kept
    (`portal.selectors.building_labels`) or the caller has the buildings.
    """
    items = list(occurrences)
    if buildings is None:
        buildings = building_labels({o.activity.building_id for o in items}).values()
    buildings = {b.pk: b for b in buildings}
    urls: dict[int, str] = {}
    days: dict[date, str] = {}
    for occurrence in items:
        activity = occurrence.activity
        occurrence.building = buildings.get(activity.building_id)
        occurrence.place_label = activity.place or (
            occurrence.building.meeting_room_name if occurrence.building else ""
        )
        if activity.pk not in urls:
            urls[activity.pk] = activity.get_url(request=request)
        occurrence.url = urls[activity.pk]
        occurrence.local_start = start = timezone.localtime(occurrence.start)
        day = start.date()
        if day not in days:
            days[day] = date_format(day, "l j F")
        occurrence.when = f"{days[day]}, {start:%H:%M}–{timezone.localtime(occurrence.end):%H:%M}"
    return items


@dataclass
class ActivityDates:
    """What an activity page shows the same for everyone: its next dates (with the places taken), its committee,
    building and category."""

    occurrences: list
    committee: object
    building: BuildingPage | None
    category: object


def activity_dates(*, activity: ActivityPage, scope: str | None) -> ActivityDates:
    """The activity's next twelve dates with its committee, building and category, kept with the pages of `scope`
    (its building's, `portal.page_cache.page_scope`; a date, a sign-up or a cancellation there clears them, an
    edit of any page too) until the first date's sign-up closes or it ends; a preview (`scope` None) is worked
    out each time. Four queries the first time, none after; the kept instances become the activity's own
    (`activity.building`, `.committee` and `.category` read no query)."""
    from portal.page_cache import kept_with_pages

    def compute() -> ActivityDates:
        now = timezone.now()
        occurrences = list(activity.occurrences.filter(end__gte=now).order_by("start")[:12])
        return ActivityDates(
            occurrences=occurrences,
            committee=activity.committee,
            building=activity.building,
            category=activity.category,
        )

    def until(kept: ActivityDates):
        # What time alone changes: a date's sign-up closes (`Occurrence.signup_deadline`), a date ends.
        now = timezone.now()
        before = timedelta(hours=activity.signup_deadline_hours)
        moments = [moment for o in kept.occurrences for moment in (o.start - before, o.end) if moment > now]
        return min(moments, default=now + timedelta(hours=1))

    if scope is None:  # a preview shows the draft's category, not the live page's
        kept = compute()
    else:
        kept = kept_with_pages(f"activity-dates:{activity.pk}", compute, scope=scope, until=until)
    activity.committee, activity.building, activity.category = kept.committee, kept.building, kept.category
    return kept


def activity_detail(*, activity: ActivityPage, user, scope: str | None) -> dict:
    """What an activity page shows: the kept dates (`activity_dates`) with, for who is logged in, their own
    sign-ups (one query) and what they may do."""
    now = timezone.now()
    kept = activity_dates(activity=activity, scope=scope)
    occurrences = [occurrence for occurrence in kept.occurrences if occurrence.end >= now]
    mine: dict[int, Registration] = {}
    if user.is_authenticated and occurrences:
        registrations = Registration.objects.filter(
            user=user, occurrence__in=[occurrence.pk for occurrence in occurrences]
        ).exclude(status=RegistrationStatus.CANCELLED)
        mine = {registration.occurrence_id: registration for registration in registrations}
    positions = waiting_positions(registrations=list(mine.values()))
    for occurrence in occurrences:
        occurrence.activity = activity
        occurrence.my_registration = mine.get(occurrence.pk)
        if occurrence.my_registration:
            occurrence.my_registration.waiting_position = positions.get(occurrence.my_registration.pk)
        occurrence.signup_closes_at = occurrence.signup_deadline
        occurrence.signup_open = now < occurrence.signup_closes_at
    committee = kept.committee
    building = kept.building
    from activities import permissions

    return {
        "occurrences": occurrences,
        "committee": committee,
        "building": building,
        "place_label": activity.place or (building.meeting_room_name if building else ""),
        "can_sign_up_others": permissions.can_sign_up_others(user, activity),
        "may_join": user.is_authenticated and permissions.may_join(user, activity),
    }


def this_week(*, building: BuildingPage | None = None, limit: int = 8, request=None) -> list:
    """The coming seven days (on a Sunday 'this week' would be nearly empty)."""
    today = timezone.localdate()
    last = today + timedelta(days=6)
    occurrences = upcoming().filter(start__lt=start_of_day(last + timedelta(days=1)))
    if building is not None:
        occurrences = occurrences.filter(for_building(building, field="activity__building"))
    return with_places(occurrences[:limit], request=request)


def building_upcoming(*, building: BuildingPage, limit: int = 6, request=None) -> list:
    """The building's coming dates, with those of the tenants' platform (for every building).

    The same for everyone: kept with the building's pages (`portal.page_cache.kept_with_pages`; a date, a
    sign-up or a cancellation in the building clears it, as do the platform's) until the first of them has
    ended, when the list moves on."""
    from portal.page_cache import kept_with_pages

    def compute() -> list:
        occurrences = upcoming().filter(for_building(building, field="activity__building"))[:limit]
        return with_places(occurrences, buildings=[building], request=request)

    def until(items: list):
        return min((occurrence.end for occurrence in items), default=timezone.now() + timedelta(days=1))

    return kept_with_pages(f"building-upcoming:{building.pk}:{limit}", compute, scope=building.slug, until=until)


def month_listing(*, request, filterset, month: date, following: date) -> list:
    """The dates of a building's month calendar (`filterset` names one building and is valid), with places
    (`with_places`): kept with that building's pages (`portal.page_cache.kept_with_pages`: a date, a sign-up or a
    cancellation there clears it, as do the platform's) until the first of them has ended, an hour at most. Two
    queries the first time, none after."""
    from portal.page_cache import kept_name, kept_with_pages, known_query

    wanted = known_query(request)
    made = timezone.now()

    def compute() -> list:
        dates = filterset.qs.filter(start__gte=start_of_day(month), start__lt=start_of_day(following))
        return with_places(dates, request=request)

    def until(items: list):
        return min([*(occurrence.end for occurrence in items), made + timedelta(hours=1)])

    name = kept_name(request.get_host(), wanted, month.isoformat())
    return kept_with_pages(f"calendar-month:{name}", compute, scope=filterset.form.cleaned_data["gebouw"], until=until)


def month_occurrences(*, building: BuildingPage, month: date) -> list:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return with_places(
        Occurrence.objects.filter(
            activity__in=public(ActivityPage.objects.live()).filter(for_building(building)).values("pk"),
            start__gte=start_of_day(first),
            start__lt=start_of_day(following),
        )
        .select_related("activity", "activity__category")
        .order_by("start")
    )


def my_registrations(*, user) -> list[Registration]:
    """Each with `.waiting_position` (None when not on the waiting list)."""
    registrations = list(
        Registration.objects.filter(user=user, occurrence__end__gte=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("occurrence__activity")
        .order_by("occurrence__start")
    )
    positions = waiting_positions(registrations=registrations)
    for registration in registrations:
        registration.waiting_position = positions.get(registration.pk)
    return registrations


def waiting_positions(*, registrations) -> dict[int, int]:
    """{registration pk: its number on its date's waiting list (1 is next)}, for those that are waiting.

    One query for any number of registrations (none when nobody waits): the numbering is the order in which
    the waiting list moves up (`activities.services._promote_waiting`).
    """
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    if not waiting:
        return {}
    numbered = (
        Registration.objects.filter(
            occurrence_id__in={r.occurrence_id for r in waiting}, status=RegistrationStatus.WAITING
        )
        .annotate(position=Window(RowNumber(), partition_by=[F("occurrence_id")], order_by=[F("created_at"), F("pk")]))
        .values_list("pk", "position")
    )
    # Picked out here, not in the query: a filter on pk would be applied before the numbering.
    mine = {r.pk for r in waiting}
    return {pk: position for pk, position in numbered if pk in mine}


def call_list(*, activity: ActivityPage, now=None) -> list[Registration]:
    """The organisers' call list: people without e-mail whose sign-up for a coming date changed.

    Moved up from the waiting list, offered a single place (their guest did not fit), their date does not go
    on, or its time changed after they signed up. Each with `.change` ("promoted", "single_place",
    "cancelled", "time_changed"). One query.
    """
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(occurrence__activity=activity, occurrence__end__gte=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(user__isnull=True) | Q(user__email=""))
        .filter(
            Q(occurrence__cancelled=True)
            | Q(created_at__lt=F("occurrence__time_changed_at"))
            | Q(promoted_at__isnull=False, status=RegistrationStatus.CONFIRMED)
            | Q(single_place_offered_at__isnull=False, status=RegistrationStatus.WAITING, guests__gt=0)
        )
        .select_related("occurrence", "user__resident_profile", "made_by")
        .order_by("occurrence__start", "created_at", "pk")
    )
    items = list(registrations)
    for registration in items:
        if registration.occurrence.cancelled:
            registration.change = "cancelled"
        elif (
            registration.occurrence.time_changed_at
            and registration.created_at < registration.occurrence.time_changed_at
        ):
            registration.change = "time_changed"
        elif registration.status == RegistrationStatus.CONFIRMED:
            registration.change = "promoted"
        else:
            registration.change = "single_place"
    return items
