"""Months and dates in URLs: outside the years of `portal.localtime` (2000–2100) a 404 or a message in the filter
form, never a 500. `/activiteiten/kalender/?maand=0001-01`, `?maand=9999-12` and `/gebouwen/<gebouw>/programma/
9999-12/` were 500s (Python's date and calendar overflow), and so was `/nieuws/?commissie=<a huge number>`."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FINE = {200, 302, 400, 404}  # 400: a calendar feed with a filter value it does not know says so (issue 16)


@pytest.fixture
def pages(client, building, committee, make_activity):
    """An activity in the listings, and a client that answers a 500 instead of raising it."""
    make_activity()
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/activiteiten/kalender/?maand=0001-01", 404),
        ("/activiteiten/kalender/?maand=9999-12", 404),
        ("/activiteiten/kalender/?maand=2101-01", 404),
        ("/activiteiten/kalender/?maand=2026-13", 404),
        ("/activiteiten/kalender/?maand=morgen", 404),
        ("/activiteiten/kalender/?maand=2100-12&gebouw=de-linde", 200),
        ("/activiteiten/kalender/?maand=2000-01&gebouw=de-linde", 200),
        ("/activiteiten/kalender/", 302),  # to one building's calendar,
        ("/gebouwen/de-linde/programma/9999-12/", 404),
        ("/gebouwen/de-linde/programma/0001-01/", 404),
        ("/gebouwen/de-linde/programma/2026-00/", 404),
        ("/gebouwen/de-linde/programma/2100-12/", 200),
        ("/nieuws/?commissie=99999999999999999999999", 200),
        ("/nieuws/?commissie=-1", 200),
    ],
)
def test_months_outside_the_range_are_a_404_not_a_500(pages, url, status):
    assert pages.get(url).status_code == status


def test_the_last_month_has_no_link_to_the_next(pages):
    page = pages.get("/activiteiten/kalender/?maand=2100-12&gebouw=de-linde").text

    assert "Vorige maand" in page
    assert "Volgende maand" not in page


@pytest.mark.parametrize("parameter", ["van", "tot"])
@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_filter_outside_the_range_says_so_in_dutch(pages, parameter, day):
    response = pages.get("/activiteiten/", {parameter: day})

    assert response.status_code == 200
    assert "Kies een datum tussen" in response.text
    feed = pages.get("/activiteiten/agenda.ics", {parameter: day})
    assert feed.status_code == 400  # the feed says which filter it does not understand, in Dutch
    assert "Kies een datum tussen" in feed.text


MONTHS = st.one_of(
    st.tuples(st.integers(-10, 100_000), st.integers(-1, 14)).map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}"),
    st.sampled_from(["0000-00", "0001-01", "9999-12", "2100-12", "2101-01", "1999-12", "+202-01", "２０２６-０１"]),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "31-12-9999", "2026-02-30", "1.1.1"]),
    st.text(max_size=12),
)
IDS = st.one_of(st.integers(-(2**70), 2**70).map(str), st.text(max_size=12))
TEXT = st.text(max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(month=MONTHS, day=DATES, other_day=DATES, committee_id=IDS, words=TEXT)
def test_no_parameter_makes_a_500(pages, month, day, other_day, committee_id, words):
    """Arbitrary strings and extreme months and dates in every month and date parameter of the public pages."""
    year_month = month if len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit() else None
    answers = [
        pages.get("/activiteiten/kalender/", {"maand": month, "van": day, "tot": other_day}),
        pages.get("/activiteiten/", {"van": day, "tot": other_day, "periode": words, "pagina": words}),
        pages.get("/activiteiten/agenda.ics", {"van": day, "tot": other_day, "categorie": words}),
        pages.get("/nieuws/", {"commissie": committee_id, "soort": words, "gebouw": words, "pagina": committee_id}),
        pages.get("/zoeken/", {"q": words, "pagina": committee_id}),
    ]
    if year_month is not None and year_month.isascii():
        answers.append(pages.get(f"/gebouwen/de-linde/programma/{year_month}/"))

    assert {response.status_code for response in answers} <= FINE, [
        (response.request["PATH_INFO"], response.request["QUERY_STRING"], response.status_code)
        for response in answers
        if response.status_code not in FINE
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/rondleidingen/?start_after=0001-01-01&start_before=9999-12-31",
        "/admin/rondleidingen/new/?gebouw=99999999999999999999999",  # was an OverflowError
        "/admin/rondleidingen/new/?gebouw=abc",  # was a ValueError
        "/admin/rapporten/deelname/?van=0001-01&tot=9999-12",
    ],
)
def test_the_admins_parameters_make_no_500_either(client, moderator, building, url):
    client.force_login(moderator)
    client.raise_request_exception = False

    assert client.get(url).status_code == 200
