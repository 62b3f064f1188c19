"""Sign-up per date: places, +1, waiting list and promotion, on someone's behalf, double submits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from activities import services
from activities.models import Registration, RegistrationStatus
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def people(n):
    return [UserFactory() for _ in range(n)]


def test_sign_up_with_a_guest_takes_two_places_and_mails_an_ics(
    occurrence, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(occurrence=occurrence, user=resident, guests=1, made_by=resident)

    occurrence.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert occurrence.seats_taken == 2
    assert occurrence.places_left == 1
    message = mail.outbox[-1]
    assert message.to == [resident.email]
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == "Stoelgym"


def test_when_full_you_join_the_waiting_list_and_a_cancellation_promotes_you(
    occurrence, resident, django_capture_on_commit_callbacks
):
    first, second, third = people(3)
    services.registration_create(occurrence=occurrence, user=first)
    services.registration_create(occurrence=occurrence, user=second, guests=1)
    waiting = services.registration_create(occurrence=occurrence, user=resident)
    late = services.registration_create(occurrence=occurrence, user=third)
    assert waiting.status == late.status == RegistrationStatus.WAITING
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=Registration.objects.get(user=first), by=first)

    waiting.refresh_from_db()
    late.refresh_from_db()
    occurrence.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert late.status == RegistrationStatus.WAITING
    assert occurrence.seats_taken == 3
    promoted, cancelled = sorted(mail.outbox, key=lambda m: m.subject.startswith("Afgemeld: "))
    assert (cancelled.to, promoted.to) == ([first.email], [resident.email])
    assert cancelled.subject.startswith("Afgemeld: ")
    assert "plaats vrij" in promoted.subject


def test_a_promotion_queued_before_the_confirmations_were_merged_still_reaches_the_resident(occurrence, resident):
    """Jobs already in the queue at the deploy name the old task, activities.tasks.send_promoted."""
    from activities.tasks import send_promoted

    registration = services.registration_create(occurrence=occurrence, user=resident)
    mail.outbox.clear()

    send_promoted.func(registration_id=registration.pk)

    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "plaats vrij" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "activiteit.ics"


def test_nobody_twice_and_a_double_click_makes_one_sign_up(client, occurrence, resident):
    client.force_login(resident)
    url = occurrence.activity.url + f"aanmelden/{occurrence.pk}/"

    client.post(url, {"guests": "0"})
    second = client.post(url, {"guests": "0"}, follow=True)

    assert Registration.objects.filter(user=resident).count() == 1
    assert "al op de lijst" in second.text
    with pytest.raises(services.AlreadySignedUp):
        services.registration_create(occurrence=occurrence, user=resident)


def test_sign_up_closes_before_the_deadline(occurrence, resident):
    too_late = occurrence.start - timedelta(minutes=30)

    with pytest.raises(services.SignupClosed):
        services.registration_create(occurrence=occurrence, user=resident, now=too_late)


def test_a_committee_member_signs_up_a_neighbour_without_account(client, occurrence, member):
    client.force_login(member)
    url = occurrence.activity.url + f"namens/{occurrence.pk}/"

    empty = client.post(url, {"guests": "0"})
    done = client.post(
        url, {"neighbour_name": "Mevrouw Jansen", "neighbour_apartment": "14", "neighbour_consent": "on", "guests": "0"}
    )

    assert "Er is iets niet goed ingevuld" in empty.text
    assert done.status_code == 302
    registration = Registration.objects.get(neighbour_name="Mevrouw Jansen")
    assert registration.on_behalf
    assert registration.made_by == member
    listing = client.get(done["Location"])
    assert "Mevrouw Jansen" in listing.text
    assert "namens" in listing.text


def test_a_neighbour_needs_consent(occurrence, member):
    with pytest.raises(services.SignupError):
        services.registration_create(occurrence=occurrence, made_by=member, neighbour_name="Meneer Bakker")


def test_the_caretaker_signs_up_a_resident(client, occurrence, caretaker, resident):
    client.force_login(caretaker.user)

    response = client.post(
        occurrence.activity.url + f"namens/{occurrence.pk}/", {"resident": resident.pk, "guests": "1"}
    )

    assert response.status_code == 302
    registration = Registration.objects.get(user=resident)
    assert registration.made_by == caretaker.user
    assert registration.guests == 1


def test_others_cannot_sign_up_someone_else(client, occurrence, resident, other_resident, other_caretaker):
    for user in (resident, other_caretaker.user):
        client.force_login(user)
        assert client.get(occurrence.activity.url + f"namens/{occurrence.pk}/").status_code == 404
        assert client.get(occurrence.activity.url + f"deelnemers/{occurrence.pk}/").status_code == 404
    with pytest.raises(services.SignupError):
        services.registration_create(occurrence=occurrence, user=other_resident, made_by=resident)


def test_a_resident_cancels_from_my_page(client, occurrence, resident):
    registration = services.registration_create(occurrence=occurrence, user=resident)
    client.force_login(resident)
    assert "Stoelgym" in client.get(reverse("my_page")).text

    response = client.post(occurrence.activity.url + f"afmelden/{registration.pk}/", {"next": "/mijn/"})

    assert response["Location"] == "/mijn/"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "U bent nergens voor aangemeld" in client.get(reverse("my_page")).text


def test_nobody_cancels_someone_elses_sign_up(client, occurrence, resident, other_resident):
    registration = services.registration_create(occurrence=occurrence, user=resident)
    client.force_login(other_resident)

    response = client.post(occurrence.activity.url + f"afmelden/{registration.pk}/")

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
