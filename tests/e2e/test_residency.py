"""A new tenant proves they live in their building with the code from the corporation's letter, and then signs up
for the building's own coffee morning; a caretaker confirms a resident at the door. Someone without a verified home
cannot sign up for it."""

import re

import pytest
from playwright.sync_api import expect

from activities.models import Registration, RegistrationStatus
from portal import services
from portal.factories import HomeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def coffee(make_activity, committee):
    """The building's own coffee morning: for verified residents of De Linde."""
    return make_activity(
        committee=committee, title="Koffieochtend", category="koffie-en-ontmoeting", capacity=40, residents_only=True
    )


def test_a_new_tenant_activates_with_the_code_from_the_letter_and_signs_up(
    page, audit, login_as, unverified_resident, building, coffee
):
    letter = services.home_code_issue(home=HomeFactory(building=building, number="14"))
    login_as(page.context, unverified_resident)

    # Without a verified home: no sign-up button, the way to get verified instead.
    page.goto(coffee.url)
    expect(page.get_by_text("Deze activiteit is alleen voor bewoners van De Linde.")).to_be_visible()
    expect(page.get_by_role("button", name="Aanmelden")).to_have_count(0)
    audit.check(page, "activiteit, niet bevestigd")
    page.get_by_role("link", name="Bevestig eerst uw woning").first.click()

    # The code as people type it: small letters, spaces.
    expect(page.get_by_role("heading", name="Mijn woning", level=1)).to_be_visible()
    audit.check(page, "mijn woning")
    page.get_by_label("Uw code").fill(letter.lower().replace("-", " "))
    page.get_by_label("Hoe mogen anderen u noemen?").fill("Nel van 14")
    page.get_by_role("button", name="Bevestig mijn woning").click()

    # Back at the coffee morning, with the confirmation, and now she can sign up.
    expect(page).to_have_url(re.compile(re.escape(coffee.url) + "$"))
    expect(page.locator(".messages[role=status]")).to_contain_text("Gelukt: u bent bevestigd als bewoner van")
    page.get_by_role("button", name="Aanmelden").first.click()
    expect(page.locator(".messages[role=status]")).to_contain_text("aangemeld")
    assert Registration.objects.get(user=unverified_resident).status == RegistrationStatus.CONFIRMED


def test_a_caretaker_confirms_a_resident_at_the_door(
    page, audit, login_as, caretaker_user, unverified_resident, building
):
    home = HomeFactory(building=building, number="14")
    login_as(page.context, caretaker_user)

    page.goto("/mijn/")
    page.get_by_role("link", name="Bewoners bevestigen").click()
    audit.check(page, "bewoners bevestigen")
    page.get_by_label("E-mailadres van de bewoner").fill(unverified_resident.email)
    page.locator("#id_bevestigen-home").select_option(value=str(home.pk))
    page.get_by_role("button", name="Bevestig deze bewoner").click()

    expect(page.locator(".messages[role=status]")).to_contain_text(
        f"{unverified_resident.email} is bevestigd als bewoner van"
    )
    expect(page.get_by_role("cell", name="1 van 1 woningen")).to_be_visible()
