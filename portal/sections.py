"""Parts of a core page that a feature app fills in: the building page, the home page, my page, the page for
deleting one's account.

An app's contribution (see `portal.registry`) returns a `Section`, a list of them, or None: the template that
renders the part, the context it needs, and the place on the page it goes. The core page merges every
section's context into its own (the core's own keys win) and includes each section's template at its place,
in the order the apps registered them (`hooks.register(name, order=N)`). So the core's templates name no app's
template or variable, and a new app adds a part of the building page in its own files:

    @hooks.register(registry.BUILDING_PAGE_SECTIONS)
    def building_page_consultation(building, request):
        return Section("consultations/sections/building.html", {"open_consultations": ...})
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from portal import registry


@dataclass(frozen=True)
class Section:
    """One part of a page: its template (rendered with the page's context), what that template needs, and where
    on the page it goes (each page names its places; "main" is the body)."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    place: str = "main"


def sections_collect(name: str, *args) -> dict[str, Any]:
    """Call every contribution registered under `name`; return their merged context plus `sections`: the
    sections by place (a page's template loops over `sections.main`, `sections.about`, …)."""
    context: dict[str, Any] = {}
    places: dict[str, list[Section]] = defaultdict(list)
    for contribution in registry.each(name, *args):
        if contribution is None:
            continue
        for section in contribution if isinstance(contribution, list | tuple) else [contribution]:
            context.update(section.context)
            places[section.place].append(section)
    context["sections"] = dict(places)
    return context
