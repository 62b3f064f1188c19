"""Domain signal handlers of the committees app, connected in CommitteesConfig.ready()."""

from wagtail.signals import post_page_move


def _place_moved_pages(sender, instance, **kwargs):
    from committees import services

    services.places_sync(root=instance)


def connect() -> None:
    post_page_move.connect(_place_moved_pages, dispatch_uid="committees-place-moved-pages")
