"""The corporation's contact details for templates rendered without a request, such as e-mails.

Context processors run only for a request; Wagtail's moderation notices and the portal's task e-mails are
rendered without one, so they ask this tag for the same details the site shows in its footer.
"""

from django import template

from portal.context_processors import corporation_contact as _corporation_contact

register = template.Library()


@register.simple_tag
def corporation_contact() -> dict:
    """Usage: `{% corporation_contact as corporation %}`; the same dict as the `corporation` context variable."""
    return _corporation_contact()
