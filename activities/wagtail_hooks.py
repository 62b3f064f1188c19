"""Admin wiring only: categories and the meeting-room clash warning.

The schedule sync on publish is a signal receiver, connected in `ActivitiesConfig.ready()` (activities/signals.py).
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities import services
from activities.models import ActivityCategory, ActivityPage


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
