"""Page view restrictions, read once and cached: listings hide restricted pages without a query each.

The cache is cleared when a restriction changes (committees.signals is not involved; see portal/signals.py).
"""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

CACHE_KEY = "portal:restricted-page-paths"


def restricted_paths() -> tuple[str, ...]:
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, None)
    return paths


def public(queryset):
    """Like PageQuerySet.public(), with the restrictions from the cache instead of a query."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def forget_restrictions(**kwargs) -> None:
    cache.delete(CACHE_KEY)


class CachedViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions on every request (one query). With the restricted
    paths in the cache, a page that has no restricted ancestor answers 'none' without asking the database.
    """

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
