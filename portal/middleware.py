"""Admin access is only for accounts protected by two-factor authentication."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.permissions import requires_admin_mfa


class AdminMFAMiddleware:
    """With PORTAL_MFA_REQUIRED_FOR_ADMIN, staff and caretakers set up MFA before /admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_MFA_REQUIRED_FOR_ADMIN
            and request.path.startswith("/admin/")
            and requires_admin_mfa(request.user)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Stel eerst tweestapsverificatie in. Daarna kunt u het beheer gebruiken."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
