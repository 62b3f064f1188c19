"""What the consultations add to the core's shared places (portal.registry): the building page, the home page,
my page, the export of one's data, and the page cache. Registered at start-up (`ConsultationsConfig.ready`)."""

from __future__ import annotations

from wagtail import hooks

from consultations import privacy
from portal import registry
from portal.sections import Section


@hooks.register(registry.PERSONAL_DATA)
def personal_data_ballots():
    return privacy.Ballots()


@hooks.register(registry.PAGE_CACHE_MODELS)
def page_cache_models():
    """A consultation's public page shows how many homes answered."""
    from consultations.models import Ballot, ConsultationQuestion

    return [Ballot, ConsultationQuestion]


@hooks.register(registry.PAGE_CACHE_SCOPES)
def page_cache_scopes():
    """A consultation's questions and answers belong to its building; an answer changes only a count."""
    from consultations.models import Ballot, ConsultationQuestion
    from portal.page_cache import Scope

    return {ConsultationQuestion: Scope("page__building"), Ballot: Scope("consultation__building", listed=False)}


@hooks.register(registry.BUILDING_PAGE_SECTIONS, order=15)
def building_page_consultations(building, request) -> Section | None:
    """The open consultations that ask this building."""
    from consultations.selectors import open_consultations

    consultations = open_consultations(building=building)
    if not consultations:
        return None
    return Section(
        "consultations/sections/open.html", {"open_consultations": consultations, "consultations_building": building}
    )


@hooks.register(registry.HOME_PAGE_SECTIONS, order=5)
def home_page_consultations(request, building) -> Section | None:
    """A resident's own building is asked something: that comes first on the home page."""
    from consultations.selectors import open_consultations

    if building is None:
        return None
    consultations = open_consultations(building=building)
    if not consultations:
        return None
    return Section(
        "consultations/sections/open.html", {"open_consultations": consultations, "consultations_building": building}
    )


@hooks.register(registry.MY_PAGE_SECTIONS, order=5)
def my_page_consultations(request) -> Section | None:
    """The open consultations of the person's verified home, and whether the home answered."""
    from consultations.selectors import open_consultations_for_home
    from portal.permissions import verified_home_of

    home = verified_home_of(request.user)
    if home is None:
        return None
    rows = open_consultations_for_home(home=home)
    if not rows:
        return None
    return Section("consultations/sections/mine.html", {"my_consultations": rows}, place="top")


@hooks.register(registry.MY_PAGE_SECTIONS, order=40)
def my_page_email_choice(request) -> Section | None:
    """Verified residents choose whether they get e-mail about consultations."""
    from consultations.models import InvitationOptOut
    from portal.permissions import verified_home_of

    if verified_home_of(request.user) is None:
        return None
    wanted = not InvitationOptOut.objects.filter(user=request.user).exists()
    return Section("consultations/sections/email_choice.html", {"consultation_emails_wanted": wanted})


@hooks.register(registry.PROGRAMME_SECTIONS)
def programme_consultations(building, month) -> Section | None:
    """The printed programme mentions the consultations open in its month, with how to answer on paper."""
    from consultations.selectors import consultations_in_month

    consultations = consultations_in_month(building=building, month=month)
    if not consultations:
        return None
    return Section("consultations/sections/programme.html", {"programme_consultations": consultations})


@hooks.register(registry.DEMO_DATA, order=25)
def demo_data(context):
    """After the committees (10) and activities (20): De Linde's consultations (consultations.demo)."""
    from consultations.demo import seed_consultations

    seed_consultations(context)
