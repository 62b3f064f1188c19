"""Admin wiring only: categories and the meeting-room clash warning.

The schedule sync on publish is a signal receiver, connected in `ActivitiesConfig.ready()` (activities/signals.py).
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities import privacy, services
from activities.models import ActivityCategory, ActivityPage, Occurrence, Registration
from portal import registry
from portal.sections import Section


class ActivityCategoryViewSet(SnippetViewSet):
    model = ActivityCategory
    icon = "tag"
    menu_label = gettext_lazy("Soorten activiteiten")
    list_display = ["name", "slug"]


register_snippet(ActivityCategoryViewSet)


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_about_meeting_room_clashes(request, page):
    page = page.specific
    if not isinstance(page, ActivityPage):
        return
    draft = page.get_latest_revision_as_object()  # what the organiser just saved, published or not
    warning = services.meeting_room_clash_text(activity=draft)
    if warning:
        messages.warning(request, warning)
    holidays = services.holiday_warning_text(activity=draft)
    if holidays:
        messages.warning(request, holidays)


@hooks.register("moderation_flags")
def activity_moderation_flags(page) -> list[str]:
    """What the moderator sees before approving an activity: a clash in its room (committees.moderation)."""
    if not isinstance(page, ActivityPage):
        return []
    warning = services.meeting_room_clash_text(activity=page)
    return [warning] if warning else []


@hooks.register("register_log_actions")
def register_activity_log_actions(actions):
    actions.register_action(
        "activities.signup_on_behalf",
        gettext_lazy("Aangemeld namens"),
        gettext_lazy("Iemand aangemeld namens een bewoner"),
    )
    actions.register_action(
        "activities.cancel_on_behalf",
        gettext_lazy("Afgemeld namens"),
        gettext_lazy("Iemand afgemeld namens een bewoner"),
    )
    actions.register_action(
        "activities.guest_drop_on_behalf",
        gettext_lazy("Gast afgemeld namens"),
        gettext_lazy("De persoon die meekomt afgemeld, namens een bewoner"),
    )


@hooks.register(registry.PERSONAL_DATA)
def personal_data_registrations():
    return privacy.Registrations()


@hooks.register(registry.PAGE_CACHE_MODELS)
def page_cache_models():
    """Activity pages show their dates, the places left and the categories."""
    return [ActivityCategory, Occurrence, Registration]


@hooks.register(registry.PAGE_CACHE_SCOPES)
def page_cache_scopes():
    """A date belongs to its activity's building; a sign-up too, and it changes only the places left on the
    cross-building lists (kept fresh there by their short lifetime)."""
    from portal.page_cache import Scope

    return {
        Occurrence: Scope("activity__building"),
        Registration: Scope("occurrence__activity__building", listed=False),
    }


@hooks.register(registry.BUILDING_PAGE_SECTIONS, order=10)
def building_page_activities(building, request) -> Section:
    """The building's coming dates (with the tenants' platform's) and the link to this month's programme."""
    from django.utils import timezone

    from activities.selectors import building_upcoming

    today = timezone.localdate()
    return Section(
        "activities/sections/building_activities.html",
        {
            "upcoming_activities": building_upcoming(building=building, request=request),
            "programme_url": building.url
            + building.reverse_subpage("programme", kwargs={"year": f"{today:%Y}", "month": f"{today:%m}"}),
        },
    )


@hooks.register(registry.HOME_PAGE_SECTIONS)
def home_page_this_week(request, building) -> Section:
    """The coming seven days: a resident's own building's (with the tenants' platform's), or the corporation's."""
    from activities.selectors import this_week

    return Section(
        "activities/sections/home_this_week.html", {"this_week": this_week(building=building, request=request)}
    )


def building_programme(building, request, year, month):
    """The printable monthly programme of a building, for the notice board."""
    from activities.programme import programme

    return programme(request, building=building, year=int(year), month=int(month))


@hooks.register(registry.BUILDING_PAGE_ROUTES)
def building_page_routes() -> list:
    from django.urls import re_path

    return [re_path(r"^programma/(?P<year>\d{4})-(?P<month>\d{2})/$", building_programme, name="programme")]


@hooks.register(registry.MY_PAGE_SECTIONS, order=10)
def my_page_registrations(request) -> Section:
    """The activities the person signed up for that are still to come."""
    from activities.selectors import my_registrations

    return Section("activities/sections/my_registrations.html", {"registrations": my_registrations(user=request.user)})


@hooks.register(registry.MY_PAGE_SECTIONS, order=11)
def my_page_calendar(request) -> Section:
    """The secret address of the person's own sign-ups for their calendar app, and a way to make a new one."""
    from activities.calendar_links import calendar_path

    return Section("activities/sections/my_calendar.html", {"calendar_path": calendar_path(request.user)})


@hooks.register(registry.ACCOUNT_DELETE_SECTIONS, order=10)
def account_delete_registrations(request) -> list[Section]:
    """Coming sign-ups are cancelled (the waiting list moves up); past ones stay in the figures, without a name."""
    return [
        Section("activities/sections/account_delete_ends.html", place="ends"),
        Section("activities/sections/account_delete_stays.html", place="stays"),
    ]


@hooks.register(registry.SEARCH_KINDS)
def search_kind():
    from activities.search import ACTIVITIES

    return ACTIVITIES


@hooks.register(registry.SITE_PAGES, order=10)
def site_pages(home):
    services.index_page_ensure(home=home)


@hooks.register(registry.DEMO_DATA, order=20)
def demo_data(context):
    from activities.demo import seed_activities

    seed_activities(context)
