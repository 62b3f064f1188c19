from django import template

from committees.moderation import content_flags

register = template.Library()


@register.simple_tag
def moderation_flags(page):
    """The moderation flags of a page's latest draft."""
    return content_flags(page.specific) if hasattr(page, "specific") else []


@register.simple_tag
def committee_of(page):
    """The committee a page belongs to: the page itself when it is a committee, else its nearest committee
    above it; None outside any committee. For texts such as Wagtail's moderation e-mails."""
    from committees.models import CommitteePage

    if not getattr(page, "pk", None):
        return None
    return CommitteePage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()
