"""Admin wiring only: categories, the schedule sync on publish, and the meeting-room clash warning."""

from django.contrib import messages
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.signals import page_published
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


def sync_published_activity(sender, instance, **kwargs):
    """Publishing (by a moderator, the workflow, or a schedule) rolls out the dates: one service does it."""
    if isinstance(instance, ActivityPage):
        services.occurrences_sync(activity=instance)


page_published.connect(sync_published_activity, sender=ActivityPage, dispatch_uid="activities-sync-on-publish")


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_about_meeting_room_clashes(request, page):
    page = page.specific
    if not isinstance(page, ActivityPage):
        return
    draft = page.get_latest_revision_as_object()  # what the organiser just saved, published or not
    clashes = services.meeting_room_clashes(activity=draft)
    if clashes:
        first = clashes[0]
        messages.warning(
            request,
            _(
                "Let op: de ontmoetingsruimte is dan al bezet. ‘%(other)s’ is op %(when)s op hetzelfde moment"
                "%(more)s. Overleg met de andere commissie of kies een andere tijd."
            )
            % {
                "other": first.activity.title,
                "when": date_format(first.start, "l j F Y, H:i"),
                "more": _(" (en nog %(n)s keer)") % {"n": len(clashes) - 1} if len(clashes) > 1 else "",
            },
        )


@hooks.register("register_log_actions")
def register_activity_log_actions(actions):
    actions.register_action(
        "activities.signup_on_behalf",
        gettext_lazy("Aangemeld namens"),
        gettext_lazy("Iemand aangemeld namens een bewoner"),
    )
