"""An activity knows its committee and building (stored keys, not path slices), also after a copy or a move;
and the tenants' platform's activities are for every building, in every place that lists a building's."""

import pytest
from django.urls import reverse

from activities import selectors
from activities.models import ActivityPage

pytestmark = pytest.mark.django_db


def test_an_activity_stores_its_committee_and_building(make_activity, committee, building):
    activity = make_activity()

    stored = ActivityPage.objects.get(pk=activity.pk)

    assert (stored.committee_id, stored.building_id) == (committee.pk, building.pk)


def test_an_activity_of_the_platform_has_a_committee_and_no_building(make_activity, platform):
    activity = make_activity(parent=platform, title="Ledenvergadering")

    stored = ActivityPage.objects.get(pk=activity.pk)

    assert (stored.committee_id, stored.building_id) == (platform.pk, None)


def test_moving_a_committee_to_another_building_moves_its_activities(make_activity, committee, other_building):
    activity = make_activity()

    committee.move(other_building, pos="last-child")

    stored = ActivityPage.objects.get(pk=activity.pk)
    assert (stored.committee_id, stored.building_id) == (committee.pk, other_building.pk)


def test_moving_an_activity_to_another_committee_in_the_admin_places_it_there(
    client, moderator, make_activity, other_committee, other_building
):
    activity = make_activity()
    client.force_login(moderator)

    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=(activity.pk, other_committee.pk)))

    assert response.status_code == 302
    stored = ActivityPage.objects.get(pk=activity.pk)
    assert (stored.committee_id, stored.building_id) == (other_committee.pk, other_building.pk)


def test_a_copy_under_another_committee_belongs_there(make_activity, other_committee, other_building):
    activity = make_activity()

    copy = activity.copy(to=other_committee, update_attrs={"slug": "stoelgym-kopie", "title": "Stoelgym"})

    stored = ActivityPage.objects.get(pk=copy.pk)
    assert (stored.committee_id, stored.building_id) == (other_committee.pk, other_building.pk)


def test_the_platforms_activities_are_for_every_building_on_its_page_in_its_filter_and_in_its_programme(
    client, make_activity, platform, building, no_page_cache
):
    own = make_activity(title="Stoelgym")
    meeting = make_activity(parent=platform, title="Ledenvergadering huurdersplatform")

    on_page = {o.activity.pk for o in selectors.building_upcoming(building=building)}
    filtered = client.get(f"/activiteiten/?gebouw={building.slug}").content.decode()
    week = {o.activity.pk for o in selectors.this_week(building=building)}

    assert on_page == {own.pk, meeting.pk}
    assert "Ledenvergadering huurdersplatform" in filtered
    assert "Stoelgym" in filtered
    assert week == {own.pk, meeting.pk}
    html = client.get(building.url).content.decode()
    assert "Ledenvergadering huurdersplatform" in html  # the building page shows it too


def test_another_buildings_activities_are_not_this_buildings(make_activity, other_committee, building):
    elsewhere = make_activity(parent=other_committee, title="Jeu de boules")

    assert elsewhere.pk not in {o.activity.pk for o in selectors.building_upcoming(building=building)}
