"""A caretaker away (holiday, ill, other) with a stand-in per building: the rules, who is on duty, and what the
building page, the printed programme and the "next time here" line show — also across the clock changes."""

from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import page_cache, selectors, services
from portal.factories import CaretakerFactory
from portal.models import AbsenceKind, CaretakerAbsence, PresenceSlot

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def stand_in(db):
    return CaretakerFactory(name="Karim Bouali", phone="06 11 22 33 44")


def away(caretaker, first, last, stand_ins=(), kind=AbsenceKind.HOLIDAY):
    return services.absence_save(
        absence=CaretakerAbsence(caretaker=caretaker, first_day=first, last_day=last, kind=kind),
        stand_ins=list(stand_ins),
    )


def slot(building, weekday, start, end, caretaker=None):
    return PresenceSlot(building=building, weekday=weekday, start=time(*start), end=time(*end))


# --- who is on duty ---


def test_the_own_caretaker_is_on_duty_without_an_absence(building, caretaker):
    assert selectors.caretaker_on_duty(building=building) == caretaker


def test_the_stand_in_is_on_duty_during_the_absence_only(building, caretaker, stand_in):
    first = date(2027, 7, 5)
    away(caretaker, first, first + timedelta(days=6), [(building, stand_in)])

    assert selectors.caretaker_on_duty(building=building, day=first - timedelta(days=1)) == caretaker
    assert selectors.caretaker_on_duty(building=building, day=first) == stand_in
    assert selectors.caretaker_on_duty(building=building, day=first + timedelta(days=6)) == stand_in
    assert selectors.caretaker_on_duty(building=building, day=first + timedelta(days=7)) == caretaker


def test_nobody_is_on_duty_when_no_stand_in_was_named(building, caretaker):
    first = date(2027, 7, 5)
    away(caretaker, first, first, kind=AbsenceKind.ILL)
    assert selectors.caretaker_on_duty(building=building, day=first) is None


def test_a_building_without_a_caretaker_has_nobody_on_duty(make_building):
    assert selectors.caretaker_on_duty(building=make_building(title="Leeg", slug="leeg")) is None


# --- the rules ---


def test_a_caretaker_cannot_stand_in_for_himself(building, caretaker):
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 5), date(2027, 7, 9), [(building, caretaker)])
    assert "kan zichzelf niet vervangen" in refused.value.messages[0]


def test_absences_of_one_caretaker_do_not_overlap(building, caretaker, stand_in):
    away(caretaker, date(2027, 7, 5), date(2027, 7, 9), [(building, stand_in)])
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 9), date(2027, 7, 12))
    assert "is al afwezig van 5 juli 2027 tot en met 9 juli 2027" in refused.value.messages[0]
    away(caretaker, date(2027, 7, 10), date(2027, 7, 12))  # the day after is fine


def test_the_stand_in_is_not_away_himself(building, caretaker, stand_in):
    away(stand_in, date(2027, 7, 1), date(2027, 7, 6))
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 5), date(2027, 7, 9), [(building, stand_in)])
    assert "Karim Bouali is zelf afwezig" in refused.value.messages[0]


def test_who_stands_in_elsewhere_cannot_be_away_then(building, caretaker, other_building, other_caretaker):
    away(other_caretaker, date(2027, 7, 5), date(2027, 7, 9), [(other_building, caretaker)])
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 8), date(2027, 7, 8))
    assert "vervangt in die tijd Ans Smit in Het Anker" in refused.value.messages[0]


def test_a_stand_in_only_for_the_absent_caretakers_own_buildings(building, caretaker, other_building, stand_in):
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 5), date(2027, 7, 9), [(other_building, stand_in)])
    assert "Het Anker is geen gebouw van Henk Jansen" in refused.value.messages[0]


def test_the_last_day_is_not_before_the_first(caretaker):
    with pytest.raises(ValidationError) as refused:
        away(caretaker, date(2027, 7, 9), date(2027, 7, 5))
    assert "De laatste dag ligt vóór de eerste dag" in refused.value.messages[0]


def test_a_stand_in_may_plan_hours_in_the_building_he_covers(building, caretaker, stand_in):
    today = timezone.localdate()
    away(caretaker, today, today + timedelta(days=7), [(building, stand_in)])
    services.presence_slots_replace(caretaker=stand_in, slots=[slot(building, 2, (10, 0), (12, 0))])
    assert stand_in.presence_slots.filter(building=building).count() == 1


# --- what residents see ---


def test_building_page_names_the_stand_in_and_says_to_call(client, building, caretaker, stand_in):
    today = timezone.localdate()
    last = today + timedelta(days=3)
    away(caretaker, today, last, [(building, stand_in)])

    page = client.get(building.url).text

    assert "Karim Bouali vervangt Henk Jansen tot en met" in page
    assert "bel Karim Bouali: 06 11 22 33 44" in page
    assert "06 11 22 33 44" in page


def test_building_page_shows_the_stand_ins_own_hours_there(client, building, caretaker, stand_in):
    today = timezone.localdate()
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    away(caretaker, today, today + timedelta(days=13), [(building, stand_in)])
    services.presence_slots_replace(caretaker=stand_in, slots=[slot(building, 3, (14, 0), (16, 30))])

    page = client.get(building.url).text

    assert "Karim Bouali vervangt Henk Jansen tot en met" in page
    assert "Elke week in dit gebouw: Karim Bouali" in page
    assert "14:00 – 16:30" in page
    assert "09:00 – 12:00" not in page  # Henk's own hours are not shown while he is away
    assert "16:30 uur" in page  # the next-time line: the stand-in's Thursday


def test_building_page_announces_a_coming_absence(client, building, caretaker, stand_in):
    first = timezone.localdate() + timedelta(days=3)
    away(caretaker, first, first + timedelta(days=6), [(building, stand_in)])

    page = client.get(building.url).text

    assert "is Henk Jansen er niet. Karim Bouali vervangt, telefoon 06 11 22 33 44." in page
    assert "Henk Jansen" in page


def test_the_kind_of_absence_is_never_shown_to_residents(client, building, caretaker, stand_in):
    today = timezone.localdate()
    away(caretaker, today, today, [(building, stand_in)], kind=AbsenceKind.ILL)
    assert "ziek" not in client.get(building.url).text.lower()


def test_printed_programme_names_the_stand_in_for_the_month(client, building, caretaker, stand_in):
    first = date(2027, 7, 5)
    away(caretaker, first, date(2027, 7, 16), [(building, stand_in)])
    services.presence_slots_replace(caretaker=stand_in, slots=[slot(building, 1, (10, 0), (11, 0))])

    july = client.get(f"{building.url}programma/2027-07/").text
    august = client.get(f"{building.url}programma/2027-08/").text

    assert "Van 5 juli tot en met 16 juli is Henk Jansen er niet." in july
    assert "Karim Bouali vervangt Henk Jansen, telefoon 06 11 22 33 44. In dit gebouw:" in july
    assert "dinsdag 10:00–11:00" in july
    assert "Karim Bouali" not in august


def test_printed_programme_says_to_call_a_stand_in_without_hours_there(client, building, caretaker, stand_in):
    away(caretaker, date(2027, 7, 5), date(2027, 7, 16), [(building, stand_in)])
    july = client.get(f"{building.url}programma/2027-07/").text
    assert "Karim Bouali vervangt Henk Jansen tot en met 16 juli; bel Karim Bouali: 06 11 22 33 44." in july


# --- across the clock changes ---


def _covers(building, first, last):
    return selectors.building_covers(building=building, first_day=first, last_day=last)


def test_absence_over_the_start_of_summer_time(building, caretaker, stand_in):
    """Last Sunday of March 2027 is the 28th: the stand-in's Monday 10:00 is 10:00 local, 08:00 UTC."""
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    away(caretaker, date(2027, 3, 26), date(2027, 3, 29), [(building, stand_in)])
    services.presence_slots_replace(caretaker=stand_in, slots=[slot(building, 0, (10, 0), (11, 0))])
    now = datetime(2027, 3, 27, 12, 0, tzinfo=AMSTERDAM)

    presence = selectors.next_presence(
        slots=list(caretaker.presence_slots.all()),
        now=now,
        covers=_covers(building, date(2027, 3, 27), date(2027, 4, 4)),
    )

    assert presence.stand_in == stand_in
    assert presence.start.astimezone(AMSTERDAM).timetuple()[:5] == (2027, 3, 29, 10, 0)
    assert presence.start.astimezone(ZoneInfo("UTC")).hour == 8


def test_after_an_absence_over_the_end_of_summer_time_the_own_caretaker_is_back_at_nine(building, caretaker, stand_in):
    """Last Sunday of October 2027 is the 31st: on Monday 1 November Henk is back, 09:00 local (08:00 UTC)."""
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    away(caretaker, date(2027, 10, 25), date(2027, 10, 31), [(building, stand_in)])
    now = datetime(2027, 10, 30, 12, 0, tzinfo=AMSTERDAM)

    presence = selectors.next_presence(
        slots=list(caretaker.presence_slots.all()),
        now=now,
        covers=_covers(building, date(2027, 10, 30), date(2027, 11, 7)),
    )

    assert presence.stand_in is None
    assert presence.start.astimezone(AMSTERDAM).timetuple()[:5] == (2027, 11, 1, 9, 0)
    assert presence.start.astimezone(ZoneInfo("UTC")).hour == 8


def test_building_page_during_an_absence_over_the_clock_change(client, building, caretaker, stand_in):
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    away(caretaker, date(2027, 10, 25), date(2027, 11, 2), [(building, stand_in)])
    services.presence_slots_replace(caretaker=stand_in, slots=[slot(building, 0, (13, 0), (14, 0))])
    sunday = datetime(2027, 10, 31, 12, 0, tzinfo=AMSTERDAM)

    with mock.patch("django.utils.timezone.now", return_value=sunday):
        page = client.get(building.url).text

    assert "Karim Bouali vervangt Henk Jansen tot en met dinsdag 2 november." in page
    assert "Volgende keer hier:" in page
    assert "morgen" in page
    assert "van 13:00 tot 14:00 uur" in page


# --- the page cache keeps no stale presence ---


def test_building_detail_is_fresh_until_the_next_presence_begins(building, caretaker):
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    monday_morning = datetime(2027, 3, 29, 8, 30, tzinfo=AMSTERDAM)

    detail = selectors.building_detail(building=building, now=monday_morning)
    assert detail["fresh_until"] == datetime(2027, 3, 29, 9, 0, tzinfo=AMSTERDAM)

    during = selectors.building_detail(building=building, now=monday_morning + timedelta(hours=1))
    assert during["next_presence"].is_now
    assert during["fresh_until"] == datetime(2027, 3, 29, 12, 0, tzinfo=AMSTERDAM)

    evening = selectors.building_detail(building=building, now=datetime(2027, 3, 29, 20, 0, tzinfo=AMSTERDAM))
    assert evening["fresh_until"] == datetime(2027, 3, 30, 0, 0, tzinfo=AMSTERDAM)  # "morgen" changes at midnight


def test_a_cached_building_page_lives_no_longer_than_its_now_line(client, building, caretaker, monkeypatch):
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    stored = {}
    real_set = page_cache.cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("page-cache:") and key != page_cache.GENERATION_KEY:
            stored[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set", spy)
    two_minutes_before = datetime(2027, 3, 29, 8, 58, tzinfo=AMSTERDAM)
    with mock.patch("django.utils.timezone.now", return_value=two_minutes_before):
        response = client.get(building.url)

    assert response["X-Page-Cache"] == "miss"
    assert list(stored.values()) == [120]


def test_the_caretaker_card_is_kept_until_the_caretaker_arrives_and_then_says_so(
    client, building, caretaker, no_page_cache
):
    """The card is the same for everyone, so a second look reads it from the cache, without a query about the
    caretaker; at the moment the caretaker arrives it is worked out again."""
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    two_minutes_before = datetime(2027, 3, 29, 8, 58, tzinfo=AMSTERDAM)

    with mock.patch("django.utils.timezone.now", return_value=two_minutes_before):
        assert "van 09:00 tot 12:00 uur" in client.get(building.url).text
        with CaptureQueriesContext(connection) as second_look:
            assert "van 09:00 tot 12:00 uur" in client.get(building.url).text
        read = [query["sql"] for query in second_look]  # before the next request clears Django's query log
    with mock.patch("django.utils.timezone.now", return_value=two_minutes_before + timedelta(minutes=3)):
        arrived = client.get(building.url).text

    assert any("wagtailcore_page" in sql for sql in read)  # the page itself is read every time
    assert not [sql for sql in read if "portal_caretaker" in sql or "portal_presenceslot" in sql]
    assert "Nu in het gebouw, tot 12:00 uur." in arrived


def test_new_hours_of_the_caretaker_show_at_once_on_the_building_page(client, building, caretaker, no_page_cache):
    services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (9, 0), (12, 0))])
    sunday = datetime(2027, 3, 28, 12, 0, tzinfo=AMSTERDAM)
    with mock.patch("django.utils.timezone.now", return_value=sunday):
        before = client.get(building.url).text
        services.presence_slots_replace(caretaker=caretaker, slots=[slot(building, 0, (13, 0), (15, 0))])
        after = client.get(building.url).text

    assert "van 09:00 tot 12:00 uur" in before
    assert "van 13:00 tot 15:00 uur" in after
    assert "van 09:00 tot 12:00 uur" not in after


def test_recording_an_absence_clears_the_cached_building_page(client, building, caretaker, stand_in):
    assert client.get(building.url)["X-Page-Cache"] == "miss"
    assert client.get(building.url)["X-Page-Cache"] == "hit"
    today = timezone.localdate()

    away(caretaker, today, today, [(building, stand_in)])

    response = client.get(building.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Karim Bouali vervangt" in response.text


# --- the caretaker's own pages ---


def test_caretaker_records_a_holiday_with_a_stand_in(client, caretaker_user, building, caretaker, stand_in):
    client.force_login(caretaker_user)
    first = timezone.localdate() + timedelta(days=7)
    form = client.get(reverse("my_absence_add")).text
    assert "Vervanger in De Linde" in form

    response = client.post(
        reverse("my_absence_add"),
        {
            "first_day": first.isoformat(),
            "last_day": (first + timedelta(days=4)).isoformat(),
            "kind": "vakantie",
            f"vervanger_{building.pk}": stand_in.pk,
        },
    )

    assert response.status_code == 302
    absence = CaretakerAbsence.objects.get(caretaker=caretaker)
    assert absence.stand_ins.get().caretaker == stand_in
    assert "De Linde: Karim Bouali vervangt." in client.get(reverse("my_presence")).text


def test_caretaker_sees_the_rules_as_errors_on_the_form(client, caretaker_user, building, caretaker):
    client.force_login(caretaker_user)
    first = timezone.localdate() + timedelta(days=7)
    away(caretaker, first, first + timedelta(days=2))

    response = client.post(
        reverse("my_absence_add"),
        {"first_day": first.isoformat(), "last_day": first.isoformat(), "kind": "anders"},
    )

    assert response.status_code == 200
    assert "Henk Jansen is al afwezig" in response.text
    assert CaretakerAbsence.objects.count() == 1


def test_caretaker_removes_only_their_own_absence(client, caretaker_user, building, caretaker, other_caretaker):
    mine = away(caretaker, date(2027, 7, 5), date(2027, 7, 9))
    theirs = away(other_caretaker, date(2027, 7, 5), date(2027, 7, 9))
    client.force_login(caretaker_user)

    assert client.post(reverse("my_absence_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("my_absence_delete", args=[mine.pk])).status_code == 302
    assert list(CaretakerAbsence.objects.all()) == [theirs]


def test_staff_record_an_absence_in_the_admin_with_the_same_rules(client, site_tree, building, caretaker):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from portal.factories import UserFactory

    client.force_login(UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True))
    url = reverse("wagtailsnippets_portal_caretakerabsence:add")
    data = nested_form_data(
        {
            "caretaker": caretaker.pk,
            "first_day": "2027-07-05",
            "last_day": "2027-07-09",
            "kind": "ziek",
            "stand_ins": inline_formset([{"building": building.pk, "caretaker": caretaker.pk}]),
        }
    )

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "kan zichzelf niet vervangen" in refused.text
    assert not CaretakerAbsence.objects.exists()


def test_the_search_answer_names_the_stand_in(client, building, caretaker, stand_in):
    today = timezone.localdate()
    away(caretaker, today, today + timedelta(days=2), [(building, stand_in)])

    page = client.get("/zoeken/", {"q": "huismeester", "gebouw": building.slug}).text

    assert "Karim Bouali vervangt Henk Jansen tot en met" in page


def test_the_caretakers_own_data_export_lists_their_absences(client, caretaker_user, building, caretaker):
    away(caretaker, date(2027, 7, 5), date(2027, 7, 9), kind=AbsenceKind.ILL)
    client.force_login(caretaker_user)

    exported = client.get(reverse("my_data_json")).json()

    assert exported["caretaker"]["absences"] == [{"first_day": "2027-07-05", "last_day": "2027-07-09", "kind": "Ziek"}]
    assert "5 juli 2027 – 9 juli 2027 (ziek)" in client.get(reverse("my_data")).text


def test_absences_are_forgotten_once_their_purpose_is_over(building, caretaker, stand_in, settings):
    """Kept while they matter (and a while after, for the stand-in's questions), then deleted with their stand-ins:
    'ziek' says something about someone's health."""
    from portal import scheduler
    from portal.models import StandIn

    settings.PORTAL_ABSENCE_RETENTION_DAYS = 90
    today = timezone.localdate()
    old = away(
        caretaker, today - timedelta(days=120), today - timedelta(days=91), [(building, stand_in)], AbsenceKind.ILL
    )
    recent = away(caretaker, today - timedelta(days=30), today - timedelta(days=20), [(building, stand_in)])

    summary = scheduler.job_get(name="purge_absences").func(now=timezone.now())

    assert summary == "deleted 1 absence(s)"
    assert list(CaretakerAbsence.objects.all()) == [recent]
    assert not StandIn.objects.filter(absence_id=old.pk).exists()
