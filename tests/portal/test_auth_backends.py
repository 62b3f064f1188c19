"""The account is read with its caretaker (portal.auth_backends): whether someone is a caretaker costs no query of
its own, and my page stays within DESIGN.md's twelve queries for a resident."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.permissions import caretaker_of

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return [query["sql"] for query in captured]


def test_a_caretakers_my_page_reads_the_caretaker_with_the_account(client, caretaker_user, caretaker):
    client.force_login(caretaker_user)

    queries = _queries(client, "/mijn/")
    page = client.get("/mijn/").text

    assert not [sql for sql in queries if sql.startswith('SELECT "portal_caretaker"')]
    assert "Naar mijn berichten in het beheer" in page  # the caretaker's inbox is offered


def test_a_residents_my_page_stays_within_twelve_queries(client, resident):
    client.force_login(resident)

    assert len(_queries(client, "/mijn/")) <= 12


def test_someone_who_is_no_caretaker_is_told_apart_without_a_query(client, resident, django_assert_num_queries):
    client.force_login(resident)
    response = client.get("/mijn/")
    user = response.wsgi_request.user

    user.__dict__.pop("_caretaker_cache", None)
    with django_assert_num_queries(0):
        assert caretaker_of(user) is None
