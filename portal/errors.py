"""What a visitor sees when the portal cannot do its work.

The database away (stopped, restarting, unreachable) is a 503 with a Dutch "even niet bereikbaar" page in
the site's look, not Django's bare English "Server Error (500)". The page is rendered without the database:
`templates/503.html` has no request context (no user, no session), only the language and display cookies.
Django reconnects by itself when the database is back (`CONN_HEALTH_CHECKS`, see the settings).

Two ways in: `DatabaseUnavailableMiddleware` (portal.middleware) answers a view's database error with one
WARNING line; `server_error` (handler500) catches the rest (a middleware that touched the database).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from portal.context_processors import corporation_contact
from portal.display import Display

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """Is this error (or the one that caused it) the database not answering?"""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable_response(request) -> HttpResponse:
    """503 and the "even niet bereikbaar" page, in the visitor's language; no query."""
    language = translation.get_language_from_request(request)
    try:
        with translation.override(language):
            html = render_to_string("503.html", _page_context(request))
    except Exception:  # e.g. no static manifest: a plain page is better than none
        html = "<!DOCTYPE html><title>Bewonersportaal</title><h1>De website is even niet bereikbaar</h1>"
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def _page_context(request) -> dict:
    return {"display": Display.from_request(request), "corporation": corporation_contact()}


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the database away is a 503 page; any other error a 500 page in the site's look and the
    visitor's language, with the corporation's phone number, rendered without the database."""
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    try:
        with translation.override(translation.get_language_from_request(request)):
            html = render_to_string(template_name, _page_context(request))
    except Exception:  # the error page itself must not fail
        return defaults.server_error(request, template_name=template_name)
    return HttpResponse(html, status=500)
