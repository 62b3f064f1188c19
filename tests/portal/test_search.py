"""/zoeken/: Dutch search over buildings, activities and news; only live, public pages; flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from activities import services as activity_services
from activities.models import ActivityCategory, Recurrence
from committees.factories import NewsPageFactory
from portal.search import clean_query, search_terms
from tests.portal.search_page import hits, next_time, titles

pytestmark = pytest.mark.django_db

URL = "/zoeken/"
STEMMING = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming needs PostgreSQL's Dutch text-search configuration; SQLite FTS5 matches whole words only",
)


def test_empty_query_shows_just_the_form(client, building):
    response = client.get(URL, {"q": "   "})

    assert response.status_code == 200
    assert 'for="zoekterm"' in response.text
    assert 'name="q"' in response.text
    assert response.context["page_obj"] is None
    assert "resultaten voor" not in response.text


def test_the_site_menu_links_to_search(client, building):
    assert 'href="/zoeken/"' in client.get("/").text


def test_finds_an_activity_by_a_dutch_word_in_its_description(client, make_activity, building):
    make_activity(title="Samen op pad", description="<p>Een rustige wandeling door het park, met koffie na afloop.</p>")
    make_activity(title="Bingo", description="<p>Met mooie prijzen.</p>")

    response = client.get(URL, {"q": "wandeling"})

    assert titles(response) == ["Samen op pad"]
    assert "1 resultaat voor ‘wandeling’" in response.text
    assert "Activiteit" in response.text
    assert "Een rustige wandeling door het park" in response.text


def test_finds_buildings_by_street_town_and_description(client, make_building):
    make_building(
        title="De Eik",
        street_address="Eikenlaan 4",
        city="Amersfoort",
        description="Een rustig gebouw met een grote tuin.",
    )
    make_building(title="De Berk", street_address="Berkenweg 1", city="Utrecht")

    assert titles(client.get(URL, {"q": "Amersfoort"})) == ["De Eik"]
    assert titles(client.get(URL, {"q": "eikenlaan"})) == ["De Eik"]
    assert titles(client.get(URL, {"q": "tuin"})) == ["De Eik"]
    assert "Gebouw" in client.get(URL, {"q": "tuin"}).text


def test_finds_news_by_intro_and_body_and_labels_it(client, committee):
    NewsPageFactory(
        parent=committee,
        title="Nieuwe bankjes",
        intro="Er staan drie nieuwe bankjes in de tuin.",
        body="<p>De schilder komt in september.</p>",
    )

    by_intro = client.get(URL, {"q": "bankjes"})
    by_body = client.get(URL, {"q": "schilder"})

    assert titles(by_intro) == ["Nieuwe bankjes"]
    assert titles(by_body) == ["Nieuwe bankjes"]
    assert "Nieuws" in by_intro.text
    assert "De Linde" in by_intro.text  # the building the committee belongs to


def test_finds_an_activity_by_its_category(client, make_activity, committee):
    make_activity(
        title="Stoelgym", category=ActivityCategory.objects.get(slug="bewegen"), description="<p>Op een stoel.</p>"
    )
    make_activity(
        title="Koffie",
        category=ActivityCategory.objects.get(slug="koffie-en-ontmoeting"),
        description="<p>Gezellig.</p>",
    )

    assert titles(client.get(URL, {"q": "bewegen"})) == ["Stoelgym"]


def test_shows_the_next_date_of_an_activity(client, make_activity):
    """The first date is cancelled, so the next one is the week after."""
    activity = make_activity(title="Stoelgym", recurrence=Recurrence.WEEKLY, until=timezone.localdate() + timedelta(60))
    activity.cancelled_dates.create(date=activity.start_date)
    activity_services.occurrences_sync(activity=activity)
    second = activity.occurrences.order_by("start")[1]

    response = client.get(URL, {"q": "stoelgym"})

    assert next_time(second.start) in hits(response)[0].text
    assert next_time(activity.occurrences.order_by("start")[0].start) not in response.text


@STEMMING
def test_a_stemmed_form_finds_the_page(client, make_activity, committee):
    make_activity(title="Samen op pad", description="<p>Een rustige wandeling door het park.</p>")
    NewsPageFactory(parent=committee, title="Verslag", intro="Het verslag van de vergadering over de huisregels.")

    assert titles(client.get(URL, {"q": "wandelingen"})) == ["Samen op pad"]
    assert titles(client.get(URL, {"q": "wandelen"})) == ["Samen op pad"]
    assert titles(client.get(URL, {"q": "vergaderingen"})) == ["Verslag"]
    assert titles(client.get(URL, {"q": "huisregel"})) == ["Verslag"]


def test_drafts_and_private_pages_are_not_found(client, committee, other_committee, make_activity):
    NewsPageFactory(parent=committee, title="Openbaar bericht", intro="Over de verbouwing van de hal.")
    NewsPageFactory(parent=committee, title="Concept", intro="Over de verbouwing, nog niet klaar.", live=False)
    NewsPageFactory(parent=other_committee, title="Alleen voor leden", intro="Over de verbouwing, voor leden.")
    make_activity(parent=other_committee, title="Besloten", description="<p>Overleg over de verbouwing.</p>")
    PageViewRestriction.objects.create(page=other_committee, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(URL, {"q": "verbouwing"})

    assert titles(response) == ["Openbaar bericht"]
    assert "Concept" not in response.text
    assert "Alleen voor leden" not in response.text
    assert "Besloten" not in response.text


def test_a_restricted_building_hides_what_is_below_it(client, building, committee, make_activity):
    make_activity(title="Stoelgym")
    PageViewRestriction.objects.create(page=building, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert titles(client.get(URL, {"q": "stoelgym"})) == []
    assert titles(client.get(URL, {"q": "linde"})) == []


def test_no_results_gives_helpful_dutch_advice(client, building):
    response = client.get(URL, {"q": "xylofoon"})

    assert response.status_code == 200
    assert "Niets gevonden voor ‘xylofoon’" in response.text
    assert "Misschien helpt dit:" in response.text
    assert "Kijk of het woord goed gespeld is." in response.text
    assert 'href="/activiteiten/"' in response.text


def test_every_word_first_then_any_word(client, make_activity):
    make_activity(title="Stoelgym", description="<p>Bewegen op een stoel.</p>")
    make_activity(title="Koersbal", description="<p>Een balspel op het tapijt.</p>")

    every = client.get(URL, {"q": "stoelgym stoel"})
    anyword = client.get(URL, {"q": "stoelgym balspel"})

    assert titles(every) == ["Stoelgym"]
    assert every.context["all_words"] is True
    assert set(titles(anyword)) == {"Stoelgym", "Koersbal"}
    assert anyword.context["all_words"] is False
    assert "Geen pagina bevat al deze woorden samen." in anyword.text


@pytest.mark.parametrize(
    "query", ['"stoelgym', "stoelgym*", "'stoelgym'", "stoelgym AND OR NOT (", "-", "!!!", "stoel\x00gym", "é" * 300]
)
def test_odd_input_does_not_break_the_page(client, make_activity, query):
    make_activity(title="Stoelgym")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    if "stoelgym" in query:
        assert "Stoelgym" in titles(response)


def test_clean_query_and_search_terms():
    assert clean_query("  koffie\x00  ochtend\n ") == "koffie ochtend"
    assert clean_query(None) == ""
    assert len(clean_query("a" * 500)) == 100
    assert search_terms('"koffie*" (ochtend) Sint-Jansstraat - !') == ["koffie", "ochtend", "Sint-Jansstraat"]


def test_ten_a_page_and_the_query_is_kept(client, committee):
    for n in range(15):
        NewsPageFactory(parent=committee, title=f"Bingo {n}", intro="Op vrijdag is er bingo.")

    first = client.get(URL, {"q": "bingo"})
    second = client.get(URL, {"q": "bingo", "pagina": 2})

    assert "15 resultaten voor ‘bingo’" in first.text
    assert len(hits(first)) == 10
    assert len(hits(second)) == 5
    assert "q=bingo&amp;pagina=2" in first.text
    assert not set(titles(first)) & set(titles(second))


def _queries(client, query):
    client.get(URL, {"q": query})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"q": query}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_results(
    client, no_page_cache, make_building, committee, platform, make_activity, django_assert_max_num_queries, monkeypatch
):
    """A few matches of every kind, then many more: the same number of queries.

    The page is made large enough to show every result, so that each kind is on it both times
    whatever order the backend ranks them in (SQLite's and PostgreSQL's ranking differ).
    """
    from portal import search_views

    def add(n):
        make_building(title=f"Zonnehof {n}", street_address=f"Zonnelaan {n}", city="Zeist")
        make_activity(title=f"Zonnehof wandeling {n}", description="<p>Samen naar buiten en terug.</p>")
        NewsPageFactory(parent=committee, title=f"Zonnehof nieuws {n}")
        NewsPageFactory(parent=platform, title=f"Zonnehof platform {n}")

    for n in range(2):
        add(n)
    with django_assert_max_num_queries(12):
        assert len(hits(client.get(URL, {"q": "zonnehof"}))) == 8
    monkeypatch.setattr(search_views, "PER_PAGE", 100)
    few = _queries(client, "zonnehof")
    for n in range(2, 15):
        add(n)

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "zonnehof"})
    assert len(hits(response)) == 60
    assert {hit.kind for hit in hits(response)} == {"gebouw", "activiteit", "nieuws"}
    assert _queries(client, "zonnehof") == few
    monkeypatch.setattr(search_views, "PER_PAGE", 20)
    with django_assert_max_num_queries(12):
        assert len(hits(client.get(URL, {"q": "zonnehof"}))) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's (SQLite searches FTS5)")
def test_postgresql_finds_the_matches_through_an_index_on_what_the_search_compares(building):
    """Wagtail's search compares `title || body`; without an index on that expression every search read every
    entry (migration portal 0018)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry' AND indexname = %s",
            ["portal_search_title_body_gin"],
        )
        (definition,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small test table: ask whether the index can serve
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ to_tsquery('dutch', 'linde')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "gin" in definition
    assert "(title || body)" in definition
    assert "portal_search_title_body_gin" in plan


def test_the_same_words_again_cost_no_search_query_and_a_new_page_shows_at_once(client, committee, resident):
    """A logged-in resident is never served a stored page, but the results are the same for everyone: kept."""
    NewsPageFactory(parent=committee, title="Bingo in de zaal", intro="Op vrijdag is er bingo.")
    client.force_login(resident)
    assert titles(client.get(URL, {"q": "bingo"})) == ["Bingo in de zaal"]

    with CaptureQueriesContext(connection) as again:
        assert titles(client.get(URL, {"q": "bingo"})) == ["Bingo in de zaal"]
        searched = [query["sql"] for query in again if "wagtailsearch" in query["sql"] or "fts" in query["sql"].lower()]
    NewsPageFactory(parent=committee, title="Bingo met prijzen", intro="Mooie prijzen.")
    after = client.get(URL, {"q": "bingo"})

    assert searched == []
    assert sorted(titles(after)) == ["Bingo in de zaal", "Bingo met prijzen"]


def test_kept_results_move_on_once_the_next_date_they_show_has_ended(client, make_activity):
    first = make_activity(
        title="Stoelgym", recurrence=Recurrence.WEEKLY, until=timezone.localdate() + timedelta(days=30)
    )
    dates = list(first.occurrences.order_by("start"))
    # A cookie the page cache does not know (as a session would be): the page is rendered, the results kept.
    before = hits(client.get(URL, {"q": "stoelgym"}, HTTP_COOKIE="bench=1"))[0].text
    later = dates[0].end + timedelta(minutes=1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: later)
        after = hits(client.get(URL, {"q": "stoelgym"}, HTTP_COOKIE="bench=1"))[0].text

    assert next_time(dates[0].start) in before
    assert next_time(dates[1].start) in after


def test_the_kept_hits_are_in_the_visitors_language(client, make_activity):
    """The hits are rendered once and kept (`portal.search.results_page`): one copy per language, so a visitor
    who chose English after someone searched in Dutch reads English."""
    make_activity(title="Stoelgym")
    dutch = client.get(URL, {"q": "stoelgym"}, HTTP_COOKIE="bench=1")
    english = client.get(URL, {"q": "stoelgym"}, HTTP_COOKIE="bench=1; taal=en")

    assert "Volgende keer:" in hits(dutch)[0].text
    assert "Next time:" in hits(english)[0].text
    assert "Volgende keer:" not in english.text
