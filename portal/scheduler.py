"""Periodic jobs: a registry the apps fill, each job run exactly once per due moment, and who is overdue.

The registry. Each app declares its periodic jobs in its own `jobs.py` with the `job` decorator
(`activities/jobs.py`, `ambassadors/jobs.py`, `committees/jobs.py`, `portal/jobs.py`); `jobs()` imports
those modules the first time it is asked, the way Wagtail finds `wagtail_hooks.py`. The core only reads
the registry: adding an app adds a `jobs.py`, not a line here.

Exactly once. `manage.py scheduler` (APScheduler, in Europe/Amsterdam) wakes up at each job's due
moments and calls `job_run_due`, which works out the job's latest due moment (the last one at or
before now) and claims it by inserting a `JobRun` row; a unique constraint on (name, due moment) lets
exactly one insert succeed, whichever process, machine or thread tries, and only that one runs the job.
Why a row and not a PostgreSQL advisory lock: a lock only keeps two runs from overlapping; a scheduler
that starts a minute after the other finished would run the same due moment again, so a record of what
ran is needed anyway. The row is that record (when the job last succeeded, for `/healthz`, the admin
dashboard and `scheduler --list`), and it works the same on SQLite and PostgreSQL.

Catch-up. Only the latest due moment counts: a scheduler that was down at 04:00 and 04:15 runs the
job once when it starts again (coalesced), not once per missed moment. For the same reason a run
that failed is retried (after 5 minutes, then 10, 20, … at most an hour apart) until it succeeds or
the next due moment takes over; a run whose process died (no `finished_at` after `stale_after`) is
taken over by the next scheduler that looks.

Overdue. A job is overdue when its next due moment after its last success passed more than
`OVERDUE_MARGIN` ago. A job that never succeeded counts from the first row of any job, i.e. from the
first start of the scheduler (which runs every job once when it starts); with no rows at all the
scheduler has never run — a fresh install or a developer's machine — and nothing is overdue.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from functools import cached_property
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from portal.models import JobRun

logger = logging.getLogger(__name__)

OVERDUE_MARGIN = timedelta(hours=1)
RETRY_AFTER = timedelta(minutes=5)
RETRY_AFTER_MAX = timedelta(hours=1)
KEEP_RUNS = timedelta(days=30)
_LOOKBACKS = (timedelta(hours=1), timedelta(days=1), timedelta(days=8), timedelta(days=32), timedelta(days=400))


# `every` counts from here, so every process and machine arrives at the same due moments.
_ANCHOR = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))


@dataclass(frozen=True)
class Job:
    """A periodic job: what to call, when, and what staff call it.

    `every` (a period, e.g. 15 minutes, counted from midnight) or `daily_at` (a time of day in
    Amsterdam). Not a free cron expression: in the hour that repeats when the clocks go back (02:00–03:00
    on the last Sunday of October) APScheduler 3's `CronTrigger` with `minute="*/15"` steps back from
    02:00 winter time to 02:15 summer time, round and round; so periods run on an `IntervalTrigger` (plain
    arithmetic on timestamps) and a daily time may not fall between 02:00 and 03:00.
    """

    name: str
    func: Callable[..., object]  # called as func(now=...): the moment of the run
    label: str
    every: timedelta | None = None
    daily_at: dt_time | None = None
    stale_after: timedelta = timedelta(hours=2)

    def __post_init__(self):
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"Job {self.name!r}: give either `every` or `daily_at`.")
        if self.daily_at is not None and self.daily_at.hour == 2:
            raise ValueError(f"Job {self.name!r}: 02:00–03:00 is skipped or repeated when the clocks change.")

    @cached_property
    def trigger(self) -> BaseTrigger:
        zone = ZoneInfo(settings.TIME_ZONE)
        if self.every is not None:
            return IntervalTrigger(seconds=int(self.every.total_seconds()), start_date=_ANCHOR, timezone=zone)
        return CronTrigger(hour=self.daily_at.hour, minute=self.daily_at.minute, timezone=zone)

    @property
    def schedule(self) -> str:
        """E.g. "every 15 min" or "daily 04:00" (Amsterdam time)."""
        if self.every is not None:
            return f"every {int(self.every.total_seconds() // 60)} min"
        return f"daily {self.daily_at:%H:%M}"

    def due_at(self, now: datetime) -> datetime | None:
        """The latest due moment at or before `now` (None if there is none within a year), in UTC."""
        now = now.astimezone(UTC)
        for lookback in _LOOKBACKS:
            moment = self._next(now - lookback)
            if moment is not None and moment <= now:
                while True:
                    following = self.next_due_after(moment)
                    if following is None or following > now:
                        return moment
                    moment = following
        return None

    def next_due_after(self, moment: datetime) -> datetime | None:
        """The first due moment strictly after `moment`, in UTC."""
        return self._next(moment.astimezone(UTC) + timedelta(milliseconds=1))

    def _next(self, moment: datetime) -> datetime | None:
        # In UTC throughout: Python adds and compares datetimes of one zone by the clock on the wall,
        # which goes wrong in the hour that repeats when the clocks go back.
        found = self.trigger.get_next_fire_time(None, moment)
        return found.astimezone(UTC) if found else None


_registry: dict[str, Job] = {}
_discovered = False


def job(
    *,
    name: str,
    label: str,
    every: timedelta | None = None,
    daily_at: dt_time | None = None,
    stale_after: timedelta = timedelta(hours=2),
):
    """Register the decorated function as the periodic job `name` (see `Job` for `every` and `daily_at`).

    It is called as `func(now=...)` (the moment of the run; pass it on to the services so tests can set the
    clock) and returns a short summary for the log and `JobRun.summary`.
    """

    def register(func: Callable[..., object]) -> Callable[..., object]:
        existing = _registry.get(name)
        if existing is not None and (existing.func.__module__, existing.func.__qualname__) != (
            func.__module__,
            func.__qualname__,
        ):
            raise ValueError(
                f"Two periodic jobs are called {name!r}: {existing.func.__module__} and {func.__module__}."
            )
        _registry[name] = Job(
            name=name, func=func, label=label, every=every, daily_at=daily_at, stale_after=stale_after
        )
        return func

    return register


def jobs() -> list[Job]:
    """Every registered job, by name; the apps' `jobs.py` modules are imported the first time."""
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True
    return sorted(_registry.values(), key=lambda j: j.name)


def job_get(*, name: str) -> Job:
    for candidate in jobs():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def _host() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _retry_after(attempts: int) -> timedelta:
    return min(RETRY_AFTER * 2 ** max(attempts - 1, 0), RETRY_AFTER_MAX)


def _claim(*, job: Job, due_at: datetime, now: datetime) -> JobRun | None:
    """The `JobRun` of this due moment if this process may run it now, else None (another has it, or it is done)."""
    existing = JobRun.objects.filter(name=job.name, due_at=due_at).first()
    if existing is None:
        try:
            with transaction.atomic():
                return JobRun.objects.create(name=job.name, due_at=due_at, started_at=now, host=_host())
        except IntegrityError:
            logger.info("Job %s (due %s): another scheduler claimed it first.", job.name, _local(due_at))
            return None
    if existing.succeeded:
        return None
    if existing.succeeded is False:
        if now < existing.finished_at + _retry_after(existing.attempts):
            return None
        still = Q(succeeded=False, finished_at=existing.finished_at)
    else:
        if now < existing.started_at + job.stale_after:
            return None  # running elsewhere
        still = Q(succeeded__isnull=True, started_at=existing.started_at)
        logger.warning("Job %s (due %s): the run on %s never finished; taking over.", job.name, due_at, existing.host)
    # Compare and set: of two schedulers retrying at once, one updates the row, the other finds it changed.
    taken = JobRun.objects.filter(still, pk=existing.pk, attempts=existing.attempts).update(
        attempts=F("attempts") + 1, started_at=now, finished_at=None, succeeded=None, host=_host(), error=""
    )
    if not taken:
        return None
    existing.refresh_from_db()
    return existing


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _execute(*, job: Job, run: JobRun, now: datetime) -> JobRun:
    logger.info("Job %s (due %s) started, attempt %s, on %s.", job.name, _local(run.due_at), run.attempts, run.host)
    began = time.monotonic()
    try:
        result = job.func(now=now)
    except Exception as error:
        logger.exception("Job %s (due %s) failed.", job.name, _local(run.due_at))
        run.succeeded, run.error = False, f"{type(error).__name__}: {error}"[:2000]
    else:
        run.succeeded, run.summary = True, "" if result is None else str(result)[:2000]
    elapsed = time.monotonic() - began
    run.finished_at = now + timedelta(seconds=elapsed)
    try:
        JobRun.objects.filter(pk=run.pk).update(
            finished_at=run.finished_at, succeeded=run.succeeded, summary=run.summary, error=run.error
        )
    except DatabaseError:
        # The row stays "running"; after `stale_after` the next scheduler takes the due moment over.
        logger.exception("Job %s (due %s): could not record the outcome.", job.name, _local(run.due_at))
    if run.succeeded:
        logger.info("Job %s (due %s) succeeded in %.1f s: %s", job.name, _local(run.due_at), elapsed, run.summary)
    return run


def job_run_due(*, job: Job, now: datetime | None = None) -> JobRun | None:
    """Run `job` for its latest due moment, unless that already succeeded or another process is running it.

    Returns the run when this call ran the job, else None. Safe to call as often as you like, from as
    many processes as you like: each due moment runs once (a failed one is retried with back-off).
    """
    now = (now or timezone.now()).astimezone(UTC)
    due_at = job.due_at(now)
    if due_at is None:
        return None
    try:
        run = _claim(job=job, due_at=due_at, now=now)
    except DatabaseError:
        logger.exception("Job %s (due %s): the database did not answer; trying again later.", job.name, due_at)
        return None
    if run is None:
        return None
    return _execute(job=job, run=run, now=now)


def jobs_run_due(*, now: datetime | None = None) -> list[JobRun]:
    """Every job whose latest due moment has not run yet: the scheduler's catch-up, and `scheduler --once`."""
    now = now or timezone.now()
    return [run for candidate in jobs() if (run := job_run_due(job=candidate, now=now)) is not None]


def job_runs_prune(*, now: datetime | None = None, keep: timedelta = KEEP_RUNS) -> int:
    """Delete runs older than `keep`, except each job's last success. Returns how many were deleted."""
    now = now or timezone.now()
    last_successes = JobRun.objects.filter(succeeded=True).values("name").annotate(due_at=Max("due_at"))
    kept = Q()
    for row in last_successes:
        kept |= Q(name=row["name"], due_at=row["due_at"])
    old = JobRun.objects.filter(due_at__lt=now - keep)
    if kept:
        old = old.exclude(kept)
    deleted, _per_model = old.delete()
    return deleted


# --------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_success: datetime | None  # the due moment of the last successful run
    last_finished: datetime | None  # when that run finished
    expected_by: datetime | None  # when it is overdue without another success; None before the first start
    overdue: bool


def job_statuses(*, now: datetime | None = None) -> list[JobStatus]:
    """Each job's last success and whether it is overdue (see the module's docstring), in one query."""
    now = now or timezone.now()
    rows = {
        row["name"]: row
        for row in JobRun.objects.values("name").annotate(
            last_success=Max("due_at", filter=Q(succeeded=True)),
            last_finished=Max("finished_at", filter=Q(succeeded=True)),
            first_started=Min("started_at"),
        )
    }
    first_start = min((row["first_started"] for row in rows.values()), default=None)
    statuses = []
    for candidate in jobs():
        row = rows.get(candidate.name, {})
        last_success = row.get("last_success")
        reference = last_success or first_start
        following = candidate.next_due_after(reference) if reference else None
        expected_by = following + OVERDUE_MARGIN if following else None
        statuses.append(
            JobStatus(
                job=candidate,
                last_success=last_success,
                last_finished=row.get("last_finished"),
                expected_by=expected_by,
                overdue=expected_by is not None and now > expected_by,
            )
        )
    return statuses


def jobs_overdue(*, now: datetime | None = None) -> list[JobStatus]:
    return [status for status in job_statuses(now=now) if status.overdue]
