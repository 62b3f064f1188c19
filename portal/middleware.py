"""Admin access is only for accounts protected by two-factor authentication; the database away is a 503."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

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
