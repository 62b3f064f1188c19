"""Periodic jobs: each due moment runs once, missed ones are caught up once, overdue ones are reported.

The race of two scheduler processes on PostgreSQL is in `test_scheduler_race.py` (transactional tests
live in their own file, see `tests/activities/test_concurrency.py`).
"""

import ast
import inspect
import itertools
from datetime import UTC, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from activities import services as activities
from activities.models import Registration
from portal import scheduler
from portal.factories import ResidentProfileFactory, UserFactory
from portal.management.commands import scheduler as scheduler_command
from portal.models import JobRun

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FEATURE_JOBS = {
    "send_reminders": "activities.jobs",
    "sync_activities": "activities.jobs",
    "purge_neighbour_details": "activities.jobs",
    "send_tour_reminders": "ambassadors.jobs",
    "purge_tour_visitors": "ambassadors.jobs",
    "purge_caretaker_messages": "committees.jobs",
    "consultation_mails": "consultations.jobs",
    "prune_job_runs": "portal.jobs",
    "purge_absences": "portal.jobs",
    "purge_sent_emails": "portal.jobs",
    "prune_task_results": "portal.jobs",
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026, Amsterdam time."""
    return datetime(2026, 3, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def counting():
    """A job every 15 minutes that counts its calls."""
    calls = []

    def count(*, now):
        calls.append(now)
        return f"call {len(calls)}"

    return scheduler.Job(name="test_counting", func=count, every=timedelta(minutes=15), label="Test"), calls


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------


def test_each_app_declares_its_own_jobs_and_the_core_imports_none_of_them():
    registered = {job.name: job.func.__module__ for job in scheduler.jobs()}

    assert registered == FEATURE_JOBS
    for module in (scheduler, scheduler_command):
        imported = set()
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ImportFrom):
                imported.add((node.module or "").split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
        assert imported.isdisjoint({"activities", "ambassadors", "committees"}), module.__name__


def test_a_job_name_is_taken_once():
    scheduler.jobs()  # the apps' jobs are registered

    with pytest.raises(ValueError, match="send_reminders"):
        scheduler.job(name="send_reminders", every=timedelta(hours=1), label="Dubbel")(lambda *, now: None)


def test_the_night_the_clocks_go_back_every_quarter_of_an_hour_is_due_once():
    job = scheduler.Job(name="test_quarter", func=None, label="", every=timedelta(minutes=15))
    moment = datetime(2026, 10, 25, 2, 45, tzinfo=AMSTERDAM)  # summer time; at 03:00 it is 02:00 again

    moments = [moment := job.next_due_after(moment) for _ in range(8)]  # from 02:00 (winter time) on

    assert [later - earlier for earlier, later in itertools.pairwise(moments)] == [timedelta(minutes=15)] * 7
    assert job.due_at(datetime(2026, 10, 25, 1, 20, tzinfo=UTC)) == datetime(2026, 10, 25, 1, 15, tzinfo=UTC)


def test_a_daily_time_the_clock_change_skips_or_repeats_is_refused():
    with pytest.raises(ValueError, match="02:00"):
        scheduler.Job(name="test_night", func=None, label="", daily_at=time(2, 30))


# --------------------------------------------------------------------------
# Exactly once per due moment
# --------------------------------------------------------------------------


def test_a_due_moment_runs_once_however_often_a_scheduler_asks(counting):
    job, calls = counting

    first = scheduler.job_run_due(job=job, now=at(2, 10, 7))
    again = scheduler.job_run_due(job=job, now=at(2, 10, 12))
    next_moment = scheduler.job_run_due(job=job, now=at(2, 10, 16))

    assert len(calls) == 2
    assert again is None
    assert (first.due_at, next_moment.due_at) == (at(2, 10, 0), at(2, 10, 15))
    assert list(JobRun.objects.filter(name=job.name).values_list("succeeded", "summary").order_by("due_at")) == [
        (True, "call 1"),
        (True, "call 2"),
    ]


def test_a_moment_another_scheduler_is_running_is_left_alone(counting):
    job, calls = counting
    JobRun.objects.create(name=job.name, due_at=at(2, 10, 0), started_at=at(2, 10, 0), host="other-machine:41")

    assert scheduler.job_run_due(job=job, now=at(2, 10, 1)) is None
    assert calls == []


def test_the_database_refuses_a_second_claim_of_the_same_moment(counting):
    job, _calls = counting
    JobRun.objects.create(name=job.name, due_at=at(2, 10, 0), started_at=at(2, 10, 0))

    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(name=job.name, due_at=at(2, 10, 0), started_at=at(2, 10, 0))
    assert JobRun.objects.filter(name=job.name).count() == 1


def test_after_downtime_each_job_catches_up_once(settings):
    before = timezone.localtime().replace(hour=9, minute=7, second=0, microsecond=0) - timedelta(days=10)
    scheduler.jobs_run_due(now=before)
    back = before + timedelta(days=3, hours=5)  # down for three days: missed 3 × 96 reminder runs, 3 purges

    caught_up = scheduler.jobs_run_due(now=back)
    again = scheduler.jobs_run_due(now=back + timedelta(minutes=5))

    assert sorted(run.name for run in caught_up) == sorted(FEATURE_JOBS)
    assert again == []
    assert all(run.succeeded for run in caught_up)
    due = {run.name: timezone.localtime(run.due_at) for run in caught_up}
    assert due["send_reminders"] == back.replace(minute=0)  # the latest moment only, 14:00
    assert due["purge_tour_visitors"] == back.replace(hour=4, minute=0)
    assert JobRun.objects.filter(name="purge_tour_visitors").count() == 2


def test_a_failed_run_is_retried_with_back_off_until_it_succeeds():
    outcomes = [RuntimeError("SMTP weg"), RuntimeError("nog steeds weg"), "klaar"]

    def flaky(*, now):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    job = scheduler.Job(name="test_flaky", func=flaky, every=timedelta(hours=1), label="Test")

    failed = scheduler.job_run_due(job=job, now=at(2, 10, 1))
    too_soon = scheduler.job_run_due(job=job, now=at(2, 10, 4))
    second = scheduler.job_run_due(job=job, now=at(2, 10, 7))
    still_too_soon = scheduler.job_run_due(job=job, now=at(2, 10, 12))
    third = scheduler.job_run_due(job=job, now=at(2, 10, 18))
    done = scheduler.job_run_due(job=job, now=at(2, 10, 40))

    assert (failed.succeeded, failed.error) == (False, "RuntimeError: SMTP weg")
    assert (too_soon, still_too_soon, done) == (None, None, None)
    assert (second.succeeded, third.succeeded) == (False, True)
    run = JobRun.objects.get(name=job.name)
    assert (run.attempts, run.succeeded, run.summary, run.error) == (3, True, "klaar", "")


def test_a_run_whose_scheduler_died_is_taken_over_later(counting):
    job, calls = counting
    JobRun.objects.create(name=job.name, due_at=at(2, 10, 0), started_at=at(2, 10, 0), host="killed:9")
    slow = scheduler.Job(name=job.name, func=job.func, daily_at=time(10, 0), label="Test")

    assert scheduler.job_run_due(job=slow, now=at(2, 11, 30)) is None  # may still be running
    taken = scheduler.job_run_due(job=slow, now=at(2, 12, 1))

    assert len(calls) == 1
    assert (taken.attempts, taken.succeeded) == (2, True)
    assert taken.host != "killed:9"


def test_with_the_database_away_nothing_runs_and_the_next_look_catches_up(counting, caplog):
    job, calls = counting
    with mock.patch.object(JobRun.objects, "filter", side_effect=OperationalError("server closed the connection")):
        away = scheduler.job_run_due(job=job, now=at(2, 10, 1))
    back = scheduler.job_run_due(job=job, now=at(2, 10, 6))

    assert away is None
    assert "the database did not answer" in caplog.text
    assert (back.due_at, back.succeeded, len(calls)) == (at(2, 10, 0), True, 1)


def test_old_runs_are_pruned_but_each_jobs_last_success_stays(counting):
    job, _calls = counting
    now = timezone.now()
    for days in (40, 35, 31):
        JobRun.objects.create(
            name=job.name, due_at=now - timedelta(days=days), started_at=now, succeeded=days != 31, finished_at=now
        )
    recent = JobRun.objects.create(name=job.name, due_at=now - timedelta(days=2), started_at=now, succeeded=False)

    assert scheduler.job_runs_prune(now=now) == 2
    kept = set(JobRun.objects.filter(name=job.name).values_list("due_at", flat=True))
    assert kept == {now - timedelta(days=35), recent.due_at}


# --------------------------------------------------------------------------
# /healthz, the dashboard and `scheduler --list`
# --------------------------------------------------------------------------


def make_overdue(name, *, by=timedelta(days=2)):
    JobRun.objects.filter(name=name).update(due_at=F("due_at") - by, finished_at=F("finished_at") - by)


def test_healthz_on_a_fresh_install_is_ok_until_the_scheduler_has_run(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["scheduler"]) == ("ok", "not started yet")
    assert body["jobs"]["purge_tour_visitors"] == {"last_success": None, "overdue": False}


def test_healthz_is_ok_when_every_job_succeeded_in_time(client):
    scheduler.jobs_run_due()

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert "scheduler" not in body
    assert all(job["last_success"] and not job["overdue"] for job in body["jobs"].values())


def test_healthz_answers_503_naming_the_overdue_job(client):
    scheduler.jobs_run_due()
    make_overdue("purge_tour_visitors")
    make_overdue("send_reminders", by=timedelta(hours=2))  # every 15 minutes: an hour's margin is gone

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["overdue_jobs"] == ["purge_tour_visitors", "send_reminders"]


def test_a_job_that_never_ran_is_overdue_only_a_period_after_the_scheduler_first_started(client):
    scheduler.jobs_run_due()
    JobRun.objects.filter(name="purge_caretaker_messages").delete()

    just_started = client.get("/healthz")
    JobRun.objects.update(started_at=F("started_at") - timedelta(days=2))
    long_ago = client.get("/healthz")

    assert just_started.status_code == 200
    assert long_ago.status_code == 503
    assert long_ago.json()["overdue_jobs"] == ["purge_caretaker_messages"]


def test_moderators_see_overdue_jobs_on_the_dashboard_and_committee_members_do_not(client, moderator, member):
    scheduler.jobs_run_due()
    make_overdue("purge_tour_visitors")

    client.force_login(moderator)
    staff_view = client.get("/admin/")
    client.force_login(member)
    member_view = client.get("/admin/")

    assert staff_view.status_code == 200
    assert "Geplande taken lopen achter" in staff_view.text
    assert "Gegevens van bezoekers van rondleidingen wissen" in staff_view.text
    assert "Herinneringen voor activiteiten van morgen" not in staff_view.text  # only the overdue one
    assert member_view.status_code == 200
    assert "Geplande taken lopen achter" not in member_view.text


def test_the_dashboard_says_nothing_when_the_jobs_are_on_time(client, moderator):
    scheduler.jobs_run_due()
    client.force_login(moderator)

    assert "Geplande taken lopen achter" not in client.get("/admin/").text


def test_the_command_lists_the_jobs_and_runs_what_is_due_once(capsys):
    call_command("scheduler", "--once")
    first = capsys.readouterr().out
    call_command("scheduler", "--once")
    second = capsys.readouterr().out
    call_command("scheduler", "--list")
    listing = capsys.readouterr().out

    assert sorted(line.split(":")[0] for line in first.splitlines()) == sorted(FEATURE_JOBS)
    assert second.strip() == "Nothing was due."
    line = next(line for line in listing.splitlines() if line.startswith("purge_tour_visitors"))
    assert "daily 04:00" in line
    assert "last success: never" not in line
    assert line.endswith("ok")


def test_once_fails_loudly_when_a_job_fails(monkeypatch):
    def broken(*, now):
        raise RuntimeError("kapot")

    monkeypatch.setitem(
        scheduler._registry,
        "test_broken",
        scheduler.Job(name="test_broken", func=broken, every=timedelta(hours=1), label=""),
    )

    with pytest.raises(CommandError, match="test_broken"):
        call_command("scheduler", "--once")
    assert JobRun.objects.get(name="test_broken").error == "RuntimeError: kapot"


# --------------------------------------------------------------------------
# Reminders at the scheduler's cadence
# --------------------------------------------------------------------------


def reminded(address):
    return [m for m in mail.outbox if m.to == [address] and "Morgen" in m.subject]


def test_a_sign_up_after_the_days_reminder_run_is_still_reminded_once(make_activity, resident, member, building):
    tomorrow = timezone.localdate() + timedelta(days=1)
    occurrence = make_activity(start_date=tomorrow, start_time=time(14, 0)).occurrences.get()
    activities.registration_create(occurrence=occurrence, user=resident)
    late = UserFactory(email="laat@example.org")
    ResidentProfileFactory(user=late, building=building)
    job = scheduler.job_get(name="send_reminders")
    ten = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    mail.outbox.clear()

    scheduler.job_run_due(job=job, now=ten - timedelta(minutes=15))
    before_ten = list(mail.outbox)
    scheduler.job_run_due(job=job, now=ten)
    activities.registration_create(occurrence=occurrence, user=late)  # after the day's first run
    scheduler.job_run_due(job=job, now=ten + timedelta(minutes=15))
    scheduler.job_run_due(job=job, now=ten + timedelta(minutes=30))

    assert before_ten == []
    assert len(reminded(resident.email)) == 1
    assert len(reminded(late.email)) == 1
    assert all(registration.reminder_sent_at for registration in Registration.objects.filter(occurrence=occurrence))


def test_someone_who_signs_up_just_before_the_start_gets_no_reminder(make_activity, resident, building):
    tomorrow = timezone.localdate() + timedelta(days=1)
    occurrence = make_activity(start_date=tomorrow, start_time=time(1, 0), end_time=time(2, 0)).occurrences.get()
    last_minute = UserFactory(email="op-het-nippertje@example.org")
    ResidentProfileFactory(user=last_minute, building=building)
    yesterday = timezone.now() - timedelta(days=1)
    early = activities.registration_create(occurrence=occurrence, user=resident, now=yesterday)
    late = activities.registration_create(occurrence=occurrence, user=last_minute, now=yesterday)
    Registration.objects.filter(pk=early.pk).update(created_at=occurrence.start - timedelta(days=1))
    Registration.objects.filter(pk=late.pk).update(created_at=occurrence.start - timedelta(hours=1))
    mail.outbox.clear()

    tonight = timezone.localtime().replace(hour=23, minute=45, second=0, microsecond=0)
    scheduler.job_run_due(job=scheduler.job_get(name="send_reminders"), now=tonight)

    assert len(reminded(resident.email)) == 1
    assert reminded(last_minute.email) == []


def test_sent_e_mail_and_finished_tasks_are_pruned_on_schedule(settings):
    """Each e-mail leaves a stored message and a task row: both are forgotten by the core's own jobs."""
    from django.core.mail import EmailMessage

    from portal import mail as outgoing
    from portal.models import OutgoingEmail, OutgoingEmailStatus

    settings.PORTAL_SENT_EMAIL_RETENTION_DAYS = 7
    old = outgoing.outgoing_email_queue(message=EmailMessage("Oud", "Tekst.", None, ["a@example.org"]))
    new = outgoing.outgoing_email_queue(message=EmailMessage("Nieuw", "Tekst.", None, ["b@example.org"]))
    OutgoingEmail.objects.filter(pk=old.pk).update(status=OutgoingEmailStatus.SENT, sent_at=at(1, 9))
    OutgoingEmail.objects.filter(pk=new.pk).update(status=OutgoingEmailStatus.SENT, sent_at=timezone.now())

    summary = scheduler.job_get(name="purge_sent_emails").func(now=timezone.now())
    tasks = scheduler.job_get(name="prune_task_results").func(now=timezone.now())

    assert summary == "deleted 1 e-mail record(s)"
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Nieuw"]
    assert tasks == "tasks are not stored by this backend"  # immediate tasks here; the worker's are pruned


def test_finished_background_tasks_older_than_a_week_are_pruned(settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import deliver_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old, recent, waiting = (deliver_email.enqueue(email_id=n) for n in (1, 2, 3))
    DBTaskResult.objects.filter(id=old.id).update(status=TaskResultStatus.SUCCESSFUL, finished_at=at(1, 9))
    DBTaskResult.objects.filter(id=recent.id).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())

    scheduler.job_get(name="prune_task_results").func(now=timezone.now())

    assert {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)} == {recent.id, waiting.id}
