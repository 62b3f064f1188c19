"""The core's own periodic jobs (see `portal.scheduler`): run records, sent e-mail and finished tasks pruned."""

from datetime import datetime, time

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from portal import mail, services
from portal.scheduler import KEEP_RUNS, job, job_runs_prune

TASK_RESULT_DAYS = 7  # finished background tasks (each e-mail is one) are kept this long
FAILED_TASK_RESULT_DAYS = 30  # failed ones a month, for whoever looks into them


@job(name="prune_job_runs", daily_at=time(4, 30), label=_("Oude uitvoeringen van geplande taken opruimen"))
def prune_job_runs(*, now: datetime) -> str:
    return f"deleted {job_runs_prune(now=now)} run(s) older than {KEEP_RUNS.days} days"


@job(name="purge_sent_emails", daily_at=time(4, 40), label=_("Verzonden e-mails vergeten"))
def purge_sent_emails(*, now: datetime) -> str:
    return f"deleted {mail.outgoing_emails_purge()} e-mail record(s)"


@job(name="prune_task_results", daily_at=time(4, 50), label=_("Afgeronde achtergrondtaken opruimen"))
def prune_task_results(*, now: datetime) -> str:
    """django-tasks-db's own command; with tasks that run at once (locally) nothing is stored."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "tasks are not stored by this backend"
    call_command(
        "prune_db_task_results",
        min_age_days=TASK_RESULT_DAYS,
        failed_min_age_days=FAILED_TASK_RESULT_DAYS,
        verbosity=0,
    )
    return f"pruned finished tasks older than {TASK_RESULT_DAYS} days (failed: {FAILED_TASK_RESULT_DAYS})"


@job(name="purge_absences", daily_at=time(4, 20), label=_("Afwezigheid van huismeesters vergeten"))
def purge_absences(*, now: datetime) -> str:
    """Absences that ended more than PORTAL_ABSENCE_RETENTION_DAYS ago (`portal.services.absences_purge`)."""
    return f"deleted {services.absences_purge(now=now)} absence(s)"
