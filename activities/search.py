"""Activities in the site search (portal.search): registered in wagtail_hooks under `registry.SEARCH_KINDS`."""

from __future__ import annotations

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityPage, Occurrence
from committees.search import COMMITTEE_CONTENT_RELATED, where
from portal.search import SearchHit, SearchKind, plain_snippet


def _activities_annotate(hits: list[SearchHit]) -> None:
    """The description, where, and the next date that is not cancelled: one query for any number of hits."""
    rows = (
        Occurrence.objects.filter(
            activity_id__in=[hit.page.pk for hit in hits], end__gte=timezone.now(), cancelled=False
        )
        .values("activity_id")
        .annotate(next_start=Min("start"))
    )
    next_starts = {row["activity_id"]: row["next_start"] for row in rows}
    for hit in hits:
        hit.snippet = plain_snippet(hit.page.description)
        hit.where = where(hit.page)
        hit.next_start = next_starts.get(hit.page.pk)


ACTIVITIES = SearchKind(
    model=ActivityPage,
    kind="activiteit",
    label=_("Activiteit"),
    annotate=_activities_annotate,
    select_related=("category", *COMMITTEE_CONTENT_RELATED),
)
