"""Participation figures per building and month (the staff report in the admin).

One small corporation, counted by hand (M2 = two months ago, M1 = last month, M0 = this month):

- De Linde: a residents' committee with a member (active). Stoelgym, 2 places.
  - M2, date A: Truus with a guest (own, 2 places); Gerda herself (full: waiting list).
  - M1, date B: Truus (own); Gerda for neighbour mevrouw Jansen (on behalf); Piet (full: waiting);
    Gerda for Kees (on behalf, full: waiting); Els (waiting, then cancels: not counted).
  - M1, date C: Truus signs up, then the date is called off: nothing of it counts.
  - Messages: M1 a small job done after 2 days and a question done after 4 days; M2 a concern, open.
  - Tours in M1: one held, one no-show, one cancelled.
- Het Anker: a committee without members (not active). M1, date D: its resident and Truus (own), Joop
  (own: nobody filled in `made_by`), and Wim, signed up by the caretaker (on behalf).
- De Eik: no committee, nothing happens, nobody writes.
- The tenants' platform: an activity in M1 with a sign-up; it belongs to no building and is not counted.
"""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities import services as activity_services
from activities.models import ActivityCategory, ActivityPage, Occurrence
from ambassadors import services as tour_services
from ambassadors.models import BookingStatus
from committees import services as committee_services
from committees.models import CaretakerMessage, CommitteeKind, MemberRole, MessageCategory, MessageStatus
from portal.factories import CaretakerFactory, ResidentProfileFactory, UserFactory
from reports import charts, participation
from tests.spreadsheets import csv_dicts

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Amsterdam")
M0 = participation.month_start(timezone.localdate())
M1 = participation.add_months(M0, -1)
M2 = participation.add_months(M0, -2)
URL = "/admin/rapporten/deelname/"


def at(month: date, day: int, hour: int = 14) -> datetime:
    return datetime.combine(month.replace(day=day), time(hour), tzinfo=TZ)


def person(email, building, first_name=""):
    user = UserFactory(email=email, first_name=first_name)
    ResidentProfileFactory(user=user, building=building)
    return user


def past_activity(committee, *, title="Stoelgym", capacity=2):
    """An activity whose dates lie in the past: the schedule sync never makes those, so the test adds them."""
    return committee.add_child(
        instance=ActivityPage(
            title=title,
            category=ActivityCategory.objects.get(slug="bewegen"),
            description="<p>Bewegen op een stoel.</p>",
            start_date=M2.replace(day=1),
            start_time=time(14),
            end_time=time(15),
            capacity=capacity,
        )
    )


def past_date(activity, start: datetime) -> Occurrence:
    return Occurrence.objects.create(activity=activity, start=start, end=start + timedelta(hours=1))


def sign_up(occurrence, **kwargs):
    return activity_services.registration_create(
        occurrence=occurrence, now=occurrence.start - timedelta(days=1), **kwargs
    )


def message(*, building, sender, category, created: datetime, days_to_done: int | None = None):
    sent = committee_services.message_create(
        building=building, sender=sender, category=category, subject="Graag even kijken", body="Dank u wel."
    )
    if days_to_done is not None:
        committee_services.message_update(message=sent, by=sender, status=MessageStatus.DONE, notify=False)
    CaretakerMessage.objects.filter(pk=sent.pk).update(
        created_at=created, done_at=created + timedelta(days=days_to_done) if days_to_done is not None else None
    )
    return sent


@pytest.fixture
def corporation(
    building,
    other_building,
    make_building,
    committee,
    other_committee,
    member,
    resident,
    other_resident,
    other_caretaker,
    platform,
):
    de_eik = make_building(title="De Eik", slug="de-eik", homes=40, caretaker=None)

    # De Linde, M2.
    gym = past_activity(committee)
    date_a = past_date(gym, at(M2, 10))
    sign_up(date_a, user=resident, guests=1, made_by=resident)
    sign_up(date_a, user=member, made_by=member)
    # De Linde, M1.
    date_b = past_date(gym, at(M1, 10))
    sign_up(date_b, user=resident, made_by=resident)
    sign_up(
        date_b,
        made_by=member,
        neighbour_name="Mevrouw Jansen",
        neighbour_apartment="5",
        neighbour_consent=True,
    )
    sign_up(date_b, user=person("piet@example.org", building), made_by=None)
    sign_up(date_b, user=person("kees@example.org", building), made_by=member)
    els = sign_up(date_b, user=person("els@example.org", building))
    activity_services.registration_cancel(registration=els, by=els.user)
    date_c = past_date(gym, at(M1, 17))
    sign_up(date_c, user=resident, made_by=resident)
    Occurrence.objects.filter(pk=date_c.pk).update(cancelled=True)
    # Het Anker, M1: its committee has no members.
    walk = past_activity(other_committee, title="Wandelen", capacity=None)
    date_d = past_date(walk, at(M1, 12))
    sign_up(date_d, user=other_resident, made_by=other_resident)
    sign_up(date_d, user=person("joop@example.org", other_building))
    sign_up(date_d, user=person("wim@example.org", other_building), made_by=other_caretaker.user)
    sign_up(date_d, user=resident, made_by=resident)
    # The tenants' platform, M1: for every building, so for none of them.
    meeting = past_activity(platform, title="Ledenvergadering", capacity=None)
    sign_up(past_date(meeting, at(M1, 20)), user=resident, made_by=resident)

    # Messages to the caretaker of De Linde.
    message(building=building, sender=resident, category=MessageCategory.SMALL_JOB, created=at(M1, 3), days_to_done=2)
    message(building=building, sender=resident, category=MessageCategory.QUESTION, created=at(M1, 5), days_to_done=4)
    message(building=building, sender=resident, category=MessageCategory.CONCERN, created=at(M2, 8))

    # Tours in De Linde, M1.
    ambassador_user = person("ria@example.org", building, first_name="Ria")
    ambassador = tour_services.ambassador_appoint(
        user=ambassador_user, building=building, display_name="Ria", introduction="Ik laat u graag de tuin zien."
    )
    tour_services.weekly_times_replace(
        ambassador=ambassador,
        times=[tour_services.TimeRange(weekday=day, start=time(10), end=time(12)) for day in range(7)],
    )

    def book(start):
        return tour_services.booking_create(
            ambassador_id=ambassador.pk,
            start=start,
            name="Marijke Smit",
            email="marijke@example.net",
            now=start - timedelta(days=2),
        )

    tour_services.booking_mark(booking=book(at(M1, 10, 10)), status=BookingStatus.HELD, by=ambassador_user)
    tour_services.booking_mark(booking=book(at(M1, 10, 11)), status=BookingStatus.NO_SHOW, by=ambassador_user)
    cancelled = book(at(M1, 11, 10))
    tour_services.booking_cancel(booking=cancelled, now=cancelled.start - timedelta(days=1))
    return {"de_linde": building, "het_anker": other_building, "de_eik": de_eik}


def report(**kwargs):
    kwargs.setdefault("start_month", M2)
    kwargs.setdefault("end_month", M0)
    return participation.participation_report(**kwargs)


def rows_by(report_):
    return {(row.building, row.month): row for row in report_.rows}


def test_figures_per_building_and_month_match_the_hand_count(corporation):
    rows = rows_by(report())

    assert len(rows) == 3 * 3  # three live buildings (the platform is none) × three months
    linde_m2, linde_m1 = rows["De Linde", M2], rows["De Linde", M1]
    assert (linde_m2.activities_held, linde_m2.signups_own, linde_m2.signups_on_behalf) == (1, 1, 0)
    assert (linde_m2.participants, linde_m2.waiting, linde_m2.waiting_dates) == (1, 1, 1)
    assert (linde_m1.activities_held, linde_m1.signups_own, linde_m1.signups_on_behalf) == (1, 1, 1)
    assert (linde_m1.participants, linde_m1.waiting, linde_m1.waiting_dates) == (2, 2, 1)
    assert linde_m1.has_committee
    assert linde_m2.has_committee

    assert linde_m1.messages == {"klusje": 1, "schoon_heel_veilig": 0, "vraag": 1, "zorg": 0}
    assert (linde_m1.messages_done, linde_m1.messages_open, linde_m1.days_open) == (2, 0, Decimal("3.0"))
    assert linde_m2.messages["zorg"] == 1
    assert (linde_m2.messages_done, linde_m2.messages_open, linde_m2.days_open) == (0, 1, None)

    assert (linde_m1.tours_booked, linde_m1.tours_held, linde_m1.tours_no_show) == (2, 1, 1)
    assert (linde_m2.tours_booked, linde_m2.tours_held, linde_m2.tours_no_show) == (0, 0, 0)

    anker_m1 = rows["Het Anker", M1]
    assert not anker_m1.has_committee  # a committee page without members is not active
    assert (anker_m1.activities_held, anker_m1.signups_own, anker_m1.signups_on_behalf) == (1, 3, 1)
    assert (anker_m1.participants, anker_m1.waiting) == (4, 0)

    for month in (M2, M1, M0):
        eik = rows["De Eik", month]
        assert not eik.has_committee
        assert (eik.activities_held, eik.signups, eik.messages_total, eik.tours_booked) == (0, 0, 0, 0)
    assert rows["De Linde", M0].signups == 0


def test_month_totals_count_a_person_once_over_all_buildings(corporation):
    months = {total.month: total for total in report().months}

    assert list(months) == [M2, M1, M0]
    assert (months[M2].activities_held, months[M2].signups, months[M2].participants, months[M2].waiting) == (1, 1, 1, 1)
    # Truus joined in De Linde and in Het Anker: 6 sign-ups, but 5 different people (not 2 + 4).
    assert (months[M1].activities_held, months[M1].signups, months[M1].signups_on_behalf) == (2, 6, 2)
    assert (months[M1].participants, months[M1].waiting) == (5, 2)
    assert (months[M0].signups, months[M0].participants) == (0, 0)


def test_buildings_without_committee_or_activities_come_first_silent_ones_on_top(corporation):
    result = report()

    assert [(row.building, row.reason) for row in result.attention] == [
        ("De Eik", "geen actieve commissie en geen activiteiten"),
        ("Het Anker", "geen actieve commissie"),
    ]
    assert [count for _label, count in result.attention_groups] == [1, 1, 0, 1]


def test_one_building_and_a_shorter_period(corporation):
    result = report(start_month=M1, end_month=M1, building="het-anker")

    assert [(row.building, row.month) for row in result.rows] == [("Het Anker", M1)]
    assert result.rows[0].signups == 4
    assert [total.participants for total in result.months] == [4]
    # The attention list still looks back three months, also when the period is one month.
    assert result.attention_start == participation.add_months(M1, -2)
    assert [row.building for row in result.attention] == ["Het Anker"]


def test_a_period_given_backwards_is_turned_around(corporation):
    result = report(start_month=M0, end_month=M2)

    assert (result.start_month, result.end_month) == (M2, M0)


# --------------------------------------------------------------------------- the admin page


@pytest.fixture
def staff_client(client, moderator):
    client.force_login(moderator)
    return client


def csv_rows(response) -> list[dict]:
    return csv_dicts(response)


def test_csv_export_has_a_row_per_building_and_month(staff_client, corporation):
    response = staff_client.get(URL, {"van": f"{M2:%Y-%m}", "tot": f"{M0:%Y-%m}", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"deelname-{M2:%Y-%m}-tot-{M0:%Y-%m}.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 9
    linde = next(row for row in rows if row["Gebouw"] == "De Linde" and row["Maand"] == f"01-{M1:%m-%Y}")
    assert linde["Actieve commissie"] == "ja"
    assert (linde["Activiteiten gehouden"], linde["Aanmeldingen zelf"], linde["Aanmeldingen namens"]) == ("1", "1", "1")
    assert (linde["Aanmeldingen totaal"], linde["Deelnemers"], linde["Wachtlijst"]) == ("2", "2", "2")
    assert (linde["Berichten: Klein klusje"], linde["Berichten: Vraag"], linde["Berichten totaal"]) == ("1", "1", "2")
    assert linde["Gemiddeld dagen open"] == "3,0"  # a decimal comma, for Dutch Excel
    assert (linde["Rondleidingen geboekt"], linde["Rondleidingen gehouden"], linde["Rondleidingen niet gekomen"]) == (
        "2",
        "1",
        "1",
    )


def test_xlsx_export_holds_the_same_figures(staff_client, corporation):
    response = staff_client.get(URL, {"van": f"{M1:%Y-%m}", "tot": f"{M1:%Y-%m}", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    header, *values = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(header, row, strict=True)) for row in values]
    assert [row["Gebouw"] for row in rows] == ["De Eik", "De Linde", "Het Anker"]
    linde = rows[1]
    assert (linde["Maand"], linde["Deelnemers"], linde["Data met wachtlijst"]) == (datetime(M1.year, M1.month, 1), 2, 1)
    assert (linde["Berichten afgehandeld"], linde["Gemiddeld dagen open"]) == (2, 3)


def test_the_page_shows_each_chart_with_its_table(staff_client, corporation):
    response = staff_client.get(URL)

    assert response.status_code == 200
    html = response.text
    for chart_id in ("deelname-per-maand", "aandacht"):
        assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
        assert f'<title id="{chart_id}-title">' in html
        assert f'data-chart-table="{chart_id}"' in html
    assert "<title>" in html  # every bar has its own tooltip with the number
    # The table beside the month chart: every month of the default period (the last twelve).
    assert html.count('<th scope="row">', html.index('data-chart-table="deelname-per-maand"')) >= 12
    attention = html[html.index("participation-attention") :]
    assert attention.index("De Eik") < attention.index("Het Anker")
    assert "De Linde" not in attention.split("</table>")[0]
    assert "https://" not in html.split('<svg class="pchart"')[1].split("</svg>")[0]  # nothing from a network
    assert "/static/portal/admin/participation.css" in html


def test_the_filters_choose_the_building_and_period(staff_client, corporation):
    response = staff_client.get(URL, {"gebouw": "de-eik", "van": f"{M1:%Y-%m}", "tot": f"{M0:%Y-%m}"})

    assert response.status_code == 200
    rows = response.context["report"].rows
    assert {(row.building, row.month) for row in rows} == {("De Eik", M1), ("De Eik", M0)}


def test_the_results_fragment_redraws_the_charts(staff_client, corporation):
    response = staff_client.get(reverse("participation_report_results"), {"gebouw": "de-linde"})

    assert response.status_code == 200
    assert 'aria-labelledby="deelname-per-maand-title deelname-per-maand-desc"' in response.text
    assert "Het Anker" not in response.text


def test_only_staff_see_the_report(client, corporation, caretaker, member, resident):
    assert client.get(URL).status_code == 302  # to the log-in
    for user in (caretaker.user, member, resident):
        client.force_login(user)
        assert client.get(URL).status_code in (302, 403)


def test_the_report_is_in_the_reports_menu_for_staff_only(client, moderator, caretaker):
    client.force_login(moderator)
    assert URL in client.get(reverse("wagtailadmin_home")).text
    client.force_login(caretaker.user)
    assert URL not in client.get(reverse("wagtailadmin_home")).text


def add_busy_building(make_building, number):
    """A building with an active committee, an activity held last month with two sign-ups, and a message."""
    building = make_building(title=f"Extra {number}", slug=f"extra-{number}", caretaker=CaretakerFactory())
    committee = committee_services.committee_create(
        parent=building, title=f"Activiteitencommissie {number}", kind=CommitteeKind.ACTIVITY, description="Wij."
    )
    chair = person(f"voorzitter-{number}@example.org", building)
    committee_services.committee_member_add(committee=committee, user=chair, role=MemberRole.CHAIR)
    held = past_date(past_activity(committee, capacity=None), at(M1, 10))
    sign_up(held, user=chair, made_by=chair)
    sign_up(held, made_by=chair, neighbour_name="Buurvrouw", neighbour_consent=True)
    message(building=building, sender=chair, category=MessageCategory.QUESTION, created=at(M1, 4), days_to_done=1)


@pytest.fixture
def uncached(settings):
    """Every request computes the figures afresh (a timeout of 0 keeps nothing in the cache)."""
    settings.PORTAL_PARTICIPATION_CACHE_SECONDS = 0


def test_the_report_page_costs_the_same_queries_for_more_buildings(staff_client, corporation, make_building, uncached):
    staff_client.get(URL)  # warm-up: the building choices and the session land in their caches
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(URL).status_code == 200
    for number in range(6):
        add_busy_building(make_building, number)
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(URL)

    assert response.context["report"].building_count == 9
    assert len(many) == len(few)


def test_the_report_page_stays_within_its_query_budget(
    staff_client, corporation, uncached, django_assert_max_num_queries
):
    """7 queries for the figures; the rest is the admin around it, the same on every admin page.

    Session, user, two permission lists and the user's admin profile (5); the admin menu: locale, page
    and collection permissions, the explorer's root page, and whether the user is a moderator, asked
    once per request however many menu items ask (5).
    """
    staff_client.get(URL)
    with django_assert_max_num_queries(17):
        assert staff_client.get(URL).status_code == 200


def test_the_figures_are_kept_for_ten_minutes_and_say_when_they_were_computed(
    staff_client, corporation, make_building, django_assert_max_num_queries
):
    first = staff_client.get(URL)
    computed_at = first.context["report"].computed_at
    add_busy_building(make_building, 1)

    # The admin around it (10) and the filter's building choices, which the new building refreshed (1).
    with django_assert_max_num_queries(11):
        again = staff_client.get(URL)

    assert again.context["report"].computed_at == computed_at
    assert again.context["report"].building_count == 3
    local = timezone.localtime(computed_at)
    assert f"Berekend om {local:%H:%M}" in again.content.decode()
    assert "hoogstens 10 minuten" in again.content.decode()


def test_another_period_is_computed_afresh(staff_client, corporation, make_building):
    staff_client.get(URL)
    add_busy_building(make_building, 1)

    response = staff_client.get(URL, {"van": f"{M1:%Y-%m}", "tot": f"{M0:%Y-%m}"})

    assert response.context["report"].building_count == 4
    assert len(response.context["report"].months) == 2


def test_the_figures_take_seven_queries(corporation, django_assert_num_queries):
    with django_assert_num_queries(7):
        report()


# --------------------------------------------------------------------------- the chart geometry


def test_bars_are_in_proportion_and_the_axis_ends_on_a_round_number():
    chart = charts.bar_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=["januari 2026", "februari 2026"],
        series=[charts.Series(label="a", values=[0, 37]), charts.Series(label="b", values=[20, 10])],
    )

    assert [tick.label for tick in chart.ticks] == ["0", "10", "20", "30", "40"]
    widths = {(bar.series, bar.value): bar.width for bar in chart.bars}
    assert widths[0, 0] == 0
    assert widths[1, 20] == pytest.approx(2 * widths[1, 10], abs=0.2)
    assert widths[0, 37] < chart.plot_right - chart.plot_left
    assert [bar.hatched for bar in chart.bars] == [False, True, False, True]
    assert chart.bars[0].tooltip == "januari 2026, a: 0"


@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (3, 1), (9, 5), (37, 10), (180, 50), (1234, 500)])
def test_nice_steps(maximum, step):
    assert charts.nice_step(maximum) == step


def test_the_attention_list_is_paged_and_its_queries_do_not_grow(staff_client, corporation, make_building, uncached):
    """At scale hundreds of buildings ask attention: the table shows 30 at a time (?aandacht=), in as many
    queries for 60 buildings as for 5."""
    for number in range(2):
        make_building(title=f"Stil {number:02d}", slug=f"stil-{number:02d}")
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as few:
        first_few = staff_client.get(URL)
    for number in range(2, 60):
        make_building(title=f"Stil {number:02d}", slug=f"stil-{number:02d}")
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as many:
        first = staff_client.get(URL)
    second = staff_client.get(URL, {"aandacht": 2})

    assert len(many) == len(few)
    assert "?aandacht=" not in first_few.text.split('id="aandacht-kop"')[1].split("</section>")[0]
    attention = first.context["report"].attention
    assert len(attention) > 60
    shown = first.context["attention_page"]
    assert len(shown.object_list) == 30
    assert "aandacht=2" in first.text
    assert attention[30].building not in first.text.split("participation-attention")[1].split("</table>")[0]
    assert second.context["attention_page"].number == 2
    assert attention[30].building in second.text


# --------------------------------------------------------------------------- the cache, a page at a time


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys the report asks the cache for, one list per `get_many`."""
    reads = []
    real = participation.cache.get_many

    def get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(participation.cache, "get_many", get_many)
    return reads


def many_buildings(make_building, count):
    for number in range(count):
        make_building(title=f"Stil {number:02d}", slug=f"stil-{number:02d}")


def test_a_second_look_reads_only_the_rows_and_attention_it_shows(
    staff_client, corporation, make_building, cache_reads
):
    """At 1,200 buildings a year has 14,400 rows: a look at the report reads one page of them from the cache."""
    many_buildings(make_building, 40)  # 43 buildings, 516 rows, 42 of them ask attention
    staff_client.get(URL)
    cache_reads.clear()

    response = staff_client.get(URL, {"p": 2, "aandacht": 2})

    assert response.status_code == 200
    assert len(cache_reads) == 2  # one page of the table, one of the attention list
    assert all(len(keys) == 1 for keys in cache_reads)
    shown = [row.building for row in response.context["object_list"]]
    assert shown[0] == "Stil 07"
    assert len(shown) == participation.ROWS_PER_PAGE
    attention = [row.building for row in response.context["attention_page"]]
    assert attention[0] == "Stil 29"  # after De Eik and Stil 00–28
    assert "Stil 07" in response.text


def test_the_export_after_a_look_holds_every_row(staff_client, corporation, make_building):
    many_buildings(make_building, 12)
    staff_client.get(URL)

    rows = csv_rows(staff_client.get(URL, {"export": "csv"}))

    assert len(rows) == 15 * participation.DEFAULT_MONTHS
    assert rows[-1]["Gebouw"] == "Stil 11"


def test_a_page_gone_from_the_cache_is_computed_again(staff_client, corporation, make_building):
    """A cache may drop one entry before another: the figures are computed again, never a half table."""
    many_buildings(make_building, 12)
    first = staff_client.get(URL)
    rows = staff_client.get(URL).context["report"].rows  # read from the cache, a page at a time
    participation.cache.delete(rows.page_key(1))

    second = staff_client.get(URL, {"p": 2})

    assert [row.building for row in second.context["object_list"]][:2] == ["Stil 07", "Stil 07"]
    assert second.context["report"].computed_at == first.context["report"].computed_at
    third = staff_client.get(URL)
    assert third.context["report"].computed_at > first.context["report"].computed_at
