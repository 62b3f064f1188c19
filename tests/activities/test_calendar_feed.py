"""What calendar programs get from activities: the feed /activiteiten/agenda.ics and the e-mail attachments,
read with two parsers the portal does not write with (vobject and ics.py)."""

from datetime import UTC, time, timedelta
from zoneinfo import ZoneInfo

import ics
import pytest
import vobject
from django.utils import timezone

from activities.ical import calendar_for, cancellation_for, uid_for
from activities.models import ActivityCategory, Recurrence

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def feed(client, **filters):
    response = client.get("/activiteiten/agenda.ics", filters)
    assert response.status_code == 200
    return response.content.decode()


def test_a_year_of_weekly_dates_keeps_its_hour_in_both_parsers_through_summer_and_winter(
    client, settings, make_activity
):
    settings.PORTAL_OCCURRENCE_WINDOW_DAYS = 380
    activity = make_activity(
        title="Koersbal",
        recurrence=Recurrence.WEEKLY,
        until=timezone.localdate() + timedelta(days=360),  # within the feed's year ahead
        start_time=time(10),
        end_time=time(11, 30),
    )
    expected = {uid_for(o): o.start for o in activity.occurrences.all()}
    assert len(expected) > 50

    text = feed(client, gebouw="de-linde")

    by_vobject = {e.uid.value: e.dtstart.value for e in vobject.readOne(text).vevent_list}
    by_ics = {e.uid: e.begin.datetime for e in ics.Calendar(text).events}
    for read in (by_vobject, by_ics):
        assert set(read) == set(expected)
        assert all(read[uid].astimezone(UTC) == start.astimezone(UTC) for uid, start in expected.items())
        assert {start.astimezone(AMS).hour for start in read.values()} == {10}
    offsets = {start.astimezone(AMS).utcoffset().total_seconds() / 3600 for start in expected.values()}
    assert offsets == {1, 2}  # both winter and summer dates were in the file


def test_each_feed_is_named_after_its_filter(client, make_activity):
    make_activity()

    assert vobject.readOne(feed(client, gebouw="de-linde")).x_wr_calname.value == "Activiteiten in De Linde"
    assert vobject.readOne(feed(client, categorie="bewegen")).x_wr_calname.value == "Activiteiten: Bewegen"
    assert "Bewonersportaal" in vobject.readOne(feed(client)).x_wr_calname.value


@pytest.mark.parametrize(
    "filters", [{"gebouw": "bestaat-niet"}, {"van": "foo"}, {"categorie": "bestaat-niet"}, {"periode": "ooit"}]
)
def test_an_unknown_filter_value_says_so_instead_of_giving_every_event(client, make_activity, filters):
    make_activity()

    response = client.get("/activiteiten/agenda.ics", filters)

    assert response.status_code == 400
    assert "Deze agenda bestaat niet" in response.text
    assert "BEGIN:VEVENT" not in response.text


def test_the_event_says_room_and_address_and_who_organises(settings, make_activity, building, committee):
    settings.DEFAULT_FROM_EMAIL = "Bewonersportaal <portaal@example.org>"
    occurrence = make_activity(place="").occurrences.get()

    text = calendar_for([occurrence], name="Stoelgym").decode()

    event = vobject.readOne(text).vevent
    assert event.location.value == (f"De Huiskamer, {building.street_address}, {building.postal_code} {building.city}")
    assert event.organizer.value == "mailto:portaal@example.org"
    assert event.organizer.params["CN"] == [committee.title]
    assert [e.location for e in ics.Calendar(text).events] == [event.location.value]


def test_a_place_of_its_own_comes_before_the_address(make_activity, building):
    occurrence = make_activity(place="Tuinkamer").occurrences.get()

    event = vobject.readOne(calendar_for([occurrence], name="x").decode()).vevent

    assert event.location.value.startswith(f"Tuinkamer, {building.street_address}")


def test_a_place_on_the_waiting_list_is_tentative_not_confirmed(make_activity):
    occurrence = make_activity().occurrences.get()

    text = calendar_for([occurrence], name="Stoelgym", status="TENTATIVE").decode()

    assert vobject.readOne(text).vevent.status.value == "TENTATIVE"
    assert "CONFIRMED" not in text


def test_a_cancellation_withdraws_the_same_event(make_activity):
    occurrence = make_activity().occurrences.get()

    text = cancellation_for(occurrence).decode()

    parsed = vobject.readOne(text)
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.status.value == "CANCELLED"
    assert parsed.vevent.uid.value == uid_for(occurrence)
    assert parsed.vevent.organizer.value.startswith("mailto:")
    assert [e.uid for e in ics.Calendar(text).events] == [uid_for(occurrence)]


def test_the_category_name_is_the_one_residents_see():
    assert str(ActivityCategory.objects.get(slug="bewegen")) == "Bewegen"


def test_the_waiting_list_mail_carries_no_confirmed_event(make_activity, resident, django_capture_on_commit_callbacks):
    from django.core import mail

    from activities import services
    from portal.factories import UserFactory

    occurrence = make_activity(capacity=1).occurrences.get()
    services.registration_create(occurrence=occurrence, user=UserFactory())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(occurrence=occurrence, user=resident)

    calendars = [
        vobject.readOne(content.decode() if isinstance(content, bytes) else content)
        for message in mail.outbox
        if message.to == [resident.email]
        for _name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]
    assert [calendar.vevent.status.value for calendar in calendars] == ["TENTATIVE"]
