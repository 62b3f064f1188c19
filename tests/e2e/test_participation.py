"""A moderator sees which buildings need attention from the charts, and exports the figures."""

import csv
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URL = "/admin/rapporten/deelname/"


@pytest.fixture
def corporation(activity, member, resident, other_building):
    """De Linde: an active committee whose Stoelgym was held last week, with Truus. Het Anker: nothing at all."""
    from activities import services as activities
    from activities.models import Occurrence

    last_week = activity.occurrences.order_by("start").first().start - timedelta(days=7)
    held = Occurrence.objects.create(activity=activity, start=last_week, end=last_week + timedelta(hours=1))
    activities.registration_create(occurrence=held, user=resident, now=last_week - timedelta(days=1))
    return held


def test_moderator_sees_the_buildings_that_need_attention_and_downloads_the_figures(
    page, login_as, moderator, corporation, tmp_path
):
    login_as(page.context, moderator)
    page.goto(URL)
    main = page.locator("#main")

    expect(main.get_by_role("heading", name="Gebouwen die aandacht vragen")).to_be_visible()
    # The chart is an image with a description; its numbers are in the table beside it.
    expect(main.get_by_role("img", name=re.compile("Gebouwen die aandacht vragen"))).to_be_visible()
    situations = main.locator("table[data-chart-table='aandacht']")
    expect(situations.get_by_role("row", name=re.compile("Geen commissie, geen activiteiten"))).to_contain_text("1")
    expect(situations.get_by_role("row", name=re.compile("In orde"))).to_contain_text("1")
    attention = main.locator("table.participation-attention")
    expect(attention.get_by_role("row", name=re.compile("Het Anker"))).to_contain_text(
        "geen actieve commissie en geen activiteiten"
    )
    expect(attention).not_to_contain_text("De Linde")
    expect(main.get_by_role("img", name=re.compile("Deelname per maand"))).to_be_visible()
    violations = run_axe(page)

    page.get_by_role("button", name="Acties").click()  # the report's menu in the admin's header
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    path = tmp_path / "deelname.csv"
    download_info.value.save_as(path)

    assert download_info.value.suggested_filename.startswith("deelname-")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, `;` between cells: Dutch Excel
    with path.open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    assert {row["Gebouw"] for row in rows} == {"De Linde", "Het Anker"}
    this_month = f"01-{corporation.start:%m-%Y}"
    de_linde = next(row for row in rows if row["Gebouw"] == "De Linde" and row["Maand"] == this_month)
    assert (de_linde["Activiteiten gehouden"], de_linde["Aanmeldingen zelf"], de_linde["Deelnemers"]) == ("1", "1", "1")
    assert not violations, "axe-core violations on the participation report:\n" + format_violations(violations)
