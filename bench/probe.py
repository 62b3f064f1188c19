"""Count the SQL queries of each page, in-process, against a seeded database.

Run by `python -m bench` once per scale, as `python -m bench.probe PAGE...`, in the same
environment as gunicorn (DJANGO_SETTINGS_MODULE=portal.settings.bench, DATABASE_URL, ...).
It resolves each page's URL, requests it once to warm up, then once more inside
CaptureQueriesContext, and writes one JSON line to stdout:

    {"settings": {...}, "pages": {"home": {"url": "/", "status": 200, "queries": 5, "bytes": 4123}, ...}}
"""

import json
import sys
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import select_pages

HOST = "127.0.0.1"


def settings_summary() -> dict[str, Any]:
    """The settings that make the run production-like, recorded with the results."""
    return {
        "module": settings.SETTINGS_MODULE,
        "debug": settings.DEBUG,
        "middleware": list(settings.MIDDLEWARE),
        "cache": settings.CACHES["default"]["BACKEND"],
        "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
        "database": settings.DATABASES["default"]["ENGINE"],
        "root_urlconf": settings.ROOT_URLCONF,
    }


def probe_page(client: Client, url: str) -> dict[str, Any]:
    client.get(url)  # warm-up: caches, lazy imports, the site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {"url": url, "status": response.status_code, "queries": len(queries), "bytes": len(response.content)}


def probe(names: list[str]) -> dict[str, Any]:
    client = Client(raise_request_exception=False, HTTP_HOST=HOST)
    results: dict[str, Any] = {}
    for page in select_pages(names):
        try:
            url = page.resolve()
        except LookupError as error:
            results[page.name] = {"url": None, "error": str(error)}
            continue
        results[page.name] = probe_page(client, url)
    return {"settings": settings_summary(), "pages": results}


def main() -> None:
    django.setup()
    sys.stdout.write(json.dumps(probe(sys.argv[1:])) + "\n")


if __name__ == "__main__":
    main()
