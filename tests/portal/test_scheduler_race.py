"""Two scheduler processes started by mistake: each job still runs once per due moment (PostgreSQL).

Only transactional tests live in this file (see `tests/activities/test_concurrency.py` for why).
"""

import os
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from portal import scheduler
from portal.models import JobRun

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="A race of scheduler processes needs PostgreSQL; SQLite serialises writers. CI runs this with DATABASE_URL.",
)

RACERS = 4  # two scheduler processes, each with its catch-up sweep and its cron wake-up


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_schedulers_racing_run_each_job_once_per_due_moment(monkeypatch):
    calls = []
    lock = threading.Lock()

    def count(*, now):
        with lock:
            calls.append(now)

    monkeypatch.setitem(
        scheduler._registry,
        "test_counting",
        scheduler.Job(name="test_counting", func=count, every=timedelta(hours=1), label=""),
    )
    now = datetime(2026, 3, 2, 10, 0, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))
    barrier = threading.Barrier(RACERS)
    results, errors = [], []

    def scheduler_process():
        try:
            barrier.wait()
            results.append(scheduler.jobs_run_due(now=now))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler_process) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    names = sorted(run.name for runs in results for run in runs)
    assert errors == []
    assert len(calls) == 1
    assert names == sorted(job.name for job in scheduler.jobs())  # every job, each by one racer only
    assert JobRun.objects.filter(succeeded=True).count() == len(names)


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_keep_migrated_data")
def test_schedulers_racing_to_retry_a_failed_run_retry_it_once(monkeypatch):
    calls = []
    lock = threading.Lock()

    def flaky(*, now):
        with lock:
            calls.append(now)
            if len(calls) == 1:
                raise RuntimeError("de eerste keer mislukt het")

    job = scheduler.Job(name="test_flaky", func=flaky, every=timedelta(hours=1), label="")
    tz = ZoneInfo("Europe/Amsterdam")
    scheduler.job_run_due(job=job, now=datetime(2026, 3, 2, 10, 0, 1, tzinfo=tz))
    later = datetime(2026, 3, 2, 10, 20, tzinfo=tz)  # past the first back-off
    barrier = threading.Barrier(RACERS)
    retried, errors = [], []

    def retry():
        try:
            barrier.wait()
            if scheduler.job_run_due(job=job, now=later) is not None:
                retried.append(True)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (len(calls), len(retried)) == (2, 1)
    run = JobRun.objects.get(name="test_flaky")
    assert (run.attempts, run.succeeded) == (2, True)
