"""Which page may go where: the tours page."""

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from ambassadors.models import TourIndexPage
from portal.models import BuildingPage, HomePage


class TourPageTreeTests(WagtailPageTestCase):
    def test_the_tours_page_goes_under_home_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(TourIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TourIndexPage, set())
        self.assertCanCreateAt(HomePage, TourIndexPage)
        self.assertCanNotCreateAt(BuildingPage, TourIndexPage)


@pytest.mark.django_db
def test_staff_can_make_the_tours_page_again_under_home(client, moderator, home_page):
    """When the tours page is gone (deleted by mistake), staff make it again under home: it once could not be
    made in the admin at all, because the home page did not list it among its subpage types."""
    TourIndexPage.objects.all().delete()
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_pages:add_subpage", args=(home_page.pk,))).content.decode()

    assert reverse("wagtailadmin_pages:add", args=("ambassadors", "tourindexpage", home_page.pk)) in html
    response = client.get(reverse("wagtailadmin_pages:add", args=("ambassadors", "tourindexpage", home_page.pk)))
    assert response.status_code == 200
