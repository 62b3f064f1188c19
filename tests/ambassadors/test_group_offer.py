"""An ambassador offers an open afternoon in their own building from /mijn/: it appears on the building's tour page
with its places, and a form with mistakes keeps what was typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassadors.models import GroupTour

pytestmark = pytest.mark.django_db

URL = "/mijn/rondleidingen/open-middag/"


def test_an_ambassador_offers_an_open_afternoon_that_visitors_find_on_the_tour_page(
    client, ambassador, building, tour_page
):
    day = timezone.localdate() + timedelta(days=9)
    client.force_login(ambassador.user)

    response = client.post(
        URL, {"title": "Open middag", "day": day.isoformat(), "start": "14:00", "end": "16:00", "capacity": "12"}
    )

    assert response.status_code == 302
    group_tour = GroupTour.objects.get()
    assert (group_tour.building, group_tour.ambassador, group_tour.capacity) == (building, ambassador, 12)
    assert timezone.localtime(group_tour.start).hour == 14
    mine = client.get(URL).text
    assert "0 van de 12 plaatsen bezet" in mine
    assert "Open middag" in client.get(f"/rondleidingen/{building.slug}/").text


def test_a_mistake_is_explained_and_what_was_typed_stays(client, ambassador):
    day = timezone.localdate() + timedelta(days=9)
    client.force_login(ambassador.user)

    response = client.post(
        URL, {"title": "Koffie en kijken", "day": day.isoformat(), "start": "16:00", "end": "15:00", "capacity": "8"}
    )

    assert response.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in response.text
    assert 'value="Koffie en kijken"' in response.text
    assert not GroupTour.objects.exists()


def test_a_time_in_the_past_is_refused(client, ambassador):
    client.force_login(ambassador.user)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(
        URL, {"title": "Open middag", "day": yesterday.isoformat(), "start": "14:00", "end": "16:00", "capacity": "8"}
    )

    assert "Kies een tijd in de toekomst." in response.text
    assert not GroupTour.objects.exists()


def test_only_ambassadors_offer_open_afternoons(client, resident):
    client.force_login(resident)
    assert client.get(URL).status_code == 404
