"""PostgreSQL away: visitors get the Dutch "even niet bereikbaar" page (503), the portal reconnects by itself
when the database is back, and log-in attempts made during the outage lock nobody out.

The portal runs on a private PostgreSQL cluster (initdb on a free port) holding a copy of the test database
(pg_dump, a few seconds; migrating a fresh one would take minutes); the test stops and starts that cluster.
Only transactional tests live in this file (see tests/activities/test_concurrency.py for why).
"""

import os
import subprocess

import pytest
from django.db import close_old_connections, connections
from django.test import Client
from django.urls import reverse

from portal.factories import DEMO_PASSWORD
from tests.faults import PG_BIN, PrivatePostgres

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="Stops a private PostgreSQL under the portal; needs DATABASE_URL=postgres://… (CI runs it so).",
    ),
]


@pytest.fixture
def private_database():
    """The default connection, moved to a private cluster that holds a copy of the test database."""
    connection = connections["default"]
    source = connection.settings_dict
    server = PrivatePostgres().start()
    dump = subprocess.run(  # noqa: S603 - fixed programs, the test database's own settings
        [
            PG_BIN / "pg_dump",
            *("-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"]),
            *("--no-owner", "--no-privileges", source["NAME"]),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
        timeout=120,
    ).stdout
    psql = [PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run([*psql, "-c", "CREATE DATABASE portal_copy"], check=True, capture_output=True)  # noqa: S603
    subprocess.run([*psql, "-d", "portal_copy"], input=dump, check=True, capture_output=True)  # noqa: S603
    connection.close()
    original = {key: source[key] for key in ("HOST", "PORT", "NAME", "USER", "PASSWORD")}
    source.update(HOST="127.0.0.1", PORT=str(server.port), NAME="portal_copy", USER="postgres", PASSWORD="")
    try:
        yield server
    finally:
        connection.close()
        source.update(original)
        server.remove()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_with_the_database_away_visitors_get_a_dutch_503_and_attempts_lock_nobody_out(
    building, resident, private_database
):
    visitor, english, person, tenant = Client(), Client(), Client(), Client()
    english.cookies["taal"] = "en"
    tenant.force_login(resident)
    assert visitor.get(building.url).status_code == 200  # the portal runs on the private cluster

    private_database.stop()
    pages = {path: visitor.get(path) for path in ("/", "/zoeken/?q=linde")}
    pages["/mijn/"] = tenant.get("/mijn/")
    attempts = [
        person.post(reverse("account_login"), {"login": resident.email, "password": "fout-wachtwoord"})
        for _attempt in range(6)
    ]
    in_english = english.get("/")
    stored = visitor.get(building.url)

    assert {path: r.status_code for path, r in pages.items()} == dict.fromkeys(pages, 503)
    assert [r.status_code for r in attempts] == [503] * 6
    page = pages["/"]
    assert "De website is even niet bereikbaar" in page.text
    assert 'lang="nl"' in page.text
    assert "portal/css/portal.css" in page.text  # the site's look, not a bare "Server Error (500)"
    assert page["Retry-After"]
    assert "no-store" in page["Cache-Control"]
    assert in_english.status_code == 503
    assert '<html lang="en"' in in_english.text
    assert stored.status_code == 200  # a page the page cache kept from before the outage is still served

    private_database.start()
    close_old_connections()  # what every request starts with on an app server (the test client leaves it out)
    back = person.post(reverse("account_login"), {"login": resident.email, "password": DEMO_PASSWORD})

    assert back.status_code == 302  # not locked out by the six attempts the outage swallowed
    assert person.get(reverse("my_page")).status_code == 200
    assert visitor.get(building.url).status_code == 200  # reconnected without a restart
