"""`manage.py worker` survives PostgreSQL going away and runs again what a killed worker left RUNNING.

A real worker process against a private PostgreSQL cluster (tests/faults.py) that the test stops and starts,
with production settings and e-mail to a real SMTP server on loopback. Counts, not impressions: every task
done exactly once, every e-mail received exactly once, the worker process still alive.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.worker import tasks_recover_abandoned, worker_id_new
from tests.faults import PG_BIN, PrivatePostgres, wait_for
from tests.mailserver import MailServer

REPO = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 10  # the fault of issue 12: PostgreSQL away for 10 s
TASK_TABLE = DBTaskResult._meta.db_table


def needs_postgres_binaries():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL's initdb is not in {PG_BIN}: the worker test starts a private cluster with it")


@pytest.fixture(scope="module")
def cluster():
    """A private PostgreSQL with the portal migrated; the shared server is never touched."""
    needs_postgres_binaries()
    server = PrivatePostgres().start()
    try:
        subprocess.run(  # noqa: S603 - fixed program
            [
                *server.as_postgres,
                str(PG_BIN / "createdb"),
                *("-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "portal"),
            ],
            check=True,
            capture_output=True,
        )
        server.url = f"postgres://postgres@127.0.0.1:{server.port}/portal"
        manage(server, "migrate", "--no-input", "-v0")
        sql(server, "CREATE TABLE worker_check (n integer NOT NULL)")
        yield server
    finally:
        server.remove()


@pytest.fixture
def smtp():
    server = MailServer()
    server.start()
    yield server
    server.stop()


def environment(server, smtp_port: int | None = None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "TASKS_", "PYTEST", "TEST_DB"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="worker-test-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=server.url,
        CONN_MAX_AGE="60",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}" if smtp_port else "consolemail://",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(server, *arguments, smtp_port=None, script: str | None = None):
    command = [sys.executable, "manage.py", *arguments]
    if script is not None:
        command = [sys.executable, "manage.py", "shell", "-c", textwrap.dedent(script)]
    done = subprocess.run(  # noqa: S603 - the project's own manage.py
        command, cwd=REPO, env=environment(server, smtp_port), capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def sql(server, query: str, *params):
    import psycopg

    with psycopg.connect(server.url.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def start_worker(server, log: Path, smtp_port=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
        cwd=REPO,
        env=environment(server, smtp_port),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def task_counts(server) -> dict[str, int]:
    return dict(sql(server, f"SELECT status, count(*) FROM {TASK_TABLE} GROUP BY status"))  # noqa: S608


def running(server, *, n: int) -> bool:
    return bool(
        sql(
            server,
            f"SELECT 1 FROM {TASK_TABLE} WHERE status = 'RUNNING' AND args_kwargs->'kwargs'->>'n' = %s",  # noqa: S608
            str(n),
        )
    )


def enqueue(server, *, first: int, count: int, pause: float = 0.0, emails: int = 0, smtp_port=None) -> None:
    manage(
        server,
        smtp_port=smtp_port,
        script=f"""
        from django.core.mail import EmailMessage
        from tests.portal.worker_tasks import record
        for n in range({first}, {first + count}):
            record.enqueue(n=n, pause={pause})
            if n - {first} < {emails}:
                EmailMessage(f"Bevestiging {{n}}", "Tot ziens.", None, ["bezoeker@example.org"]).send()
        """,
    )


def test_the_worker_lives_through_postgresql_stopping_and_nothing_is_lost_or_done_twice(cluster, smtp, tmp_path):
    sql(cluster, f"TRUNCATE worker_check, {TASK_TABLE}, portal_outgoingemail")
    log = tmp_path / "worker.log"
    # Work that is queued when the database goes away: tasks and e-mails, then a long task the outage hits,
    # then more tasks and e-mails behind it.
    enqueue(cluster, first=0, count=20, emails=10, smtp_port=smtp.port)
    enqueue(cluster, first=20, count=1, pause=3.0)
    enqueue(cluster, first=21, count=40, emails=20, smtp_port=smtp.port)
    worker = start_worker(cluster, log, smtp_port=smtp.port)
    try:
        wait_for(
            lambda: sql(cluster, "SELECT 1 FROM worker_check WHERE n = 19"),
            what="the first tasks to be done",
            seconds=60,
        )
        wait_for(lambda: running(cluster, n=20), what="the long task to be running", seconds=30)

        stopped_at = time.monotonic()
        cluster.stop()
        wait_for(lambda: "Database unreachable" in log.read_text(), what="the worker to notice the outage")
        # The outage lasts its 10 s whatever the worker does meanwhile.
        wait_for(lambda: time.monotonic() - stopped_at >= OUTAGE_SECONDS, what="the outage to last", seconds=30)
        assert worker.poll() is None, "the worker exited while PostgreSQL was away"
        cluster.start()

        wait_for(
            lambda: task_counts(cluster) == {TaskResultStatus.SUCCESSFUL: 61 + 30},
            what="every task to be done",
            seconds=90,
        )
        assert worker.poll() is None, "the worker exited after PostgreSQL came back"
    finally:
        stop_worker(worker)

    done = dict(sql(cluster, "SELECT n, count(*) FROM worker_check GROUP BY n"))
    lost = sorted(set(range(61)) - set(done))
    twice = sorted(n for n, times in done.items() if times > 1)
    received = smtp.subjects()
    mail_lost = sorted({f"Bevestiging {n}" for n in [*range(10), *range(21, 41)]} - set(received))
    mail_twice = sorted({subject for subject in received if received.count(subject) > 1})
    print(  # what the operator would read in CI
        f"worker fault check: 61 tasks, lost {len(lost)}, twice {len(twice)}; "
        f"30 e-mails, received {len(received)}, lost {len(mail_lost)}, twice {len(mail_twice)}; worker alive"
    )
    assert lost == []
    assert twice == []
    assert mail_lost == []
    assert mail_twice == []
    assert sql(cluster, "SELECT status, count(*) FROM portal_outgoingemail GROUP BY status") == [("sent", 30)]
    text = log.read_text()
    assert text.count("Database unreachable") == 1  # one warning per outage, not one per retry
    assert "was left running by worker" in text  # the long task the outage interrupted ran again


def test_a_task_whose_worker_was_killed_runs_again_on_the_next_worker(cluster, tmp_path):
    sql(cluster, f"TRUNCATE worker_check, {TASK_TABLE}, portal_outgoingemail")
    log = tmp_path / "worker.log"
    enqueue(cluster, first=100, count=1, pause=120.0)  # would run for two minutes the first time
    first = start_worker(cluster, log)
    try:
        wait_for(lambda: running(cluster, n=100), what="the task to be running")
        first.kill()  # kill -9: no chance to clean up
        first.wait()
    finally:
        stop_worker(first)
    assert task_counts(cluster) == {TaskResultStatus.RUNNING: 1}  # left RUNNING, as in the issue

    second = start_worker(cluster, log)
    try:
        # Far sooner than the 10-minute stale time-out: the second worker sees the first one's process is gone.
        wait_for(
            lambda: task_counts(cluster) == {TaskResultStatus.SUCCESSFUL: 1}, what="the task to run again", seconds=30
        )
    finally:
        stop_worker(second)
    assert sql(cluster, "SELECT n FROM worker_check") == [(100,)]
    ((worker_ids,),) = sql(cluster, f"SELECT worker_ids FROM {TASK_TABLE}")  # noqa: S608
    assert len(worker_ids) == 2


@pytest.mark.django_db
def test_a_task_running_too_long_on_another_machine_is_run_again_a_recent_one_is_left_alone(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from tests.portal.worker_tasks import record

    stale, recent = record.enqueue(n=1), record.enqueue(n=2)
    now = timezone.now()
    for result, started in ((stale, now - timedelta(minutes=11)), (recent, now - timedelta(minutes=1))):
        DBTaskResult.objects.filter(id=result.id).update(
            status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["elders:4242:abcdefgh"]
        )

    recovered = tasks_recover_abandoned(
        backend_name="default", own_worker_id=worker_id_new(), stale_after=timedelta(minutes=10)
    )

    assert recovered == 1
    assert DBTaskResult.objects.get(id=stale.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(id=recent.id).status == TaskResultStatus.RUNNING
