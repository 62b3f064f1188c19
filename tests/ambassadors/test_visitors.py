"""The visitor looked after: practical tour info, one tour per mailbox, the ambassador's languages, booking again,
a request when a building has no ambassador, and group tours (open afternoons) with a number of places."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from ambassadors import services, visitor_services
from ambassadors.models import BookingStatus, GroupTourPlace, TourBooking, TourRequest
from ambassadors.tokens import booking_for_token, booking_path, group_place_for_token, group_place_path
from portal.models import BuildingPage
from tests.ambassadors.booking_form import book_url, form_data

pytestmark = pytest.mark.django_db


def ics_event(message):
    _name, content, _mimetype = message.attachments[0]
    return Calendar.from_ical(content).walk("VEVENT")[0]


@pytest.fixture
def tour_info(building):
    BuildingPage.objects.filter(pk=building.pk).update(
        tour_meeting_point="In de hal bij de brievenbussen",
        has_lift=True,
        step_free=True,
        wheelchair_accessible=False,
        parking="Gratis parkeren voor de deur",
        public_transport="Tram 4, halte Bergweg",
    )
    building.refresh_from_db()
    return building


# --- 1 and 2: practical information and the phone number ------------------------------------------------------


def test_the_tour_page_shows_meeting_point_access_parking_transport_and_the_phone_number(
    client, tour_page, tour_info, ambassador
):
    html = client.get(f"/rondleidingen/{tour_info.slug}/").text
    assert "In de hal bij de brievenbussen" in html
    assert "lift, drempelvrij" in html
    assert "rolstoel" not in html
    assert "Gratis parkeren voor de deur" in html
    assert "Tram 4, halte Bergweg" in html
    assert 'class="phone"' in html


def test_the_confirmation_and_its_ics_carry_the_practical_information(
    client, tour_page, tour_info, slots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(book_url(tour_info, slots[0]), form_data(slots[0]))
    visitor = mail.outbox[0]
    assert "Verzamelplek: In de hal bij de brievenbussen" in visitor.body
    assert "Toegankelijkheid: lift, drempelvrij" in visitor.body
    assert "Openbaar vervoer: Tram 4, halte Bergweg" in visitor.body
    event = ics_event(visitor)
    assert "In de hal bij de brievenbussen" in str(event["LOCATION"])
    assert "Parkeren: Gratis parkeren voor de deur" in str(event["DESCRIPTION"])


def test_a_building_without_tour_information_shows_no_empty_block(client, tour_page, building, ambassador):
    assert 'id="praktisch"' not in client.get(f"/rondleidingen/{building.slug}/").text


# --- 4: one tour to come per mailbox per building -----------------------------------------------------------------


def test_a_second_tour_in_the_same_building_is_refused_with_the_offer_to_resend_the_link(
    client, tour_page, building, slots, book, django_capture_on_commit_callbacks
):
    first = book(slots[0], email="marijke@example.net")
    response = client.post(
        book_url(building, slots[1]), form_data(slots[1], email="Marijke+nog@example.net", request_key="k2")
    )
    assert response.status_code == 200
    assert "U heeft al een rondleiding in dit gebouw geboekt; de link staat in uw e-mail" in response.text
    assert first.start_label not in response.text  # the existing tour itself is not shown
    assert "Stuur de link opnieuw" in response.text
    assert TourBooking.objects.count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"/rondleidingen/{building.slug}/link-opnieuw/", {"email": "marijke+nog@example.net"})
    assert resent.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["marijke@example.net"]  # where the tour was booked, not where the request came from
    token = re.search(r"/rondleidingen/boeking/([^/\s]+)/", message.body).group(1)
    assert booking_for_token(token) == first


def test_the_resend_answer_is_the_same_for_an_address_without_a_tour(client, tour_page, building, ambassador):
    response = client.post(
        f"/rondleidingen/{building.slug}/link-opnieuw/", {"email": "niemand@example.net"}, follow=True
    )
    assert "Staat er een rondleiding op dit e-mailadres" in response.text
    assert mail.outbox == []


def test_the_same_address_may_book_in_another_building_and_again_after_cancelling(
    tour_page, building, slots, book, other_ambassador, other_building
):
    from ambassadors import selectors

    first = book(slots[0])
    other_slot = selectors.building_slots(building=other_building)[0]
    assert book(other_slot).building == other_building
    services.booking_cancel(booking=first)
    assert book(slots[1]).status == BookingStatus.BOOKED


# --- 6: the languages the ambassador speaks -----------------------------------------------------------------------


def test_the_form_offers_only_the_languages_the_ambassador_speaks(client, tour_page, building, slots):
    html = client.get(book_url(building, slots[0])).text
    assert 'value="en"' in html  # Ria speaks Dutch and English
    assert 'value="tr"' not in html

    response = client.post(book_url(building, slots[0]), form_data(slots[0], language="tr"))
    assert response.status_code == 200
    assert "Ria geeft rondleidingen in: Nederlands, Engels" in response.text
    assert not TourBooking.objects.exists()


# --- 7: booking again after a cancellation ------------------------------------------------------------------------


def test_the_cancelled_booking_page_and_its_mail_invite_to_book_again(
    client, tour_page, building, slots, book, django_capture_on_commit_callbacks
):
    booking = book(slots[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking)
    page = client.get(booking_path(booking)).text
    assert f'href="/rondleidingen/{building.slug}/"' in page
    assert "Nieuwe rondleiding boeken in De Linde" in page
    visitor = next(m for m in mail.outbox if m.to == ["marijke@example.net"])
    assert f"http://testserver/rondleidingen/{building.slug}/" in visitor.body


# --- 3: a building without an ambassador: a request to the letting team -------------------------------------------


def request_data(**overrides):
    data = {
        "name": "Gerrit Bos",
        "email": "gerrit@example.net",
        "phone": "",
        "preferred_days": ["1", "3"],
        "part_of_day": "ochtend",
        "website": "",
    }
    data.update(overrides)
    return data


@override_settings(PORTAL_LETTING_TEAM_EMAIL="verhuur@corporatie.example")
def test_a_visitor_asks_for_a_tour_of_a_building_without_an_ambassador(
    client, tour_page, other_building, django_capture_on_commit_callbacks
):
    page = client.get(f"/rondleidingen/{other_building.slug}/")
    assert "<textarea" not in page.text  # no free text: it invites health details
    assert 'name="website"' in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rondleidingen/{other_building.slug}/aanvragen/", request_data())

    assert response.status_code == 302
    assert "Uw aanvraag is verstuurd" in client.get(response["Location"]).text
    request = TourRequest.objects.get()
    assert (request.building, request.preferred_days, request.part_of_day) == (other_building, [1, 3], "ochtend")
    team, visitor = mail.outbox
    assert team.to == ["verhuur@corporatie.example"]
    assert "Gerrit Bos" in team.body
    assert "dinsdag, donderdag" in team.body
    assert visitor.to == ["gerrit@example.net"]
    assert "verhuurteam" in visitor.body


def test_a_request_needs_a_way_to_reach_the_visitor(client, tour_page, other_building):
    response = client.post(f"/rondleidingen/{other_building.slug}/aanvragen/", request_data(email=""))
    assert response.status_code == 200
    assert "Vul een e-mailadres of een telefoonnummer in" in response.text
    assert not TourRequest.objects.exists()
    by_phone = client.post(
        f"/rondleidingen/{other_building.slug}/aanvragen/", request_data(email="", phone="010 1234567")
    )
    assert by_phone.status_code == 302
    assert TourRequest.objects.get().phone == "010 1234567"


def test_the_request_honeypot_stops_a_bot(client, tour_page, other_building):
    response = client.post(f"/rondleidingen/{other_building.slug}/aanvragen/", request_data(website="http://spam"))
    assert response.status_code == 400
    assert not TourRequest.objects.exists()
    assert mail.outbox == []


@override_settings(PORTAL_TOUR_RATE_PER_IP="100/h", PORTAL_TOUR_RATE_PER_EMAIL="2/h")
def test_too_many_requests_for_one_address_get_a_429(client, tour_page, other_building):
    statuses = [
        client.post(f"/rondleidingen/{other_building.slug}/aanvragen/", request_data()).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert TourRequest.objects.count() == 2


def test_a_building_with_an_ambassador_takes_no_request(client, tour_page, building, ambassador):
    response = client.post(f"/rondleidingen/{building.slug}/aanvragen/", request_data())
    assert response.status_code == 302
    assert not TourRequest.objects.exists()


def test_requests_are_wiped_after_the_retention_period(other_building, settings):
    settings.PORTAL_TOUR_RETENTION_DAYS = 30
    old = visitor_services.tour_request_create(building=other_building, name="Oud", email="oud@example.net")
    new = visitor_services.tour_request_create(building=other_building, name="Nieuw", email="nieuw@example.net")
    TourRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))

    assert visitor_services.visitors_anonymise_due() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.name, old.email, old.anonymised_at is not None) == ("", "", True)
    assert new.name == "Nieuw"


# --- 5: group tours -----------------------------------------------------------------------------------------------


@pytest.fixture
def group_tour(other_building):
    start = timezone.now() + timedelta(days=5)
    return visitor_services.group_tour_offer(
        building=other_building, start=start, end=start + timedelta(hours=2), capacity=5, title="Open middag"
    )


def place_data(**overrides):
    data = {
        "name": "Nel Kramer",
        "email": "nel@example.net",
        "phone": "",
        "party_size": "2",
        "website": "",
        "request_key": "g" * 32,
    }
    data.update(overrides)
    return data


def group_url(group_tour):
    return f"/rondleidingen/{group_tour.building.slug}/groep/{group_tour.pk}/"


def test_visitors_book_places_on_a_group_tour_until_it_is_full(
    client, tour_page, group_tour, django_capture_on_commit_callbacks
):
    page = client.get(f"/rondleidingen/{group_tour.building.slug}/").text
    assert "Open middag" in page
    assert "Nog 5 plaatsen vrij." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(group_url(group_tour), place_data())
    assert response.status_code == 302
    place = GroupTourPlace.objects.get()
    assert response["Location"].endswith("?aangemeld=1")
    assert group_place_for_token(response["Location"].split("/")[3]) == place
    assert "U bent aangemeld" in client.get(response["Location"]).text
    (confirmation,) = mail.outbox
    assert confirmation.to == ["nel@example.net"]
    assert "Open middag" in str(ics_event(confirmation)["SUMMARY"])
    assert "Nog 3 plaatsen vrij." in client.get(f"/rondleidingen/{group_tour.building.slug}/").text

    too_many = client.post(
        group_url(group_tour), place_data(email="gerrit@example.net", party_size="4", request_key="x")
    )
    assert too_many.status_code == 200
    assert "Er zijn nog 3 plaatsen vrij" in too_many.text

    client.post(group_url(group_tour), place_data(email="gerrit@example.net", party_size="3", request_key="y"))
    page = client.get(f"/rondleidingen/{group_tour.building.slug}/").text
    assert "Vol." in page
    full = client.post(group_url(group_tour), place_data(email="anneke@example.net", party_size="1", request_key="z"))
    assert "Deze groepsrondleiding is vol" in full.text
    assert sum(p.party_size for p in GroupTourPlace.objects.all()) == 5


def test_one_mailbox_books_a_group_tour_once_and_a_double_click_books_once(tour_page, group_tour):
    first = visitor_services.group_place_book(
        group_tour_id=group_tour.pk, name="Nel Kramer", email="nel@example.net", request_key="k1"
    )
    again = visitor_services.group_place_book(
        group_tour_id=group_tour.pk, name="Nel Kramer", email="nel@example.net", request_key="k1"
    )
    assert again == first
    with pytest.raises(services.AlreadyBooked):
        visitor_services.group_place_book(group_tour_id=group_tour.pk, name="Nel Kramer", email="Nel+2@example.net")


def test_cancelling_frees_the_places_and_offers_to_book_again(
    client, tour_page, group_tour, django_capture_on_commit_callbacks
):
    place = visitor_services.group_place_book(
        group_tour_id=group_tour.pk, name="Nel Kramer", email="nel@example.net", party_size=4
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(group_place_path(place), follow=True)
    assert "U bent afgemeld" in response.text
    assert f'href="/rondleidingen/{group_tour.building.slug}/"' in response.text
    assert GroupTourPlace.objects.get().status == BookingStatus.CANCELLED
    assert "Nog 5 plaatsen vrij." in client.get(f"/rondleidingen/{group_tour.building.slug}/").text
    cancelled = mail.outbox[-1]
    ics = cancelled.attachments[0][1]
    assert "METHOD:CANCEL" in (ics if isinstance(ics, str) else ics.decode())
    assert f"/rondleidingen/{group_tour.building.slug}/" in cancelled.body


def test_a_group_tour_of_another_building_or_a_past_or_cancelled_one_cannot_be_booked(
    client, tour_page, group_tour, building
):
    assert client.get(f"/rondleidingen/{building.slug}/groep/{group_tour.pk}/").status_code == 404
    group_tour.cancelled = True
    group_tour.save()
    assert client.get(group_url(group_tour)).status_code == 404
    response = client.post(group_url(group_tour), place_data())
    assert response.status_code == 302
    assert not GroupTourPlace.objects.exists()


def test_the_group_tour_honeypot_stops_a_bot(client, tour_page, group_tour):
    response = client.post(group_url(group_tour), place_data(website="http://spam"))
    assert response.status_code == 400
    assert not GroupTourPlace.objects.exists()


def test_a_group_tour_needs_a_time_ahead_and_an_ambassador_of_its_own_building(other_building, ambassador):
    from django.core.exceptions import ValidationError

    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError):
        visitor_services.group_tour_offer(
            building=other_building, start=start, end=start + timedelta(hours=1), ambassador=ambassador
        )
    with pytest.raises(ValidationError):
        visitor_services.group_tour_offer(
            building=other_building, start=timezone.now() - timedelta(hours=1), end=timezone.now()
        )


def test_group_places_are_wiped_after_the_retention_period(group_tour, settings):
    settings.PORTAL_TOUR_RETENTION_DAYS = 30
    place = visitor_services.group_place_book(group_tour_id=group_tour.pk, name="Nel Kramer", email="nel@example.net")
    group_tour.__class__.objects.filter(pk=group_tour.pk).update(
        start=timezone.now() - timedelta(days=40), end=timezone.now() - timedelta(days=40) + timedelta(hours=2)
    )
    assert visitor_services.visitors_anonymise_due() == 1
    place.refresh_from_db()
    assert (place.name, place.email) == ("", "")


def test_no_free_text_in_any_visitor_form(client, tour_page, group_tour, building, slots):
    for url in (group_url(group_tour), book_url(building, slots[0]), f"/rondleidingen/{group_tour.building.slug}/"):
        assert not re.search(r"<textarea", client.get(url).text)


# --- Staff: the building's tour info and the group tours in the admin ---------------------------------------------


def test_staff_fill_in_the_tour_info_on_the_building_and_offer_a_group_tour_in_the_admin(
    client, moderator, other_building
):
    from ambassadors.models import GroupTour

    client.force_login(moderator)
    edit = client.get(f"/admin/pages/{other_building.pk}/edit/")
    assert edit.status_code == 200
    for field in (
        "tour_meeting_point",
        "has_lift",
        "step_free",
        "wheelchair_accessible",
        "parking",
        "public_transport",
    ):
        assert f'name="{field}"' in edit.text

    start = timezone.localtime() + timedelta(days=10)
    response = client.post(
        "/admin/groepsrondleidingen/new/",
        {
            "building": other_building.pk,
            "ambassador": "",
            "title": "Open middag",
            "start": f"{start:%Y-%m-%d} 14:00",
            "end": f"{start:%Y-%m-%d} 16:00",
            "capacity": "12",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    group_tour = GroupTour.objects.get()
    assert (group_tour.capacity, group_tour.cancelled) == (12, False)
    visitor_services.group_place_book(group_tour_id=group_tour.pk, name="Nel Kramer", phone="010 1234567", party_size=3)
    index = client.get("/admin/groepsrondleidingen/")
    assert index.status_code == 200
    assert "Het Anker" in index.text

    wrong = client.post(
        "/admin/groepsrondleidingen/new/",
        {
            "building": other_building.pk,
            "title": "Open middag",
            "start": f"{start:%Y-%m-%d} 16:00",
            "end": f"{start:%Y-%m-%d} 14:00",
            "capacity": "12",
        },
    )
    assert wrong.status_code == 200
    assert "De eindtijd moet na de begintijd liggen" in wrong.text


def test_the_group_tour_and_request_posts_stay_within_ten_queries(
    client, tour_page, group_tour, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(f"/rondleidingen/{group_tour.building.slug}/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks, django_assert_max_num_queries(10) as queries:
        response = client.post(group_url(group_tour), place_data())
    assert response.status_code == 302
    assert len(queries.captured_queries) + len(callbacks) <= 10
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks, django_assert_max_num_queries(10) as queries:
        response = client.post(f"/rondleidingen/{group_tour.building.slug}/aanvragen/", request_data())
    assert response.status_code == 302
    assert len(queries.captured_queries) + len(callbacks) <= 10
