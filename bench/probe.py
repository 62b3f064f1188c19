"""Count the SQL queries of each page, in-process, against a seeded database.

Run by `python -m bench` once per scale, as `python -m bench.probe PAGE...`, in the same
environment as gunicorn (DJANGO_SETTINGS_MODULE=config.settings.bench, DATABASE_URL, ...).
It resolves each page's URL, requests it once to warm up, then once more inside
CaptureQueriesContext, and writes one JSON line to stdout:

    {"settings": {...}, "pages": {"home": {"url": "/", "status": 200, "queries": 5, "bytes": 4123}, ...}}

A "post" row (a booking) is posted once to warm up, then `POST_REQUESTS` times, each with fresh
data from its `form` and from another visitor's address (so the per-address rate limit does not
answer), each counted: the most queries and transactions of one request, and the time per request.

A row with a `login` is requested by that seeded account, logged in with `Client.force_login` after
its two-factor authentication is set up (production sends staff without it to the set-up page).
The row's result then carries the session `cookie` for the load generator, and `cold_ms`, the time
of the first request (the participation report computes its figures then, and caches them).
Rows of kind "listing" and "detail" are requested with a cookie the page cache does not know, so
they measure the page rendered every time; their result carries that `cookie` too.
`transactions` counts the transactions that write; what `transaction.on_commit` callbacks write
afterwards (the e-mail job, with the database task queue) is counted apart as `after_commit_writes`.
"""

import json
import statistics
import sys
import time
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import BYPASS, POST, UNCACHED, Page, select_pages

HOST = "127.0.0.1"
POST_REQUESTS = 10
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


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
    started = time.perf_counter()
    client.get(url)  # warm-up: caches, lazy imports, the site root paths
    cold_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content),
        "cold_ms": round(cold_ms, 1),
    }


def logged_in_client(email: str) -> Client:
    """A client with a session of the seeded account `email`, its TOTP set up as production requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        raise LookupError(f"no account {email!r}; did seed_demo run?")
    if user.is_staff and not is_mfa_enabled(user):  # production asks it of staff; residents have none
        TOTP.activate(user, generate_totp_secret())
    client = Client(raise_request_exception=False, HTTP_HOST=HOST)
    client.force_login(user)
    return client


def cookie_header(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


class TransactionCounter:
    """The transactions of a request that write: an atomic block with a write counts once, at its commit;
    a write in autocommit is a transaction of its own; writes of on-commit callbacks are counted apart."""

    def __init__(self, conn):
        self.connection = conn
        self.transactions = 0
        self.after_commit_writes = 0
        self._dirty = False
        self._in_hooks = False

    def _execute(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            if self._in_hooks:
                self.after_commit_writes += 1
            elif self.connection.in_atomic_block:
                self._dirty = True
            else:
                self.transactions += 1
        return execute(sql, params, many, context)

    def _commit(self):
        self._original_commit()
        if self._dirty:
            self.transactions += 1
            self._dirty = False

    def _run_hooks(self):
        self._in_hooks = True
        try:
            self._original_hooks()
        finally:
            self._in_hooks = False

    def __enter__(self):
        conn = self.connection
        # Instance attributes shadow the methods for this block only; Atomic and set_autocommit call them.
        self._original_commit, self._original_hooks = conn.commit, conn.run_and_clear_commit_hooks
        conn.commit, conn.run_and_clear_commit_hooks = self._commit, self._run_hooks
        self._wrapper = conn.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        del self.connection.commit, self.connection.run_and_clear_commit_hooks


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def probe_post(client: Client, page: Page, url: str) -> dict[str, Any]:
    """Post fresh data `POST_REQUESTS` times after one warm-up; every post must answer `page.status`."""
    client.post(url, page.form(), REMOTE_ADDR="192.0.2.1")
    result: dict[str, Any] = {"url": url, "status": page.status, "queries": 0, "transactions": 0}
    times_ms, after_commit = [], 0
    for n in range(POST_REQUESTS):
        data = page.form()
        with CaptureQueriesContext(connection) as queries, TransactionCounter(connection) as counter:
            started = time.perf_counter()
            response = client.post(url, data, REMOTE_ADDR=f"192.0.2.{n + 2}")
            times_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != page.status:
            return {**result, "status": response.status_code}
        result["queries"] = max(result["queries"], len(queries))
        result["transactions"] = max(result["transactions"], counter.transactions)
        after_commit = max(after_commit, counter.after_commit_writes)
    result["after_commit_writes"] = after_commit
    result["timing"] = {
        "requests": len(times_ms),
        "duration_s": sum(times_ms) / 1000,
        "p50_ms": statistics.median(times_ms),
        "p95_ms": _percentile(times_ms, 0.95),
        "p99_ms": _percentile(times_ms, 0.99),
        "mean_ms": statistics.fmean(times_ms),
        "max_ms": max(times_ms),
    }
    return result


def probe(names: list[str]) -> dict[str, Any]:
    client = Client(raise_request_exception=False, HTTP_HOST=HOST)
    uncached = Client(raise_request_exception=False, HTTP_HOST=HOST)
    uncached.cookies[BYPASS[0]] = BYPASS[1]  # rendered every time: the page cache skips unknown cookies
    results: dict[str, Any] = {}
    for page in select_pages(names):
        try:
            url = page.resolve()
            if page.kind == POST:
                results[page.name] = probe_post(client, page, url)
            elif page.login:
                visitor = logged_in_client(page.login)
                results[page.name] = {**probe_page(visitor, url), "cookie": cookie_header(visitor)}
            elif page.kind in UNCACHED:
                results[page.name] = {**probe_page(uncached, url), "cookie": cookie_header(uncached)}
            else:
                results[page.name] = probe_page(client, url)
        except LookupError as error:  # a URL or, for a post, its data not found in the seeded database
            results[page.name] = {"url": None, "error": str(error)}
    return {"settings": settings_summary(), "pages": results}


def main() -> None:
    django.setup()
    sys.stdout.write(json.dumps(probe(sys.argv[1:])) + "\n")


if __name__ == "__main__":
    main()
