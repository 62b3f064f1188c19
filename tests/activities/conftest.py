from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import ActivityCategory, ActivityPage, Recurrence


@pytest.fixture
def make_activity(committee):
    def make(*, parent=None, **fields):
        fields.setdefault("title", "Stoelgym")
        fields.setdefault("category", ActivityCategory.objects.get(slug="bewegen"))
        fields.setdefault("description", "<p>Bewegen op een stoel.</p>")
        fields.setdefault("start_date", timezone.localdate() + timedelta(days=2))
        fields.setdefault("start_time", time(14, 0))
        fields.setdefault("end_time", time(15, 0))
        fields.setdefault("recurrence", Recurrence.ONCE)
        activity = (parent or committee).add_child(instance=ActivityPage(**fields))
        services.occurrences_sync(activity=activity)
        return activity

    return make


@pytest.fixture
def activity(make_activity):
    return make_activity(capacity=3)


@pytest.fixture
def occurrence(activity):
    return activity.occurrences.get()


def sunday_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() + 1) % 7)
