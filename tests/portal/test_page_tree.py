"""Which page may go where, for the core's page types (each app tests its own)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from activities.models import ActivityIndexPage
from ambassadors.models import TourIndexPage
from committees.models import CommitteePage, NewsIndexPage
from portal.models import BuildingIndexPage, BuildingPage, HomePage


class CorePageTreeTests(WagtailPageTestCase):
    def test_the_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_under_home_go_the_building_index_the_platform_and_the_feature_indexes(self):
        # Wagtail's abstract-like base Page is "allowed" everywhere but never creatable: compare what can be made.
        assert set(HomePage.creatable_subpage_models()) == {
            BuildingIndexPage,
            CommitteePage,
            NewsIndexPage,
            ActivityIndexPage,
            TourIndexPage,
        }

    def test_buildings_live_in_the_building_index_only(self):
        self.assertAllowedParentPageTypes(BuildingPage, {BuildingIndexPage})
        self.assertAllowedSubpageTypes(BuildingIndexPage, {BuildingPage})
        self.assertCanNotCreateAt(HomePage, BuildingPage)

    def test_under_a_building_go_its_committees_only(self):
        assert set(BuildingPage.creatable_subpage_models()) == {CommitteePage}
