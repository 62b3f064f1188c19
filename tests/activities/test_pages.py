"""/activiteiten/ (filters, pages, calendar), iCalendar, the printed programme, reminders, query budgets."""

from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from activities import services
from activities.models import ActivityCategory, Occurrence, Recurrence
from activities.tasks import send_reminders

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_filters_by_building_category_and_places_left(client, make_activity, other_committee, resident):
    full = make_activity(title="Volle stoelgym", capacity=1)
    make_activity(title="Koffie", category=ActivityCategory.objects.get(slug="koffie-en-ontmoeting"))
    make_activity(parent=other_committee, title="Elders")
    services.registration_create(occurrence=full.occurrences.get(), user=resident)

    in_building = client.get("/activiteiten/", {"gebouw": "de-linde"}).text
    coffee = client.get("/activiteiten/", {"categorie": "koffie-en-ontmoeting"}).text
    places = client.get("/activiteiten/", {"gebouw": "de-linde", "plaatsen": "1"}).text

    assert "Koffie" in in_building
    assert "Elders" not in in_building
    assert "Koffie" in coffee
    assert "Volle stoelgym" not in coffee
    assert "Volle stoelgym" not in places
    assert "Koffie" in places


def test_date_filters_and_the_form_keeps_its_values(client, make_activity):
    soon = timezone.localdate() + timedelta(days=2)
    make_activity(title="Dichtbij", start_date=soon)
    make_activity(title="Later", start_date=soon + timedelta(days=40))

    response = client.get("/activiteiten/", {"van": soon.isoformat(), "tot": (soon + timedelta(days=1)).isoformat()})

    assert "Dichtbij" in response.text
    assert "Later" not in response.text
    assert f'value="{soon.isoformat()}"' in response.text
    assert "Later" not in client.get("/activiteiten/", {"periode": "vandaag"}).text


def test_bad_filter_values_show_the_page(client, make_activity):
    response = client.get("/activiteiten/", {"gebouw": "bestaat-niet", "van": "gisteren", "periode": "ooit"})

    assert response.status_code == 200


def test_twenty_a_page(client, make_activity):
    make_activity(recurrence=Recurrence.WEEKLY, until=timezone.localdate() + timedelta(days=7 * 25))

    first = client.get("/activiteiten/")
    second = client.get("/activiteiten/", {"pagina": 2})

    assert first.text.count('class="card__title"') == 20
    assert second.text.count('class="card__title"') >= 5


def test_month_calendar_shows_the_days_activities(client, make_activity):
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Bingo", start_date=day)

    response = client.get("/activiteiten/kalender/", {"maand": f"{day:%Y-%m}", "gebouw": "de-linde"})

    assert response.status_code == 200
    assert "Bingo" in response.text
    assert f"maand={day:%Y-%m}" not in response.text or "Vorige maand" in response.text


def test_ical_feed_is_valid_with_stable_uids_and_dst_right(client, make_activity):
    activity = make_activity(
        title="Stoelgym",
        start_date=date(2027, 3, 23),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 4, 6),
        start_time=time(10),
        end_time=time(11),
    )
    services.occurrences_sync(activity=activity, today=date(2027, 3, 1))
    Occurrence.objects.filter(activity=activity).update()  # the feed reads from the database
    with_cancel = activity.occurrences.order_by("start")[1]
    with_cancel.cancelled = True
    with_cancel.save()
    # the feed lists what is still to come; pretend it is March 2027
    from unittest import mock

    with mock.patch("activities.selectors.timezone.now", return_value=datetime(2027, 3, 1, tzinfo=AMS)):
        first = client.get("/activiteiten/agenda.ics", {"gebouw": "de-linde"})
        again = client.get("/activiteiten/agenda.ics", {"gebouw": "de-linde"})

    assert first["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(first.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert [e["DTSTART"].dt.astimezone(AMS).hour for e in events] == [10, 10, 10]
    assert [e["DTSTART"].dt.utcoffset().total_seconds() / 3600 for e in events] == [1, 2, 2]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert all("DTSTAMP" in e for e in events)
    assert calendar.walk("VTIMEZONE")
    uids = [str(e["UID"]) for e in Calendar.from_ical(again.content).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in events]


def test_each_activity_has_its_own_ics(client, activity):
    response = client.get(f"{activity.url}ical/")

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Stoelgym"]
    assert 'filename="' in response["Content-Disposition"]


def test_printed_programme_shows_the_month_the_caretaker_and_a_qr_code(client, make_activity, building, caretaker):
    from portal import services as portal_services
    from portal.models import PresenceSlot

    portal_services.presence_slots_replace(
        caretaker=caretaker, slots=[PresenceSlot(building=building, weekday=1, start=time(9), end=time(12))]
    )
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Koffieochtend", start_date=day)

    response = client.get(f"{building.url}programma/{day:%Y-%m}/")

    assert response.status_code == 200
    assert "Koffieochtend" in response.text
    assert "Henk Jansen" in response.text
    assert "Bewonerscommissie De Linde" in response.text
    assert "<svg" in response.text  # the QR code to the building page
    assert client.get(f"{building.url}programma/2026-13/").status_code == 404


def test_the_printed_programme_says_how_to_sign_up_without_internet(
    client, make_activity, building, committee, settings
):
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Koffieochtend", start_date=day)
    url = f"{building.url}programma/{day:%Y-%m}/"

    without = client.get(url).text
    committee.contact_phone = "06 12 34 56 78"
    committee.save_revision().publish()
    with_number = client.get(url).text

    assert f"Aanmelden: bel {settings.PORTAL_CORPORATION_PHONE} of schrijf u in op de lijst in de" in without
    assert "Aanmelden: bel 06 12 34 56 78 of schrijf u in op de lijst in de" in with_number


def test_a_second_look_at_the_programme_reads_only_the_page_and_a_new_date_shows_at_once(
    client, make_activity, building, caretaker, no_page_cache
):
    """The month's dates, absences and committees are the same for everyone: kept with the building's pages, so a
    notice-board printer's second look costs two queries (the page at the address and its building), and adding
    a date clears them."""
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Koffieochtend", start_date=day)
    url = f"{building.url}programma/{day:%Y-%m}/"

    first_look = _count(client, url)
    assert "Koffieochtend" in client.get(url).text
    make_activity(title="Bingo", start_date=day)
    after = client.get(url).text

    assert first_look == 2
    assert "Bingo" in after


def test_a_second_look_at_the_building_page_reads_only_the_page(
    client, make_activity, building, caretaker, no_page_cache
):
    """The caretaker card, the coming dates, the committees and news and the tour link are kept with the building's
    pages: a resident who is logged in (never served a stored page whole) costs one query for the page."""
    make_activity(title="Koffieochtend")

    assert _count(client, building.url) == 1
    assert "Koffieochtend" in client.get(building.url).text


def test_the_building_page_moves_on_when_its_first_date_has_ended(client, make_activity, building, no_page_cache):
    day = timezone.localdate() + timedelta(days=2)
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11))
    make_activity(title="Klaverjassen", start_date=day, start_time=time(14), end_time=time(16))
    before = client.get(building.url).text
    noon = timezone.make_aware(datetime.combine(day, time(12)))

    with mock.patch("django.utils.timezone.now", return_value=noon):
        after = client.get(building.url).text

    assert "Koffieochtend" in before
    assert "Koffieochtend" not in after
    assert "Klaverjassen" in after


def test_reminders_go_out_once_even_when_the_job_runs_twice(make_activity, resident, member):
    tomorrow = timezone.localdate() + timedelta(days=1)
    activity = make_activity(start_date=tomorrow, start_time=time(23, 0), end_time=time(23, 30))
    occurrence = activity.occurrences.get()
    services.registration_create(occurrence=occurrence, user=resident, now=timezone.now() - timedelta(days=1))
    services.registration_create(
        occurrence=occurrence,
        made_by=member,
        neighbour_name="Mevrouw Jansen",
        neighbour_apartment="14",
        neighbour_consent=True,
        now=timezone.now() - timedelta(days=1),
    )
    mail.outbox.clear()

    at_noon = timezone.localtime().replace(hour=12, minute=0)  # reminders for tomorrow go out from 10:00
    first = send_reminders(now=at_noon)
    second = send_reminders(now=at_noon + timedelta(minutes=15))

    assert first == 2
    assert second == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, member.email])
    reminder = next(m for m in mail.outbox if m.to == [resident.email])
    organiser_list = next(m for m in mail.outbox if m.to == [member.email])
    assert "Morgen" in reminder.subject
    assert "Mevrouw Jansen, 14" in organiser_list.body
    assert "Truus de Boer, 12" in organiser_list.body


def test_the_daily_command_rolls_the_window(make_activity):
    activity = make_activity(recurrence=Recurrence.WEEKLY, until=timezone.localdate() + timedelta(days=400))
    activity.occurrences.all().delete()

    call_command("sync_activities", verbosity=0)

    assert activity.occurrences.exists()


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["index", "filtered", "calendar", "activity", "home", "building"])
def test_query_counts_stay_flat_from_10_to_1000_occurrences(
    client, make_activity, django_assert_max_num_queries, which
):
    activity = make_activity(recurrence=Recurrence.WEEKLY, until=timezone.localdate() + timedelta(days=70))
    urls = {
        "index": "/activiteiten/",
        "filtered": "/activiteiten/?gebouw=de-linde&plaatsen=1",
        "calendar": "/activiteiten/kalender/?gebouw=de-linde",
        "activity": activity.url,
        "home": "/",
        "building": activity.get_parent().get_parent().url,
    }
    assert activity.occurrences.count() == 10
    few = _count(client, urls[which])
    start = timezone.now() + timedelta(days=1)
    Occurrence.objects.bulk_create(
        Occurrence(
            activity=make_activity(title=f"Activiteit {n}") if n % 100 == 0 else activity,
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=30),
        )
        for n in range(990)
    )

    with django_assert_max_num_queries(12):
        client.get(urls[which])
    assert _count(client, urls[which]) == few


def test_home_shows_a_residents_own_building_first(client, make_activity, other_committee, resident):
    make_activity(title="Koffie in De Linde")
    make_activity(parent=other_committee, title="Koffie in Het Anker")

    anonymous = client.get("/").text
    client.force_login(resident)
    mine = client.get("/").text

    assert "Koffie in Het Anker" in anonymous
    assert "Koffie in De Linde" in mine
    assert "Koffie in Het Anker" not in mine
    assert "De komende zeven dagen in De Linde" in mine


def test_programme_puts_a_late_evening_activity_on_its_amsterdam_date(client, make_activity, building):
    """23:30 in Amsterdam is 22:30 UTC: the date on the notice board must be the Amsterdam one."""
    day = timezone.localdate() + timedelta(days=3)
    make_activity(title="Sterrenkijken", start_date=day, start_time=time(23, 30), end_time=time(23, 59))

    response = client.get(f"{building.url}programma/{day:%Y-%m}/")

    section = response.text.split("Sterrenkijken")[0].rsplit("<h2>", 1)[-1]
    assert date_format(day, "l j F") in section


def test_an_activitys_dates_are_kept_for_everyone_and_a_sign_up_shows_at_once(
    client, make_activity, resident, no_page_cache
):
    """The dates, committee, building and category of an activity page are kept with its building's pages (for
    logged-in residents too, whom the page cache does not serve): a second look reads none of them, a sign-up
    there clears them, and the resident's own sign-up is read for them alone."""
    activity = make_activity(title="Bingo", capacity=10, signup_required=True)
    client.get(activity.url)
    with CaptureQueriesContext(connection) as again:
        assert "Nog 10 plaatsen vrij" in client.get(activity.url).text
    kept = [query["sql"] for query in again.captured_queries]

    services.registration_create(occurrence=activity.occurrences.get(), user=resident)
    anonymous = client.get(activity.url).text
    client.force_login(resident)
    own = client.get(activity.url).text

    tables = ("activities_occurrence", "committees_committeepage", "portal_buildingpage", "activities_activitycat")
    assert not [sql for sql in kept if any(table in sql for table in tables)]
    assert "Nog 9 plaatsen vrij" in anonymous
    assert "Nog 9 plaatsen vrij" in own
    assert "Afmelden" in own
    assert "Afmelden" not in anonymous


def test_a_kept_date_moves_on_when_its_sign_up_closes(client, make_activity, no_page_cache):
    """Time alone changes an activity page: when a date's sign-up closes the page says so, although nothing
    cleared the kept dates."""
    activity = make_activity(title="Bingo", capacity=10, signup_required=True, signup_deadline_hours=24)
    occurrence = activity.occurrences.get()
    assert "Nog 10 plaatsen vrij" in client.get(activity.url).text

    with mock.patch("django.utils.timezone.now", return_value=occurrence.start - timedelta(hours=23)):
        closed = client.get(activity.url).text

    assert "Aanmelden kan niet meer" in closed
    assert "Nog 10 plaatsen vrij" not in closed
