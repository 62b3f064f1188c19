"""Which page may go where: committees, the tenants' platform, news."""

from wagtail.test.utils import WagtailPageTestCase

from activities.models import ActivityPage
from committees.models import CommitteePage, NewsIndexPage, NewsPage
from consultations.models import ConsultationPage
from portal.models import BuildingIndexPage, BuildingPage, HomePage


class CommitteePageTreeTests(WagtailPageTestCase):
    def test_a_committee_goes_under_a_building_and_the_platform_under_home(self):
        self.assertAllowedParentPageTypes(CommitteePage, {BuildingPage, HomePage})
        self.assertCanNotCreateAt(BuildingIndexPage, CommitteePage)

    def test_a_committee_holds_its_news_activities_and_consultations(self):
        self.assertAllowedSubpageTypes(CommitteePage, {NewsPage, ActivityPage, ConsultationPage})

    def test_news_goes_under_a_committee_only_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(NewsPage, {CommitteePage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_the_news_overview_goes_under_home(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, set())
