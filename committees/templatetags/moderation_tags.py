from django import template

from committees.moderation import content_flags

register = template.Library()


@register.simple_tag
def moderation_flags(page):
    """The moderation flags of a page's latest draft."""
    return content_flags(page.specific) if hasattr(page, "specific") else []
