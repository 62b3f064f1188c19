"""The month calendar of one building, and iCalendar downloads: one activity, the filtered feed
/activiteiten/agenda.ics, and a person's own sign-ups at a secret address (activities.calendar_links)."""

import calendar as pycalendar
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors
from activities.calendar_links import calendar_link_renew, user_for_token
from activities.ical import calendar_for
from activities.models import Occurrence, RegistrationStatus
from portal.filters import building_pick
from portal.localtime import month_start, parse_month, start_of_day
from portal.own_building import own_building
from portal.permissions import verified_home_of
from portal.selectors import building_choices

FEED_LIMIT = 500
FEED_MONTHS_AHEAD = 12


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def activity_ics(request, *, activity):
    occurrences = selectors.upcoming().filter(activity=activity)[:FEED_LIMIT]
    return _ics_response(
        calendar_for(occurrences, name=activity.title, base_url=request.build_absolute_uri("/"), request=request),
        f"{activity.slug}.ics",
    )


def feed_window_end(today: date) -> datetime:
    """The feed reaches FEED_MONTHS_AHEAD months ahead (the 29th of February: the 28th a year on); it starts
    where the listing starts, at what has not ended yet (`selectors.upcoming`)."""
    month = today.month - 1 + FEED_MONTHS_AHEAD
    year, month = today.year + month // 12, month % 12 + 1
    return start_of_day(date(year, month, min(today.day, pycalendar.monthrange(year, month)[1])))


def agenda_ics(request):
    """The subscription feed: the coming dates of a filter, up to a year ahead and at most FEED_LIMIT.

    Calendar apps poll it without cookies, so the page cache (`portal.page_cache`, "activities_feed" in its
    CACHED_VIEWS) keeps one copy per filter for anonymous requests until a date or an activity changes; only
    the filter parameters count in its key. The feed is public and the same for everyone: it reads nothing of
    the person asking, and a request with a session is never stored (nor served from the cache).
    """
    filterset = selectors.occurrence_list(filters=request.GET)
    if not filterset.is_valid():  # an unknown building or a date that is none: say so, do not send everything
        problems = "".join(
            f"<li>{escape(message)}</li>" for messages in filterset.errors.values() for message in messages
        )
        return HttpResponseBadRequest(
            f'<!doctype html><html lang="nl"><title>{escape(_("Deze agenda bestaat niet"))}</title>'
            f"<h1>{escape(_('Deze agenda bestaat niet'))}</h1><ul>{problems}</ul>"
            f'<p><a href="/activiteiten/">{escape(_("Naar de activiteiten"))}</a></p>',
            content_type="text/html; charset=utf-8",
        )
    window = filterset.qs.filter(start__lt=feed_window_end(timezone.localdate()))
    base_url = request.build_absolute_uri("/")

    def compute() -> bytes:
        return calendar_for(window[:FEED_LIMIT], name=feed_name(filterset), base_url=base_url, request=request)

    return _ics_response(_kept_feed(request, base_url, compute), "agenda.ics")


# A feed body is kept for everyone (logged in or not, the page cache aside) for five minutes at most: a date that
# ended meanwhile stays in it that long, which calendar apps (polling hourly at best) never notice.
FEED_KEPT_SECONDS = 300


def _kept_feed(request, base_url: str, compute) -> bytes:
    """The feed of this filter, kept with the pages it lists (`portal.page_cache.kept_with_pages`: a change of a
    date or an activity clears it at once; the building's generation for `?gebouw=`). 500 dates of as many
    activities cost 200 ms to write out at 1,200 buildings; a calendar app of every resident asks again."""
    from datetime import timedelta

    from portal import page_cache

    made = timezone.now()
    wanted = page_cache.known_query(request)
    name = page_cache.kept_name(base_url, wanted)
    slug = request.GET.get("gebouw", "")
    return page_cache.kept_with_pages(
        f"activities-feed:{name}",
        compute,
        scope=slug if slug else page_cache.LISTING,
        until=lambda _body: made + timedelta(seconds=FEED_KEPT_SECONDS),
    )


def feed_name(filterset) -> str:
    """The title calendar programs show: "Activiteiten in De Linde", "Activiteiten: Bewegen"."""
    data = filterset.form.cleaned_data
    building = dict(filterset.filters["gebouw"].field.choices).get(data.get("gebouw")) if data.get("gebouw") else ""
    category = (
        dict(filterset.filters["categorie"].field.choices).get(data.get("categorie")) if data.get("categorie") else ""
    )
    if building and category:
        return _("Activiteiten: %(category)s in %(building)s") % {"category": category, "building": building}
    if building:
        return _("Activiteiten in %(building)s") % {"building": building}
    if category:
        return _("Activiteiten: %(category)s") % {"category": category}
    return _("Activiteiten – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}


def my_agenda_ics(request, token):
    """A person's coming sign-ups (places, not the waiting list), for a calendar app: no log-in, the secret
    address is the key; never cached, so a replaced link stops at once."""
    user = user_for_token(token)
    if user is None:
        raise Http404
    occurrences = (
        Occurrence.objects.filter(
            registrations__user=user,
            registrations__status=RegistrationStatus.CONFIRMED,
            end__gte=timezone.now(),
        )
        .select_related("activity")
        .distinct()
        .order_by("start")[:FEED_LIMIT]
    )
    response = _ics_response(
        calendar_for(
            occurrences,
            name=_("Mijn activiteiten – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
            base_url=request.build_absolute_uri("/"),
        ),
        "mijn-activiteiten.ics",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def my_agenda_renew(request):
    """A new secret address for the person's own calendar; the old one stops working."""
    calendar_link_renew(user=request.user)
    messages.success(
        request,
        _("U heeft een nieuwe link. De oude link werkt niet meer: zet de nieuwe opnieuw in uw agenda."),
    )
    return redirect(f"{reverse('my_page')}#mijn-agenda")


def _calendar_building(request) -> str:
    """The building of the month calendar: `?gebouw=` when given, else the resident's own, else the first."""
    asked = request.GET.get("gebouw")
    if asked:
        return asked
    home = verified_home_of(request.user)
    if home is not None and home.building is not None:
        return home.building.slug
    chosen = own_building(request).building  # the profile's, or the visitor's "Welk gebouw is van u?" cookie
    if chosen is not None:
        return chosen.slug
    choices = building_choices()
    return choices[0][0] if choices else ""


def _month(value: str | None) -> date:
    """This month without `?maand=`; the asked month in `jjjj-mm`; 404 for anything else (`portal.localtime`)."""
    if not value:
        return timezone.localdate().replace(day=1)
    month = parse_month(value)
    if month is None:
        raise Http404
    return month


def _calendar_items(occurrences: list, *, building_name: str) -> dict[date, list]:
    """The month's dates by day, each with the grid's link (`.grid_link`, made here once).

    Each date is rendered once by the template (its card in the list per day, with the `.url` and `.when` of
    `selectors.with_places`); the grid's link is a few words put together here.
    """
    by_day: dict[date, list] = {}
    for occurrence in occurrences:
        by_day.setdefault(occurrence.local_start.date(), []).append(occurrence)
    cancelled = _("gaat niet door")
    for day, items in by_day.items():
        # Said to a screen reader after each link, so that a link read out of its cell still says which day
        # and which building ("14:00 Stoelgym, dinsdag 3 maart (De Linde)").
        said = f", {date_format(day, 'l j F')}" + (f" ({building_name})" if building_name else "")
        for occurrence in items:
            occurrence.grid_link = format_html(
                '<a class="calendar__item" href="{}">{} {}{}<span class="visually-hidden">{}</span></a>',
                occurrence.url,
                f"{occurrence.local_start:%H:%M}",
                occurrence.activity.title,
                f" ({cancelled})" if occurrence.cancelled else "",
                said,
            )
    return by_day


def month_calendar(request, *, page):
    """The month calendar of ONE building (never all buildings in one grid); invalid filters get a 400."""
    month = _month(request.GET.get("maand"))
    pick = building_pick(request)
    if pick.redirect_to:  # the one building that matches what was typed
        return redirect(pick.redirect_to)
    if not request.GET.get("gebouw") and pick.search is None:
        # Never all buildings in one grid: go to one building's calendar, named in the address. A redirect is
        # not stored by the page cache, so a visitor's own building (a cookie) never leaks into another's page.
        slug = _calendar_building(request)
        if slug:
            query = request.GET.copy()
            query["gebouw"] = slug
            return redirect(f"{request.path}?{query.urlencode()}")
    filters = request.GET.copy()
    filters.pop("van", None)
    filters.pop("tot", None)
    filters["gebouw"] = request.GET.get("gebouw", "")
    filterset = selectors.occurrence_list(filters=filters)
    status = 200
    if not filterset.is_valid():
        status = 400
        occurrences = []
    elif not filters["gebouw"]:  # a search that settled nothing, before any building: never all buildings
        occurrences = []
    else:
        following = month_start(month.year + month.month // 12, month.month % 12 + 1)
        last = following or date(month.year + 1, 1, 1)
        occurrences = selectors.month_listing(request=request, filterset=filterset, month=month, following=last)
    following = month_start(month.year + month.month // 12, month.month % 12 + 1)
    previous = month_start(month.year - (month.month == 1), (month.month - 2) % 12 + 1)
    building_name = dict(building_choices()).get(filters["gebouw"], "")
    by_day = _calendar_items(occurrences, building_name=building_name)
    weeks = [
        [{"date": day, "in_month": day.month == month.month, "occurrences": by_day.get(day, [])} for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    return TemplateResponse(
        request,
        "activities/activity_calendar.html",
        {
            "page": page,
            "self": page,
            "filter": filterset,
            "building_slug": filters["gebouw"],
            "building_name": building_name,
            "pick": pick,
            "month": month,
            "previous": previous,
            "following": following,
            "weeks": weeks,
            "days_with_activities": [(day, items) for day, items in sorted(by_day.items())],
        },
        status=status,
    )
