"""The shared rules of `portal.abstract_models`, in every model that uses them.

A time range (a caretaker's presence, an ambassador's weekly and extra times) ends after it starts: the
form says so in Dutch, and the database refuses it too. A photo (of a caretaker, a building, an
ambassador, a news item, an activity) needs a description for whoever cannot see it.
"""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambassadors.models import ExtraTime, WeeklyTime
from committees.factories import NewsPageFactory
from portal.factories import CaretakerFactory
from portal.models import PresenceSlot

pytestmark = pytest.mark.django_db

END_NOT_AFTER_START = "De eindtijd moet na de begintijd liggen."
PHOTO_WITHOUT_DESCRIPTION = "Beschrijf de foto voor wie hem niet kan zien."


@pytest.fixture
def time_ranges(building, caretaker, ambassador):
    """Make one time range of each kind from `start` to `end`, unsaved."""

    def make(start, end):
        return [
            PresenceSlot(caretaker=caretaker, building=building, weekday=1, start=start, end=end),
            WeeklyTime(ambassador=ambassador, weekday=1, start=start, end=end),
            ExtraTime(ambassador=ambassador, date=timezone.localdate(), start=start, end=end),
        ]

    return make


@pytest.mark.parametrize(("start", "end"), [(time(12), time(9)), (time(10), time(10))])
def test_a_time_range_must_end_after_it_starts_in_the_form(time_ranges, start, end):
    for time_range in time_ranges(start, end):
        with pytest.raises(ValidationError) as refused:
            time_range.full_clean()

        assert refused.value.message_dict == {"end": [END_NOT_AFTER_START]}, type(time_range).__name__


@pytest.mark.parametrize(("start", "end"), [(time(12), time(9)), (time(10), time(10))])
def test_the_database_refuses_a_time_range_that_does_not_end_after_it_starts(time_ranges, start, end):
    for time_range in time_ranges(start, end):
        with pytest.raises(IntegrityError), transaction.atomic():
            time_range.save()

        assert not type(time_range).objects.filter(start=start, end=end).exists()


def test_a_time_range_that_ends_after_it_starts_is_kept(time_ranges):
    for time_range in time_ranges(time(9), time(9, 15)):
        time_range.full_clean()
        time_range.save()

        assert type(time_range).objects.filter(pk=time_range.pk, start=time(9), end=time(9, 15)).exists()


@pytest.fixture
def image(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    return Image.objects.create(title="De voordeur", file=get_test_image_file())


@pytest.fixture
def with_photos(building, caretaker, ambassador, committee, make_activity):
    """Each model with a photo, and the names of its photo and description fields."""
    news = committee.add_child(instance=NewsPageFactory.build())
    return [
        (caretaker, "photo", "photo_alt_text"),
        (building, "photo", "photo_alt_text"),
        (ambassador, "photo", "photo_alt_text"),
        (news, "image", "image_alt_text"),
        (make_activity(), "image", "image_alt_text"),
    ]


@pytest.mark.parametrize("description", ["", "   "])
def test_a_photo_needs_a_description(with_photos, image, description):
    for instance, photo, alt_text in with_photos:
        setattr(instance, photo, image)
        setattr(instance, alt_text, description)

        with pytest.raises(ValidationError) as refused:
            instance.full_clean()

        assert refused.value.message_dict == {alt_text: [PHOTO_WITHOUT_DESCRIPTION]}, type(instance).__name__


def test_a_photo_with_a_description_or_no_photo_at_all_is_fine(with_photos, image):
    for instance, photo, alt_text in with_photos:
        setattr(instance, photo, image)
        setattr(instance, alt_text, "Truus bij de voordeur")
        instance.full_clean()

        setattr(instance, photo, None)
        setattr(instance, alt_text, "")
        instance.full_clean()


def test_a_building_shows_the_photo_and_the_caretaker_rule_at_once(make_building, image):
    busy = CaretakerFactory()
    for n in range(5):
        make_building(title=f"Gebouw {n}", caretaker=busy)
    sixth = make_building(title="Gebouw 6")
    sixth.caretaker, sixth.photo, sixth.photo_alt_text = busy, image, ""

    with pytest.raises(ValidationError) as refused:
        sixth.full_clean()

    assert refused.value.message_dict["photo_alt_text"] == [PHOTO_WITHOUT_DESCRIPTION]
    assert "hoogstens 5" in refused.value.message_dict["caretaker"][0]


def test_each_model_keeps_its_own_example_for_the_description():
    from activities.models import ActivityPage
    from ambassadors.models import Ambassador
    from committees.models import NewsPage
    from portal.models import BuildingPage, Caretaker

    def help_text(model, field):
        return str(model._meta.get_field(field).help_text)

    assert "Jan de Vries lacht" in help_text(Caretaker, "photo_alt_text")
    assert "Flat van vijf verdiepingen" in help_text(BuildingPage, "photo_alt_text")
    assert "Truus bij de voordeur" in help_text(Ambassador, "photo_alt_text")
    assert help_text(NewsPage, "image_alt_text").startswith("Verplicht bij een foto")
    assert help_text(ActivityPage, "image_alt_text").startswith("Verplicht bij een foto")
