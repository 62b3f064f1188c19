"""Reports on pages: residents report news and activities; a committee member asks to take their own outdated
page down; moderators resolve both in the admin (/admin/meldingen/)."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from committees import services
from committees.factories import NewsPageFactory
from committees.models import Report, ReportReason

pytestmark = pytest.mark.django_db


def takedown_url(page) -> str:
    return f"/admin/offline-halen/{page.pk}/"


def edit_page(client, page) -> str:
    return client.get(f"/admin/pages/{page.pk}/edit/").text


# --- Residents report news and activities ---


def test_a_resident_reports_a_news_item_once(
    client, committee, resident, moderator, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes")
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"{news.url}melden/", {"reason": "onjuist"}, follow=True)
        second = client.post(f"{news.url}melden/", {"reason": "kwetsend"}, follow=True)

    assert Report.objects.filter(page=news).count() == 1
    assert "Een moderator bekijkt uw melding" in first.text
    assert "al gemeld" in second.text
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert mail.outbox[0].subject == "Melding over een nieuwsbericht: Nieuwe bankjes"
    assert "(nieuwsbericht)" in mail.outbox[0].body


def test_reporting_needs_a_reason_and_a_login(client, committee, resident):
    news = NewsPageFactory(parent=committee)

    anonymous = client.post(f"{news.url}melden/", {"reason": "onjuist"})
    client.force_login(resident)
    no_reason = client.post(f"{news.url}melden/", {})

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert no_reason.status_code == 200
    assert "Er is iets niet goed ingevuld" in no_reason.text
    assert not Report.objects.exists()


def test_a_resident_reports_an_activity(client, make_activity, resident, moderator, django_capture_on_commit_callbacks):
    activity = make_activity(title="Stoelgym")
    client.force_login(resident)

    link = client.get(activity.url).text
    form = client.get(f"{activity.url}melden/")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{activity.url}melden/", {"reason": "onjuist"}, follow=True)

    assert f'href="{activity.url}melden/"' in link
    assert "Activiteit melden" in form.text
    assert Report.objects.get().page_id == activity.pk
    assert "Een moderator bekijkt uw melding" in sent.text
    assert "U heeft deze activiteit gemeld" in sent.text  # the page says so instead of the link
    assert mail.outbox[0].subject == "Melding over een activiteit: Stoelgym"


def test_reporting_an_activity_needs_a_login(client, make_activity):
    activity = make_activity()

    response = client.get(f"{activity.url}melden/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Report.objects.exists()


def test_residents_cannot_ask_to_take_a_page_down(client, committee, resident):
    news = NewsPageFactory(parent=committee)
    client.force_login(resident)

    form = client.get(f"{news.url}melden/").text
    forged = client.post(f"{news.url}melden/", {"reason": ReportReason.OUTDATED})

    assert "verouderd" not in form
    assert "Er staat iets onjuists in" in form
    assert forged.status_code == 200  # the form refuses a choice it does not offer
    assert not Report.objects.exists()


# --- Moderators resolve them ---


def test_the_moderator_list_shows_both_kinds_and_resolving_still_works(
    client, committee, make_activity, resident, moderator
):
    news_report = services.page_report_create(
        page=NewsPageFactory(parent=committee, title="Nieuwe bankjes"), reporter=resident, reason="onjuist"
    )
    services.page_report_create(page=make_activity(title="Stoelgym"), reporter=resident, reason="kwetsend")
    client.force_login(moderator)

    listing = client.get("/admin/meldingen/").text
    client.post(f"/admin/meldingen/edit/{news_report.pk}/", {"resolve": "on"})

    assert "Nieuwe bankjes" in listing
    assert "Stoelgym" in listing
    assert "nieuwsbericht" in listing
    assert "activiteit" in listing
    news_report.refresh_from_db()
    assert news_report.resolved_by == moderator
    assert PageLogEntry.objects.filter(page=news_report.page, action="committees.report_resolved").exists()


def test_a_report_opens_the_page_its_editor_and_the_way_to_take_it_offline(client, committee, resident, moderator):
    news = NewsPageFactory(parent=committee, title="Nieuwe bankjes")
    report = services.page_report_create(page=news, reporter=resident, reason="privacy")
    client.force_login(moderator)

    form = client.get(f"/admin/meldingen/edit/{report.pk}/").text

    assert "Gemeld: ‘Nieuwe bankjes’ (nieuwsbericht). Reden: Er staan persoonlijke gegevens van iemand in." in form
    assert f'href="{news.url}"' in form
    assert f'href="/admin/pages/{news.pk}/edit/"' in form
    assert f'href="/admin/pages/{news.pk}/unpublish/?next=/admin/meldingen/edit/{report.pk}/"' in form
    assert "Offline halen" in form
    assert "Afgehandeld: ik heb de pagina bekeken" in form


def test_reports_come_from_residents_so_the_admin_has_no_add_button(client, moderator):
    client.force_login(moderator)

    listing = client.get("/admin/meldingen/").text

    assert client.get("/admin/meldingen/new/").status_code == 302  # Wagtail: "no permission", back to the dashboard
    assert "/admin/meldingen/new/" not in listing
    assert "Nog niet afgehandeld" in listing  # the filters speak Dutch
    assert "isnull" not in listing


# --- A committee member asks to take their own outdated page down ---


def test_the_menu_offers_it_to_a_member_on_their_own_live_page(client, committee, member):
    news = NewsPageFactory(parent=committee)
    client.force_login(member)

    editor = edit_page(client, news)

    assert "Vragen om offline te halen" in editor
    assert f'href="{takedown_url(news)}"' in editor


def test_the_menu_does_not_offer_it_on_a_draft(client, committee, member):
    draft = NewsPageFactory(parent=committee, live=False)
    client.force_login(member)

    assert "Vragen om offline te halen" not in edit_page(client, draft)


def test_the_menu_does_not_offer_it_to_a_moderator_who_unpublishes_directly(client, committee, moderator):
    news = NewsPageFactory(parent=committee)
    client.force_login(moderator)

    assert "Vragen om offline te halen" not in edit_page(client, news)
    assert client.get(takedown_url(news)).status_code == 404


def test_another_committees_page_is_not_theirs(client, committee, other_committee, member):
    elsewhere = NewsPageFactory(parent=other_committee)
    client.force_login(member)

    assert "Vragen om offline te halen" not in edit_page(client, elsewhere)
    assert client.get(takedown_url(elsewhere)).status_code == 404
    assert client.post(takedown_url(elsewhere)).status_code == 404
    assert not Report.objects.exists()


def test_a_resident_gets_no_confirmation_page(client, committee, resident):
    news = NewsPageFactory(parent=committee)
    client.force_login(resident)

    response = client.get(takedown_url(news))

    assert response.status_code == 403  # the admin is not for residents (portal.middleware)
    assert "Vragen om offline te halen" not in response.text


def test_the_confirmation_page_explains_and_asks(client, committee, member):
    news = NewsPageFactory(parent=committee, title="Kerstborrel 2025")
    client.force_login(member)

    page = client.get(takedown_url(news)).text

    assert "Kerstborrel 2025" in page
    assert "Een moderator haalt het bericht van de website. U krijgt bericht als dat is gebeurd." in page
    assert "Ja, vraag om offline te halen" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'href="/admin/pages/{news.pk}/edit/"' in page  # the way back
    assert not Report.objects.exists()  # asking to confirm changes nothing


def test_asking_creates_one_request_logs_it_and_mails_the_moderators(
    client, committee, member, moderator, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=committee, title="Kerstborrel 2025")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(takedown_url(news))
        again = client.post(takedown_url(news), follow=True)

    assert first.status_code == 302
    assert first["Location"] == f"/admin/pages/{news.pk}/edit/"
    report = Report.objects.get()
    assert (report.page_id, report.reporter, report.reason) == (news.pk, member, ReportReason.OUTDATED)
    assert "U heeft al gevraagd om dit offline te halen" in again.text
    assert PageLogEntry.objects.filter(page=news, action="committees.takedown_requested", user=member).count() == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Een commissielid vraagt om de pagina ‘Kerstborrel 2025’ (nieuwsbericht) van de website te halen" in (
        mail.outbox[0].body
    )


def test_the_member_sees_the_request_is_sent(client, committee, member):
    news = NewsPageFactory(parent=committee, title="Kerstborrel 2025")
    client.force_login(member)

    response = client.post(takedown_url(news), follow=True)

    assert "Uw verzoek is verstuurd" in response.text


def test_an_activity_can_be_asked_down_too(client, make_activity, member):
    activity = make_activity(title="Stoelgym")
    client.force_login(member)

    assert "Vragen om offline te halen" in edit_page(client, activity)
    client.post(takedown_url(activity))

    assert Report.objects.get().page_id == activity.pk


def test_resolving_a_request_mails_the_member_who_asked(
    client, committee, member, moderator, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=committee, title="Kerstborrel 2025")
    report = services.takedown_request_create(page=news, by=member)
    news.unpublish(user=moderator)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/meldingen/edit/{report.pk}/", {"resolve": "on"})

    report.refresh_from_db()
    assert report.resolved_by == moderator
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "Uw verzoek is afgehandeld: Kerstborrel 2025"
    assert "De pagina staat niet meer op de website." in mail.outbox[0].body


def test_resolving_a_residents_report_mails_nobody(
    client, committee, resident, moderator, django_capture_on_commit_callbacks
):
    report = services.page_report_create(page=NewsPageFactory(parent=committee), reporter=resident, reason="onjuist")
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/meldingen/edit/{report.pk}/", {"resolve": "on"})

    assert mail.outbox == []
