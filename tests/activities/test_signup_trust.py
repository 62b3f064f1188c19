"""Sign-up and cancellation people can trust: the deadline shown before the button and the button gone when
closed (with a number to call instead); cancelling asks first and is confirmed by e-mail with a calendar
cancellation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from activities import services
from activities.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_the_deadline_is_shown_before_the_button(client, make_activity, resident):
    activity = make_activity(capacity=10, signup_deadline_hours=24)
    client.force_login(resident)

    page = client.get(activity.url).content.decode()

    deadline = timezone.localtime(activity.occurrences.get().signup_deadline)
    assert f"Aanmelden kan tot {date_format(deadline, 'l j F')}, {deadline:%H:%M} uur." in page
    assert page.index("Aanmelden kan tot") < page.index('class="signup-form"')


def test_after_the_deadline_there_is_no_button_but_a_number_to_call(client, make_activity, resident, settings):
    activity = make_activity(capacity=40, signup_deadline_hours=48, start_date=timezone.localdate() + timedelta(days=1))
    client.force_login(resident)

    page = client.get(activity.url).content.decode()

    assert "Aanmelden kan niet meer." in page
    assert 'class="signup-form"' not in page
    assert "plaatsen vrij" not in page, "no 'Nog 40 plaatsen vrij' for a sign-up that cannot be made"
    assert settings.PORTAL_CORPORATION_PHONE in page


def test_the_committees_own_number_is_given_when_it_has_one(client, make_activity, committee, resident):
    committee.contact_phone = "06 12 34 56 78"
    committee.save()
    activity = make_activity(capacity=40, signup_deadline_hours=48, start_date=timezone.localdate() + timedelta(days=1))
    client.force_login(resident)

    page = client.get(activity.url).content.decode()

    assert "06 12 34 56 78" in page


def test_cancelling_asks_first_then_confirms_by_e_mail_with_a_calendar_cancellation(
    client, make_activity, resident, mailoutbox, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=10)
    registration = services.registration_create(occurrence=activity.occurrences.get(), user=resident)
    mailoutbox.clear()
    client.force_login(resident)
    url = f"{activity.url}afmelden/{registration.pk}/"

    asked = client.get(url).content.decode()
    registration.refresh_from_db()
    assert "Weet u het zeker?" in asked
    assert registration.status == RegistrationStatus.CONFIRMED, "looking is not cancelling"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    (mail,) = mailoutbox
    assert mail.to == [resident.email]
    assert mail.subject.startswith("Afgemeld: Stoelgym op ")
    (ics,) = [content for _name, content, mimetype in mail.attachments if mimetype.startswith("text/calendar")]
    calendar = Calendar.from_ical(ics)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


def test_an_organiser_cancels_a_neighbour_after_being_asked(client, make_activity, member, mailoutbox):
    activity = make_activity(capacity=10)
    registration = services.registration_create(
        occurrence=activity.occurrences.get(), made_by=member, neighbour_name="Mevrouw Jansen", neighbour_consent=True
    )
    client.force_login(member)
    url = f"{activity.url}afmelden/{registration.pk}/"

    assert "U meldt Mevrouw Jansen af" in client.get(url).content.decode()
    client.post(url)

    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED


def test_e_mails_are_in_the_language_the_resident_chose_and_the_reminder_says_what_people_need(
    make_activity, resident, monkeypatch, settings
):
    from datetime import datetime, time

    from activities import tasks

    resident.resident_profile.language = "en"
    resident.resident_profile.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    activity = make_activity(capacity=10, start_date=tomorrow, start_time=time(10), end_time=time(11, 30))
    registration = services.registration_create(
        occurrence=activity.occurrences.get(), user=resident, guests=1, now=timezone.now() - timedelta(days=2)
    )
    Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - timedelta(days=2))
    sent = []
    real = tasks.mail_send
    monkeypatch.setattr(tasks, "mail_send", lambda **kwargs: sent.append(kwargs) or real(**kwargs))

    tasks.send_signup_confirmation.func(registration_id=registration.pk)
    at_ten = timezone.make_aware(datetime.combine(timezone.localdate(), time(settings.PORTAL_REMINDER_HOUR, 5)))
    tasks.send_reminders(now=at_ten)

    assert [mail["language"] for mail in sent[:2]] == ["en", "en"]
    reminder = next(mail for mail in sent if mail["template"] == "activities/email/reminder")
    from django.template.loader import render_to_string

    body = render_to_string("activities/email/reminder.txt", reminder["context"])
    assert "11:30" in body, "the end time"
    assert activity.url in body, "where to cancel"
    assert settings.PORTAL_CORPORATION_PHONE in body
    assert "Met één gast." in body
    assert reminder["context"]["place"], "the room and the address"


def test_the_link_in_the_confirmation_cancels_without_logging_in(
    client, make_activity, resident, mailoutbox, django_capture_on_commit_callbacks
):
    activity = make_activity(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(occurrence=activity.occurrences.get(), user=resident)
    (confirmation,) = mailoutbox
    path = next(word for word in confirmation.body.split() if "/activiteiten/afmelden/" in word).split("testserver", 1)[
        -1
    ]

    asked = client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    again = client.get(path)
    tampered = client.get(path[:-3] + "xyz/")

    assert "Weet u het zeker?" in asked
    assert done.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    assert mailoutbox[-1].subject.startswith("Afgemeld: ")
    assert again.status_code == 404
    assert "Deze link werkt niet meer" in again.content.decode()
    assert tampered.status_code == 404


def test_the_link_stops_working_once_the_date_has_begun(make_activity, resident):
    from activities.tokens import cancel_token, registration_for_token

    activity = make_activity(capacity=10)
    registration = services.registration_create(occurrence=activity.occurrences.get(), user=resident)
    token = cancel_token(registration)

    assert registration_for_token(token) == registration
    assert registration_for_token(token, now=registration.occurrence.start) is None
