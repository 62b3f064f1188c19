import pytest

from committees import services
from committees.models import CommitteeKind, MemberRole
from portal.factories import ResidentProfileFactory, UserFactory


@pytest.fixture
def committee(building):
    return services.committee_create(
        parent=building,
        title="Bewonerscommissie De Linde",
        kind=CommitteeKind.RESIDENTS,
        description="Wij spreken namens de bewoners.",
        contact_email="bc-delinde@example.org",
    )


@pytest.fixture
def other_committee(other_building):
    return services.committee_create(
        parent=other_building,
        title="Bewonerscommissie Het Anker",
        kind=CommitteeKind.RESIDENTS,
        description="Wij spreken namens de bewoners.",
    )


@pytest.fixture
def platform(home_page):
    return services.committee_create(
        parent=home_page,
        title="Huurdersplatform",
        slug="huurdersplatform",
        kind=CommitteeKind.PLATFORM,
        description="De vereniging van alle huurders.",
    )


@pytest.fixture
def member(committee, building):
    user = UserFactory(email="commissie@example.org", first_name="Gerda", last_name="Bakker")
    ResidentProfileFactory(user=user, building=building)
    services.committee_member_add(committee=committee, user=user, role=MemberRole.CHAIR)
    return user


@pytest.fixture
def platform_member(platform):
    user = UserFactory(email="platform@example.org")
    services.committee_member_add(committee=platform, user=user, role=MemberRole.MEMBER)
    return user
