"""Committee rights through Wagtail itself, and the moderation round trip, driven through the admin views."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from committees import services
from committees.models import CommitteePage, MemberRole, NewsPage
from committees.moderation import content_flags
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def news_form(title="Nieuwe bankjes", action="action-submit", body="<p>Er staan nieuwe bankjes in de tuin.</p>"):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "kind": "nieuws",
            "date": "2026-11-20",
            "intro": "Drie nieuwe bankjes.",
            "body": rich_text(body),
            "image": "",
            "image_alt_text": "",
            "document": "",
            "comments": inline_formset([]),
        }
    )
    data[action] = "1"
    return data


def add_news_url(committee):
    return reverse("wagtailadmin_pages:add", args=("committees", "newspage", committee.pk))


def test_creating_a_committee_gives_it_a_group_with_add_and_edit_but_not_publish(committee):
    permissions = set(
        GroupPagePermission.objects.filter(group=committee.group, page=committee).values_list(
            "permission__codename", flat=True
        )
    )

    assert permissions == {"add_page", "change_page"}
    assert committee.group.permissions.filter(codename="access_admin").exists()
    assert committee.get_workflow().name == "Moderatie"


def test_adding_and_removing_a_member_updates_the_group(committee):
    user = UserFactory()

    membership = services.committee_member_add(committee=committee, user=user, role=MemberRole.MEMBER)
    assert user.groups.filter(pk=committee.group_id).exists()

    services.committee_member_remove(membership=membership)
    assert not user.groups.filter(pk=committee.group_id).exists()


def test_a_member_drafts_only_under_their_own_committee(client, member, committee, other_committee):
    client.force_login(member)

    own = client.get(add_news_url(committee))
    other = client.get(add_news_url(other_committee))
    posted = client.post(add_news_url(other_committee), news_form(title="Niet hier"))

    assert own.status_code == 200
    assert other.status_code == 302  # Wagtail: "Sorry, you do not have permission"
    assert posted.status_code == 302
    assert not NewsPage.objects.filter(title="Niet hier").exists()


def test_a_member_cannot_edit_another_committees_news(client, member, other_committee):
    other_news = other_committee.add_child(instance=NewsPage(title="Van een ander", intro="x", body="<p>x</p>"))
    client.force_login(member)

    response = client.get(reverse("wagtailadmin_pages:edit", args=(other_news.pk,)))

    assert response.status_code == 302


def test_a_member_cannot_publish(client, member, committee):
    client.force_login(member)

    client.post(add_news_url(committee), news_form(title="Meteen live?", action="action-publish"))

    page = NewsPage.objects.get(title="Meteen live?")
    assert not page.live


def submit(client, member, committee, **kwargs):
    client.force_login(member)
    response = client.post(add_news_url(committee), news_form(**kwargs))
    assert response.status_code == 302
    page = NewsPage.objects.get(title=kwargs.get("title", "Nieuwe bankjes"))
    client.logout()
    return page


def test_submit_approve_publish_with_emails(client, member, committee, moderator):
    page = submit(client, member, committee)
    assert not page.live
    assert page.workflow_in_progress
    assert moderator.email in [address for message in mail.outbox for address in message.to]

    mail.outbox.clear()
    client.force_login(moderator)
    task_state = TaskState.objects.get(workflow_state__base_content_type__isnull=False, status="in_progress")
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)), {"comment": ""}
    )

    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert member.email in [address for message in mail.outbox for address in message.to]
    client.logout()
    assert "Nieuwe bankjes" in client.get("/nieuws/").text
    assert "Nieuwe bankjes" in client.get(committee.get_parent().url).text
    # The audit log (Wagtail's history): submitted by the member, approved and published by the moderator.
    actions = {(e.action, e.user_id) for e in PageLogEntry.objects.filter(page=page)}
    assert ("wagtail.workflow.start", member.pk) in actions
    assert ("wagtail.workflow.approve", moderator.pk) in actions
    assert ("wagtail.publish", moderator.pk) in actions


def test_rejection_returns_it_with_the_moderators_comment(client, member, committee, moderator):
    page = submit(client, member, committee)
    mail.outbox.clear()
    client.force_login(moderator)
    task_state = TaskState.objects.get(status="in_progress")

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk)),
        {"comment": "Graag de datum erbij zetten."},
    )

    page.refresh_from_db()
    assert not page.live
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Graag de datum erbij zetten."
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject", user=moderator).exists()
    to_member = [m for m in mail.outbox if member.email in m.to]
    assert to_member
    assert "Graag de datum erbij zetten." in to_member[0].body


def test_the_approve_step_shows_the_moderation_flags(client, member, committee, moderator):
    long_sentence = " ".join(["woord"] * 30) + "."
    page = submit(client, member, committee, body=f"<p>{long_sentence}</p>")
    client.force_login(moderator)
    task_state = TaskState.objects.get(status="in_progress")

    response = client.get(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)))

    assert response.status_code == 200
    assert "meer dan 25 woorden" in response.json()["html"]


def test_flags_long_news_long_sentences_and_poor_alt_text(committee):
    short = NewsPage(title="Kort", intro="Kort.", body="<p>Een korte zin.</p>")
    long_body = "<p>" + " ".join(["Dit is een korte zin."] * 130) + "</p>"
    long = NewsPage(title="Lang", intro="x", body=long_body)
    run_on = NewsPage(title="Lange zin", intro="x", body="<p>" + " ".join(["en"] * 40) + ".</p>")

    assert content_flags(short) == []
    assert any("woorden lang" in flag for flag in content_flags(long))
    assert any("meer dan 25 woorden" in flag for flag in content_flags(run_on))


def test_flags_an_image_whose_description_is_a_file_name(committee):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="bank", file=get_test_image_file())
    news = NewsPage(title="Foto", intro="x", body="<p>Kort.</p>", image=image, image_alt_text="IMG_2041.jpg")

    assert any("foto" in flag.lower() for flag in content_flags(news))


def test_flags_officialese_with_a_plainer_word(committee):
    news = NewsPage(
        title="Huisregels",
        intro="Conform de vigerende huisregels.",
        body="<p>In het kader van de veiligheid staan er geen fietsen in de gang.</p>",
    )

    flags = content_flags(news)

    assert flags == [
        "Ambtelijke woorden; zeg het eenvoudiger: ‘conform’ wordt ‘volgens’; ‘in het kader van’ wordt ‘voor, bij’; "
        "‘vigerende’ wordt ‘geldende’."
    ]


def test_a_page_without_a_photo_never_says_its_photo_has_a_description(client, committee, moderator):
    news = committee.add_child(instance=NewsPage(title="Kort", intro="Kort.", body="<p>Een korte zin.</p>"))
    client.force_login(moderator)

    html = client.get(reverse("wagtailadmin_pages:edit", args=(news.pk,))).content.decode()

    assert "Geen aandachtspunten gevonden." in html
    assert "de foto heeft een beschrijving" not in html


def test_an_activity_shows_its_meeting_room_clash_and_plain_language_to_the_moderator(make_activity, committee):
    from datetime import date, time

    from activities.models import ActivityPage

    day = date(2027, 1, 12)
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11, 30))
    bingo = make_activity(
        title="Bingo",
        description="<p>Aanvang 10.30 uur, conform het rooster.</p>",
        start_date=day,
        start_time=time(10, 30),
        end_time=time(12),
    )

    flags = content_flags(ActivityPage.objects.get(pk=bingo.pk))

    assert any("‘aanvang’ wordt ‘begin’" in flag for flag in flags), flags
    assert any("de ontmoetingsruimte is dan al bezet" in flag and "10:00" in flag for flag in flags), flags


def test_the_platform_belongs_under_home_and_committees_under_a_building(building, home_page):
    with pytest.raises(ValidationError):
        services.committee_kind_validate(kind="platform", parent=building)
    with pytest.raises(ValidationError):
        services.committee_kind_validate(kind="bewoners", parent=home_page)
    services.committee_kind_validate(kind="bewoners", parent=building)
    services.committee_kind_validate(kind="platform", parent=home_page)


def test_creating_a_committee_in_the_admin_gives_it_its_group(client, building, moderator):
    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    data = nested_form_data(
        {
            "title": "Activiteitencommissie De Linde",
            "slug": "activiteitencommissie",
            "kind": "activiteiten",
            "description": "Wij organiseren de koffieochtend.",
            "contact_email": "",
            "contact_phone": "",
            "meeting_times": "",
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "1"

    response = client.post(reverse("wagtailadmin_pages:add", args=("committees", "committeepage", building.pk)), data)

    assert response.status_code == 302
    committee = CommitteePage.objects.get(slug="activiteitencommissie")
    assert committee.group is not None
    assert committee.get_workflow().name == "Moderatie"


def test_the_admin_refuses_a_platform_under_a_building(client, building):
    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    data = nested_form_data(
        {
            "title": "Platform?",
            "slug": "platform",
            "kind": "platform",
            "description": "x",
            "contact_email": "",
            "contact_phone": "",
            "meeting_times": "",
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "1"

    response = client.post(reverse("wagtailadmin_pages:add", args=("committees", "committeepage", building.pk)), data)

    assert response.status_code == 200
    assert "hoort onder de voorpagina" in response.text
    assert not CommitteePage.objects.filter(slug="platform").exists()


def test_a_news_item_needs_real_text(client, member, committee):
    client.force_login(member)

    response = client.post(add_news_url(committee), news_form(title="Leeg", body='<p data-block-key="x1"></p>'))

    assert response.status_code == 200
    assert "Schrijf de tekst van het bericht" in response.text
    assert not NewsPage.objects.filter(title="Leeg").exists()


def test_a_committee_member_offers_for_review_with_the_main_button(client, member, committee, moderator):
    add = reverse("wagtailadmin_pages:add", args=("committees", "newspage", committee.pk))
    client.force_login(member)

    html = client.get(add).content.decode()

    assert "Ter controle aanbieden" in html
    assert html.index("Ter controle aanbieden") < html.index("Bewaar concept")  # the first is the main button
    client.force_login(moderator)
    assert "Ter controle aanbieden" not in client.get(add).content.decode()  # staff publish themselves


def test_a_committee_members_dashboard_has_two_large_actions_and_what_they_handed_in(
    client, member, committee, moderator
):
    submit(client, member, committee, title="Nieuwe bankjes")
    committee.add_child(instance=NewsPage(title="Nog bezig", intro="x", body="<p>x</p>", owner=member, live=False))
    client.force_login(member)

    html = client.get("/admin/").content.decode()

    assert f'href="/admin/pages/add/committees/newspage/{committee.pk}/">Nieuwsbericht schrijven' in html
    assert f'href="/admin/pages/add/activities/activitypage/{committee.pk}/">Activiteit toevoegen' in html
    assert "Wat ik heb ingediend" in html
    assert "Wacht op controle" in html  # Nieuwe bankjes
    assert "Concept: nog niet ingediend" in html  # Nog bezig
    client.force_login(moderator)
    assert "Wat ik heb ingediend" not in client.get("/admin/").content.decode()


def test_my_page_leads_a_committee_member_into_the_editor(client, member):
    client.force_login(member)

    html = client.get("/mijn/").content.decode()

    assert 'href="/admin/">Nieuws of een activiteit schrijven voor uw commissie' in html


def test_reports_of_everyones_work_are_for_staff_not_for_committee_members(client, member, committee, moderator):
    client.force_login(member)

    dashboard = client.get("/admin/").content.decode()

    assert "/admin/reports/site-history/" not in dashboard
    assert "/admin/reports/aging-pages/" not in dashboard
    assert client.get("/admin/reports/site-history/").status_code == 403
    assert client.get("/admin/reports/aging-pages/").status_code == 403
    client.force_login(moderator)
    assert client.get("/admin/reports/site-history/").status_code == 200
    assert "/admin/reports/site-history/" in client.get("/admin/").content.decode()
