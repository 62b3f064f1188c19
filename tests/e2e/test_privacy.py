"""A resident downloads their data and deletes their account; staff delete an account on request."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.factories import DEMO_PASSWORD
from tests.e2e.a11y import format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def residents_life(activity, resident, building, caretaker):
    """Truus is signed up for Stoelgym and wrote to the caretaker."""
    from activities import services as activities
    from committees import services as committees

    occurrence = activity.occurrences.order_by("start").first()
    activities.registration_create(occurrence=occurrence, user=resident)
    committees.message_create(
        building=building, sender=resident, category="klusje", subject="Lamp in de hal", body="De lamp is kapot."
    )
    return occurrence


def test_resident_downloads_their_data(page, login_as, audit, residents_life, resident, other_resident, tmp_path):
    login_as(page.context, resident)
    page.goto("/mijn/")
    expect(page.get_by_role("heading", name="Mijn commissies")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("herinnering per e-mail"))).to_be_checked()
    audit.check(page, "mijn")

    page.get_by_role("link", name="Mijn gegevens downloaden").click()
    expect(page).to_have_url(re.compile(r"/mijn/gegevens/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    main = page.get_by_role("main")
    expect(main).to_contain_text("bewoner@example.org")
    expect(main).to_contain_text("Lamp in de hal")
    expect(main).to_contain_text("Stoelgym")
    expect(main).not_to_contain_text("buurman@example.org")
    audit.check(page, "mijn-gegevens")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download mijn gegevens als bestand").click()
    download = download_info.value
    assert download.suggested_filename == "mijn-gegevens-bewonersportaal.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(Path(saved).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "bewoner@example.org"
    assert [m["subject"] for m in data["caretaker_messages"]] == ["Lamp in de hal"]
    assert [r["activity"] for r in data["registrations"]] == ["Stoelgym"]
    assert "buurman@example.org" not in saved.read_text(encoding="utf-8")

    audit.assert_no_violations()


def test_resident_deletes_their_account(page, login_as, audit, mailoutbox, residents_life, resident, other_resident):
    from activities import services as activities
    from activities.models import Occurrence, RegistrationStatus
    from portal.models import User

    # Stoelgym is full after Truus; her neighbour waits for a place.
    Occurrence.objects.filter(pk=residents_life.pk).update(seats_taken=12)
    waiting = activities.registration_create(occurrence=residents_life, user=other_resident)
    assert waiting.status == RegistrationStatus.WAITING
    mailoutbox.clear()

    login_as(page.context, resident)
    page.goto("/mijn/")
    page.get_by_role("link", name="Mijn account verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account verwijderen")
    expect(page.get_by_role("main")).to_contain_text("wachtlijst")
    audit.check(page, "account-verwijderen")

    page.get_by_role("button", name="Ja, verwijder mijn account").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig dat u het bent")
    audit.check(page, "bevestig-dat-u-het-bent")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(re.compile(r"/account-verwijderd/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw account is verwijderd")
    expect(page.get_by_role("link", name="Inloggen", exact=True)).to_be_visible()
    audit.check(page, "account-verwijderd")

    page.goto("/mijn/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    user = User.objects.get(pk=resident.pk)
    assert user.email == f"verwijderd-{resident.pk}@anoniem.invalid"
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mailoutbox] == [["buurman@example.org"]]

    audit.assert_no_violations()


def test_resident_without_a_password_confirms_the_deletion_with_a_code(page, login_as, audit, mailoutbox, resident):
    """An account made by staff, used with e-mailed codes only: allauth's re-authentication by code."""
    from portal.models import User

    resident.set_unusable_password()
    resident.save()
    login_as(page.context, resident)
    page.goto("/mijn/account-verwijderen/")
    page.get_by_role("button", name="Ja, verwijder mijn account").click()

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig dat u het bent")
    expect(page.get_by_role("main")).to_contain_text("een code naar bewoner@example.org")
    audit.check(page, "code-aanvragen")
    page.get_by_role("button", name="Stuur mij de code").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
    audit.check(page, "code-invullen")
    code = re.search(r"\b(\d{3,4}-\d{3,4})\b", mailoutbox[-1].body).group(1)
    page.get_by_role("textbox").fill(code)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(re.compile(r"/account-verwijderd/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw account is verwijderd")
    assert User.objects.get(pk=resident.pk).anonymised_at is not None
    audit.assert_no_violations()


def test_staff_delete_an_account_on_request(page, login_as, moderator, resident):
    from wagtail.models import ModelLogEntry

    login_as(page.context, moderator)
    page.goto("/admin/accounts-verwijderen/")
    main = page.locator("#main")  # the admin's sidebar has a search of its own
    main.get_by_role("searchbox", name="E-mailadres of naam").fill("bewoner@example.org")
    main.get_by_role("button", name="Zoeken").click()
    row = main.get_by_role("row", name=re.compile("bewoner@example.org"))
    expect(row).to_contain_text("De Linde")
    admin_violations = {"zoeken": run_axe(page)}

    row.get_by_role("link", name=re.compile("Verwijderen")).click()
    expect(main).to_contain_text("bewoner@example.org")
    admin_violations["bevestigen"] = run_axe(page)
    page.get_by_role("button", name="Ja, verwijder dit account").click()

    expect(page.get_by_text(re.compile("Het account van .* is verwijderd."))).to_be_visible()
    resident.refresh_from_db()
    assert resident.anonymised_at is not None
    assert ModelLogEntry.objects.get(action="portal.account_anonymise").user_id == moderator.pk
    problems = {name: format_violations(found) for name, found in admin_violations.items() if found}
    assert not problems, "axe-core violations on the admin pages:\n" + "\n".join(
        f"{name}:\n{text}" for name, text in problems.items()
    )
