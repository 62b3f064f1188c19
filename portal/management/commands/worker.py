"""`manage.py worker`: the django-tasks database worker that survives database outages and crashed workers.

Takes the same options as django_tasks_db's `db_worker` (queues, interval, batch, max tasks, worker id) plus
`--stale-minutes`. See portal/worker.py for what it adds.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import validate_worker_id

from portal.worker import ResilientWorker, worker_id_new


class Command(DbWorkerCommand):
    help = "Run the background worker: survives database outages and runs tasks of crashed workers again."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=settings.PORTAL_WORKER_STALE_TASK_MINUTES,
            help="Run a task again that has been RUNNING this long (default: %(default)s).",
        )
        # host:pid:random, so a worker on the same machine sees at once that this one's process is gone.
        parser.set_defaults(worker_id=None)

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str | None,
        exclude_queues: str,
        stale_minutes: int,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=validate_worker_id(worker_id) if worker_id else worker_id_new(),
            excluded_queue_names=excluded_queue_names,
            stale_after=timedelta(minutes=stale_minutes),
        )
        if reload and not batch:
            # Development only (DEBUG): the reloader's child process runs the worker.
            run_with_reloader(self._run_configured, worker)
        else:
            self._run_configured(worker)

    @staticmethod
    def _run_configured(worker: ResilientWorker) -> None:
        worker.configure_signals()
        worker.run()
