"""A fair waiting list: the first in line who fits, a single place offered, positions, proxies told, organisers."""

from datetime import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities import selectors, services
from activities.models import CancelledDate, Occurrence, RegistrationStatus
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def people(n):
    return [UserFactory() for _ in range(n)]


def fill(occurrence, n=3):
    """Three people alone: the date (three places) is full."""
    return [services.registration_create(occurrence=occurrence, user=user) for user in people(n)]


def status_of(registration):
    registration.refresh_from_db()
    return registration.status


def test_one_place_goes_to_the_second_in_line_when_the_firsts_guest_does_not_fit(
    client, occurrence, resident, django_capture_on_commit_callbacks
):
    """Truus waits with a guest; one place comes free: the next in line (alone) gets it, Truus stays first."""
    sitting = fill(occurrence)
    truus = services.registration_create(occurrence=occurrence, user=resident, guests=1)
    second = services.registration_create(occurrence=occurrence, user=UserFactory(email="tweede@example.org"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=sitting[0], by=sitting[0].user)

    assert status_of(second) == RegistrationStatus.CONFIRMED
    assert status_of(truus) == RegistrationStatus.WAITING
    occurrence.refresh_from_db()
    assert occurrence.places_left == 0
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "plaats vrij" in by_address["tweede@example.org"].subject
    offer = by_address[resident.email]
    assert "wilt u alleen komen" in offer.subject.lower()
    assert "ging de plaats naar de volgende" in offer.body
    assert "u bent nummer 1" in offer.body

    client.force_login(resident)
    page = client.get(occurrence.activity.url).text
    assert "U bent nummer 1 op de wachtlijst" in page
    assert "Ik kom alleen" in page

    # Truus decides to come alone; at the next free place she is the one who moves up.
    client.post(occurrence.activity.url + f"gast-afmelden/{truus.pk}/")
    assert status_of(truus) == RegistrationStatus.WAITING
    services.registration_cancel(registration=sitting[1], by=sitting[1].user)
    assert status_of(truus) == RegistrationStatus.CONFIRMED


def test_a_single_place_that_nobody_waiting_fits_is_offered_and_taken_by_coming_alone(
    client, occurrence, resident, django_capture_on_commit_callbacks
):
    sitting = fill(occurrence)
    truus = services.registration_create(occurrence=occurrence, user=resident, guests=1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=sitting[0], by=sitting[0].user)
        # Someone else with a guest signs up: the list is looked at again, Truus is not mailed twice.
        services.registration_create(occurrence=occurrence, user=UserFactory(email="derde@example.org"), guests=1)

    offers = [m for m in mail.outbox if m.to == [resident.email]]
    assert len(offers) == 1
    assert "Er is één plaats vrij" in offers[0].body
    client.force_login(resident)
    assert "Komt u alleen? Dan bent u meteen aangemeld." in client.get(occurrence.activity.url).text

    response = client.post(occurrence.activity.url + f"gast-afmelden/{truus.pk}/", follow=True)

    assert "U komt alleen. U bent aangemeld." in response.text
    truus.refresh_from_db()
    assert (truus.status, truus.guests) == (RegistrationStatus.CONFIRMED, 0)


def test_a_newcomer_does_not_take_a_place_while_someone_waiting_fits(occurrence, resident):
    fill(occurrence)
    waiting = services.registration_create(occurrence=occurrence, user=UserFactory())
    # A place left free with someone waiting who fits (as an older version left dates behind).
    Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=2)

    newcomer = services.registration_create(occurrence=occurrence, user=resident)

    assert status_of(waiting) == RegistrationStatus.CONFIRMED
    assert newcomer.status == RegistrationStatus.WAITING
    occurrence.refresh_from_db()
    assert occurrence.seats_taken == 3


def test_more_places_move_the_waiting_list_up(occurrence):
    fill(occurrence)
    waiting = [services.registration_create(occurrence=occurrence, user=user) for user in people(2)]
    activity = occurrence.activity
    activity.capacity = 5
    activity.save()

    services.occurrences_sync(activity=activity)

    assert [status_of(r) for r in waiting] == [RegistrationStatus.CONFIRMED] * 2


def test_everyone_waiting_sees_their_number_on_the_page_and_on_my_page(
    client, make_activity, occurrence, resident, django_assert_num_queries
):
    fill(occurrence)
    services.registration_create(occurrence=occurrence, user=UserFactory())
    services.registration_create(occurrence=occurrence, user=UserFactory(), guests=1)
    mine = services.registration_create(occurrence=occurrence, user=resident)
    other = make_activity(capacity=1).occurrences.get()
    theirs = [services.registration_create(occurrence=other, user=user) for user in people(3)]

    with django_assert_num_queries(1):
        positions = selectors.waiting_positions(registrations=[mine, *theirs])

    assert positions == {mine.pk: 3, theirs[1].pk: 1, theirs[2].pk: 2}
    client.force_login(resident)
    assert "U bent nummer 3 op de wachtlijst" in client.get(occurrence.activity.url).text
    assert "U bent nummer 3 op de wachtlijst" in client.get(reverse("my_page")).text


def test_who_signed_a_neighbour_up_hears_of_the_promotion_and_of_a_cancelled_date(
    client, occurrence, member, django_capture_on_commit_callbacks
):
    sitting = fill(occurrence)
    neighbour = services.registration_create(
        occurrence=occurrence,
        made_by=member,
        neighbour_name="Mevrouw Jansen",
        neighbour_apartment="14",
        neighbour_phone="010-1234567",
        neighbour_consent=True,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=sitting[0], by=sitting[0].user)

    assert status_of(neighbour) == RegistrationStatus.CONFIRMED
    told = [m for m in mail.outbox if not m.subject.startswith("Afgemeld: ")]  # the one who cancelled is told too
    assert [m.to for m in told] == [[member.email]]
    assert "Mevrouw Jansen kan komen" in told[0].subject
    client.force_login(member)
    call_list = client.get(occurrence.activity.url + "bellijst/").text
    assert "Mevrouw Jansen" in call_list
    assert "Er is een plaats vrijgekomen: u bent aangemeld." in call_list
    assert "010-1234567" not in call_list  # only after confirming who you are
    assert "Toon telefoonnummers" in call_list
    mail.outbox.clear()

    activity = occurrence.activity
    activity.cancelled_dates.add(CancelledDate(date=occurrence.start.date()))
    activity.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.occurrences_sync(activity=activity)

    proxy_mail = next(m for m in mail.outbox if m.to == [member.email])
    assert "Gaat niet door" in proxy_mail.subject
    assert "Mevrouw Jansen" in proxy_mail.body
    assert "gaat op deze datum niet door" in client.get(activity.url + "bellijst/").text


def test_the_call_list_is_for_the_organisers_only(client, occurrence, resident):
    client.force_login(resident)

    assert client.get(occurrence.activity.url + "bellijst/").status_code == 404


def test_an_organiser_cancels_a_neighbour_who_phoned_in_sick(client, occurrence, member):
    sick, *_others = fill(occurrence)
    with_guest = services.registration_create(occurrence=occurrence, user=UserFactory(), guests=1)
    next_in_line = services.registration_create(occurrence=occurrence, user=UserFactory())
    client.force_login(member)
    participants = occurrence.activity.url + f"deelnemers/{occurrence.pk}/"
    manage = participants + f"aanmelding/{sick.pk}/"
    assert manage in client.get(participants).text

    asked = client.get(manage)
    assert "Weet u het zeker?" in asked.text
    assert status_of(sick) == RegistrationStatus.CONFIRMED  # asking changes nothing

    response = client.post(manage, {"actie": "afmelden"}, follow=True)

    assert "is afgemeld" in response.text
    assert status_of(sick) == RegistrationStatus.CANCELLED
    assert status_of(next_in_line) == RegistrationStatus.CONFIRMED  # the guest did not fit: the next did

    # The one with a guest comes alone after all: the organiser changes the sign-up.
    client.post(participants + f"aanmelding/{with_guest.pk}/", {"actie": "gast"})
    with_guest.refresh_from_db()
    assert with_guest.guests == 0


def test_the_form_says_the_neighbour_is_on_the_waiting_list_on_a_full_date(client, occurrence, member):
    fill(occurrence)
    client.force_login(member)

    response = client.post(
        occurrence.activity.url + f"namens/{occurrence.pk}/",
        {"neighbour_name": "Mevrouw Jansen", "neighbour_apartment": "14", "neighbour_consent": "on", "guests": "0"},
        follow=True,
    )

    assert "Mevrouw Jansen staat op de wachtlijst, als nummer 1." in response.text
    assert "De aanmelding is gedaan" not in response.text


def test_a_new_time_keeps_the_sign_ups_and_everyone_is_told(
    client, occurrence, resident, member, django_capture_on_commit_callbacks
):
    services.registration_create(occurrence=occurrence, user=resident)
    services.registration_create(
        occurrence=occurrence, made_by=member, neighbour_name="Mevrouw Jansen", neighbour_consent=True
    )
    mail.outbox.clear()
    activity = occurrence.activity
    activity.start_time = time(10, 30)
    activity.end_time = time(11, 30)
    activity.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.occurrences_sync(activity=activity)

    moved = activity.occurrences.get()
    assert moved.pk == occurrence.pk
    assert timezone.localtime(moved.start).time() == time(10, 30)
    assert moved.registrations.count() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Andere tijd" in by_address[resident.email].subject
    assert "van 10:30 tot 11:30" in by_address[resident.email].body
    assert "Mevrouw Jansen" in by_address[member.email].body
    client.force_login(member)
    assert "De tijd is veranderd: het is nu van 10:30 tot 11:30." in client.get(activity.url + "bellijst/").text
