"""Where a page sits in the tree: the one place that knows the page tree's shape.

Home → buildings index → building → committee → news and activities; the tenants' platform is a
committee directly under home. Pages below a building store their building (and committee) as foreign
keys, set here from the tree when they are saved or moved; readers use those keys, never path slices.
"""

from __future__ import annotations

from django.db.models import Q


def building_above(page):
    """The building a page lies under, or None (the home page, the tenants' platform and its pages)."""
    from portal.models import BuildingPage

    if not page.path:
        return None
    return BuildingPage.objects.ancestor_of(page).first()


def for_building(building, *, field: str = "building") -> Q:
    """What belongs to a building: its own content, and the content that is for every building (that of the
    tenants' platform, which has no building). `field` is the path to the building key, e.g.
    "activity__building" for occurrences."""
    return Q(**{field: building}) | Q(**{f"{field}__isnull": True})
