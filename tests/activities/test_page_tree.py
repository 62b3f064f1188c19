"""Which page may go where: activities and their overview."""

from wagtail.test.utils import WagtailPageTestCase

from activities.models import ActivityIndexPage, ActivityPage
from committees.models import CommitteePage
from portal.models import BuildingPage, HomePage


class ActivityPageTreeTests(WagtailPageTestCase):
    def test_an_activity_goes_under_a_committee_only_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(ActivityPage, {CommitteePage})
        self.assertAllowedSubpageTypes(ActivityPage, set())
        self.assertCanNotCreateAt(BuildingPage, ActivityPage)

    def test_the_activity_overview_goes_under_home(self):
        self.assertAllowedParentPageTypes(ActivityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ActivityIndexPage, set())
