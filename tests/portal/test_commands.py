"""seed_demo: believable, idempotent, resettable, scalable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities.models import ActivityIndexPage, ActivityPage, Registration
from ambassadors.models import Ambassador, TourBooking, TourIndexPage
from committees.models import CaretakerMessage, CommitteePage, NewsIndexPage, NewsPage
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
    for row in selectors.caretaker_contract_overview():
        assert row.planned <= row.contract, row


def test_seeded_caretaker_of_de_linde_is_away_next_week_with_a_stand_in():
    from datetime import timedelta

    from portal.models import CaretakersMeeting

    seed()
    de_linde = BuildingPage.objects.get(title="De Linde")
    assert de_linde.caretaker.name == "Henk Jansen"
    assert de_linde.caretaker.user.email == "huismeester@example.org"
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    stand_in = selectors.caretaker_on_duty(building=de_linde, day=next_monday)
    assert stand_in is not None
    assert stand_in != de_linde.caretaker
    assert selectors.caretaker_on_duty(building=de_linde, day=next_monday - timedelta(days=1)) == de_linde.caretaker
    meetings = list(CaretakersMeeting.objects.filter(date__gt=today))
    assert len(meetings) == 4
    assert len({meeting.building_id for meeting in meetings}) == 4


def test_scale_multiplies_the_data():
    seed("--scale", "2")

    assert BuildingPage.objects.count() == 24
    assert Caretaker.objects.count() == 8


def app_counts():
    return {
        "committees": CommitteePage.objects.count(),
        "news": NewsPage.objects.count(),
        "drafts": NewsPage.objects.filter(live=False).count(),
        "activities": ActivityPage.objects.count(),
        "registrations": Registration.objects.count(),
        "messages": CaretakerMessage.objects.count(),
        "ambassadors": Ambassador.objects.count(),
        "tours": TourBooking.objects.count(),
    }


def test_every_app_adds_its_demo_data_and_reset_starts_it_over():
    seed()
    first = app_counts()

    seed("--reset")

    assert app_counts() == first
    assert all(first.values()), first
    assert first["ambassadors"] == 6  # every other building
    assert first["drafts"] == 1  # the moderation queue is not empty
    # commissie@'s committee organises De Linde's activities (the README sends them to "Iemand anders aanmelden").
    assert Registration.objects.filter(occurrence__activity__committee__title="Bewonerscommissie De Linde").exists()
    home_children = [page.slug for page in ActivityIndexPage.objects.get().get_parent().get_children()[:4]]
    assert home_children == ["gebouwen", "activiteiten", "nieuws", "rondleidingen"]
    assert NewsIndexPage.objects.get().title == "Nieuws"
    assert TourIndexPage.objects.get().title == "Rondleidingen"


def test_a_new_app_adds_its_demo_data_from_its_own_hooks():
    """What a new app (say, consultations) registers runs after the others, with what they made, and --reset
    removes it first."""
    from wagtail import hooks

    from portal import registry

    made, removed = [], []

    def demo_data(context):
        made.append(sorted(context))
        made.append(context["committees"] and "committees made by the committees app")
        made.append(len(context["buildings"]))

    def reset():
        removed.append(BuildingPage.objects.count())  # before the core deletes the tree

    with (
        hooks.register_temporarily(registry.DEMO_DATA, demo_data, order=100),
        hooks.register_temporarily(registry.DEMO_DATA_RESET, reset),
    ):
        seed()
        seed("--reset")

    keys = ["accounts", "buildings", "caretakers", "home", "progress", "random", "residents_by_building", "scale"]
    assert set(keys) <= set(made[0])
    assert made[1] == "committees made by the committees app"
    assert made[2] == BuildingPage.objects.count() > 0
    assert removed == [made[2]]


def test_in_the_demo_the_new_tenant_activates_with_the_letter_and_joins_the_coffee_morning():
    """The README's path: nieuw@example.org, the code HUUR-DERS-22, De Linde's coffee morning."""
    from activities import services as activity_services
    from activities.models import Occurrence, RegistrationStatus
    from portal import services
    from portal.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_HOME_CODE

    seed()
    newcomer = User.objects.get(email=DEMO_ACCOUNTS["newcomer"])
    coffee = Occurrence.objects.filter(
        activity__title="Koffieochtend", activity__building__title="De Linde", cancelled=False, start__gt=timezone.now()
    ).order_by("start")[1]
    with pytest.raises(activity_services.NotAResident):
        activity_services.registration_create(occurrence=coffee, user=newcomer)

    residency = services.residency_activate(user=newcomer, code=DEMO_HOME_CODE, display_name="Nel")
    newcomer = User.objects.get(pk=newcomer.pk)  # a new request

    assert residency.home.building.title == "De Linde"
    assert (
        activity_services.registration_create(occurrence=coffee, user=newcomer).status == RegistrationStatus.CONFIRMED
    )


def test_seed_leaves_the_query_planner_the_new_table_sizes():
    """After a bulk load the planner must know the sizes (PostgreSQL here runs without autovacuum)."""
    from django.db import connection

    output = seed()

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'wagtailcore_page'")
            assert cursor.fetchone()[0] >= BuildingPage.objects.count()
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailcore_page'")
            assert cursor.fetchone()[0] > 0
    assert "ANALYZE" in output
