"""Schedules become dates (dateutil's rrule), right in Europe/Amsterdam on both sides of the clock change."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from activities import services
from activities.models import ActivityCategory, CancelledDate, Recurrence, RegistrationStatus
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def local(occurrence):
    return occurrence.start.astimezone(AMS)


def test_weekly_across_the_spring_clock_change_stays_at_ten_local(make_activity):
    activity = make_activity(
        start_date=date(2027, 3, 16),
        start_time=time(10),
        end_time=time(11),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 4, 6),
    )
    services.occurrences_sync(activity=activity, today=date(2027, 3, 1))

    occurrences = list(activity.occurrences.order_by("start"))

    assert [local(o).date() for o in occurrences] == [date(2027, 3, d) for d in (16, 23, 30)] + [date(2027, 4, 6)]
    assert {local(o).time() for o in occurrences} == {time(10)}
    assert occurrences[1].start.astimezone(UTC).hour == 9  # CET, before 28 March 2027
    assert occurrences[2].start.astimezone(UTC).hour == 8  # CEST, after


def test_biweekly_across_the_autumn_clock_change(make_activity):
    activity = make_activity(
        start_date=date(2027, 10, 14),
        start_time=time(14),
        end_time=time(15),
        recurrence=Recurrence.BIWEEKLY,
        until=date(2027, 11, 30),
    )
    services.occurrences_sync(activity=activity, today=date(2027, 10, 1))

    occurrences = list(activity.occurrences.order_by("start"))

    assert [local(o).date().day for o in occurrences] == [14, 28, 11, 25]
    assert {local(o).time() for o in occurrences} == {time(14)}
    assert occurrences[1].start.astimezone(UTC).hour == 12  # 28 October: still summer time (CEST)
    assert occurrences[2].start.astimezone(UTC).hour == 13  # 11 November: winter time (CET) since 31 October


def test_monthly_on_the_nth_weekday(make_activity):
    # 2 February 2027 is the first Tuesday of the month.
    activity = make_activity(
        start_date=date(2027, 2, 2),
        recurrence=Recurrence.MONTHLY,
        until=date(2027, 6, 30),
        start_time=time(17, 30),
        end_time=time(19),
    )
    services.occurrences_sync(activity=activity, today=date(2027, 1, 1))

    days = [local(o).date() for o in activity.occurrences.order_by("start")]

    assert days == [date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6), date(2027, 5, 4), date(2027, 6, 1)]
    assert all(day.weekday() == 1 and day.day <= 7 for day in days)


def test_a_cancelled_date_stays_visible_as_cancelled_and_tells_who_signed_up(
    make_activity, resident, django_capture_on_commit_callbacks
):
    activity = make_activity(start_date=date(2027, 5, 4), recurrence=Recurrence.WEEKLY, until=date(2027, 5, 25))
    services.occurrences_sync(activity=activity, today=date(2027, 5, 1))
    second = activity.occurrences.order_by("start")[1]
    services.registration_create(occurrence=second, user=resident, now=datetime(2027, 5, 1, tzinfo=AMS))
    mail.outbox.clear()

    activity.cancelled_dates.add(CancelledDate(date=date(2027, 5, 11)))
    activity.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.occurrences_sync(activity=activity, today=date(2027, 5, 1))

    second.refresh_from_db()
    assert second.cancelled
    assert activity.occurrences.count() == 4
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "gaat niet door" in mail.outbox[0].subject.lower()


def test_editing_the_schedule_keeps_sign_ups_on_dates_that_still_exist(
    make_activity, resident, django_capture_on_commit_callbacks
):
    activity = make_activity(start_date=date(2027, 5, 4), recurrence=Recurrence.WEEKLY, until=date(2027, 5, 25))
    services.occurrences_sync(activity=activity, today=date(2027, 5, 1))
    first, *_rest, last = activity.occurrences.order_by("start")
    neighbour = UserFactory()
    services.registration_create(occurrence=first, user=resident, now=datetime(2027, 5, 1, tzinfo=AMS))
    services.registration_create(occurrence=last, user=neighbour, now=datetime(2027, 5, 1, tzinfo=AMS))
    mail.outbox.clear()

    activity.until = date(2027, 5, 18)  # the last date disappears
    activity.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.occurrences_sync(activity=activity, today=date(2027, 5, 1))

    assert result.removed == 1
    assert activity.occurrences.count() == 3
    assert first.registrations.get().status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[neighbour.email]]


def test_past_dates_are_never_touched(make_activity):
    activity = make_activity(start_date=date(2027, 5, 4), recurrence=Recurrence.WEEKLY, until=date(2027, 6, 1))
    services.occurrences_sync(activity=activity, today=date(2027, 5, 1))
    before = activity.occurrences.count()

    services.occurrences_sync(activity=activity, today=date(2027, 5, 20))

    assert activity.occurrences.count() == before


def test_the_window_rolls_forward(settings, make_activity):
    settings.PORTAL_OCCURRENCE_WINDOW_DAYS = 28
    activity = make_activity(start_date=date(2027, 1, 5), recurrence=Recurrence.WEEKLY, until=date(2027, 12, 28))
    services.occurrences_sync(activity=activity, today=date(2027, 1, 1))
    first_window = activity.occurrences.count()

    services.occurrences_sync(activity=activity, today=date(2027, 2, 1))

    assert first_window == 4
    assert activity.occurrences.filter(start__date__gt=date(2027, 2, 1)).count() == 4


def test_meeting_room_clash_names_the_other_activity(make_activity, committee, other_committee):
    from committees.services import committee_create

    activity_committee = committee_create(
        parent=committee.get_parent(), title="Activiteitencommissie", kind="activiteiten", description="Wij."
    )
    day = date(2027, 5, 4)
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11, 30))
    bingo = make_activity(
        parent=activity_committee, title="Bingo", start_date=day, start_time=time(11), end_time=time(12)
    )
    elsewhere = make_activity(
        parent=activity_committee,
        title="Wandelen",
        start_date=day,
        start_time=time(11),
        end_time=time(12),
        place="Het park",
    )

    clashes = services.meeting_room_clashes(activity=bingo, today=date(2027, 5, 1))

    assert [c.activity.title for c in clashes] == ["Koffieochtend"]
    assert services.meeting_room_clashes(activity=elsewhere, today=date(2027, 5, 1)) == []


def test_the_organiser_sees_the_clash_while_drafting_in_the_admin(client, make_activity, committee, member):
    from django.contrib.messages import get_messages
    from django.urls import reverse
    from django.utils import timezone as tz
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    day = tz.localdate() + timedelta(days=3)
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11, 30))
    client.force_login(member)
    data = nested_form_data(
        {
            "title": "Bingo",
            "slug": "bingo",
            "category": ActivityCategory.objects.get(slug="creatief").pk,
            "description": rich_text("<p>Bingo!</p>"),
            "start_date": day.isoformat(),
            "start_time": "11:00",
            "end_time": "12:00",
            "recurrence": "eenmalig",
            "until": "",
            "place": "",
            "wheelchair_accessible": "on",
            "accessibility_notes": "",
            "cost": "",
            "capacity": "",
            "signup_required": "on",
            "signup_deadline_hours": "2",
            "cancelled_dates": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "1"

    response = client.post(reverse("wagtailadmin_pages:add", args=("activities", "activitypage", committee.pk)), data)

    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Koffieochtend" in w and "ontmoetingsruimte" in w for w in warnings), warnings


def test_a_clash_in_a_named_room_is_found_and_told_in_amsterdam_time(make_activity, committee):
    """A 10:00 coffee morning in "De Serre" clashes with a 10:30 choir in "de serre", said as 10:00, not 09:00."""
    day = date(2027, 1, 12)  # winter time: 10:00 in Amsterdam is 09:00 UTC
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11, 30), place="De Serre")
    choir = make_activity(title="Koor", start_date=day, start_time=time(10, 30), end_time=time(12), place=" de serre")

    text = services.meeting_room_clash_text(activity=choir)

    assert text == (
        "Let op: de serre is dan al bezet. ‘Koffieochtend’ is op dinsdag 12 januari 2027, 10:00 op hetzelfde "
        "moment. Overleg met de andere commissie of kies een andere tijd."
    )


def test_the_meeting_room_is_the_meeting_room_whatever_it_is_called(make_activity, committee):
    day = date(2027, 1, 12)
    make_activity(title="Koffieochtend", start_date=day, start_time=time(10), end_time=time(11, 30))
    bingo = make_activity(
        title="Bingo", start_date=day, start_time=time(11), end_time=time(12), place="Ontmoetingsruimte"
    )
    choir = make_activity(title="Koor", start_date=day, start_time=time(11), end_time=time(12), place="De Serre")

    assert [c.activity.title for c in services.meeting_room_clashes(activity=bingo, today=date(2027, 1, 1))] == [
        "Koffieochtend"
    ]
    assert services.meeting_room_clashes(activity=choir, today=date(2027, 1, 1)) == []


# --------------------------------------------------------------------------
# The last weekday of the month, the fifth weekday, and public holidays
# --------------------------------------------------------------------------


def test_the_last_thursday_of_every_month(make_activity):
    # 31 December 2026 is the last Thursday of December (and a fifth Thursday).
    activity = make_activity(
        start_date=date(2026, 12, 31),
        start_time=time(14),
        end_time=time(16),
        recurrence=Recurrence.MONTHLY_LAST,
        until=date(2027, 12, 31),
        skip_holidays=False,
    )

    days = services.schedule_dates(activity=activity, until=date(2027, 12, 31))

    assert len(days) == 13, "every month, not only the months with five Thursdays"
    assert days[:3] == [date(2026, 12, 31), date(2027, 1, 28), date(2027, 2, 25)]
    assert all(day.weekday() == 3 and (day + timedelta(days=7)).month != day.month for day in days)


def test_monthly_from_a_fifth_weekday_is_refused_with_the_way_out(make_activity):
    with pytest.raises(ValidationError) as error:
        make_activity(
            start_date=date(2026, 12, 31), recurrence=Recurrence.MONTHLY, until=date(2027, 6, 30), skip_holidays=False
        )

    message = error.value.message_dict["recurrence"][0]
    assert "vijfde donderdag van de maand" in message
    assert "Elke maand op de laatste weekdag" in message


def test_the_last_weekday_needs_a_last_weekday_to_start(make_activity):
    with pytest.raises(ValidationError) as error:
        make_activity(
            start_date=date(2027, 1, 21),
            recurrence=Recurrence.MONTHLY_LAST,
            until=date(2027, 6, 30),
            skip_holidays=False,
        )

    assert "is niet de laatste donderdag van de maand" in error.value.message_dict["recurrence"][0]


def test_dates_on_public_holidays_do_not_take_place_and_the_editor_is_told(make_activity):
    # Thursdays from Christmas week 2026 to Ascension Day 2027: 31 Dec is no holiday, 1 Jan is a Friday; a weekly
    # Thursday series meets Hemelvaartsdag (6 May 2027).
    activity = make_activity(
        start_date=date(2027, 4, 29),
        start_time=time(10),
        end_time=time(11),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 5, 20),
    )
    services.occurrences_sync(activity=activity, today=date(2027, 4, 1))

    by_day = {local(o).date(): o.cancelled for o in activity.occurrences.all()}
    warning = services.holiday_warning_text(activity=activity)

    assert by_day == {
        date(2027, 4, 29): False,
        date(2027, 5, 6): True,  # Hemelvaartsdag
        date(2027, 5, 13): False,
        date(2027, 5, 20): False,
    }
    assert "6 mei 2027 (Hemelvaartsdag)" in warning
    assert "gaat die dag niet door" in warning


def test_an_organiser_who_keeps_the_holiday_is_warned_and_it_takes_place(make_activity):
    activity = make_activity(
        start_date=date(2026, 12, 24),
        start_time=time(10),
        end_time=time(11),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 1, 7),
        skip_holidays=False,
    )
    services.occurrences_sync(activity=activity, today=date(2026, 12, 1))

    assert not activity.occurrences.filter(cancelled=True).exists()
    assert "vallen op een feestdag: 24 december 2026" not in (services.holiday_warning_text(activity=activity) or "")
    # The Thursdays 24 and 31 December and 7 January: none is a holiday (Christmas is the 25th, a Friday).
    assert services.holiday_warning_text(activity=activity) is None


def test_a_new_years_day_coffee_morning_warns_the_organiser(make_activity):
    activity = make_activity(
        start_date=date(2027, 1, 1),
        start_time=time(10),
        end_time=time(11),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 1, 15),
        skip_holidays=False,
    )

    warning = services.holiday_warning_text(activity=activity)

    assert "1 januari 2027 (Nieuwjaarsdag)" in warning
    assert "Niet op feestdagen" in warning


def test_last_thursday_of_the_month_over_a_year(make_activity):
    # 28 January 2027 is the last Thursday of January.
    activity = make_activity(
        start_date=date(2027, 1, 28),
        recurrence=Recurrence.MONTHLY_LAST,
        until=date(2027, 12, 31),
        start_time=time(10),
        end_time=time(11),
        skip_holidays=False,
    )

    days = services.schedule_dates(activity=activity, until=date(2027, 12, 31))

    assert len(days) == 12
    assert all(day.weekday() == 3 and (day + timedelta(days=7)).month != day.month for day in days)
    assert days[-1] == date(2027, 12, 30)


def test_new_years_day_is_skipped_when_chosen(make_activity):
    # Friday 1 January 2027 in a weekly series on Fridays; the feestdag is cancelled, the others go ahead.
    activity = make_activity(
        start_date=date(2026, 12, 18),
        recurrence=Recurrence.WEEKLY,
        until=date(2027, 1, 8),
        start_time=time(10),
        end_time=time(11),
        skip_holidays=True,
    )
    services.occurrences_sync(activity=activity, today=date(2026, 12, 1))

    occurrences = {local(o).date(): o.cancelled for o in activity.occurrences.order_by("start")}

    assert occurrences == {
        date(2026, 12, 18): False,
        date(2026, 12, 25): True,  # Eerste Kerstdag
        date(2027, 1, 1): True,  # Nieuwjaarsdag
        date(2027, 1, 8): False,
    }
    assert "1 januari 2027 (Nieuwjaarsdag)" in services.holiday_warning_text(activity=activity)
