"""Free slots from a weekly pattern, one-off times, blocked dates, tours already booked — no database."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from ambassadors.models import Ambassador, BlockedPeriod, BookingStatus, ExtraTime, TourBooking, WeeklyTime
from ambassadors.selectors import ambassador_slots, slot_key_parse

AMS = ZoneInfo("Europe/Amsterdam")
MON, TUE, WED = 0, 1, 2
RIA = Ambassador(pk=7, display_name="Ria")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


def slots(*, now, weekly=(), extra=(), blocked=(), bookings=(), minutes=45, buffer=15):
    return ambassador_slots(
        ambassador=RIA,
        weekly=[WeeklyTime(weekday=d, start=s, end=e) for d, s, e in weekly],
        extra=[ExtraTime(date=d, start=s, end=e) for d, s, e in extra],
        blocked=[BlockedPeriod(first_day=f, last_day=la) for f, la in blocked],
        bookings=bookings,
        tour_minutes=minutes,
        buffer_minutes=buffer,
        now=now,
    )


def local(slot_list):
    return [(s.local_start.date(), f"{s.local_start:%H:%M}") for s in slot_list]


FRIDAY = at(date(2026, 3, 6), 9)  # Friday 6 March 2026, 09:00


def test_weekly_pattern_gives_tours_of_45_minutes_with_a_buffer_for_eight_weeks():
    result = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))])
    tuesdays = [date(2026, 3, 10) + timedelta(weeks=n) for n in range(8)]
    assert local(result) == [(day, hhmm) for day in tuesdays for hhmm in ("10:00", "11:00")]
    assert all(s.end - s.start == timedelta(minutes=45) for s in result)
    assert {s.ambassador_name for s in result} == {"Ria"}


def test_a_larger_buffer_leaves_room_for_fewer_tours():
    two = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))], buffer=30)
    one = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))], buffer=45)
    assert [hhmm for _, hhmm in local(two)][:2] == ["10:00", "11:15"]
    assert {hhmm for _, hhmm in local(one)} == {"10:00"}


def test_one_off_time_adds_slots_and_overlap_with_the_pattern_is_not_doubled():
    extra_day = date(2026, 3, 12)  # a Thursday
    result = slots(
        now=FRIDAY,
        weekly=[(TUE, time(10), time(12))],
        extra=[(extra_day, time(18, 30), time(20)), (date(2026, 3, 10), time(10), time(11))],
    )
    assert (extra_day, "18:30") in local(result)
    assert local(result).count((date(2026, 3, 10), "10:00")) == 1


def test_blocked_dates_offer_nothing_first_and_last_day_included():
    holiday = (date(2026, 3, 17), date(2026, 3, 24))  # two Tuesdays
    result = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))], blocked=[holiday])
    days = {day for day, _ in local(result)}
    assert date(2026, 3, 10) in days
    assert date(2026, 3, 17) not in days
    assert date(2026, 3, 24) not in days
    assert date(2026, 3, 31) in days


def test_minimum_notice_of_24_hours_and_never_in_the_past():
    monday_nine = at(date(2026, 3, 9), 9)
    result = slots(now=monday_nine, weekly=[(MON, time(10), time(12)), (TUE, time(10), time(12))])
    assert local(result)[0] == (date(2026, 3, 10), "10:00")  # Monday's are within 24 hours
    exactly_24 = slots(now=at(date(2026, 3, 9), 10), weekly=[(TUE, time(10), time(12))])
    assert local(exactly_24)[0] == (date(2026, 3, 10), "10:00")
    assert all(s.start >= monday_nine for s in result)


def test_nothing_beyond_eight_weeks():
    result = slots(now=FRIDAY, weekly=[(d, time(10), time(12)) for d in range(7)])
    assert max(s.local_start.date() for s in result) == FRIDAY.date() + timedelta(weeks=8)


def booking(start, minutes=45, status=BookingStatus.BOOKED, pk=1):
    return TourBooking(pk=pk, start=start, end=start + timedelta(minutes=minutes), status=status)


def test_a_booked_tour_takes_its_slot_and_keeps_the_buffer():
    tuesday = date(2026, 3, 10)
    taken = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))], bookings=[booking(at(tuesday, 10))])
    assert (tuesday, "10:00") not in local(taken)
    assert (tuesday, "11:00") in local(taken)  # exactly the buffer after the first tour ends
    odd = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))], bookings=[booking(at(tuesday, 10, 30))])
    assert not [hhmm for day, hhmm in local(odd) if day == tuesday]


def test_a_cancelled_tour_frees_its_slot():
    tuesday = date(2026, 3, 10)
    result = slots(
        now=FRIDAY,
        weekly=[(TUE, time(10), time(12))],
        bookings=[booking(at(tuesday, 10), status=BookingStatus.CANCELLED)],
    )
    assert (tuesday, "10:00") in local(result)


def test_summer_time_starts_the_clock_on_the_wall_stays_the_same():
    """29 March 2026: clocks go forward. Monday 10:00 is 09:00 UTC before and 08:00 UTC after."""
    result = slots(now=at(date(2026, 3, 20), 9), weekly=[(MON, time(10), time(11))])
    before, after = result[0], result[1]
    assert (before.local_start.date(), after.local_start.date()) == (date(2026, 3, 23), date(2026, 3, 30))
    assert f"{before.local_start:%H:%M}" == f"{after.local_start:%H:%M}" == "10:00"
    assert before.start.utcoffset() - after.start.utcoffset() == timedelta(hours=-1)
    assert after.end - after.start == timedelta(minutes=45)


def test_winter_time_starts_the_clock_on_the_wall_stays_the_same():
    """25 October 2026: clocks go back. The Sunday itself still has its tours at 10:00."""
    result = slots(now=at(date(2026, 10, 20), 9), weekly=[(6, time(10), time(11)), (MON, time(10), time(11))])
    days = local(result)[:3]
    assert days == [(date(2026, 10, 25), "10:00"), (date(2026, 10, 26), "10:00"), (date(2026, 11, 1), "10:00")]
    assert result[0].start.astimezone(ZoneInfo("UTC")).hour == 9  # CET: UTC+1
    assert result[1].start.astimezone(ZoneInfo("UTC")).hour == 9


def test_slot_key_round_trips_and_junk_is_refused():
    slot = slots(now=FRIDAY, weekly=[(TUE, time(10), time(12))])[0]
    assert slot_key_parse(slot.key) == (7, slot.start)
    for junk in ["", "x", "7-2026", "abc-202603101000", "7-209913991000"]:
        assert slot_key_parse(junk) is None


windows = st.tuples(
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=7 * 4, max_value=20 * 4),
    st.integers(min_value=1, max_value=16),
)


@settings(max_examples=60, deadline=None)
@given(
    weekly=st.lists(windows, max_size=5),
    minutes=st.sampled_from([30, 45, 60, 90]),
    buffer=st.sampled_from([0, 10, 15, 30]),
    booked=st.lists(st.integers(min_value=0, max_value=55 * 24 * 4), max_size=5),
)
def test_slots_never_overlap_a_tour_or_each_other_and_stay_in_the_window(weekly, minutes, buffer, booked):
    pattern = []
    for day, start_q, length_q in weekly:
        start = time(start_q // 4, (start_q % 4) * 15)
        end_q = min(start_q + length_q, 22 * 4)
        pattern.append((day, start, time(end_q // 4, (end_q % 4) * 15)))
    pattern = [p for p in pattern if p[1] < p[2]]
    tours = [booking(FRIDAY + timedelta(minutes=15 * q), minutes=minutes, pk=i) for i, q in enumerate(booked)]
    result = slots(now=FRIDAY, weekly=pattern, bookings=tours, minutes=minutes, buffer=buffer)
    gap = timedelta(minutes=buffer)
    for slot in result:
        assert slot.start >= FRIDAY + timedelta(hours=24)
        assert slot.local_start.date() <= FRIDAY.date() + timedelta(weeks=8)
        assert all(slot.end + gap <= t.start or t.end + gap <= slot.start for t in tours)
    assert len({s.start for s in result}) == len(result)
