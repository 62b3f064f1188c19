"""Demo activities, built through the services; `seed_demo` calls it through `registry.DEMO_DATA`."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from activities import services
from activities.models import ActivityCategory, ActivityPage, Recurrence
from committees.models import CommitteeKind

DESCRIPTION = "<p>Iedereen is welkom. Kom gezellig langs, ook als u nog niemand kent.</p>"


def _next(weekday: int, *, weeks_ahead: int = 0):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


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
    """Weekly coffee, chair gym and meals, some one-off trips, with sign-ups: after the committees, which organise."""
    committees, accounts = context["committees"], context["accounts"]
    residents_by_building = context["residents_by_building"]
    for n, committee in enumerate(c for c in committees if c.kind != CommitteeKind.PLATFORM):
        building = committee.get_parent().specific
        residents = residents_by_building.get(building.pk, [])
        if committee.kind == CommitteeKind.RESIDENTS and any(
            c.kind == CommitteeKind.ACTIVITY and c.get_parent().pk == building.pk for c in committees
        ):
            continue  # the activity committee of this building organises
        _activity(
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
            capacity=4 if n == 0 else 12,
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
        # Sign-ups: the first gym date in the first building is full, with a waiting list.
        first_gym = gym.occurrences.order_by("start").first()
        people = residents + ([accounts["resident"]] if n == 0 else [])
        for person in people[: (5 if n == 0 else 2)]:
            services.registration_create(occurrence=first_gym, user=person, made_by=person, now=timezone.now())
        organiser = accounts["committee"] if n == 0 else None
        if organiser is not None:
            services.registration_create(
                occurrence=meal.occurrences.order_by("start").first(),
                made_by=organiser,
                neighbour_name="Mevrouw Jansen",
                neighbour_apartment="14",
                neighbour_consent=True,
            )
        if n % 4 == 0:
            _activity(
                committee,
                title="Uitstapje naar de Keukenhof" if n == 0 else "Informatiemiddag over veilig wonen",
                category="uitstapje" if n == 0 else "informatie",
                weekday=2,
                start=time(9, 30) if n == 0 else time(14, 0),
                end=time(16, 0),
                recurrence=Recurrence.ONCE,
                capacity=30,
            )
