"""seed_demo: believable, idempotent, resettable, scalable."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal import selectors
from portal.models import BuildingPage, Caretaker, PresenceSlot, ResidentProfile, User

pytestmark = pytest.mark.django_db


def counts():
    return {
        "buildings": BuildingPage.objects.count(),
        "caretakers": Caretaker.objects.count(),
        "slots": PresenceSlot.objects.count(),
        "residents": ResidentProfile.objects.count(),
        "users": User.objects.count(),
    }


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_twice_leaves_the_same_counts():
    seed()
    first = counts()

    output = seed()

    assert counts() == first
    assert "nothing to do" in output
    assert first["buildings"] == 12
    assert first["caretakers"] == 4


def test_reset_starts_over():
    seed()
    before = counts()
    BuildingPage.objects.first().delete()

    seed("--reset")

    assert counts() == before


def test_seeded_caretakers_keep_the_rules():
    seed()

    for caretaker in Caretaker.objects.all():
        assert caretaker.buildings.count() <= 5
    overview = selectors.caretaker_hours_overview()
    assert all(row.planned > 0 for row in overview)
    assert User.objects.filter(email="bewoner@example.org", resident_profile__building__isnull=False).exists()
    assert User.objects.filter(email="huismeester@example.org", caretaker__isnull=False).exists()
    assert User.objects.filter(email="moderator@example.org", is_staff=True, groups__name="Moderators").exists()


def test_scale_multiplies_the_data():
    seed("--scale", "2")

    assert BuildingPage.objects.count() == 24
    assert Caretaker.objects.count() == 8
