"""Admin access is only for accounts protected by two-factor authentication; the database away is a 503; the
portal speaks Dutch unless the visitor chose English."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from portal.errors import database_unavailable, database_unavailable_response
from portal.permissions import can_see_everyones_history
from portal.second_factor import second_factor_required

logger = logging.getLogger(__name__)

# Wagtail's reports that list other people's work by name: staff only (the menu hides them too).
STAFF_ONLY_ADMIN_PATHS = ("/admin/reports/site-history/", "/admin/reports/aging-pages/")


class AdminMFAMiddleware:
    """With PORTAL_MFA_REQUIRED_FOR_ADMIN, staff and caretakers set up MFA before /admin/ (and before the pages
    outside it that show other people's details: portal.second_factor), and then go on where they were going."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.PORTAL_ADMIN_URL_PREFIX):
            response = second_factor_required(request)
            if response is not None:
                return response
        return self.get_response(request)


class AdminForStaffOnlyMiddleware:
    """A logged-in person without admin rights (a resident) who opens /admin/ is told whom it is for (403).

    Wagtail would send them to the log-in page, and the log-in page sends a logged-in person back to
    /admin/: an endless loop of redirects that the browser ends with an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(settings.PORTAL_ADMIN_URL_PREFIX) or not request.user.is_authenticated:
            return self.get_response(request)
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return render(request, "admin_not_for_residents.html", status=403)
        if path.startswith(STAFF_ONLY_ADMIN_PATHS) and not can_see_everyones_history(request.user):
            raise PermissionDenied  # Wagtail's reports of everyone's work; the menu does not show them either
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that finds the database away answers 503 with the "even niet bereikbaar" page (portal.errors),
    and the log gets one WARNING line instead of a traceback per request. Errors outside views reach
    `portal.errors.server_error` (handler500), which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning(
            "The database does not answer (%s: %s); 503 for %s", type(exception).__name__, exception, request.path
        )
        return database_unavailable_response(request)


def chosen_language(request) -> str:
    """The language the visitor chose with the language switch (the cookie; at log-in it comes from the profile),
    else Dutch. The browser's Accept-Language does not count: many residents' computers and tablets were set
    up in English by a grandchild, and they read Dutch."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class DutchFirstLocaleMiddleware:
    """Django's LocaleMiddleware without the Accept-Language header: only the visitor's own choice counts.

    The portal has no language prefixes in its URLs, so the cookie is the only signal; the response varies on
    the cookie (the page cache keys on `request.LANGUAGE_CODE`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
