"""The caretaker rules: at most five buildings, no overlapping presence, hours next to the 10-homes rule."""

from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portal import selectors, services
from portal.factories import CaretakerFactory
from portal.models import PresenceSlot

pytestmark = pytest.mark.django_db


def slot(building, weekday, start, end):
    return PresenceSlot(building=building, weekday=weekday, start=time(*start), end=time(*end))


def test_a_caretaker_serves_at_most_five_buildings(make_building, caretaker):
    buildings = [make_building(title=f"Gebouw {n}", caretaker=caretaker) for n in range(5)]
    sixth = make_building(title="Gebouw 6")

    with pytest.raises(ValidationError) as refused:
        services.building_assign_caretaker(building=sixth, caretaker=caretaker)

    message = refused.value.messages[0]
    assert "hoogstens 5" in message
    assert buildings[0].title in message
    sixth.refresh_from_db()
    assert sixth.caretaker is None


def test_the_fifth_building_is_accepted_and_published(make_building, caretaker):
    for n in range(4):
        make_building(title=f"Gebouw {n}", caretaker=caretaker)
    fifth = make_building(title="Gebouw 5")

    services.building_assign_caretaker(building=fifth, caretaker=caretaker)

    fifth.refresh_from_db()
    assert fifth.caretaker == caretaker
    assert fifth.live_revision.as_object().caretaker_id == caretaker.pk


def test_the_admin_page_form_shows_the_five_building_rule(make_building, caretaker):
    for n in range(5):
        make_building(title=f"Gebouw {n}", caretaker=caretaker)
    sixth = make_building(title="Gebouw 6")
    sixth.caretaker = caretaker

    with pytest.raises(ValidationError) as refused:
        sixth.full_clean()

    assert "caretaker" in refused.value.message_dict


def test_overlapping_slots_of_one_caretaker_are_refused(building, make_building, caretaker):
    second = make_building(title="Het Baken", caretaker=caretaker)

    with pytest.raises(ValidationError) as refused:
        services.presence_slots_replace(
            caretaker=caretaker,
            slots=[slot(building, 1, (9, 0), (11, 0)), slot(second, 1, (10, 30), (12, 0))],
        )

    message = " ".join(refused.value.messages)
    assert "overlapt" in message
    assert "De Linde" in message
    assert "Het Baken" in message
    assert not caretaker.presence_slots.exists()


def test_back_to_back_slots_are_fine(building, make_building, caretaker):
    second = make_building(title="Het Baken", caretaker=caretaker)

    created = services.presence_slots_replace(
        caretaker=caretaker,
        slots=[slot(building, 1, (9, 0), (11, 0)), slot(second, 1, (11, 0), (12, 0))],
    )

    assert len(created) == 2
    assert caretaker.presence_slots.count() == 2


def test_a_slot_must_end_after_it_starts(building, caretaker):
    with pytest.raises(ValidationError) as refused:
        services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (12, 0), (9, 0))])

    assert "eindtijd" in refused.value.messages[0]


def test_slots_only_in_buildings_the_caretaker_serves(building, other_building, caretaker):
    with pytest.raises(ValidationError) as refused:
        services.presence_slots_replace(caretaker=caretaker, slots=[slot(other_building, 0, (9, 0), (10, 0))])

    assert "Het Anker heeft een andere huismeester" in refused.value.messages[0]


def test_replacing_the_schedule_keeps_other_caretakers_untouched(building, other_building, caretaker, other_caretaker):
    services.presence_slots_replace(caretaker=other_caretaker, slots=[slot(other_building, 2, (9, 0), (12, 0))])

    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 3, (13, 0), (15, 0))])

    assert list(caretaker.presence_slots.values_list("weekday", flat=True)) == [3]
    assert other_caretaker.presence_slots.count() == 1


@pytest.mark.parametrize(("homes", "expected"), [(40, "4.0"), (95, "9.5"), (180, "18.0"), (123, "12.3")])
def test_rule_of_thumb_is_one_hour_per_ten_homes(homes, expected):
    assert selectors.recommended_caretaker_hours(homes=homes) == Decimal(expected)


def test_hours_overview_flags_buildings_that_get_too_few_hours(make_building):
    caretaker = CaretakerFactory(name="Piet")
    big = make_building(title="Groot", homes=120, caretaker=caretaker)
    small = make_building(title="Klein", homes=40, caretaker=caretaker)
    services.presence_slots_replace(
        caretaker=caretaker,
        slots=[
            slot(big, 0, (9, 0), (17, 0)),  # 8 hours, rule says 12
            slot(small, 1, (9, 0), (13, 30)),  # 4.5 hours, rule says 4
        ],
    )

    rows = {row.building.title: row for row in selectors.caretaker_hours_overview()}

    assert rows["Groot"].planned == Decimal("8.0")
    assert rows["Groot"].recommended == Decimal("12.0")
    assert rows["Groot"].is_short
    assert rows["Groot"].shortfall == Decimal("4.0")
    assert rows["Klein"].planned == Decimal("4.5")
    assert not rows["Klein"].is_short


def test_a_new_caretaker_ends_the_previous_caretakers_hours_there(building, caretaker, other_caretaker):
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])

    services.building_assign_caretaker(building=building, caretaker=other_caretaker)

    assert not caretaker.presence_slots.exists()
    building.refresh_from_db()
    assert building.caretaker == other_caretaker
