"""Demo activities, built through the services; `seed_demo` calls it through `registry.DEMO_DATA`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from activities import services
from activities.models import ActivityCategory, ActivityPage, Occurrence, Recurrence, Registration, RegistrationStatus
from committees.models import CommitteeKind
from portal.localtime import local_tz

# What the buildings other than De Linde do, so no two look alike: (title, category, weekday, start, end,
# recurrence, capacity). Each building takes three, in turn, and some an outing.
CATALOGUE = [
    ("Koffieochtend", "koffie-en-ontmoeting", 1, time(10, 0), time(11, 30), Recurrence.WEEKLY, 40),
    ("Bingo", "koffie-en-ontmoeting", 4, time(14, 0), time(16, 0), Recurrence.BIWEEKLY, 30),
    ("Koersbal", "bewegen", 2, time(10, 30), time(12, 0), Recurrence.WEEKLY, 16),
    ("Sjoelen", "koffie-en-ontmoeting", 0, time(14, 0), time(16, 0), Recurrence.WEEKLY, 20),
    ("Volksdansen", "bewegen", 3, time(10, 0), time(11, 0), Recurrence.WEEKLY, 16),
    ("Computerspreekuur", "informatie", 2, time(13, 30), time(15, 0), Recurrence.BIWEEKLY, 6),
    ("Schilderen en tekenen", "creatief", 1, time(14, 0), time(16, 0), Recurrence.WEEKLY, 12),
    ("Stoelgym", "bewegen", 3, time(14, 0), time(15, 0), Recurrence.BIWEEKLY, 12),
    ("Samen eten", "samen-eten", 4, time(17, 30), time(19, 0), Recurrence.MONTHLY, 20),
    ("Wandelclub", "bewegen", 0, time(10, 0), time(11, 0), Recurrence.WEEKLY, 15),
]
OUTINGS = ["Uitstapje naar Madurodam", "Boottocht door de grachten", "Dagje Zaanse Schans", "Bezoek aan de Hortus"]

DESCRIPTION = "<p>Iedereen is welkom. Kom gezellig langs, ook als u nog niemand kent.</p>"


def _next(weekday: int, *, weeks_ahead: int = 0):
    """The first such weekday after today (never today: its sign-up may already have closed)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1 + 7 * weeks_ahead)


def _activity(
    committee,
    *,
    title,
    category,
    weekday,
    start,
    end,
    recurrence,
    capacity=None,
    signup=True,
    place="",
    residents_only=False,
):
    first = _next(weekday)
    if recurrence == Recurrence.MONTHLY and (first.day - 1) // 7 == 4:
        # A fifth weekday comes back only in some months: from there it is "the last <weekday> of the month".
        recurrence = Recurrence.MONTHLY_LAST
    activity = committee.add_child(
        instance=ActivityPage(
            title=title,
            category=ActivityCategory.objects.get(slug=category),
            description=DESCRIPTION,
            start_date=first,
            start_time=start,
            end_time=end,
            recurrence=recurrence,
            until=first + timedelta(days=365) if recurrence != Recurrence.ONCE else None,
            capacity=capacity,
            signup_required=signup,
            place=place,
            residents_only=residents_only,
        )
    )
    services.occurrences_sync(activity=activity)
    return activity


def seed_activities(context: dict) -> None:
    """De Linde's coffee, chair gym and meals (the README's paths), other buildings their own mix (bingo, koersbal,
    sjoelen, …), some outings, sign-ups to come, and a year of past sign-ups so the figures tell a story."""
    committees, accounts = context["committees"], context["accounts"]
    residents_by_building = context["residents_by_building"]
    rng = context["random"]()
    by_building: dict[int, list] = {}
    for committee in committees:
        if committee.kind != CommitteeKind.PLATFORM and committee.building_id:
            by_building.setdefault(committee.building_id, []).append(committee)
    for n, building in enumerate(b for b in context["buildings"] if b.pk in by_building):
        own = by_building[building.pk]
        residents = residents_by_building.get(building.pk, [])
        # Who organises: in De Linde the residents' committee of commissie@ (the README sends them to "Iemand
        # anders aanmelden"); elsewhere the activity committee where there is one.
        kinds = [CommitteeKind.RESIDENTS] if n == 0 else [CommitteeKind.ACTIVITY, CommitteeKind.RESIDENTS]
        committee = next(c for kind in kinds for c in own if c.kind == kind)
        if n == 0:
            made = _de_linde(committee, residents, accounts)
        else:
            made = [
                _activity(
                    committee,
                    title=title,
                    category=category,
                    weekday=weekday,
                    start=start,
                    end=end,
                    recurrence=recurrence,
                    capacity=capacity,
                    residents_only=title == "Koffieochtend",
                )
                for title, category, weekday, start, end, recurrence, capacity in (
                    CATALOGUE[(n + 3 * k) % len(CATALOGUE)] for k in range(3)
                )
            ]
            for person in residents[:2]:
                services.registration_create(
                    occurrence=made[0].occurrences.order_by("start").first(), user=person, now=timezone.now()
                )
        if n % 4 == 0:
            _activity(
                committee,
                title="Uitstapje naar de Keukenhof" if n == 0 else OUTINGS[(n // 4) % len(OUTINGS)],
                category="uitstapje",
                weekday=2,
                start=time(9, 30),
                end=time(16, 0),
                recurrence=Recurrence.ONCE,
                capacity=30,
            )
        elif n % 4 == 2:
            _activity(
                committee,
                title="Informatiemiddag over veilig wonen",
                category="informatie",
                weekday=2,
                start=time(14, 0),
                end=time(16, 0),
                recurrence=Recurrence.ONCE,
                capacity=30,
            )
        if n < 4:
            _past_year(made, residents, rng)


def _de_linde(committee, residents, accounts) -> list[ActivityPage]:
    """The first building, as the README walks it: a full chair gym with a waiting list, a neighbour signed up
    for the meal by the committee, and the building's own coffee morning for verified residents."""
    coffee = _activity(
        committee,
        title="Koffieochtend",
        category="koffie-en-ontmoeting",
        weekday=1,
        start=time(10, 0),
        end=time(11, 30),
        recurrence=Recurrence.WEEKLY,
        capacity=40,
        residents_only=True,  # the building's own coffee: who is verified as living there signs up
    )
    gym = _activity(
        committee,
        title="Stoelgym",
        category="bewegen",
        weekday=3,
        start=time(14, 0),
        end=time(15, 0),
        recurrence=Recurrence.BIWEEKLY,
        capacity=4,
    )
    meal = _activity(
        committee,
        title="Samen eten",
        category="samen-eten",
        weekday=4,
        start=time(17, 30),
        end=time(19, 0),
        recurrence=Recurrence.MONTHLY,
        capacity=20,
    )
    # The first chair-gym date is full (three residents and a neighbour the committee signed up), and bewoner@ is
    # first on its waiting list.
    first_gym = gym.occurrences.order_by("start").first()
    for person in [r for r in residents if r != accounts["resident"]][:3]:
        services.registration_create(occurrence=first_gym, user=person, made_by=person, now=timezone.now())
    services.registration_create(
        occurrence=first_gym,
        made_by=accounts["committee"],
        neighbour_name="Meneer De Vries",
        neighbour_apartment="22",
        neighbour_consent=True,
    )
    services.registration_create(occurrence=first_gym, user=accounts["resident"], now=timezone.now())
    services.registration_create(
        occurrence=meal.occurrences.order_by("start").first(),
        made_by=accounts["committee"],
        neighbour_name="Mevrouw Jansen",
        neighbour_apartment="14",
        neighbour_consent=True,
    )
    return [coffee, gym, meal]


def _past_year(activities: list[ActivityPage], residents: list, rng) -> None:
    """A year of dates that were held, with who came: fewer in the summer holidays and around Christmas, more in
    the dark months — what the participation figures and charts show (reports/). Bulk, as history is imported."""
    tz = local_tz()
    today = timezone.localdate()
    busy = {1: 0.9, 2: 0.85, 3: 0.8, 4: 0.7, 5: 0.6, 6: 0.5, 7: 0.3, 8: 0.35, 9: 0.7, 10: 0.8, 11: 0.9, 12: 0.6}
    for activity in activities:
        step = (
            14 if activity.recurrence == Recurrence.BIWEEKLY else 28 if activity.recurrence != Recurrence.WEEKLY else 7
        )
        days = [today - timedelta(days=step * k) for k in range(1, 365 // step + 1)]
        occurrences = Occurrence.objects.bulk_create(
            Occurrence(
                activity=activity,
                start=datetime.combine(day, activity.start_time, tzinfo=tz),
                end=datetime.combine(day, activity.end_time, tzinfo=tz),
            )
            for day in days
        )
        registrations = [
            Registration(occurrence=occurrence, user=person, made_by=person, status=RegistrationStatus.CONFIRMED)
            for occurrence in occurrences
            for person in residents
            if rng.random() < busy[timezone.localtime(occurrence.start, tz).month]
        ]
        Registration.objects.bulk_create(registrations)
        taken: dict[int, int] = {}
        for registration in registrations:
            taken[registration.occurrence_id] = taken.get(registration.occurrence_id, 0) + 1
        for occurrence in occurrences:
            occurrence.seats_taken = taken.get(occurrence.pk, 0)
        Occurrence.objects.bulk_update(occurrences, ["seats_taken"])
