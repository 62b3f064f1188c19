"""Content-Security-Policy: strict for the public site, Wagtail's needs for its admin.

The portal's own pages run no inline script or style, so they keep `CONTENT_SECURITY_POLICY` (no
`unsafe-inline`). Wagtail 8's admin still writes inline scripts (the chooser and date-picker set-up, the
"add a row" buttons of inline panels) and inline styles; Wagtail's CSP work is under way but not finished
(wagtail/wagtail#1288, the "Content Security Policy compatibility" roadmap item). So below
`PORTAL_ADMIN_URL_PREFIX` the policy is `PORTAL_ADMIN_CONTENT_SECURITY_POLICY`: the same sources ('self'
only: no third party, Wagtail's gravatar is off), plus inline script and style. The admin is only for
committee members, caretakers and staff, behind log-in and (in production) two-step verification.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.PORTAL_ADMIN_URL_PREFIX)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's paths."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
