"""The editor forms a committee volunteer gets: guidance on top, no address or search-engine fields, "u"."""

import re

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from activities.models import ActivityPage
from committees import services
from committees.models import MemberRole, NewsPage

pytestmark = pytest.mark.django_db

STAFF_ONLY_FIELDS = ["slug", "seo_title", "search_description", "show_in_menus"]
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def add_url(model, committee):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, committee.pk))


def field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


@pytest.mark.parametrize("model", [NewsPage, ActivityPage])
def test_a_committee_member_gets_no_address_or_search_engine_fields_and_staff_do(
    client, member, moderator, committee, model
):
    client.force_login(member)

    html = client.get(add_url(model, committee)).content.decode()

    assert not field_names(html) & set(STAFF_ONLY_FIELDS), "a volunteer's form offers the slug or SEO fields"
    assert "tab-eigenschappen" not in html, "a volunteer sees the promote tab (Eigenschappen)"
    # Wagtail's title→slug sync with no slug to sync to throws in the browser on every key press.
    assert "w-sync" not in html
    client.force_login(moderator)
    staff_html = client.get(add_url(model, committee)).content.decode()
    assert set(STAFF_ONLY_FIELDS) <= field_names(staff_html)
    assert "tab-eigenschappen" in staff_html
    assert 'data-w-sync-target-value="#id_slug"' in staff_html  # staff keep the address following the title


def test_a_committee_member_editing_their_committee_page_cannot_change_its_address(client, member, committee):
    client.force_login(member)

    html = client.get(reverse("wagtailadmin_pages:edit", args=(committee.pk,))).content.decode()

    assert "Wie we zijn en wat we doen" in html  # they may edit the page…
    assert not field_names(html) & set(STAFF_ONLY_FIELDS)  # …not where it lives


def test_the_address_of_a_volunteers_news_is_made_from_its_title_whatever_is_posted(client, member, committee):
    title = "Nieuwe bankjes in de tuin"
    data = nested_form_data(
        {
            "title": title,
            "slug": "iets-heel-anders",  # not in their form: ignored
            "seo_title": "Klik hier",
            "kind": "nieuws",
            "date": "2026-11-20",
            "intro": "Drie nieuwe bankjes.",
            "body": rich_text("<p>Er staan nieuwe bankjes in de tuin.</p>"),
            "image": "",
            "image_alt_text": "",
            "document": "",
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "1"
    client.force_login(member)

    response = client.post(add_url(NewsPage, committee), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    news = NewsPage.objects.get(title=title)
    assert news.slug == slugify(title)
    assert news.seo_title == ""
    # A second item with the same title gets its own address, not an error the volunteer cannot fix.
    data["title"] = title
    client.post(add_url(NewsPage, committee), data)
    assert sorted(NewsPage.objects.filter(title=title).values_list("slug", flat=True)) == [
        slugify(title),
        f"{slugify(title)}-2",
    ]


def test_each_form_opens_with_guidance_and_an_example(client, member, committee):
    client.force_login(member)

    news = client.get(add_url(NewsPage, committee)).content.decode()
    activity = client.get(add_url(ActivityPage, committee)).content.decode()

    assert "Zo schrijft u een bericht" in news
    assert "Voorbeeld" in news
    assert "Nieuwe bankjes in de tuin" in news
    assert "Zo zet u een activiteit op de website" in activity
    assert "Gaat niet door op" in activity
    assert "Koffieochtend" in activity
    # The guidance comes before the first field.
    assert news.index("Zo schrijft u een bericht") < news.index('name="title"')
    assert activity.index("Zo zet u een activiteit op de website") < activity.index('name="title"')
    assert "Klik onderaan op ‘Ter controle aanbieden’" in news  # a volunteer offers it for review…


def test_staff_read_that_they_publish_themselves(client, moderator, committee):
    client.force_login(moderator)

    news = client.get(add_url(NewsPage, committee)).content.decode()

    assert "Zo schrijft u een bericht" in news
    assert "Kies onderaan ‘Publiceer’" in news  # …staff publish it themselves
    assert "Ter controle aanbieden" not in news


def test_the_recurrence_and_sign_up_settings_are_grouped_and_explained(client, member, committee):
    client.force_login(member)

    html = client.get(add_url(ActivityPage, committee)).content.decode()

    headings = [
        match.strip() for match in re.findall(r'<h2[^>]*class="w-panel__heading[^"]*"[^>]*>(.*?)</h2>', html, re.S)
    ]
    assert any("Wanneer" in heading for heading in headings)
    assert any("Aanmelden" in heading for heading in headings)
    assert html.index('name="start_date"') < html.index('name="recurrence"') < html.index('name="until"')
    assert html.index('name="until"') < html.index('name="signup_required"') < html.index('name="capacity"')
    assert "De website maakt dan zelf alle data aan." in html
    assert "of een buur, een commissielid of de huismeester doet het voor hen" in html
    assert "bij de activiteit staat een bellijst met wie u het moet laten weten" in html


def help_texts(html: str) -> list[str]:
    """Every help text and help block of a rendered admin form, as plain text."""
    blocks = re.findall(r'class="(?:w-field__help|help-block)[^"]*"[^>]*>(.*?)</(?:div|p)>', html, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", block).strip() for block in blocks]


def test_every_help_text_a_volunteer_reads_says_u(client, member, committee):
    client.force_login(member)
    forms = {
        "news": client.get(add_url(NewsPage, committee)).content.decode(),
        "activity": client.get(add_url(ActivityPage, committee)).content.decode(),
        "committee": client.get(reverse("wagtailadmin_pages:edit", args=(committee.pk,))).content.decode(),
    }

    for name, html in forms.items():
        texts = help_texts(html)
        assert len(texts) >= 2, f"the {name} form shows no help texts: {texts}"
        informal = [text for text in texts if INFORMAL.search(text)]
        assert not informal, f"help texts in 'je/jij' instead of 'u' on the {name} form: {informal}"


def test_a_member_of_two_committees_chooses_the_committee_by_its_buttons(client, member, committee, platform):
    services.committee_member_add(committee=platform, user=member, role=MemberRole.MEMBER)
    client.force_login(member)

    html = client.get("/admin/").content.decode()

    for each in (committee, platform):
        assert f'<h3 class="w-h3">{each.title}</h3>' in html
        assert f'href="/admin/pages/add/committees/newspage/{each.pk}/">Nieuwsbericht schrijven' in html
        assert f'href="/admin/pages/add/activities/activitypage/{each.pk}/">Activiteit toevoegen' in html


def test_a_member_of_one_committee_is_not_asked_which_committee(client, member, committee):
    client.force_login(member)

    html = client.get("/admin/").content.decode()

    assert f'<h3 class="w-h3">{committee.title}</h3>' not in html
    assert html.count("Nieuwsbericht schrijven") == 1


def test_a_member_reads_the_moderators_comment_on_their_dashboard_in_two_queries(
    client, member, committee, moderator, django_assert_num_queries
):
    from django.core import mail
    from wagtail.models import TaskState

    from committees import selectors
    from tests.committees.test_moderation import submit

    returned = submit(client, member, committee, title="Bankjes")
    submit(client, member, committee, title="Fietsen")
    client.force_login(moderator)
    task_state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(returned.pk))
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(returned.pk, "reject", task_state.pk)),
        {"comment": "Graag de datum erbij zetten."},
    )
    mail.outbox.clear()

    with django_assert_num_queries(2):
        submissions = {s.page.title: s for s in selectors.submissions_of(user=member)}
    client.force_login(member)
    html = client.get("/admin/").content.decode()

    assert submissions["Bankjes"].status == "teruggestuurd"
    assert submissions["Bankjes"].comment == "Graag de datum erbij zetten."
    assert submissions["Fietsen"].comment == ""  # still waiting: no comment to show
    assert "“Graag de datum erbij zetten.”" in html
    assert "klik op ‘Opnieuw ter controle aanbieden’" in html
