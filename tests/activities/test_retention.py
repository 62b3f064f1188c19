"""Neighbours signed up without an account: their name, house number and phone are wiped once the month
after their date has ended; the sign-up stays, under a stand-in name, and the figures do not change."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities import services
from activities.models import Occurrence, Registration
from reports import participation

pytestmark = pytest.mark.django_db

THIS_MONTH = participation.month_start(timezone.localdate())
LAST_MONTH = participation.add_months(THIS_MONTH, -1)
TWO_MONTHS_AGO = participation.add_months(THIS_MONTH, -2)


def date_in(month, day=10):
    return datetime.combine(month.replace(day=day), time(14), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def past_activity(make_activity):
    return make_activity(capacity=None, start_date=TWO_MONTHS_AGO)


def held_on(activity, start) -> Occurrence:
    return Occurrence.objects.create(activity=activity, start=start, end=start + timedelta(hours=1))


def neighbour(occurrence, caretaker_user, *, name="Mevrouw Jansen", apartment="12", phone="06 1234 5678"):
    return services.registration_create(
        occurrence=occurrence,
        made_by=caretaker_user,
        neighbour_name=name,
        neighbour_apartment=apartment,
        neighbour_phone=phone,
        neighbour_consent=True,
        now=occurrence.start - timedelta(days=1),
    )


def test_details_are_wiped_once_the_month_after_the_date_is_over(past_activity, caretaker_user, resident):
    old = neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO)), caretaker_user)
    recent = neighbour(held_on(past_activity, date_in(LAST_MONTH)), caretaker_user)
    own = services.registration_create(
        occurrence=old.occurrence, user=resident, made_by=resident, now=old.occurrence.start - timedelta(days=1)
    )

    assert services.neighbours_anonymise_due() == 1

    old.refresh_from_db()
    assert old.neighbour_name.startswith("Buur ")
    assert "Jansen" not in old.neighbour_name
    assert (old.neighbour_apartment, old.neighbour_phone) == ("", "")
    recent.refresh_from_db()
    assert (recent.neighbour_name, recent.neighbour_apartment, recent.neighbour_phone) == (
        "Mevrouw Jansen",
        "12",
        "06 1234 5678",
    )
    own.refresh_from_db()
    assert own.user == resident


def test_the_same_neighbour_keeps_one_stand_in_name_and_another_gets_another(past_activity, caretaker_user):
    first = neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO, 3)), caretaker_user)
    again = neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO, 10)), caretaker_user, name="mevrouw jansen ")
    other = neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO, 17)), caretaker_user, name="Meneer de Vries")

    services.neighbours_anonymise_due()

    names = dict(Registration.objects.filter(pk__in=[first.pk, again.pk, other.pk]).values_list("pk", "neighbour_name"))
    assert names[first.pk] == names[again.pk]
    assert names[other.pk] != names[first.pk]


def test_the_participation_figures_do_not_change(past_activity, caretaker_user, building):
    occurrence = held_on(past_activity, date_in(TWO_MONTHS_AGO, 3))
    neighbour(occurrence, caretaker_user)
    neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO, 10)), caretaker_user)
    neighbour(occurrence, caretaker_user, name="Meneer de Vries", apartment="14")

    def participants():
        report = participation.participation_report(start_month=TWO_MONTHS_AGO, end_month=TWO_MONTHS_AGO)
        return [(row.building, row.signups_on_behalf, row.participants) for row in report.rows]

    before = participants()
    services.neighbours_anonymise_due()

    assert before == [(building.title, 3, 2)]
    assert participants() == before


def test_a_second_run_wipes_nothing_and_the_command_says_how_many(past_activity, caretaker_user):
    neighbour(held_on(past_activity, date_in(TWO_MONTHS_AGO)), caretaker_user)
    out = io.StringIO()

    call_command("purge_neighbour_details", stdout=out)
    call_command("purge_neighbour_details", stdout=out)

    assert out.getvalue().splitlines() == [
        "Wiped the details of 1 neighbour sign-up(s) for dates before last month.",
        "Wiped the details of 0 neighbour sign-up(s) for dates before last month.",
    ]
