"""The background worker that nothing has to wait for: django_tasks_db's Worker, made to survive.

`manage.py worker` runs this instead of `manage.py db_worker`. It takes tasks exactly as django_tasks_db 0.13's
`Worker.run` does (the same query, lock and claim), and adds three things:

- **The database going away is weather, not death.** On OperationalError/InterfaceError the worker closes its
  connections, logs one WARNING for the outage, waits (0.5 s doubling to 5 s) and tries again; when the
  database answers it logs how long it was away. It never exits because of the database.
- **Tasks left RUNNING are picked up again** at start, after an outage and every minute: a task whose worker
  was this worker before the outage, a worker on this machine whose process is gone (a crash or `kill -9`),
  or any task RUNNING for longer than PORTAL_WORKER_STALE_TASK_MINUTES (a worker on another machine), is set
  back to READY and runs again.
- **A task and its outcome are one transaction**: what the task writes (rows, e-mails queued, tasks queued)
  is committed together with its SUCCESSFUL mark, so a task that is run again after a crash does not send its
  e-mails twice. A task that raises is rolled back and marked FAILED, as before.

Every minute it also queues e-mails that lost their delivery task and forgets old sent ones (portal.mail).
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger(__name__)

DATABASE_AWAY = (OperationalError, InterfaceError)
FIRST_WAIT = 0.5  # seconds between tries while the database is away, doubling …
LONGEST_WAIT = 5.0  # … to at most this, so the worker is back within seconds of the database
HOUSEKEEPING_EVERY = 60.0  # seconds


def worker_id_new() -> str:
    """`host:pid:random`: another worker on the same machine can tell that this one's process is gone."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _process_gone(worker_id: str, *, host: str) -> bool:
    parts = worker_id.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
        return False  # another machine, or an id given by hand: only the time-out can tell
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def tasks_recover_abandoned(*, backend_name: str, own_worker_id: str, stale_after: timedelta) -> int:
    """Set tasks that a stopped worker left RUNNING back to READY, so they run again; returns how many.

    Abandoned: last claimed by this worker (which runs one task at a time and is not running one now), by a
    worker on this machine whose process is gone, or RUNNING for longer than `stale_after`.
    """
    host = own_worker_id.rsplit(":", 2)[0]
    too_old = timezone.now() - stale_after
    recovered = 0
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    for task_id, worker_ids, started_at, task_path in running.values_list(
        "id", "worker_ids", "started_at", "task_path"
    ):
        last = worker_ids[-1] if worker_ids else ""
        if not (
            last == own_worker_id or _process_gone(last, host=host) or (started_at is not None and started_at < too_old)
        ):
            continue
        # started_at identifies this claim: a task claimed again meanwhile by a live worker is left alone.
        if DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at).update(
            status=TaskResultStatus.READY
        ):
            recovered += 1
            logger.warning("Task %s (%s) was left running by worker %s; it runs again", task_id, task_path, last)
    return recovered


def _database_answers() -> bool:
    connections.close_all()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_AWAY:
        connections.close_all()
        return False
    return True


class ResilientWorker(Worker):
    """django_tasks_db's Worker that survives the database going away and picks up abandoned tasks."""

    def __init__(self, *, stale_after: timedelta, housekeeping_every: float = HOUSEKEEPING_EVERY, **kwargs):
        super().__init__(**kwargs)
        self.stale_after = stale_after
        self.housekeeping_every = housekeeping_every
        self._next_housekeeping = 0.0
        self._away_since: float | None = None
        self._wait = FIRST_WAIT

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers that start together
        while self.running:
            try:
                ran, stop = self.step()
            except DATABASE_AWAY as error:
                self._database_away(error)
                continue
            self._database_back()
            if stop:
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def step(self) -> tuple[bool, bool]:
        """Housekeeping when due, then at most one task; returns (ran a task, stop the worker)."""
        close_old_connections()
        if time.monotonic() >= self._next_housekeeping:
            self.housekeeping()
            self._next_housekeeping = time.monotonic() + self.housekeeping_every
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        task_result = None
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # no other worker runs it now
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            return False, False  # SQLite busy: try again
        if task_result is not None:
            self.run_task(task_result)
        if self.batch and task_result is None:
            logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
            return False, True
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id)
            return task_result is not None, True
        close_old_connections()
        return task_result is not None, False

    def housekeeping(self) -> None:
        from portal import mail

        tasks_recover_abandoned(
            backend_name=self.backend_name, own_worker_id=self.worker_id, stale_after=self.stale_after
        )
        for job in (mail.outgoing_emails_requeue, mail.outgoing_emails_purge):
            try:
                job()
            except DATABASE_AWAY:
                raise
            except Exception:
                logger.exception("Worker housekeeping %s failed", job.__name__)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed task; what it writes and its SUCCESSFUL mark commit together."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            with transaction.atomic():
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
                db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (KeyboardInterrupt, SystemExit):
            # Stopped mid-task (a second Ctrl-C or SIGTERM): nothing was committed; it runs again on the next start.
            DBTaskResult.objects.filter(id=db_task_result.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY
            )
            raise
        except BaseException as error:
            if isinstance(error, DatabaseError) and not _database_answers():
                raise OperationalError(f"the database went away during a task: {error}") from error
            db_task_result.set_failed(error)
            task_finished.send(sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _database_away(self, error: Exception) -> None:
        connections.close_all()
        if self._away_since is None:
            self._away_since = time.monotonic()
            logger.warning("Database unreachable, the worker waits and tries again: %s", str(error).strip())
        else:
            logger.debug("Database still unreachable: %s", error)
        self._next_housekeeping = 0.0  # once it is back: pick up the task that was running
        time.sleep(self._wait)
        self._wait = min(self._wait * 2, LONGEST_WAIT)

    def _database_back(self) -> None:
        if self._away_since is not None:
            logger.info(
                "Database reachable again after %.0f s; the worker carries on", time.monotonic() - self._away_since
            )
            self._away_since = None
            self._wait = FIRST_WAIT
