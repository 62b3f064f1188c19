from django import template

from committees.moderation import content_flags

register = template.Library()


@register.simple_tag
def moderation_flags(page):
    """The moderation flags of a page's latest draft (empty for pages that are not news)."""
    return content_flags(page) if hasattr(page, "specific") and hasattr(page.specific, "body") else []
