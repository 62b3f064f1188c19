"""Loose ends only (caches); never domain rules."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from portal.restrictions import forget_restrictions


def connect() -> None:
    post_save.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="portal-restrictions-save")
    post_delete.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="portal-restrictions-delete")
