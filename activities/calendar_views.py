"""iCalendar downloads: one activity, and the filtered feed /activiteiten/agenda.ics."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_page

from activities import selectors
from activities.ical import calendar_for

FEED_LIMIT = 500
FEED_CACHE_SECONDS = 15 * 60


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def activity_ics(request, *, activity):
    occurrences = selectors.with_places(selectors.upcoming().filter(activity=activity)[:FEED_LIMIT])
    return _ics_response(
        calendar_for(occurrences, name=activity.title, base_url=request.build_absolute_uri("/")),
        f"{activity.slug}.ics",
    )


@cache_page(FEED_CACHE_SECONDS)
def agenda_ics(request):
    """The subscription feed; calendar apps poll it, so a quarter of an hour of caching is fine."""
    filterset = selectors.occurrence_list(filters=request.GET)
    occurrences = selectors.with_places(filterset.qs[:FEED_LIMIT])
    return _ics_response(
        calendar_for(occurrences, name=str(settings.WAGTAIL_SITE_NAME), base_url=request.build_absolute_uri("/")),
        "agenda.ics",
    )
