"""The month calendar /activiteiten/kalender/: one building at a time, links that say what they lead to."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities import services as activity_services
from committees import services as committee_services
from committees.models import CommitteeKind
from portal import page_cache

pytestmark = pytest.mark.django_db

URL = "/activiteiten/kalender/"


class _Links(HTMLParser):
    """Per calendar cell the full text of each link (visible and visually hidden), and all visible text."""

    def __init__(self):
        super().__init__()
        self.cells: list[list[str]] = []
        self._link: list[str] | None = None
        self._skip = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "td" and "calendar__day" in classes:
            self.cells.append([])
        if tag == "a" and "calendar__item" in classes:
            self._link = []
        if tag in {"script", "style", "title"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.cells[-1].append(" ".join("".join(self._link).split()))
            self._link = None
        if tag in {"script", "style", "title"}:
            self._skip -= 1

    def handle_data(self, data):
        if self._link is not None:
            self._link.append(data)
        if not self._skip:
            self.text.append(data)


def _parse(response) -> _Links:
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def two_buildings(make_activity, other_building):
    """A 'Koffieochtend' at 10:00 on the same day in De Linde and in Het Anker."""
    day = timezone.localdate() + timedelta(days=1)
    other_committee = committee_services.committee_create(
        parent=other_building,
        title="Bewonerscommissie Het Anker",
        kind=CommitteeKind.RESIDENTS,
        description="Wij spreken namens de bewoners.",
        contact_email="bc-anker@example.org",
    )
    linde = make_activity(title="Koffieochtend Linde", start_date=day)
    anker = make_activity(title="Koffieochtend Anker", start_date=day, parent=other_committee)
    return day, linde, anker


def test_resident_sees_own_building_by_default(client, resident, two_buildings):
    day, _linde, _anker = two_buildings
    client.force_login(resident)

    response = client.get(URL, {"maand": f"{day:%Y-%m}"}, follow=True)

    assert response.redirect_chain[-1][0].endswith("gebouw=de-linde")
    assert response.status_code == 200
    assert "Koffieochtend Linde" in response.text
    assert "Koffieochtend Anker" not in response.text
    assert "Activiteiten in De Linde" in response.text


def test_other_building_by_query_parameter(client, resident, two_buildings):
    day, _linde, _anker = two_buildings
    client.force_login(resident)

    response = client.get(URL, {"maand": f"{day:%Y-%m}", "gebouw": "het-anker"})

    assert "Koffieochtend Anker" in response.text
    assert "Koffieochtend Linde" not in response.text


def test_anonymous_sees_one_building_and_a_chooser(client, two_buildings):
    day, _linde, _anker = two_buildings

    response = client.get(URL, {"maand": f"{day:%Y-%m}"}, follow=True)

    assert response.status_code == 200
    assert "Kies een gebouw" in response.text
    # the first building alphabetically: De Linde before Het Anker
    assert "Koffieochtend Linde" in response.text
    assert "Koffieochtend Anker" not in response.text


def test_anonymous_with_building_cookie_sees_that_building(client, other_building, two_buildings):
    day, _linde, _anker = two_buildings
    client.cookies["gebouw"] = str(other_building.pk)

    response = client.get(URL, {"maand": f"{day:%Y-%m}"}, follow=True)

    assert "Koffieochtend Anker" in response.text
    assert "Koffieochtend Linde" not in response.text


def test_unknown_building_is_a_clear_400(client, two_buildings):
    response = client.get(URL, {"gebouw": "bestaat-niet"})

    assert response.status_code == 400
    assert "Deze kalender bestaat niet" in response.text


def test_links_in_a_cell_are_unique_and_name_day_and_building(client, make_activity, two_buildings):
    day, _linde, _anker = two_buildings
    make_activity(title="Bingo", start_date=day)

    parser = _parse(client.get(URL, {"maand": f"{day:%Y-%m}", "gebouw": "de-linde"}))

    links = [link for cell in parser.cells for link in cell]
    assert links, "the calendar shows the activities"
    assert all("De Linde" in link for link in links)
    assert all(f"{day:%-d}" in link for link in links)
    for cell in parser.cells:
        assert len(set(cell)) == len(cell)


def test_query_count_does_not_grow(client, make_activity, django_assert_max_num_queries, no_page_cache):
    day = timezone.localdate() + timedelta(days=1)
    for n in range(15):
        make_activity(title=f"Activiteit {n}", start_date=day)

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"maand": f"{day:%Y-%m}", "gebouw": "de-linde"})

    assert response.text.count('class="calendar__item"') == 15


def test_queries_are_the_same_for_two_or_twenty_dates(client, make_activity, no_page_cache):
    """Each date's link is made once (no `{% pageurl %}` per date, no query per activity or building)."""
    day = timezone.localdate() + timedelta(days=1)
    month = {"maand": f"{day:%Y-%m}", "gebouw": "de-linde"}
    make_activity(title="Bingo", start_date=day)
    make_activity(title="Sjoelen", start_date=day)
    client.get(URL, month)  # what the cache keeps for every page (the site's root paths) read once
    page_cache.invalidate_buildings(["de-linde"], listed=False)  # the month's dates are worked out again
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, month).text.count('class="calendar__item"') == 2
    for n in range(18):
        make_activity(title=f"Activiteit {n}", start_date=day + timedelta(days=n % 3))

    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, month)

    assert len(many) == len(few)
    parser = _parse(response)
    in_month = sum(1 for n in range(18) if (day + timedelta(days=n % 3)).month == day.month)
    assert len([link for cell in parser.cells for link in cell]) == 2 + in_month
    assert response.text.count('class="card__title"') == 2 + in_month  # and once in the list per day


def test_no_jargon_in_activity_pages(client, resident, make_activity):
    activity = make_activity(title="Bingo", capacity=10)
    client.force_login(resident)

    for url in (activity.url, URL, "/activiteiten/"):
        text = " ".join(_parse(client.get(url, follow=True)).text)
        for word in ("introducé", "Introducé", "iCal", ".ics", "Atom"):
            assert word not in text, f"{word} on {url}"


def test_a_second_look_reads_no_dates_and_a_sign_up_shows_at_once(client, make_activity, resident, no_page_cache):
    """The month's dates are kept with the building's pages for everyone (logged-in residents and every filter,
    which the page cache does not serve): a second look reads no date, and a sign-up in the building clears them,
    so the places left are right for the next person at once."""
    day = timezone.localdate() + timedelta(days=1)
    month = {"maand": f"{day:%Y-%m}", "gebouw": "de-linde"}
    activity = make_activity(title="Bingo", start_date=day, capacity=10, signup_required=True)
    first = client.get(URL, month).text
    with CaptureQueriesContext(connection) as again:
        second = client.get(URL, month).text

    activity_services.registration_create(
        occurrence=activity.occurrences.get(), user=resident, guests=0, made_by=resident
    )
    after = client.get(URL, month).text

    assert not [query for query in again.captured_queries if "activities_occurrence" in query["sql"]]
    assert second == first
    assert "10 plaatsen" in first
    assert "9 plaatsen" in after
