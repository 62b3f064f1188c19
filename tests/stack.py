"""The portal as it runs in production, on loopback, for tests that need several processes (tests/multi/).

What a test session gets (fixtures in tests/multi/conftest.py):

- `StackTemplate`: one PostgreSQL database `portal_stack_<random>` on the shared server (or on a private
  one: `server=`), migrated once (`migrate` takes a while), and the static files collected once; dropped at
  the end. Every `Stack` clones its own database from it (`CREATE DATABASE … TEMPLATE`, about a second).
- `redis_database()`: a database number of its own on the shared Redis; only that one is flushed.
  `PrivateRedis` is a `redis-server` of its own on a free port, to stop, freeze and start again.
- `Stack`: its own database with a small data set (`seed`, built through the services and factories),
  and gunicorn app servers with `config.settings.production` (plain http, so the HTTPS redirect and secure
  cookies are off; the visitor's address comes from X-Real-IP as behind nginx). Each server, and the
  django-tasks worker when started, is a `Process` that can be stopped, killed (as a crash would),
  frozen and started again; `stack.env` is read at every (re)start, so a changed `REDIS_URL` or
  `EMAIL_URL` applies to the processes started after the change.
- `Visitor`: one person with their own cookies and address, speaking real HTTP with CSRF; `stack.resident(n)`
  is resident n of the data set, already logged in.

For a fault check: `stack.servers[0].restart()`, `.kill()`, `.freeze()`/`.thaw()`; `stack.start_worker()`
(and `.kill()` it as `kill -9` would); `PrivateRedis` stopped and started on the same port; `stack.sql(...)`
counts what was stored.

Nothing here stops, flushes or changes the shared PostgreSQL or Redis beyond what it created itself.
Run as `python -m tests.stack seed` (with a stack's environment) it builds the data set and prints it as JSON.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent
# The shared services; override where they live elsewhere.
POSTGRES_URL = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379")
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0
POLL_S = 0.1
HTTP_TIMEOUT_S = 30.0
# Database numbers of the shared Redis the harness may claim (0 and 1 are left to people: make prod uses 1).
REDIS_DB_NUMBERS = range(15, 1, -1)
REDIS_CLAIM_KEY = "stack-harness:claimed"
REDIS_CLAIM_SECONDS = 3 * 60 * 60
# The memory bound of the production recipe (deploy/README.md, "Redis"), also for the private redis-server.
REDIS_MAXMEMORY = "256mb"
REDIS_MAXMEMORY_POLICY = "allkeys-lru"


class StackError(Exception):
    """A process of the stack did not start, or a step before it failed."""


# --------------------------------------------------------------------------
# What is there
# --------------------------------------------------------------------------


def why_unavailable() -> str | None:
    """Why the stack cannot run on this machine, or None when it can."""
    import psycopg
    import redis

    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed in this environment"
    try:
        psycopg.connect(f"{POSTGRES_URL}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL does not answer at {POSTGRES_URL} ({error})".strip()
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis does not answer at {REDIS_URL} ({error})"
    return None


def unavailable(reason: str) -> None:
    """Skip the test for `reason`; fail it instead when STACK_REQUIRED is set (CI: a skipped check proves nothing)."""
    import pytest

    if os.environ.get("STACK_REQUIRED"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def eventually(condition: Callable[[], bool], *, timeout: float) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_S)
    return True


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `condition` until it holds; StackError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise StackError(f"{what}: not within {timeout:.0f} s")
        time.sleep(POLL_S)


# --------------------------------------------------------------------------
# PostgreSQL and Redis
# --------------------------------------------------------------------------


def _admin(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)


def database_create(name: str, *, template: str | None = None, server: str = POSTGRES_URL) -> None:
    with _admin(server) as connection:
        suffix = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{suffix}')


def database_drop(name: str, *, server: str = POSTGRES_URL) -> None:
    with _admin(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sql(database_url: str, query: str, params: tuple | list = ()) -> list[tuple]:
    """Rows of one query on a database of the harness."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as connection:
        return connection.execute(query, params).fetchall()


@contextlib.contextmanager
def redis_database(base_url: str = REDIS_URL) -> Iterator[str]:
    """A database number of the shared Redis that nobody uses now; flushed (that one only) at the end."""
    import redis

    token = secrets.token_hex(8)
    for number in REDIS_DB_NUMBERS:
        client = redis.Redis.from_url(f"{base_url}/{number}")
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, token, nx=True, ex=REDIS_CLAIM_SECONDS):
            break
        client.close()
    else:
        raise StackError(
            f"every database number {REDIS_DB_NUMBERS.stop + 1}–{REDIS_DB_NUMBERS.start} of {base_url} is in use"
        )
    try:
        yield f"{base_url}/{number}"
    finally:
        client.flushdb()
        client.close()


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------


class Process:
    """A long-running process with its own log file, in a process group of its own (gunicorn's workers too).

    `env` is read at every start: change it between `stop()` and `start()` to start differently.
    """

    def __init__(self, name: str, command: list[str], *, env: dict[str, str], log_path: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_path
        self.popen: subprocess.Popen | None = None

    def __repr__(self) -> str:
        return f"<Process {self.name} pid={self.pid}>"

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self) -> None:
        if self.running:
            raise StackError(f"{self.name} is already running")
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start: {' '.join(self.command)}\n".encode())
            log.flush()
            # A fixed argument list, no shell.
            self.popen = subprocess.Popen(  # noqa: S603
                self.command,
                cwd=REPO,
                env=dict(self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def is_ready(self) -> bool:
        return True

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if not self.running:
                raise StackError(f"{self.name} exited with code {self.popen.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise StackError(f"{self.name} was not ready within {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(POLL_S)

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """SIGTERM (a graceful stop), SIGKILL when it takes longer than `timeout`."""
        if not self.running:
            return
        self._signal(signal.SIGCONT)  # a frozen process cannot stop
        self._signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._signal(signal.SIGKILL)  # whatever of the group is left

    def kill(self) -> None:
        """SIGKILL to the whole group, as a crash or `kill -9` would."""
        if self.popen is None:
            return
        self._signal(signal.SIGKILL)
        self.popen.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def freeze(self) -> None:
        """SIGSTOP: the process and its children stop answering but keep their sockets."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class AppServer(Process):
    """gunicorn with the production settings on a loopback port of its own (kept across restarts)."""

    def __init__(self, name: str, *, env: dict[str, str], log_path: Path, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--name=portal-{name}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--no-control-socket",
            "--access-logfile=-",
        ]
        super().__init__(name, command, env=env, log_path=log_path)

    def is_ready(self) -> bool:
        """Any HTTP answer from /healthz: a worker is serving (the answer itself is the tests' business)."""
        import http.client

        connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
        try:
            connection.request("GET", "/healthz", headers={"X-Real-IP": "127.0.0.1"})
            connection.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            connection.close()


class PrivateRedis(Process):
    """A redis-server of its own on a free port, without persistence: stop, freeze and start it at will."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        command = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        command += ["--dir", str(workdir)]
        # As in production (deploy/README.md, "Redis"): a memory bound, the least recently used keys go first.
        command += ["--maxmemory", REDIS_MAXMEMORY, "--maxmemory-policy", REDIS_MAXMEMORY_POLICY]
        super().__init__("redis", command, env=dict(os.environ), log_path=workdir / "redis.log")

    def is_ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1).ping())
        except redis.RedisError:
            return False


# --------------------------------------------------------------------------
# The template database and the stacks
# --------------------------------------------------------------------------


def production_env(*, database_url: str, redis_url: str, static_root: Path, media_root: Path) -> dict[str, str]:
    """The environment of every process of a stack: production settings, plain http on loopback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "false",
            # As behind nginx: the visitor's address is in X-Real-IP (a Visitor sends its own).
            "CLIENT_IP_HEADER": "X-Real-IP",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_URL": "consolemail://",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            # The documented defaults, stated so that a developer's .env cannot change what the tests see.
            "PAGE_CACHE_SECONDS": "300",
            "TOUR_RATE_PER_IP": "10/h",
            "TOUR_RATE_PER_EMAIL": "3/h",
            "TOUR_MIN_NOTICE_HOURS": "24",
            "MFA_REQUIRED_FOR_ADMIN": "true",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run(command: list[str], *, env: dict[str, str], log_path: Path, timeout: float = 300) -> str:
    """Run a command to its end (its output to the log as well); StackError with the output when it fails."""
    # A fixed argument list, no shell.
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    with log_path.open("a") as log:
        log.write(f"\n--- {' '.join(command)}\n{result.stdout}{result.stderr}")
    if result.returncode != 0:
        raise StackError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-4000:]}"
        )
    return result.stdout


class StackTemplate:
    """A migrated database and collected static files, made once per test session.

    `server` is the PostgreSQL server (a URL without database) of the template and of every stack cloned
    from it: the shared one, or a private one for the PostgreSQL fault checks (e.g. tests.faults.PrivatePostgres,
    `postgres://postgres@127.0.0.1:<port>`).
    """

    def __init__(self, workdir: Path, *, server: str = POSTGRES_URL):
        self.workdir = workdir
        self.server = server
        self.name = f"portal_stack_{secrets.token_hex(4)}"
        self.static_root = workdir / "static"
        self.log_path = workdir / "template.log"
        self.built = False

    def build(self) -> None:
        database_create(self.name, server=self.server)
        self.built = True
        env = production_env(
            database_url=f"{self.server}/{self.name}",
            redis_url="",  # nothing to cache while migrating
            static_root=self.static_root,
            media_root=self.workdir / "media",
        )
        run([sys.executable, "manage.py", "migrate", "--noinput"], env=env, log_path=self.log_path)
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, log_path=self.log_path)

    def drop(self) -> None:
        if self.built:
            database_drop(self.name, server=self.server)


class Stack:
    """Its own database (cloned from the template, with the data set of `seed`) and app servers."""

    def __init__(
        self,
        *,
        template: StackTemplate,
        redis_url: str,
        workdir: Path,
        servers: int = 2,
        env: dict[str, str] | None = None,
    ):
        workdir.mkdir(parents=True, exist_ok=True)
        self.template = template
        self.workdir = workdir
        self.database = f"{template.name}_{secrets.token_hex(3)}"
        self.database_url = f"{template.server}/{self.database}"
        self.env = production_env(
            database_url=self.database_url,
            redis_url=redis_url,
            static_root=template.static_root,
            media_root=workdir / "media",
        )
        self.env.update(env or {})
        self.log_path = workdir / "stack.log"
        self.servers = [
            AppServer(f"web{n + 1}", env=self.env, log_path=workdir / f"web{n + 1}.log") for n in range(servers)
        ]
        self.processes: list[Process] = list(self.servers)
        self.data: dict = {}
        self.created = False

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def start(self) -> None:
        database_create(self.database, template=self.template.name, server=self.template.server)
        self.created = True
        self.data = json.loads(self.python("-m", "tests.stack", "seed").strip().splitlines()[-1])
        for server in self.servers:
            server.start()

    def close(self) -> None:
        running = [process for process in self.processes if process.running]
        for process in running:  # all at once: each may take its graceful timeout
            process.thaw()
            process._signal(signal.SIGTERM)
        for process in reversed(running):
            process.stop()
        if self.created:
            import psycopg

            # A private server that a failed fault check left stopped goes with its cluster.
            with contextlib.suppress(psycopg.OperationalError):
                database_drop(self.database, server=self.template.server)
            self.created = False

    def logs(self, lines: int = 15) -> str:
        """The last lines of every process's log, for an assertion message."""
        return "\n".join(f"--- {p.name}:\n{p.log_tail(lines)}" for p in self.processes)

    # Running things with the stack's environment ------------------------------------------

    def python(self, *args: str, timeout: float = 300) -> str:
        return run([sys.executable, *args], env=self.env, log_path=self.log_path, timeout=timeout)

    def manage(self, *args: str, timeout: float = 300) -> str:
        return self.python("manage.py", *args, timeout=timeout)

    def sql(self, query: str, params: tuple | list = ()) -> list[tuple]:
        """Rows of a query on the stack's database (to count what was really stored)."""
        return sql(self.database_url, query, params)

    def add_process(self, name: str, *args: str) -> Process:
        """A `manage.py` command as a long-running process of the stack, started now."""
        process = Process(
            name, [sys.executable, "manage.py", *args], env=self.env, log_path=self.workdir / f"{name}.log"
        )
        self.processes.append(process)
        process.start()
        return process

    def start_worker(self, command: str | None = None) -> Process:
        """The django-tasks worker (`manage.py worker`, or django-tasks-db's `db_worker` where that is missing)."""
        return self.add_process("worker", command or worker_command())

    # Visitors ----------------------------------------------------------------------------------

    def visitor(self, ip: str = "10.0.0.1", *, session_key: str | None = None) -> Visitor:
        return Visitor(ip=ip, session_key=session_key, session_cookie=self.data.get("session_cookie", "sessionid"))

    def resident(self, index: int, ip: str | None = None) -> Visitor:
        """Resident number `index` of the data set, already logged in (a session of their own)."""
        person = self.data["residents"][index]
        return self.visitor(ip or f"10.1.{index // 250}.{index % 250 + 1}", session_key=person["session"])


def worker_command() -> str:
    from django.core.management import get_commands

    return "worker" if "worker" in get_commands() else "db_worker"


# --------------------------------------------------------------------------
# A person speaking HTTP
# --------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The inputs of the forms of a page: [(action, {name: value})], hidden and filled-in values."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.forms[-1][1].setdefault(attrs["name"], attrs.get("value") or "")


def forms_of(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _FormFields()
    parser.feed(html)
    return parser.forms


class Visitor:
    """One person: their own cookies, their own address (sent as X-Real-IP, as nginx would).

    Every request carries `Host: 127.0.0.1` whichever server's port it goes to, as nginx sends the public
    host name (`proxy_set_header Host $host`, without a port) to every app server: what is keyed by the
    host (allauth's per-account log-in limit, the page cache) is then the same on all of them.
    """

    def __init__(self, *, ip: str, session_key: str | None = None, session_cookie: str = "sessionid"):
        import requests

        self.ip = ip
        self.http = requests.Session()
        self.http.headers["X-Real-IP"] = ip
        self.http.headers["Host"] = HOST
        self.http.headers["Accept-Language"] = "nl"
        if session_key:
            self.http.cookies.set(session_cookie, session_key, path="/")

    def get(self, url: str, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return self.http.get(url, **kwargs)

    def submit(
        self,
        page_url: str,
        data: dict[str, str],
        *,
        action: str | None = None,
        field: str | None = None,
        server: str | None = None,
    ):
        """GET the page, take the form (its CSRF token and hidden fields), POST it with `data` filled in.

        The form is the one whose action contains `action` and/or that has an input named `field`; `server`
        (a base URL) posts it to another app server than the one that served it. Redirects are followed: the
        answer is the page the person then sees.
        """
        page = self.get(page_url)
        page.raise_for_status()
        post_url, fields = self.form(page.text, page.url, action=action, field=field)
        if server is not None:
            parts = urlsplit(post_url)
            post_url = f"{server}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        return self.post(post_url, {**fields, **data})

    def form(
        self, html: str, base_url: str, *, action: str | None = None, field: str | None = None
    ) -> tuple[str, dict[str, str]]:
        """(absolute URL to post to, fields) of the first form with a CSRF token that matches `action`/`field`."""
        for form_action, fields in forms_of(html):
            if "csrfmiddlewaretoken" not in fields:
                continue
            if action is not None and action not in form_action:
                continue
            if field is not None and field not in fields:
                continue
            return urljoin(base_url, form_action), fields
        raise AssertionError(f"no form with a CSRF token, action {action!r} and field {field!r} on {base_url}")

    def log_in(self, server: str, email: str, password: str):
        """The log-in form of `server` (allauth), filled in and sent; the answer is the page that follows."""
        return self.submit(f"{server}/accounts/login/", {"login": email, "password": password}, field="login")

    def logged_in(self, server: str) -> bool:
        """Whether /mijn/ opens (rather than sending the person to the log-in page)."""
        answer = self.get(f"{server}/mijn/", allow_redirects=False)
        return answer.status_code == 200

    def post(self, url: str, data: dict[str, str], **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return self.http.post(url, data=data, **kwargs)


# --------------------------------------------------------------------------
# The data set (python -m tests.stack seed, in the stack's environment)
# --------------------------------------------------------------------------

RESIDENTS = 30
ACTIVITY_TITLES = {"cache": "Koffieochtend", "last_places": "Bingo"}


def seed() -> dict:
    """A building with its caretaker and committee, two activities (one with 10 places left), an ambassador
    with free tour times and residents with a session each; built through the services and factories."""
    from datetime import time as clock
    from datetime import timedelta

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from activities import services as activity_services
    from activities.models import ActivityCategory, ActivityPage, Recurrence
    from ambassadors import selectors as tour_selectors
    from ambassadors import services as tour_services
    from committees import services as committee_services
    from committees.models import CommitteeKind
    from portal import services
    from portal.factories import (
        DEMO_PASSWORD,
        BuildingPageFactory,
        CaretakerFactory,
        ResidentProfileFactory,
        UserFactory,
    )

    _home, index = services.site_ensure(hostname=HOST)
    caretaker_user = UserFactory(email="huismeester@example.org", first_name="Henk", last_name="Jansen")
    caretaker = CaretakerFactory(name="Henk Jansen", user=caretaker_user)
    services.caretaker_account_sync(caretaker=caretaker)
    building = BuildingPageFactory(parent=index, title="De Linde", slug="de-linde", homes=120, caretaker=caretaker)
    committee = committee_services.committee_create(
        parent=building,
        title="Activiteitencommissie De Linde",
        kind=CommitteeKind.ACTIVITY,
        description="Wij organiseren de activiteiten in De Linde.",
    )
    residents = []
    for n in range(RESIDENTS):
        user = UserFactory(email=f"bewoner{n + 1}@example.org")
        ResidentProfileFactory(user=user, building=building, apartment_number=str(n + 1))
        residents.append(user)

    def activity(title: str, *, capacity: int, days_ahead: int) -> ActivityPage:
        page = committee.add_child(
            instance=ActivityPage(
                title=title,
                category=ActivityCategory.objects.order_by("pk").first(),
                description="<p>Iedereen is welkom.</p>",
                start_date=timezone.localdate() + timedelta(days=days_ahead),
                start_time=clock(10, 0),
                end_time=clock(11, 30),
                recurrence=Recurrence.ONCE,
                capacity=capacity,
            )
        )
        activity_services.occurrences_sync(activity=page)
        return page

    cache_activity = activity(ACTIVITY_TITLES["cache"], capacity=20, days_ahead=3)
    # Twelve places, two taken already by the last two residents: ten left.
    last_places = activity(ACTIVITY_TITLES["last_places"], capacity=12, days_ahead=4)
    for user in residents[-2:]:
        activity_services.registration_create(occurrence=last_places.occurrences.get(), user=user)

    ambassador_user = UserFactory(email="ambassadeur@example.org", first_name="Ria")
    ResidentProfileFactory(user=ambassador_user, building=building, apartment_number="40")
    ambassador = tour_services.ambassador_appoint(
        user=ambassador_user,
        building=building,
        display_name="Ria",
        introduction="Ik woon hier al twaalf jaar en laat u graag de tuin zien.",
        languages=["nl"],
    )
    tour_services.weekly_times_replace(
        ambassador=ambassador,
        times=[tour_services.TimeRange(weekday=day, start=clock(10, 0), end=clock(12, 0)) for day in range(7)],
    )
    slots = tour_selectors.building_slots(building=building)

    def session_of(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def described(page: ActivityPage) -> dict:
        return {
            "title": page.title,
            "url": page.get_url(),
            "occurrence": page.occurrences.get().pk,
            "capacity": page.capacity,
        }

    return {
        "building": {"slug": building.slug, "url": building.get_url()},
        "activities": {key: described(page) for key, page in (("cache", cache_activity), ("last_places", last_places))},
        "tour": {
            "url": f"/rondleidingen/{building.slug}/",
            "book_url": f"/rondleidingen/{building.slug}/boeken/",
            "ambassador": ambassador.pk,
            "slots": [slot.key for slot in slots],
        },
        "residents": [{"email": user.email, "session": session_of(user)} for user in residents],
        "password": DEMO_PASSWORD,
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }


if __name__ == "__main__":
    import django

    if sys.argv[1:] != ["seed"]:
        sys.exit("usage: python -m tests.stack seed   (with a stack's environment)")
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        data = seed()
    sys.stdout.write(json.dumps(data) + "\n")
