"""The pages the benchmark measures: one list, so a new feature adds a row here and nothing else.

A row's `url` is a path, or a function that finds the path in the seeded database. Those
functions run inside Django (in `bench.probe`), so they import models lazily.

A row of kind "post" also has a `form`: a function that returns the POST data of one fresh
request (a booking needs a free slot each time). Such rows are measured in-process only, by
`bench.probe` (queries, transactions, time per request), never loaded through gunicorn.

A row with a `login` (a seeded account's e-mail address) is requested as that person: the probe
logs them in (a session in the benchmark's database, with two-factor authentication set up as
production requires of staff) and hands the session cookie to the load generator.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# "cached": a public page with the page cache warm (portal/page_cache.py). "listing" and "detail" rows measure
# the same pages rendered every time: their requests carry a cookie the page cache does not know (`BYPASS`),
# as a logged-in visitor's would.
# "post": a form post (booking, sign-up), measured in-process; see the module's docstring.
# "admin": a page of the Wagtail admin for staff, with a `login` (see bench/budgets.py for its budget).
Kind = Literal["floor", "listing", "detail", "cached", "post", "admin"]
FLOOR = "floor"
POST = "post"
UNCACHED = ("listing", "detail")
BYPASS = ("bench", "uncached")  # a cookie (name, value) that keeps a request out of the page cache
ADMIN = "admin"
MODERATOR = "moderator@example.org"  # seed_demo's staff login
RESIDENT = "bewoner@example.org"  # seed_demo's resident of De Linde (no second factor: residents have none)
NEWCOMER = "nieuw@example.org"  # seed_demo's account not yet verified in a home: my page asks for their building


@dataclass(frozen=True)
class Page:
    name: str
    kind: Kind
    url: str | Callable[[], str]
    form: Callable[[], dict[str, str]] | None = None  # kind "post": the data of one fresh request
    status: int = 200  # what a working request answers (a post that worked redirects: 302)
    login: str | None = None  # the e-mail address of the seeded account that requests the page

    def resolve(self) -> str:
        return self.url if isinstance(self.url, str) else self.url()


def first_building_url() -> str:
    """The first building in the tree (by path, so it is the same building, De Linde, at every scale)."""
    from portal.models import BuildingPage

    building = BuildingPage.objects.live().public().order_by("path").first()
    if building is None:
        raise LookupError("no live building page; did seed_demo run?")
    return building.url


def first_news_url() -> str:
    """The first published news item in the tree (by path: the same one at every scale)."""
    from committees.models import NewsPage

    news = NewsPage.objects.live().public().order_by("path").first()
    if news is None:
        raise LookupError("no live news page; did seed_demo run?")
    return news.url


def consultation_url(kind: str) -> str:
    """De Linde's consultation of this kind (the demo has an open poll and a closed draagvlakmeting)."""
    from consultations.models import ConsultationPage

    consultation = ConsultationPage.objects.live().filter(kind=kind).order_by("path").first()
    if consultation is None:
        raise LookupError(f"no live consultation of kind {kind}; did seed_demo run?")
    return consultation.url


def first_committee_url() -> str:
    from committees.models import CommitteeKind, CommitteePage

    committee = CommitteePage.objects.live().exclude(kind=CommitteeKind.PLATFORM).order_by("path").first()
    if committee is None:
        raise LookupError("no live committee page; did seed_demo run?")
    return committee.url


def first_activity_url() -> str:
    """The first published activity in the tree (by path: the same one, in De Linde, at every scale)."""
    from activities.models import ActivityPage

    activity = ActivityPage.objects.live().public().order_by("path").first()
    if activity is None:
        raise LookupError("no live activity page; did seed_demo run?")
    return activity.url


def first_programme_url() -> str:
    """The printable programme of the first building, for the current month."""
    from django.utils import timezone

    from portal.models import BuildingPage

    building = BuildingPage.objects.live().public().order_by("path").first()
    if building is None:
        raise LookupError("no live building page; did seed_demo run?")
    today = timezone.localdate()
    return building.url + building.reverse_subpage("programme", kwargs={"year": f"{today:%Y}", "month": f"{today:%m}"})


TOUR_BUILDING = "de-linde"  # seed_demo gives every other building an ambassador, De Linde first


def tour_booking_form() -> dict[str, str]:
    """A visitor books the first free time in De Linde: a fresh slot, e-mail address and request key each call."""
    import uuid

    from ambassadors import selectors

    building = selectors.tour_building(slug=TOUR_BUILDING)
    if building is None:
        raise LookupError(f"no tours in building {TOUR_BUILDING!r}; did seed_demo run?")
    slots = selectors.building_slots(building=building, ambassadors=building.active_ambassadors)
    if not slots:
        raise LookupError(f"no free tour slot left in {TOUR_BUILDING!r}")
    key = uuid.uuid4().hex
    return {
        "tijd": slots[0].key,
        "name": "Bezoeker Bench",
        "email": f"bench-{key[:12]}@example.org",
        "phone": "",
        "party_size": "1",
        "language": "nl",
        "website": "",
        "request_key": key,
    }


PAGES: list[Page] = [
    Page(FLOOR, "floor", "/__floor__/"),
    # The front page lists buildings now and this week's activities and news later.
    Page("home", "listing", "/"),
    Page("building_index", "listing", "/gebouwen/"),
    Page("building_search", "listing", "/gebouwen/?q=linde"),
    Page("building", "detail", first_building_url),
    Page("news_index", "listing", "/nieuws/"),
    Page("news_by_building", "listing", "/nieuws/?gebouw=de-linde"),
    Page("news_feed", "listing", "/nieuws/feed/"),
    Page("platform", "listing", "/huurdersplatform/"),
    Page("committee", "detail", first_committee_url),
    Page("news", "detail", first_news_url),
    Page("activities", "listing", "/activiteiten/"),
    Page("activities_by_building", "listing", "/activiteiten/?gebouw=de-linde&plaatsen=1"),
    # One building's month (the calendar without ?gebouw= sends the visitor to one building's: a redirect).
    Page("activities_calendar", "listing", "/activiteiten/kalender/?gebouw=de-linde"),
    Page("activities_feed", "listing", "/activiteiten/agenda.ics"),
    Page("activity", "detail", first_activity_url),
    Page("programme", "detail", first_programme_url),
    # A consultation while open (how many homes answered) and after closing (the results and the 70 % outcome).
    Page("consultation_open", "detail", lambda: consultation_url("peiling")),
    Page("consultation_results", "detail", lambda: consultation_url("draagvlakmeting")),
    # Search: every committee of the demo has a "Stoelgym", so the matches grow with the scale; a page shows 10.
    Page("search", "listing", "/zoeken/?q=stoelgym"),
    # Tours: the buildings with ambassadors, one building's free times (8 weeks, grouped by day), and the booking.
    Page("tours", "listing", "/rondleidingen/"),
    Page("tour_building", "detail", f"/rondleidingen/{TOUR_BUILDING}/"),
    Page("tour_booking", POST, f"/rondleidingen/{TOUR_BUILDING}/boeken/", form=tour_booking_form, status=302),
    # Staff: the participation figures of every building over the last twelve months (cached ten minutes, so
    # the load measures what a moderator sees on a second look; the probe's first request computes them).
    Page("participation_report", ADMIN, "/admin/rapporten/deelname/", login=MODERATOR),
    # A resident who is logged in (a session cookie): the front page with their own building and sign-ups, the
    # activities (the page cache's resident copy with their personal parts filled in) and their own page.
    Page("home_resident", "listing", "/", login=RESIDENT),
    Page("activities_resident", "listing", "/activiteiten/", login=RESIDENT),
    Page("my_page_resident", "detail", "/mijn/", login=RESIDENT),
    # Someone not yet verified in a home: their page asks which building they live in (a choice of every building).
    Page("my_page_newcomer", "detail", "/mijn/", login=NEWCOMER),
    # The page cache warm (budget ≥ 50 % of the floor): a few of the public pages above, as most visitors get them.
    Page("home_cached", "cached", "/"),
    Page("activities_cached", "cached", "/activiteiten/"),
    Page("building_cached", "cached", first_building_url),
    Page("activity_cached", "cached", first_activity_url),
    Page("search_cached", "cached", "/zoeken/?q=stoelgym"),
    Page("tour_building_cached", "cached", f"/rondleidingen/{TOUR_BUILDING}/"),
]


def page_names() -> list[str]:
    return [page.name for page in PAGES]


def select_pages(names: list[str] | None) -> list[Page]:
    """The pages asked for, in the order of PAGES; the floor always, since every ratio needs it."""
    if not names:
        return list(PAGES)
    unknown = sorted(set(names) - set(page_names()))
    if unknown:
        raise ValueError(f"unknown page(s): {', '.join(unknown)}; choose from {', '.join(page_names())}")
    wanted = {FLOOR, *names}
    return [page for page in PAGES if page.name in wanted]
