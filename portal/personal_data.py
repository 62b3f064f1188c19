"""What an app keeps about a person, as the core's privacy service sees it (`portal.privacy`).

Each feature app describes its part of a person's data in its own `privacy.py`, one `PersonalData` per
section of the export, and registers it in its `wagtail_hooks.py`:

    from portal import registry

    @hooks.register(registry.PERSONAL_DATA)
    def registrations():
        return privacy.Registrations()

The core puts every section in the export (/mijn/gegevens/) and, when an account is deleted, lets every
section strip what it holds, in one transaction; it never names an app. This is pretix's data shredders,
registered per app (`base/shredder.py`), with the export and the deletion side by side.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

if TYPE_CHECKING:
    from portal.models import User


class PersonalData:
    """One section of a person's data: its place in the export, and what goes when the account is deleted.

    - `key`: the section's key in the export (the JSON file and the readable page); it never changes, as
      people and the tests rely on it;
    - `position`: where the section sits in the export, among the core's own sections
      (`portal.privacy.CORE_SECTIONS`); deleting an account runs the sections' `anonymise` in the same
      order, lowest first;
    - `export(user=...)`: plain values (text, numbers, booleans, dates, times in the portal's time zone,
      see `local_time`), nothing about anyone else, in a fixed number of queries whatever the amount of data;
      the same empty value (`[]` or None) when the person has none;
    - `anonymise(user=..., by=..., now=...)`: delete or strip what identifies the person; it runs inside the
      core's transaction, before the core blanks the account itself (so e-mails to others still go out),
      and goes through the app's own services where they keep a rule (a cancelled place moves the waiting
      list up). `now` is the same moment for every section. Calling it for an account that has nothing
      here does nothing;
    - `blockers(user=...)`: reasons the account cannot be deleted here, each saying what to do instead;
    - `template_name`: the template that shows the section on the readable page (/mijn/gegevens/), with the
      exported value as `section`; without one the section is in the download only.
    """

    key: str = ""
    position: int = 1000
    template_name: str = ""

    def export(self, *, user: User) -> Any:
        raise NotImplementedError

    def anonymise(self, *, user: User, by: User | None, now: datetime) -> None:
        return None

    def blockers(self, *, user: User) -> list[str]:
        return []


def local_time(moment: datetime | None) -> datetime | None:
    """A moment for the export: in the portal's time zone, or None."""
    return timezone.localtime(moment) if moment else None


def photo_delete_unless_used(image, *, by) -> None:
    """Delete a person's photo from the image library, unless something other than `by` shows it.

    Wagtail's reference index knows every page, snippet and rich text that uses an image; the entries of
    `by` itself are left out, as they may not have been brought up to date yet. The file and its
    renditions go when the transaction commits (Wagtail's own signal handlers).
    """
    from wagtail.models import ReferenceIndex

    others = ReferenceIndex.get_references_to(image).exclude(
        content_type=ContentType.objects.get_for_model(by), object_id=str(by.pk)
    )
    if not others.exists():
        image.delete()
