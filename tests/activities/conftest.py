from datetime import date, timedelta

import pytest


@pytest.fixture
def activity(make_activity):
    return make_activity(capacity=3)


@pytest.fixture
def occurrence(activity):
    return activity.occurrences.get()


def sunday_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() + 1) % 7)
