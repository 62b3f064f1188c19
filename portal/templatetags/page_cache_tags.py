"""`{% personal "template" %}`: a part of a page that is one person's (the menu's "Mijn pagina", the log-out
form with its CSRF token, the messages). It renders the template with the page's context, like `{% include %}`;
on a page the cache keeps for logged-in residents (`portal.page_cache`), the part is left out of the stored copy
and rendered again for every request, from the request alone: so such a template may use only what the context
processors give (user, messages, csrf_token, request, display, corporation)."""

from django import template
from django.utils.safestring import mark_safe

from portal import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name: str) -> str:
    rendered = context.template.engine.get_template(template_name).render(context)
    request = context.get("request")
    if request is None:
        return rendered
    return mark_safe(page_cache.personal_part(request, template_name, rendered))  # noqa: S308 (rendered by a template)
