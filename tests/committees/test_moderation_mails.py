"""Wagtail's moderation e-mails in the portal's words: formal Dutch, what happens next, the phone number.

The templates in `templates/wagtailadmin/notifications/` override Wagtail's. The moderation round trip is
driven the way people do it: a committee member offers news for review in the admin, a moderator approves
it or sends it back with a comment, the member offers it again.
"""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import TaskState

from activities.models import ActivityPage
from committees.models import NewsPage
from portal.factories import UserFactory
from tests.committees.test_moderation import add_news_url, news_form

pytestmark = pytest.mark.django_db

TITLE = "Nieuwe bankjes in de tuin"
COMMENT = "Graag de datum erbij zetten.\nEn: wie mag er op de bankjes zitten? Schrijf 'iedereen' als dat zo is."
NOTICES = [
    "workflow_state_submitted",
    "task_state_submitted",
    "workflow_state_approved",
    "workflow_state_rejected",
    "task_state_rejected",
    "task_state_approved",
    "approved",
    "rejected",
    "updated_comments",
]
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def mails_to(mailoutbox, user) -> list:
    return [mail for mail in mailoutbox if user.email in mail.to]


def edit_url(page) -> str:
    return django_settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=(page.pk,))


def assert_formal_dutch_with_phone(text: str) -> None:
    assert not INFORMAL.search(text), f"informal Dutch in: {text}"
    assert re.search(r"\b(u|uw)\b", text), f"the reader is not addressed as 'u': {text}"
    assert django_settings.PORTAL_CORPORATION_PHONE in text
    assert "Heeft u een vraag of hulp nodig? Bel " + django_settings.PORTAL_CORPORATION_NAME in text
    assert "{{" not in text
    assert "{%" not in text


def offer_for_review(client, member, committee, *, title=TITLE) -> NewsPage:
    """A committee member writes news in the admin and clicks "Ter controle aanbieden"."""
    client.force_login(member)
    response = client.post(add_news_url(committee), news_form(title=title))
    assert response.status_code == 302
    client.logout()
    return NewsPage.objects.get(title=title)


def moderate(client, moderator, page, action: str, comment: str = "") -> None:
    """A moderator clicks "Goedkeuren" or "Terug naar de commissie, met opmerking" in the admin."""
    client.force_login(moderator)
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)), {"comment": comment}
    )
    assert response.status_code in (200, 302)
    client.logout()


def offer_again(client, member, page) -> None:
    """The member changes the page and clicks "Opnieuw ter controle aanbieden"."""
    client.force_login(member)
    data = news_form(title=page.title, body="<p>Er staan sinds 20 november nieuwe bankjes in de tuin.</p>")
    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302
    client.logout()


def test_the_portals_templates_are_the_ones_rendered_not_wagtails():
    ours = Path(django_settings.BASE_DIR) / "templates" / "wagtailadmin" / "notifications"
    for name in [*NOTICES, "base"]:
        for suffix in ("_subject.txt", ".txt", ".html") if name != "base" else (".txt", ".html"):
            origin = Path(get_template(f"wagtailadmin/notifications/{name}{suffix}").origin.name)
            assert origin == ours / f"{name}{suffix}"


def test_an_offer_for_review_mails_each_moderator_once_with_what_to_do(
    client, member, committee, moderator, mailoutbox
):
    page = offer_for_review(client, member, committee)

    (mail,) = mails_to(mailoutbox, moderator)
    assert not mails_to(mailoutbox, member), "the writer was mailed on submission"
    assert mail.subject == f"Ter controle: ‘{TITLE}’ van Bewonerscommissie De Linde"
    assert "Bewonerscommissie De Linde vraagt u om een nieuwsbericht te controleren." in mail.body
    assert f"Titel: {TITLE}" in mail.body
    assert "Soort: nieuwsbericht" in mail.body
    assert "Ingestuurd door: Gerda Bakker" in mail.body
    assert edit_url(page) in mail.body
    assert "Het portaal vond geen aandachtspunten." in mail.body
    assert "‘Goedkeuren’ of ‘Terug naar de commissie, met opmerking’" in mail.body
    assert mail.body.startswith("Beste ")
    assert_formal_dutch_with_phone(mail.body)


def test_the_moderator_mail_lists_the_attention_points(client, member, committee, moderator, mailoutbox):
    client.force_login(member)
    long_sentence = "<p>" + " ".join(["woord"] * 30) + ".</p>"
    client.post(add_news_url(committee), news_form(title="Lang verhaal", body=long_sentence))

    (mail,) = mails_to(mailoutbox, moderator)
    assert "Aandachtspunten:\n- 1 zin(nen) met meer dan 25 woorden" in mail.body
    assert "2. Lees de tekst en kijk naar de aandachtspunten." in mail.body


def test_a_superuser_who_moderates_gets_one_mail_per_offer(client, member, committee, moderator, mailoutbox):
    chief = UserFactory(email="hoofdmoderator@example.org", is_staff=True, is_superuser=True)
    chief.groups.add(Group.objects.get(name="Moderators"))
    admin = UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)

    offer_for_review(client, member, committee)

    assert len(mails_to(mailoutbox, chief)) == 1
    assert len(mails_to(mailoutbox, moderator)) == 1
    assert not mails_to(mailoutbox, admin), "moderation mail goes to the Moderators group, not every superuser"


def test_approval_mails_the_writer_once_with_the_public_link(client, member, committee, moderator, mailoutbox):
    page = offer_for_review(client, member, committee)
    mailoutbox.clear()

    moderate(client, moderator, page, "approve")

    page.refresh_from_db()
    assert page.live
    assert not mails_to(mailoutbox, moderator)
    (mail,) = mails_to(mailoutbox, member)
    assert mail.subject == f"Goedgekeurd: ‘{TITLE}’ staat op de website"
    assert f"De moderator heeft uw nieuwsbericht ‘{TITLE}’ goedgekeurd." in mail.body
    assert f"Het staat nu op de website, op dit adres:\n{page.full_url}\n" in mail.body
    assert page.full_url.startswith("http://testserver/gebouwen/de-linde/")
    assert edit_url(page) in mail.body
    assert "U hoeft niets meer te doen." in mail.body
    assert_formal_dutch_with_phone(mail.body)


def test_sending_back_mails_the_writer_the_whole_comment_and_what_to_do(
    client, member, committee, moderator, mailoutbox
):
    page = offer_for_review(client, member, committee)
    mailoutbox.clear()

    moderate(client, moderator, page, "reject", COMMENT)

    assert not mails_to(mailoutbox, moderator)
    (mail,) = mails_to(mailoutbox, member)
    assert TITLE in mail.subject
    assert "\n" not in mail.subject
    assert f"De moderator heeft uw nieuwsbericht ‘{TITLE}’ teruggestuurd." in mail.body
    assert f"“{COMMENT}”" in mail.body  # in full, as typed: not cut off, not HTML-escaped
    assert f"1. Open de pagina met deze link:\n{edit_url(page)}\n" in mail.body
    assert "Klik onderaan de pagina op ‘Opnieuw ter controle aanbieden’." in mail.body
    assert f"Tot die tijd staat ‘{TITLE}’ niet op de website." in mail.body
    assert_formal_dutch_with_phone(mail.body)


def test_offering_it_again_mails_the_moderator_once_saying_so(client, member, committee, moderator, mailoutbox):
    page = offer_for_review(client, member, committee)
    moderate(client, moderator, page, "reject", COMMENT)
    mailoutbox.clear()

    offer_again(client, member, page)

    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert not mails_to(mailoutbox, member)
    (mail,) = mails_to(mailoutbox, moderator)
    assert mail.subject == f"Opnieuw ter controle: ‘{TITLE}’ van Bewonerscommissie De Linde"
    assert "Het is aangepast en opnieuw ingestuurd." in mail.body
    assert_formal_dutch_with_phone(mail.body)


def test_a_returned_change_to_a_live_page_says_the_old_version_stays(client, member, committee, moderator, mailoutbox):
    page = offer_for_review(client, member, committee)
    moderate(client, moderator, page, "approve")
    offer_again(client, member, page)
    mailoutbox.clear()

    moderate(client, moderator, page, "reject", "Liever zonder datum.")

    (mail,) = mails_to(mailoutbox, member)
    assert "Uw wijzigingen staan nog niet op de website. Daar staat nog de vorige versie." in mail.body
    assert "Tot die tijd staan uw wijzigingen niet op de website." in mail.body


def test_an_activity_is_named_as_one_and_times_are_amsterdam_time(
    committee, member, moderator, mailoutbox, make_activity, monkeypatch
):
    # 23:30 UTC on the Saturday before summer time starts is 00:30 on Sunday in Amsterdam.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
    activity = make_activity(title="Koffieochtend")
    ActivityPage.objects.filter(pk=activity.pk).update(live=False)
    activity.refresh_from_db()

    activity.save_revision(user=member)
    committee.get_workflow().start(activity, member)

    (mail,) = mails_to(mailoutbox, moderator)
    assert mail.subject == "Ter controle: ‘Koffieochtend’ van Bewonerscommissie De Linde"
    assert "Bewonerscommissie De Linde vraagt u om een activiteit te controleren." in mail.body
    assert "Ingestuurd op: 29-03-2026 om 00:30 uur" in mail.body


def test_the_html_version_says_the_same_escaped(client, member, committee, moderator, mailoutbox, settings):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    page = offer_for_review(client, member, committee)
    mailoutbox.clear()

    moderate(client, moderator, page, "reject", "Zet er <b>vet</b> bij & de datum.")

    (mail,) = mails_to(mailoutbox, member)
    ((html, mimetype),) = mail.alternatives
    assert mimetype == "text/html"
    assert "Zet er &lt;b&gt;vet&lt;/b&gt; bij &amp; de datum." in html
    assert "<b>vet</b>" not in html
    assert f'<a href="{edit_url(page)}"' in html
    assert "Opnieuw ter controle aanbieden" in html
    assert django_settings.PORTAL_CORPORATION_PHONE in html
    assert f"<title>Graag aanpassen: ‘{TITLE}’</title>" in html


def test_the_mails_render_with_english_active(client, member, committee, moderator, mailoutbox):
    with translation.override("en"):
        page = offer_for_review(client, member, committee)
        moderate(client, moderator, page, "reject", COMMENT)
        offer_again(client, member, page)
        moderate(client, moderator, page, "approve")

    to_moderator = mails_to(mailoutbox, moderator)
    to_member = mails_to(mailoutbox, member)
    assert len(to_moderator) == 2
    assert len(to_member) == 2
    for mail in to_moderator + to_member:
        assert TITLE in mail.subject
        assert "\n" not in mail.subject
        assert django_settings.PORTAL_CORPORATION_PHONE in mail.body
        assert "{{" not in mail.body
        assert "{%" not in mail.body
    assert COMMENT in to_member[0].body


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", NOTICES)
def test_every_notice_renders_for_pages_in_both_languages(name, language, committee, member, moderator):
    """Also the notices Wagtail 8 sends seldom or not at all (task_state_approved/rejected, approved, rejected)."""
    from wagtail.models import Comment, CommentReply

    page = committee.add_child(instance=NewsPage(title=TITLE, intro="x", body="<p>x</p>", live=False))
    revision = page.save_revision(user=member)
    workflow_state = committee.get_workflow().start(page, member)
    task_state = workflow_state.current_task_state.specific
    comment = Comment(page=page, user=moderator, text="Klopt de datum?", contentpath="title")
    reply = CommentReply(comment=comment, user=member, text="Ja, die klopt.")
    context = {
        "settings": django_settings,
        "user": member,
        "page": page,
        "object": page,
        "model_name": NewsPage._meta.verbose_name,
        "workflow": workflow_state.workflow,
        "workflow_state": workflow_state,
        "task": task_state.task.specific,
        "task_state": task_state,
        "requested_by": member,
        "comment": "Klopt de datum?",
        "revision": revision,
        "editor": moderator,
        "new_comments": [comment],
        "resolved_comments": [comment],
        "deleted_comments": [],
        "replied_comments": [{"comment": comment, "replies": [reply]}],
    }
    if name in ("approved", "rejected"):  # the notices from before workflows have only the revision
        context = {key: context[key] for key in ("settings", "user", "revision")}

    with translation.override(language):
        subject = render_to_string(f"wagtailadmin/notifications/{name}_subject.txt", context).strip()
        body = render_to_string(f"wagtailadmin/notifications/{name}.txt", context).strip()
        html = render_to_string(f"wagtailadmin/notifications/{name}.html", context)

    assert TITLE in subject
    assert "\n" not in subject
    assert TITLE in body
    assert edit_url(page) in body
    assert django_settings.PORTAL_CORPORATION_PHONE in body
    assert django_settings.PORTAL_CORPORATION_PHONE in html
    if language == "nl":
        assert_formal_dutch_with_phone(body)


def test_approval_of_a_scheduled_page_says_when_it_comes_online(committee, member, moderator, mailoutbox, client):
    page = committee.add_child(instance=NewsPage(title=TITLE, intro="x", body="<p>x</p>", live=False))
    page.go_live_at = datetime(2030, 6, 1, 8, 0, tzinfo=UTC)  # 10:00 summer time in Amsterdam
    page.save_revision(user=member)
    committee.get_workflow().start(page, member)

    moderate(client, moderator, page, "approve")

    page.refresh_from_db()
    assert not page.live
    (mail,) = mails_to(mailoutbox, member)
    assert mail.subject == f"Goedgekeurd: ‘{TITLE}’"
    assert f"Het komt op 01-06-2030 om 10:00 uur op de website, op dit adres:\n{page.full_url}\n" in mail.body


def test_a_change_to_the_committee_page_itself_names_the_committee(committee, member, moderator, mailoutbox):
    committee.save_revision(user=member)
    committee.get_workflow().start(committee, member)

    (mail,) = mails_to(mailoutbox, moderator)
    assert mail.subject == "Ter controle: ‘Bewonerscommissie De Linde’ van Bewonerscommissie De Linde"
    assert "Bewonerscommissie De Linde vraagt u om een commissie te controleren." in mail.body
