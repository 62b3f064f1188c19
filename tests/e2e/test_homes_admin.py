"""Staff put the corporation's homes in the portal: import the list, print the activation letters for a building,
and mark that the tenants of a home moved out. The admin pages run under the production CSP; the letter's code
then works for a new tenant."""

import re

import pytest
from playwright.sync_api import expect

from portal import permissions, services
from portal.factories import UserFactory
from portal.models import Home, Residency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIST = "gebouw,huisnummer,postcode,vhe\nDe Linde,1,3512 AB,VHE-1\nDe Linde,2,3512 AB,VHE-2\nDe Linde,3,3512AB,VHE-3\n"


def test_staff_import_the_homes_print_the_letters_and_mark_a_move(page, audit, login_as, moderator, building, tmp_path):
    csv = tmp_path / "woningen.csv"
    csv.write_text(LIST, encoding="utf-8")
    login_as(page.context, moderator)

    # Import: first what would change, then confirm.
    page.goto("/admin/woningen/")
    page.get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", name="Woningen importeren")).to_be_visible()
    page.get_by_label("Bestand met woningen").set_input_files(csv)
    page.get_by_role("button", name="Bekijk wat er verandert").click()
    expect(page.get_by_text("Dit bestand geeft 3 nieuwe woningen, 0 bijgewerkt en 0 ongewijzigd.")).to_be_visible()
    assert not Home.objects.exists()
    audit.check(page, "woningen-importeren")
    page.get_by_role("button", name="Ja, lees deze woningen in").click()
    expect(page.get_by_text("Woningen ingelezen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(4)  # the header and three homes

    # The letters of De Linde: a PDF download, one page per home without a verified resident.
    page.get_by_role("link", name="Brieven afdrukken").click()
    page.get_by_label("Gebouw").select_option(label="De Linde")
    page.get_by_role("button", name="Toon de woningen").click()
    expect(page.get_by_text("3 brieven voor woningen zonder bevestigde bewoner:")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Maak de codes en download de brieven (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    codes = re.findall(rb"\(([A-Z2-8]{4}-[A-Z2-8]{4}-[A-Z2-8]{2})\) Tj", pdf)
    assert len(codes) == 3

    # A new tenant uses one; then they move out, and staff mark it.
    tenant = UserFactory()
    home = services.residency_activate(user=tenant, code=codes[0].decode()).home
    page.goto("/admin/woningen/")
    page.get_by_role("table").get_by_role("link", name=home.number, exact=True).click()
    page.get_by_role("button", name="Acties").click()  # the header's dropdown
    page.get_by_role("link", name="Bewoners verhuisd").click()
    expect(page.get_by_text(f"In {home} is 1 bewoner bevestigd.")).to_be_visible()
    audit.check(page, "bewoners-verhuisd")
    page.get_by_role("button", name="Ja, de bewoners zijn verhuisd").click()

    expect(page.get_by_text("1 bewoner(s) losgekoppeld")).to_be_visible()
    assert not Residency.objects.filter(ended_at__isnull=True).exists()
    assert not permissions.is_verified_resident(UserFactory._meta.model.objects.get(pk=tenant.pk))
