"""Signal receivers of the activities app, connected once in `ActivitiesConfig.ready()`.

Publishing happens in more places than the page editor (a moderator approving in the workflow, scheduled
publishing, reverting to a revision), and only Wagtail's `page_published` signal is sent on every one of
them; so it is the one place that hands a published activity to its service. The rule itself lives in
`activities.services.occurrences_sync`.
"""

from wagtail.signals import page_published


def sync_published_activity(sender, instance, **kwargs):
    """Publishing (by a moderator, the workflow, or a schedule) rolls out the dates: one service does it."""
    from activities import services
    from activities.models import ActivityPage

    if isinstance(instance, ActivityPage):
        services.occurrences_sync(activity=instance)


def connect() -> None:
    from activities.models import ActivityPage

    page_published.connect(sync_published_activity, sender=ActivityPage, dispatch_uid="activities-sync-on-publish")
