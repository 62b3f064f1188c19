"""The tenants' platform's view over time: open matters per month, category and building; a page and a download."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees import selectors, services
from committees.models import CaretakerMessage, MessageStatus
from portal.localtime import local_datetime
from tests.spreadsheets import csv_dicts, csv_rows, xlsx_dicts

pytestmark = pytest.mark.django_db

URL = "/huurdersplatform/verloop/"


def month(back: int) -> date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def message(building, sender, category, *, sent: date, done: date | None = None, subject="Lamp kapot"):
    """A message sent (and done) on a day at 10:00 and 11:00 Dutch time, through the services."""
    made = services.message_create(building=building, sender=sender, category=category, subject=subject, body="…")
    changes = {"created_at": local_datetime(sent, time(10))}
    if done:
        changes.update(status=MessageStatus.DONE, done_at=local_datetime(done, time(11)))
    CaretakerMessage.objects.filter(pk=made.pk).update(**changes)
    return made


@pytest.fixture
def history(building, other_building, resident, platform_member):
    """De Linde: a small job from two months ago done last month, a question from last month still open.
    Het Anker: a small job from fourteen months ago still open, a concern sent and done this month."""
    message(building, resident, "klusje", sent=month(2), done=month(1), subject="Geheim onderwerp")
    message(building, resident, "vraag", sent=month(1))
    message(other_building, platform_member, "klusje", sent=month(14))
    message(other_building, platform_member, "zorg", sent=month(0), done=month(0))


def test_open_matters_per_month_category_and_building(history, building, other_building):
    trend = selectors.platform_trend()

    assert [m.month for m in trend.months] == [month(back) for back in range(11, -1, -1)]
    by_month = {m.month: m for m in trend.months}
    assert by_month[month(11)].open == {"klusje": 1, "schoon_heel_veilig": 0, "vraag": 0, "zorg": 0}
    assert (by_month[month(2)].open["klusje"], by_month[month(2)].raised) == (2, 1)
    assert (by_month[month(1)].open["klusje"], by_month[month(1)].open["vraag"]) == (1, 1)
    assert (by_month[month(0)].open_total, by_month[month(0)].raised) == (2, 1)
    buildings = {row.building.title: row for row in trend.buildings}
    assert buildings["De Linde"].open == [0] * 9 + [1, 1, 1]
    assert buildings["De Linde"].raised == 2
    assert buildings["Het Anker"].open == [1] * 12
    assert buildings["Het Anker"].raised == 1  # the one from fourteen months ago is before the year shown


def test_the_queries_do_not_grow_with_messages_or_buildings(
    client, platform, platform_member, building, resident, make_building, other_caretaker
):
    client.force_login(platform_member)

    def queries():
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        assert response.status_code == 200
        return len(captured.captured_queries)

    message(building, resident, "klusje", sent=month(3))
    few = queries()
    for n in range(4):  # a caretaker serves at most five buildings
        extra = make_building(title=f"Gebouw {n}", caretaker=other_caretaker)
        for back in range(6):
            message(extra, platform_member, "vraag", sent=month(back), done=month(0) if back % 2 else None)
    many = queries()

    assert few == many <= 10


def test_platform_members_and_staff_see_it_others_do_not(client, platform, platform_member, resident, moderator):
    assert client.get(URL).status_code == 302  # to the log-in
    client.force_login(resident)
    assert client.get(URL).status_code == 403
    for user in (platform_member, moderator):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_the_page_has_the_chart_and_its_tables_without_names(client, history, platform_member, resident):
    client.force_login(platform_member)

    response = client.get(URL)

    text = response.text
    assert "private" in response["Cache-Control"]
    assert 'class="trend-chart__bar"' in text
    assert "<rect" in text
    assert "style=" not in text  # the production CSP allows no inline style
    assert "Klein klusje" in text
    assert "De Linde" in text
    assert "Het Anker" in text
    assert "Geheim onderwerp" not in text
    assert "Truus" not in text
    assert resident.email not in text


def test_the_platform_page_links_to_it_for_members_only(client, platform, platform_member):
    assert URL not in client.get("/huurdersplatform/").text
    client.force_login(platform_member)
    assert URL in client.get("/huurdersplatform/").text


def test_the_csv_opens_in_dutch_excel(client, history, platform_member):
    client.force_login(platform_member)

    response = client.get(URL, {"export": "csv"})

    assert f'filename="zaken-per-maand-{month(0):%Y-%m}.csv"' in response["Content-Disposition"]
    header = csv_rows(response)[0]
    assert header == [
        "Maand",
        "Gebouw",
        "Onderwerp",
        "Open aan het eind van de maand",
        "Nieuw gemeld in de maand",
    ]
    rows = csv_dicts(client.get(URL, {"export": "csv"}))
    question = next(row for row in rows if row["Onderwerp"] == "Vraag" and row["Maand"] == f"{month(1):%d-%m-%Y}")
    assert (question["Gebouw"], question["Open aan het eind van de maand"], question["Nieuw gemeld in de maand"]) == (
        "De Linde",
        "1",
        "1",
    )
    assert all("Geheim" not in value for row in rows for value in row.values())


def test_the_xlsx_has_real_months_and_numbers_and_no_formulas(
    client, history, platform_member, make_building, caretaker
):
    formula = make_building(title='=HYPERLINK("https://example.net","klik")', caretaker=caretaker)
    message(formula, platform_member, "vraag", sent=month(0))
    client.force_login(platform_member)

    rows = xlsx_dicts(client.get(URL, {"export": "xlsx"}))

    assert all(row["Maand"].is_date for row in rows)
    assert {row["Maand"].value for row in rows} >= {datetime(month(0).year, month(0).month, 1)}
    assert all(row["Open aan het eind van de maand"].data_type == "n" for row in rows)
    formula = next(row["Gebouw"] for row in rows if "HYPERLINK" in row["Gebouw"].value)
    assert (formula.value, formula.data_type) == ('\'=HYPERLINK("https://example.net","klik")', "s")
