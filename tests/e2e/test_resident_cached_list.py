"""Logged-in residents get `/activiteiten/` from the page cache's resident copy (`portal.page_cache`): the list is
stored once per own building, and what is personal is filled in for each request. This journey is what a wrong
key would show: one resident's building or log-out form on another's screen, or places that were just taken."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_list(page, url="/activiteiten/"):
    """Open the list and say whether the page cache answered (its `X-Page-Cache` header)."""
    response = page.goto(url)
    assert response.status == 200
    return response.headers.get("x-page-cache")


def test_two_residents_get_their_own_building_from_the_cached_list(
    new_context, audit, login_as, resident, other_resident, activity, other_activity
):
    truus = new_context()
    login_as(truus, resident)
    page = truus.new_page()

    assert open_list(page) == "miss"
    expect(page.get_by_role("link", name="Mijn gebouw: De Linde")).to_be_visible()
    expect(page.get_by_role("link", name="Mijn pagina")).to_be_visible()
    audit.check(page, "activiteiten-bewoner")
    assert open_list(page) == "hit"  # the resident copy, with her own parts filled in
    expect(page.get_by_role("link", name="Mijn gebouw: De Linde")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    # A neighbour of another building, logged in at the same time: the list is stored per own building.
    buurman = new_context()
    login_as(buurman, other_resident)
    other = buurman.new_page()
    open_list(other)
    expect(other.get_by_role("link", name="Mijn gebouw: Het Anker")).to_be_visible()
    expect(other.get_by_text("Mijn gebouw: De Linde")).to_have_count(0)

    # Truus's own building, one click; she signs up, and her building's list shows the place taken at once.
    page.get_by_role("link", name="Mijn gebouw: De Linde").click()
    expect(page).to_have_url(re.compile(r"gebouw=de-linde"))
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Stoelgym")).first
    expect(card).to_contain_text("Nog 12 plaatsen vrij")
    assert open_list(page, "/activiteiten/?gebouw=de-linde") == "hit"

    card.get_by_role("link", name="Stoelgym").click()
    page.get_by_role("button", name=re.compile("^Aanmelden")).first.click()
    expect(page.locator(".messages[role=status]")).to_contain_text("U bent aangemeld")

    assert open_list(page, "/activiteiten/?gebouw=de-linde") == "miss"  # the sign-up cleared De Linde's pages
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Stoelgym")).first
    expect(card).to_contain_text("Nog 11 plaatsen vrij")
    expect(page.locator(".messages")).to_have_count(0)  # the message was shown once, on the activity's page
    audit.check(page, "activiteiten-mijn-gebouw")

    # The neighbour's list was never Truus's.
    open_list(other, "/activiteiten/?gebouw=de-linde")
    expect(other.get_by_role("link", name="Mijn gebouw: Het Anker")).to_be_visible()
    expect(other.get_by_role("link", name="Mijn pagina")).to_be_visible()

    audit.assert_no_violations()
