"""Paging long lists without counting what nobody pages through."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Buildings per page of a list of buildings (/gebouwen/, the tenants' platform's overview, the tours): a demo
# corporation's twelve fit on one page, and a page shows as much at 1,200 buildings.
BUILDINGS_PER_PAGE = 12

# Ten pages of twenty. Nobody pages further: they choose a building, a kind or a period instead (the page says so).
COUNT_LIMIT = 200


class BoundedPaginator(Paginator):
    """A paginator that counts at most `limit` items (`SELECT COUNT(*) FROM (… LIMIT limit)`).

    Counting every coming date of 1,200 buildings took a quarter of `/activiteiten/`'s time at that size, and the
    figure ("60.767 activiteiten") helps nobody. Past the limit the page says "meer dan 200" (`bounded`) and
    points to the filters; the pages up to the limit work as usual, and a page number past them shows the last.
    """

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.limit].count()

    @property
    def bounded(self) -> bool:
        """True when there are at least `limit` items: the count is a floor, not the number."""
        return self.count >= self.limit
