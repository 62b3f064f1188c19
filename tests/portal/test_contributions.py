"""What the feature apps contribute through `portal.registry`: the building page's sections and sub-routes, my
page's sections, the account-delete page's, and the search kinds. The core shows what is registered."""

import pytest
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from wagtail import hooks

from activities.models import ActivityPage
from committees.factories import NewsPageFactory
from committees.models import CommitteePage, NewsPage
from portal import registry
from portal.models import BuildingPage
from portal.search import SearchKind, search_hits, search_kinds, search_pages
from portal.sections import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_building_routes():
    """A building's sub-routes are read once per process (RoutablePageMixin caches its resolver on the class):
    forget them around a test that registers its own."""

    def forget():
        if "_routablepage_urlresolver" in BuildingPage.__dict__:
            del BuildingPage._routablepage_urlresolver

    forget()
    yield
    forget()


def test_the_building_page_shows_what_the_apps_contribute(
    client, no_page_cache, building, committee, make_activity, caretaker
):
    make_activity(title="Koersbal", parent=committee)
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes in de tuin")
    today = timezone.localdate()

    response = client.get(building.url)

    context = response.context
    assert [item.activity.title for item in context["upcoming_activities"]] == ["Koersbal"]
    assert context["committees"] == [committee]
    assert [item.pk for item in context["latest_news"]] == [news.pk]
    assert context["house_rules"] is None
    assert context["tour_url"] is None
    assert context["programme_url"] == f"{building.url}programma/{today:%Y-%m}/"
    html = response.text
    assert f'href="{building.url}programma/{today:%Y-%m}/"' in html
    assert f'href="{building.url}bericht/"' in html
    assert "Koersbal" in html
    assert "Nieuwe bankjes in de tuin" in html


@pytest.fixture
def section_template(settings, tmp_path):
    """A new app's section template, in a template directory of its own."""
    (tmp_path / "consultations" / "sections").mkdir(parents=True)
    (tmp_path / "consultations" / "sections" / "open.html").write_text(
        '<section aria-labelledby="raadpleging"><h2 id="raadpleging">{{ consultation_title }}</h2></section>',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(tmp_path)]}]
    return "consultations/sections/open.html"


def test_a_registered_building_section_appears_on_the_page(client, no_page_cache, building, section_template):
    def section(building, request):
        return Section(section_template, {"upcoming_activities": [], "consultation_title": f"Voor {building.title}"})

    with hooks.register_temporarily(registry.BUILDING_PAGE_SECTIONS, section, order=100):
        response = client.get(building.url)

    assert response.context["consultation_title"] == f"Voor {building.title}"
    assert "upcoming_activities" in response.context
    assert f'<h2 id="raadpleging">Voor {building.title}</h2>' in response.text
    # The apps' own sections are still there, in their order, and the core's keys win.
    html = response.text
    assert html.index('id="activiteiten"') < html.index('id="commissies"') < html.index('id="raadpleging"')
    assert response.context["page"].pk == building.pk


def test_a_registered_home_page_section_appears_above_finding_ones_building(
    client, no_page_cache, home_page, section_template
):
    def section(request, building):
        return Section(section_template, {"consultation_title": "Praat mee over de tuin"})

    with hooks.register_temporarily(registry.HOME_PAGE_SECTIONS, section):
        response = client.get("/")

    html = response.text
    assert '<h2 id="raadpleging">Praat mee over de tuin</h2>' in html
    assert html.index('id="deze-week"') < html.index('id="raadpleging"') < html.index('id="find-building"')


def test_the_building_sub_routes_keep_their_addresses(client, building):
    assert building.reverse_subpage("programme", kwargs={"year": "2026", "month": "11"}) == "programma/2026-11/"
    assert building.reverse_subpage("message") == "bericht/"
    assert client.get(f"{building.url}programma/2026-11/").status_code == 200
    assert client.get(f"{building.url}programma/2026-13/").status_code == 404


def test_a_registered_building_route_is_served_with_its_building(client, building, fresh_building_routes):
    def floor_plan(building, request, floor):
        return HttpResponse(f"Plattegrond {building.title}, verdieping {floor}")

    with hooks.register_temporarily(
        registry.BUILDING_PAGE_ROUTES, lambda: [path("plattegrond/<int:floor>/", floor_plan, name="floor_plan")]
    ):
        response = client.get(f"{building.url}plattegrond/2/")
        url = building.reverse_subpage("floor_plan", kwargs={"floor": 2})

    assert response.status_code == 200
    assert response.text == f"Plattegrond {building.title}, verdieping 2"
    assert url == "plattegrond/2/"


def test_my_page_shows_what_the_apps_contribute(client, resident, section_template):
    client.force_login(resident)

    def section(request):
        return Section(section_template, {"consultation_title": request.user.email, "form": "not the core's form"})

    with hooks.register_temporarily(registry.MY_PAGE_SECTIONS, section):
        response = client.get("/mijn/")

    context = response.context
    assert response.status_code == 200
    assert context["consultation_title"] == resident.email
    assert f'<h2 id="raadpleging">{resident.email}</h2>' in response.text
    assert context["form"] != "not the core's form", "the core's own keys win"
    assert context["registrations"] == []
    assert context["memberships"] == []
    assert list(context["caretaker_messages"]) == []
    assert context["ambassador"] is None
    assert context["ambassador_next_tours"] == []


def test_the_account_delete_page_shows_what_the_apps_contribute(client, resident, section_template):
    client.force_login(resident)

    with hooks.register_temporarily(
        registry.ACCOUNT_DELETE_SECTIONS,
        lambda request: Section(section_template, {"consultation_title": "Uw antwoorden blijven tellen"}, "stays"),
    ):
        response = client.get("/mijn/account-verwijderen/")

    assert response.status_code == 200
    assert response.context["consultation_title"] == "Uw antwoorden blijven tellen"
    assert response.context["ambassador"] is None
    html = response.text
    assert "U bent geen lid meer van een commissie." in html
    assert html.index("Wat blijft") < html.index("Uw antwoorden blijven tellen")


def test_the_search_kinds_come_from_the_apps():
    kinds = search_kinds()

    assert set(kinds) == {BuildingPage, ActivityPage, NewsPage}
    assert [kinds[model].kind for model in (BuildingPage, ActivityPage, NewsPage)] == ["gebouw", "activiteit", "nieuws"]


def test_a_registered_search_kind_is_found_and_annotated_once_per_page(committee, platform):
    calls = []

    def annotate(hits):
        calls.append(len(hits))
        for hit in hits:
            hit.snippet = hit.page.description

    kind = SearchKind(model=CommitteePage, kind="commissie", label="Commissie", annotate=annotate)

    with hooks.register_temporarily(registry.SEARCH_KINDS, lambda: kind):
        hits = search_hits(pages=search_pages(query="Huurdersplatform").results[:20])

    assert [(hit.kind, hit.label, hit.page.title) for hit in hits] == [("commissie", "Commissie", "Huurdersplatform")]
    assert hits[0].snippet == "De vereniging van alle huurders."
    assert calls == [1]
