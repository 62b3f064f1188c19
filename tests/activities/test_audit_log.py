"""Staff and committee actions land in Wagtail's log entries (here beside the activity fixtures it needs)."""

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

from activities import services as activities
from committees import services as committees
from portal.factories import ResidentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_up_on_someones_behalf_is_logged_on_the_activity(occurrence, member, resident):
    activities.registration_create(occurrence=occurrence, user=resident, made_by=member)
    entry = PageLogEntry.objects.get(action="activities.signup_on_behalf")
    assert (entry.page_id, entry.user_id) == (occurrence.activity_id, member.pk)


def test_a_message_status_change_is_logged(building, caretaker, resident):
    message = committees.message_create(
        building=building, sender=resident, category="vraag", subject="Lift", body="De lift doet het niet."
    )
    committees.message_update(message=message, by=caretaker.user, status="in_behandeling")
    entry = ModelLogEntry.objects.get(action="committees.message_status")
    assert entry.user_id == caretaker.user.pk
    assert entry.data == {"status": "in_behandeling"}


def test_appointing_an_ambassador_is_logged(building, moderator):
    from ambassadors import services as ambassadors

    user = UserFactory()
    ResidentProfileFactory(user=user, building=building)
    ambassadors.ambassador_appoint(
        user=user, building=building, display_name="Ria", introduction="Hallo.", by=moderator
    )
    entry = ModelLogEntry.objects.get(action="ambassadors.appoint")
    assert entry.user_id == moderator.pk


def test_the_site_history_shows_the_portals_own_actions(client, moderator, occurrence, member, resident):
    activities.registration_create(occurrence=occurrence, user=resident, made_by=member)
    client.force_login(moderator)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "Aangemeld namens" in response.content.decode()
