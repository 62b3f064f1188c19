"""Loose ends (caches), and one hand-over: a published building page to the service that keeps its rule.

No rule lives here. Wagtail publishes a page in several ways (the editor's "Publiceer", a workflow
approval, scheduled publishing, an older revision), and `page_published` is the only thing all of them
send; so the receiver below only passes the building on to `portal.services.building_caretaker_apply`.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from portal import page_cache, routing
from portal.cache import recovered
from portal.restrictions import forget_restrictions


def building_published(sender, instance, **kwargs) -> None:
    """A building's caretaker takes effect when its page is published: see `services.building_caretaker_apply`."""
    from portal import services

    services.building_caretaker_apply(building=instance)


def connect() -> None:
    from portal.models import BuildingPage
    from portal.selectors import forget_building_choices

    for signal in (page_published, page_unpublished, post_delete, post_save):
        signal.connect(forget_building_choices, sender=BuildingPage, dispatch_uid=f"portal-buildings-{id(signal)}")
    page_published.connect(building_published, sender=BuildingPage, dispatch_uid="portal-building-caretaker")
    post_save.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="portal-restrictions-save")
    post_delete.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="portal-restrictions-delete")
    # After a Redis outage a change made meanwhile may not have cleared these stored values on every server.
    recovered.connect(forget_restrictions, dispatch_uid="portal-restrictions-after-outage")
    recovered.connect(forget_building_choices, dispatch_uid="portal-buildings-after-outage")
    page_cache.connect()
    routing.connect()
