"""Changing a building's caretaker in the page editor keeps the same rules as `building_assign_caretaker`.

The caretaker takes effect when the building page is published (however it is published); a draft changes
nothing yet. The limit of buildings per caretaker shows as an error on the field, keeping what was typed.
"""

from datetime import time, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text

from portal import services
from portal.factories import BuildingPageFactory, CaretakerFactory
from portal.models import BuildingPage, PresenceSlot

pytestmark = pytest.mark.django_db


def building_form(building, *, caretaker, action="action-publish", **changes):
    fields = {
        "title": building.title,
        "slug": building.slug,
        "seo_title": "",
        "search_description": "",
        "street_address": building.street_address,
        "postal_code": building.postal_code,
        "city": building.city,
        "homes": building.homes,
        "meeting_room_name": building.meeting_room_name,
        "description": building.description,
        "photo": "",
        "photo_alt_text": "",
        "caretaker": caretaker.pk if caretaker else "",
        "body": rich_text(""),
        "tour_minutes": building.tour_minutes,
        "tour_buffer_minutes": building.tour_buffer_minutes,
        "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
        **changes,
    }
    data = nested_form_data(fields)
    if action:
        data[action] = "1"
    return data


def edit_url(building):
    return reverse("wagtailadmin_pages:edit", args=(building.pk,))


@pytest.fixture
def hours(caretaker, building, other_building):
    """Henk is in De Linde on Monday morning; Ans in Het Anker on Tuesday."""
    services.presence_slots_replace(
        caretaker=caretaker, slots=[PresenceSlot(building=building, weekday=0, start=time(9), end=time(12))]
    )
    services.presence_slots_replace(
        caretaker=other_building.caretaker,
        slots=[PresenceSlot(building=other_building, weekday=1, start=time(9), end=time(11))],
    )


def test_publishing_another_caretaker_ends_the_old_caretakers_hours_in_that_building(
    admin_client, building, caretaker, other_caretaker, other_building, hours
):
    response = admin_client.post(edit_url(building), building_form(building, caretaker=other_caretaker))

    assert response.status_code == 302, response.content.decode()[:2000]
    building.refresh_from_db()
    assert building.caretaker == other_caretaker
    assert not PresenceSlot.objects.filter(building=building).exists()  # Henk's Monday in De Linde is gone
    assert PresenceSlot.objects.filter(caretaker=other_caretaker, building=other_building).count() == 1
    entry = PageLogEntry.objects.get(page=building, action="portal.caretaker_hours_ended")
    assert entry.data["caretakers"] == ["Henk Jansen"]
    assert entry.user is not None  # the staff member who published
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=(building.pk,))).text
    assert "Uren vorige huismeester vervallen" in history
    # The public building page names the new caretaker and no longer Henk's hours.
    page = admin_client.get(building.url).text
    assert "Ans Smit" in page


def test_a_draft_with_another_caretaker_changes_nothing_until_it_is_published(
    admin_client, building, caretaker, other_caretaker, hours
):
    response = admin_client.post(edit_url(building), building_form(building, caretaker=other_caretaker, action=None))

    assert response.status_code == 302
    building.refresh_from_db()
    assert building.caretaker == caretaker
    assert PresenceSlot.objects.filter(caretaker=caretaker, building=building).count() == 1

    # A moderator publishes the draft later (the workflow and "publish this revision" do just this).
    building.get_latest_revision().publish()

    building.refresh_from_db()
    assert building.caretaker == other_caretaker
    assert not PresenceSlot.objects.filter(caretaker=caretaker, building=building).exists()


def test_scheduled_publishing_of_another_caretaker_ends_the_old_hours_when_it_goes_live(
    admin_client, building, caretaker, other_caretaker, hours
):
    building.save_revision().publish()  # as a building made in the admin: it has a live revision
    go_live = timezone.localtime() + timedelta(hours=2)
    data = building_form(building, caretaker=other_caretaker, go_live_at=go_live.strftime("%d-%m-%Y %H:%M"))

    response = admin_client.post(edit_url(building), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    building.refresh_from_db()
    assert building.caretaker == caretaker  # not yet
    assert PresenceSlot.objects.filter(caretaker=caretaker, building=building).exists()

    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 1
    # Three hours later the scheduler's `publish_scheduled` runs: no editor, no admin hooks.
    later = timezone.now() + timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")

    building.refresh_from_db()
    assert building.caretaker == other_caretaker
    assert not PresenceSlot.objects.filter(caretaker=caretaker, building=building).exists()


def test_a_caretaker_at_the_limit_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
    admin_client, settings, building, other_caretaker, other_building, make_building, hours
):
    settings.PORTAL_CARETAKER_MAX_BUILDINGS = 2
    make_building(title="De Beuk", caretaker=other_caretaker)  # Ans now has Het Anker and De Beuk

    response = admin_client.post(
        edit_url(building),
        building_form(building, caretaker=other_caretaker, title="De Linde (hoofdgebouw)", homes=130),
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ans Smit is al huismeester van 2 gebouwen (De Beuk, Het Anker)" in text
    assert "hoogstens 2" in text
    assert 'value="De Linde (hoofdgebouw)"' in text  # what was typed is still there
    assert 'value="130"' in text
    building.refresh_from_db()
    assert building.title == "De Linde"
    assert building.caretaker.name == "Henk Jansen"
    assert PresenceSlot.objects.filter(building=building).count() == 1


def test_a_draft_is_refused_too_when_the_caretaker_is_at_the_limit(
    admin_client, settings, building, other_caretaker, other_building, make_building
):
    settings.PORTAL_CARETAKER_MAX_BUILDINGS = 1

    response = admin_client.post(edit_url(building), building_form(building, caretaker=other_caretaker, action=None))

    assert response.status_code == 200
    assert "is al huismeester van 1 gebouwen" in response.content.decode()
    assert not building.revisions.exists()


def test_a_new_building_with_a_caretaker_at_the_limit_is_refused(
    admin_client, settings, building_index, caretaker, building
):
    settings.PORTAL_CARETAKER_MAX_BUILDINGS = 1
    template = BuildingPageFactory.build(title="De Eik", slug="de-eik", homes=40)
    add_url = reverse("wagtailadmin_pages:add", args=("portal", "buildingpage", building_index.pk))

    refused = admin_client.post(add_url, building_form(template, caretaker=caretaker))
    other = CaretakerFactory(name="Piet Bos")
    made = admin_client.post(add_url, building_form(template, caretaker=other))

    assert refused.status_code == 200
    assert "Henk Jansen is al huismeester van 1 gebouwen (De Linde)" in refused.content.decode()
    assert made.status_code == 302
    new = BuildingPage.objects.get(slug="de-eik")
    assert new.live
    assert new.caretaker == other


def test_a_copied_building_does_not_take_the_caretaker_along(admin_client, building, building_index, caretaker):
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=(building.pk,)),
        {"new_title": "De Linde II", "new_slug": "de-linde-2", "new_parent_page": building_index.pk},
    )

    assert response.status_code == 302
    copy = BuildingPage.objects.get(slug="de-linde-2")
    assert copy.caretaker is None
    assert copy.get_latest_revision_as_object().caretaker is None
    building.refresh_from_db()
    assert building.caretaker == caretaker


def test_the_service_and_the_editor_end_the_same_hours(building, caretaker, other_caretaker, hours):
    services.building_assign_caretaker(building=building, caretaker=other_caretaker)

    assert not PresenceSlot.objects.filter(caretaker=caretaker, building=building).exists()
    assert PageLogEntry.objects.filter(page=building, action="portal.caretaker_hours_ended").count() == 1
