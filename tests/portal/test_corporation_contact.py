"""The corporation's phone number and hours: a setting staff change in the admin, shown wherever the portal asks
someone to call; the server's settings when nothing is entered, or when the database is away."""

import pytest
from django.db import DatabaseError

from portal.context_processors import corporation_contact
from portal.models import CorporationContact

pytestmark = pytest.mark.django_db


def test_without_a_setting_the_servers_number_is_shown(client, home_page, settings):
    assert settings.PORTAL_CORPORATION_PHONE in client.get("/").content.decode()


def test_the_number_staff_enter_is_shown_at_once(client, home_page):
    CorporationContact.objects.create(name="Woonstichting Test", phone="010 123 45 67", phone_hours="ma–vr 8–12 uur")

    page = client.get("/").content.decode()

    assert "010 123 45 67" in page
    assert "ma–vr 8–12 uur" in page
    assert 'href="tel:+31101234567"' in page


def test_a_changed_number_replaces_the_cached_one(home_page):
    contact = CorporationContact.objects.create(phone="010 123 45 67")
    assert corporation_contact()["phone"] == "010 123 45 67"

    contact.phone = "020 765 43 21"
    contact.save()

    assert corporation_contact()["phone"] == "020 765 43 21"


def test_the_database_away_still_gives_the_servers_number(monkeypatch, settings):
    def broken(*args, **kwargs):
        raise DatabaseError("database away")

    monkeypatch.setattr("portal.models.CorporationContact.objects.values", broken)

    assert corporation_contact()["phone"] == settings.PORTAL_CORPORATION_PHONE


def test_staff_edit_it_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/settings/portal/corporationcontact/", follow=True)

    assert response.status_code == 200
    assert "Telefoonnummer" in response.content.decode()


def test_a_moderator_edits_it_too(client, moderator):
    client.force_login(moderator)

    page = client.get("/admin/settings/portal/corporationcontact/", follow=True)
    saved = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else "/admin/settings/portal/corporationcontact/",
        {"name": "Woonstichting Test", "phone": "010 123 45 67", "phone_hours": ""},
    )

    assert page.status_code == 200
    assert "Telefoonnummer" in page.content.decode()
    assert saved.status_code == 302
    assert corporation_contact()["phone"] == "010 123 45 67"


def test_a_committee_member_does_not(client, member):
    client.force_login(member)

    response = client.get("/admin/settings/portal/corporationcontact/", follow=True)

    assert "Telefoonnummer" not in response.content.decode()
