"""Copying and moving a committee page in the admin, as staff do it: each committee keeps a group of its own."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data

from committees.models import CommitteePage, NewsPage
from portal.factories import UserFactory
from tests.committees.test_moderation import add_news_url, news_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)


def copy_in_admin(client, page, *, parent, title, slug, subpages=False, publish=False):
    data = {"new_title": title, "new_slug": slug, "new_parent_page": parent.pk}
    if subpages:
        data["copy_subpages"] = "on"
    if publish:
        data["publish_copies"] = "on"
    return client.post(reverse("wagtailadmin_pages:copy", args=(page.pk,)), data)


def page_rights(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def test_a_copied_committee_gets_a_group_of_its_own_and_the_original_keeps_its_own(
    client, staff, committee, member, other_building
):
    original_group = committee.group
    client.force_login(staff)

    response = copy_in_admin(
        client, committee, parent=other_building, title="Bewonerscommissie Het Anker", slug="bc-anker", publish=True
    )

    assert response.status_code == 302
    copy = CommitteePage.objects.get(slug="bc-anker")
    committee.refresh_from_db()
    assert committee.group == original_group  # the original is untouched
    assert copy.group is not None
    assert copy.group != original_group
    assert page_rights(copy.group, copy) == {"add_page", "change_page"}
    assert page_rights(original_group, committee) == {"add_page", "change_page"}
    assert not GroupPagePermission.objects.filter(group=original_group, page=copy).exists()
    assert copy.get_workflow().name == "Moderatie"
    # Members are not copied: a seat on a committee is given to a person, through the membership service.
    assert not copy.memberships.exists()
    assert not copy.group.user_set.exists()
    assert member.groups.filter(pk=original_group.pk).exists()
    assert not member.groups.filter(pk=copy.group.pk).exists()


def test_a_member_of_the_original_cannot_write_under_the_copy(client, staff, committee, member, other_building):
    client.force_login(staff)
    copy_in_admin(client, committee, parent=other_building, title="Kopie", slug="kopie")
    copy = CommitteePage.objects.get(slug="kopie")
    client.force_login(member)

    response = client.get(add_news_url(copy))

    assert response.status_code == 302  # Wagtail: no permission
    assert client.get(add_news_url(committee)).status_code == 200


def test_copying_a_building_with_its_committee_gives_the_copied_committee_its_own_group(
    client, staff, building, committee, building_index
):
    client.force_login(staff)

    response = copy_in_admin(
        client, building, parent=building_index, title="De Linde II", slug="de-linde-2", subpages=True
    )

    assert response.status_code == 302
    copies = CommitteePage.objects.exclude(pk=committee.pk)
    assert copies.count() == 1
    copy = copies.get()
    assert copy.get_parent().slug == "de-linde-2"
    assert copy.group not in (None, committee.group)
    assert page_rights(copy.group, copy) == {"add_page", "change_page"}
    assert Group.objects.filter(name__startswith="Commissie").count() == 2


def test_editing_and_publishing_a_copied_committee_keeps_its_group(client, staff, committee, other_building):
    client.force_login(staff)
    copy_in_admin(client, committee, parent=other_building, title="Kopie", slug="kopie")
    copy = CommitteePage.objects.get(slug="kopie")
    group = copy.group
    edit_url = reverse("wagtailadmin_pages:edit", args=(copy.pk,))
    data = nested_form_data(
        {
            "title": "Bewonerscommissie Het Anker",
            "slug": "kopie",
            "kind": copy.kind,
            "description": copy.description,
            "contact_email": "",
            "contact_phone": "",
            "meeting_times": "",
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
        }
    )
    data["action-publish"] = "1"

    response = client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    copy.refresh_from_db()
    assert copy.live
    assert copy.group == group
    assert copy.group.name.endswith("Bewonerscommissie Het Anker")


def test_a_moved_committee_keeps_its_rights_on_its_own_pages(client, staff, committee, member, other_building):
    client.force_login(staff)

    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=(committee.pk, other_building.pk)))

    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.get_parent().pk == other_building.pk
    assert page_rights(committee.group, committee) == {"add_page", "change_page"}
    client.force_login(member)
    posted = client.post(add_news_url(committee), news_form(title="Na de verhuizing"))
    assert posted.status_code == 302
    news = NewsPage.objects.get(title="Na de verhuizing")
    assert news.get_parent().pk == committee.pk
    # ... and still none under the building it left.
    assert client.get(add_news_url(other_building)).status_code == 302


def committee_form(title, *, kind="bewoners", slug=None):
    return nested_form_data(
        {
            "title": title,
            "slug": slug or slugify(title),
            "kind": kind,
            "description": "Wij spreken namens de bewoners.",
            "contact_email": "",
            "contact_phone": "",
            "meeting_times": "",
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
        }
    )


@pytest.mark.parametrize("first_action", ["action-publish", "action-save-draft"])
def test_a_committee_made_in_the_admin_keeps_its_group_when_published_again(
    client, staff, other_building, first_action
):
    """The group is a fact of the page, not of a revision: publishing a draft made before the group was
    given (a new committee saved as draft, a copy) must not wipe it."""
    client.force_login(staff)
    data = committee_form("Activiteitencommissie Het Anker", kind="activiteiten")
    if first_action == "action-publish":
        data[first_action] = "1"
    add = reverse("wagtailadmin_pages:add", args=("committees", "committeepage", other_building.pk))
    assert client.post(add, data).status_code == 302
    committee = CommitteePage.objects.get(slug="activiteitencommissie-het-anker")
    group = committee.group
    assert group is not None

    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=(committee.pk,)), data)

    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.group == group
    assert Group.objects.filter(name__startswith="Commissie").count() == 1
