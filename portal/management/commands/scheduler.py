"""The scheduler: one long-running process that runs every periodic job on its schedule.

    manage.py scheduler          run for ever (systemd / honcho / `make prod` keep it up)
    manage.py scheduler --once   run every job whose latest due moment has not run yet, then exit
    manage.py scheduler --list   the jobs, their schedule, last success and whether they are overdue

Built on APScheduler 3 (a `BlockingScheduler`, in Europe/Amsterdam, with each job's `IntervalTrigger` or
`CronTrigger`). The
jobs come from the apps' `jobs.py` modules (`portal.scheduler.jobs`). Each wake-up calls
`portal.scheduler.job_run_due`, which claims the due moment with a database row first, so a second
scheduler started by mistake, on this machine or another, never runs a due moment twice. On start, and
every 5 minutes after, every job is checked once more: that catches up what was due while no scheduler
ran (once, not once per missed moment) and retries failed runs.
"""

from __future__ import annotations

import logging
import signal
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone

from portal import scheduler

logger = logging.getLogger("portal.scheduler")

SWEEP_MINUTES = 5


def _in_thread(function, *args):
    """APScheduler runs jobs in a thread pool: each run gets a fresh database connection and closes it."""
    close_old_connections()
    try:
        function(*args)
    except Exception:
        logger.exception("The scheduler's %s failed.", getattr(function, "__name__", function))
    finally:
        connections.close_all()


def _run_one(name: str) -> None:
    scheduler.job_run_due(job=scheduler.job_get(name=name))


def _sweep() -> None:
    scheduler.jobs_run_due()


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, retention, the daily roll) on their schedule, each once per due moment."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job that is due and has not run, then exit.")
        parser.add_argument(
            "--list", dest="list_jobs", action="store_true", help="List the jobs, their schedule and last success."
        )

    def handle(self, *args, once, list_jobs, **options):
        if list_jobs:
            self._list()
        elif once:
            self._once()
        else:
            self._serve()

    def _list(self):
        for status in scheduler.job_statuses():
            job = status.job
            last = f"{timezone.localtime(status.last_success):%Y-%m-%d %H:%M}" if status.last_success else "never"
            nxt = job.next_due_after(timezone.now())
            state = "OVERDUE" if status.overdue else "ok"
            self.stdout.write(
                f"{job.name:<26} {job.schedule:<22} last success: {last:<16} "
                f"next: {timezone.localtime(nxt):%Y-%m-%d %H:%M}  {state}"
            )

    def _once(self):
        runs = scheduler.jobs_run_due()
        for run in runs:
            outcome = run.summary if run.succeeded else f"FAILED: {run.error}"
            self.stdout.write(f"{run.name}: {outcome}")
        if not runs:
            self.stdout.write("Nothing was due.")
        failed = [run.name for run in runs if not run.succeeded]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")

    def _serve(self):
        zone = ZoneInfo(settings.TIME_ZONE)
        runner = BlockingScheduler(
            timezone=zone,
            # A wake-up that comes late (a busy machine) still runs, once; never two of the same job at a time.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        for job in scheduler.jobs():
            runner.add_job(_in_thread, job.trigger, args=[_run_one, job.name], id=job.name, name=job.name)
            logger.info("Scheduled %s (%s).", job.name, job.schedule)
        runner.add_job(
            _in_thread,
            IntervalTrigger(minutes=SWEEP_MINUTES, timezone=zone),
            args=[_sweep],
            id="catch-up",
            name="catch-up and retries",
            next_run_time=timezone.now(),  # at once: what was due while no scheduler ran
        )

        def stop(signum, frame):
            logger.info("Scheduler stopping (signal %s); running jobs finish first.", signum)
            runner.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("Scheduler started with %d jobs.", len(scheduler.jobs()))
        runner.start()
        logger.info("Scheduler stopped.")
