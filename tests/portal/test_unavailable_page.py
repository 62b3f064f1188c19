"""The "even niet bereikbaar" page (503) for a database that does not answer, wherever the error comes up.

The real outage (a PostgreSQL stopped under the portal) is in test_faults_database.py; these run everywhere.
"""

import pytest
from django.db import OperationalError
from django.test import Client

from portal import page_cache
from portal.models import HomePage

pytestmark = pytest.mark.django_db


def database_gone(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_a_page_whose_database_is_away_is_a_dutch_503_in_the_sites_look(monkeypatch, building):
    monkeypatch.setattr(HomePage, "route", database_gone)

    response = Client(raise_request_exception=False).get(building.url)

    assert response.status_code == 503
    assert "De website is even niet bereikbaar" in response.text
    assert "portal/css/portal.css" in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_language_and_display_cookies_are_kept(monkeypatch, building):
    monkeypatch.setattr(HomePage, "route", database_gone)
    visitor = Client(raise_request_exception=False)
    visitor.cookies["taal"] = "en"
    visitor.cookies["weergave"] = "groot.contrast"

    response = visitor.get(building.url)

    assert response.status_code == 503
    assert '<html lang="en" class="text-larger contrast-high">' in response.text


def test_a_database_error_outside_the_view_is_a_503_too(monkeypatch, building):
    """A middleware that touches the database: Django's handler500 (portal.errors.server_error) answers."""
    monkeypatch.setattr(page_cache, "cache_key", database_gone)

    response = Client(raise_request_exception=False).get(building.url)

    assert response.status_code == 503
    assert "De website is even niet bereikbaar" in response.text


def test_any_other_error_stays_a_500(monkeypatch, building):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(HomePage, "route", bug)

    response = Client(raise_request_exception=False).get(building.url)

    assert response.status_code == 500
    assert "niet bereikbaar" not in response.text
