"""The building <select> of the admin's participation report (staff only; the public pages search instead,
tests/portal/test_building_pick.py): its options are built once per list of buildings, and per request only the
chosen one is marked (1,200 buildings at scale cost half a page's time, one option template at a time)."""

import pytest
from django import forms
from django.core.cache import cache
from django.http import QueryDict

from portal import widgets
from portal.models import BuildingPage
from portal.selectors import building_choices, forget_building_choices
from reports.filters import ParticipationFilter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_choices():
    cache.clear()
    widgets.forget_building_options()
    yield
    cache.clear()
    widgets.forget_building_options()


def django_select(data: str) -> str:
    """What Django's own Select renders for the same field: the HTML the tenant got before."""
    form = ParticipationFilter(QueryDict(data)).form
    field = form["gebouw"]
    return field.as_widget(widget=forms.Select(choices=field.field.choices))


@pytest.mark.parametrize("data", ["", "gebouw=de-linde", "gebouw=a-b", "gebouw=onbekend"])
def test_the_html_is_django_selects_own(make_building, data):
    make_building(title="De Linde", slug="de-linde")
    make_building(title="A & B <x>", slug="a-b")
    form = ParticipationFilter(QueryDict(data)).form
    assert isinstance(form.fields["gebouw"].widget, widgets.BuildingSelect)
    assert str(form["gebouw"]) == django_select(data)


def test_only_the_chosen_building_is_selected(make_building):
    for n in range(5):
        make_building(title=f"Gebouw {n}", slug=f"gebouw-{n}")
    html = str(ParticipationFilter(QueryDict("gebouw=gebouw-3")).form["gebouw"])
    assert html.count(" selected") == 1
    assert '<option value="gebouw-3" selected>Gebouw 3</option>' in html
    assert '<option value="">Alle gebouwen</option>' in html
    blank = str(ParticipationFilter(QueryDict("")).form["gebouw"])
    assert blank.count(" selected") == 1
    assert '<option value="" selected>Alle gebouwen</option>' in blank


def test_a_thousand_buildings_cost_no_option_template_and_no_query(django_assert_num_queries):
    # A thousand buildings, cheaply: the choices are what the widget reads (the cache of `building_choices`).
    choices = [(f"gebouw-{n:04d}", f"Gebouw {n:04d}") for n in range(1000)]
    cache.set("portal:building-choices", choices, None)
    assert building_choices() == choices
    rendered = []
    original = forms.Select.option_template_name
    try:
        forms.Select.option_template_name = "does/not/exist.html"  # any option template would fail the render
        with django_assert_num_queries(0):
            for n in (7, 500, 999):
                form = ParticipationFilter(QueryDict(f"gebouw=gebouw-{n:04d}")).form
                rendered.append(str(form["gebouw"]))
    finally:
        forms.Select.option_template_name = original
    for n, html in zip((7, 500, 999), rendered, strict=True):
        assert html.count("<option ") == 1001
        assert html.count(" selected") == 1
        assert f'<option value="gebouw-{n:04d}" selected>Gebouw {n:04d}</option>' in html
    # One string for the thousand options, built once and reused as long as the buildings are the same.
    memo = widgets._options_memo
    assert memo is not None
    assert memo[1].count("<option ") == 1000
    str(ParticipationFilter(QueryDict("")).form["gebouw"])
    assert widgets._options_memo is memo


def test_a_new_building_is_in_the_options(make_building):
    make_building(title="De Linde", slug="de-linde")
    assert "De Eik" not in str(ParticipationFilter(QueryDict("")).form["gebouw"])
    make_building(title="De Eik", slug="de-eik")  # its publication forgets the choices (`portal.signals`)
    html = str(ParticipationFilter(QueryDict("")).form["gebouw"])
    assert '<option value="de-eik">De Eik</option>' in html
    BuildingPage.objects.get(slug="de-eik").unpublish()
    forget_building_choices()
    assert "De Eik" not in str(ParticipationFilter(QueryDict("")).form["gebouw"])


def test_the_reports_filter_uses_it_too(make_building):
    make_building(title="De Linde", slug="de-linde")
    form = ParticipationFilter(QueryDict("gebouw=de-linde")).form
    assert isinstance(form.fields["gebouw"].widget, widgets.BuildingSelect)
    assert '<option value="de-linde" selected>De Linde</option>' in str(form["gebouw"])


def test_a_chosen_building_of_a_thousand_is_checked_without_going_through_the_choices(monkeypatch):
    """The public lists' `?gebouw=` (portal.filters.BuildingChoiceFilter): one look-up, not Django's comparison with
    each choice in turn (normalising all of them each time: 3 ms of every filtered list at 1,200 buildings)."""
    from django.utils import choices as django_choices

    from activities.filters import OccurrenceFilter
    from activities.models import Occurrence

    choices = [(f"gebouw-{n:04d}", f"Gebouw {n:04d}") for n in range(1000)]
    cache.set("portal:building-choices", choices, None)
    normalised = []
    real = django_choices.normalize_choices
    monkeypatch.setattr(django_choices, "normalize_choices", lambda *a, **k: normalised.append(1) or real(*a, **k))

    known = OccurrenceFilter(QueryDict("gebouw=gebouw-0999"), queryset=Occurrence.objects.none())
    unknown = OccurrenceFilter(QueryDict("gebouw=bestaat-niet"), queryset=Occurrence.objects.none())

    assert known.is_valid()
    assert not unknown.is_valid()
    assert "gebouw" in unknown.errors
    assert normalised == []
