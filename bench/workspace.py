"""A throwaway directory per run: collected static files and one seeded database per scale and database engine.

The developer's db.sqlite3 is never touched: every process the benchmark starts gets its own
DATABASE_URL. Migrations run once into a template database, which each scale copies: a file for SQLite, and on
PostgreSQL (where the environment's DATABASE_URL points at a server) `CREATE DATABASE … TEMPLATE …`. The
PostgreSQL databases are named `bench_<pid>_…` and dropped when the run ends, also after an error or Ctrl-C.
"""

import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "config.settings.bench"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def postgresql_server() -> str | None:
    """The environment's DATABASE_URL when it points at PostgreSQL (its server is used, never its database)."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


class SetupError(Exception):
    """Preparing the database or the static files failed."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    secret_key: str
    engine: str = SQLITE
    server_url: str | None = None  # PostgreSQL: the server's URL (from DATABASE_URL)

    @property
    def prefix(self) -> str:
        return f"bench_{os.getpid()}"

    def database_url(self, scale: int | None) -> str:
        """The URL of a scale's database (None: the migrated template)."""
        label = "migrated" if scale is None else str(scale)
        if self.engine == POSTGRESQL:
            return _with_database(self.server_url or "", f"{self.prefix}_{label}")
        return f"sqlite:///{self.root / f'bench-{label}.sqlite3'}"

    @property
    def static_root(self) -> Path:
        return self.root / "static"

    def server_log(self, scale: int) -> Path:
        return self.root / f"gunicorn-{self.engine}-{scale}.log"

    def env(self, database_url: str) -> dict[str, str]:
        """The environment of every process the benchmark starts (production settings need these)."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.root / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO_ROOT),
        }


@contextmanager
def workspace(engine: str = SQLITE) -> Iterator[Workspace]:
    server_url = postgresql_server() if engine == POSTGRESQL else None
    if engine == POSTGRESQL and server_url is None:
        raise SetupError("PostgreSQL asked for, but DATABASE_URL does not point at a PostgreSQL server")
    with tempfile.TemporaryDirectory(prefix="bench-") as root:
        logger.debug("workspace %s (%s)", root, engine)
        ws = Workspace(root=Path(root), secret_key=secrets.token_urlsafe(50), engine=engine, server_url=server_url)
        try:
            yield ws
        finally:
            if engine == POSTGRESQL:
                drop_databases(ws)


def _postgresql(ws: Workspace, *statements: str) -> None:
    """Run statements on the server's own `postgres` database (CREATE and DROP DATABASE cannot run in one)."""
    import psycopg

    with psycopg.connect(_with_database(ws.server_url or "", "postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def drop_databases(ws: Workspace) -> None:
    import psycopg

    with psycopg.connect(_with_database(ws.server_url or "", "postgres"), autocommit=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{ws.prefix}\\_%",)
            ).fetchall()
        ]
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    logger.info("dropped %d PostgreSQL databases of this run", len(names))


def manage(ws: Workspace, database: str, *args: str, show_output: bool = False) -> None:
    """Run `manage.py <args>` with the benchmark settings against `database`."""
    command = [sys.executable, "manage.py", *args]
    logger.debug("%s", " ".join(command))
    # seed_demo's progress bar goes to the terminal (stderr, so stdout keeps only the table).
    output = {"stdout": sys.stderr, "stderr": sys.stderr} if show_output else {"capture_output": True}
    # A fixed argument list, no shell.
    completed = subprocess.run(  # noqa: S603
        command, cwd=REPO_ROOT, env=ws.env(database), text=True, check=False, **output
    )
    if completed.returncode != 0:
        detail = "" if show_output else f":\n{completed.stderr or completed.stdout}"
        raise SetupError(f"manage.py {' '.join(args)} exited with {completed.returncode}{detail}")


def prepare(ws: Workspace) -> None:
    """Collect static files (production's manifest storage needs them) and migrate the template database."""
    logger.info("collectstatic and migrate (once per run, %s)", ws.engine)
    if ws.engine == POSTGRESQL:
        _postgresql(ws, f'CREATE DATABASE "{ws.prefix}_migrated"')
    manage(ws, ws.database_url(None), "collectstatic", "--noinput")
    manage(ws, ws.database_url(None), "migrate", "--noinput")


def seed(ws: Workspace, scale: int) -> str:
    database = ws.database_url(scale)
    if ws.engine == POSTGRESQL:
        _postgresql(ws, f'CREATE DATABASE "{ws.prefix}_{scale}" TEMPLATE "{ws.prefix}_migrated"')
    else:
        shutil.copyfile(ws.database_url(None).removeprefix("sqlite:///"), database.removeprefix("sqlite:///"))
    logger.info("seed_demo --scale %d into %s (%s)", scale, database.rsplit("/", 1)[-1], ws.engine)
    manage(ws, database, "seed_demo", "--scale", str(scale), show_output=scale > 1)
    # Production's settings queue the search indexing of every new page as a task for the worker,
    # which the benchmark does not run: build the search index here, as the worker would have.
    manage(ws, database, "update_index")
    return database


def probe(ws: Workspace, database: str, page_names: list[str]) -> str:
    """Run bench.probe (query counts) against `database`; returns its JSON line."""
    command = [sys.executable, "-m", "bench.probe", *page_names]
    # A fixed argument list, no shell.
    completed = subprocess.run(  # noqa: S603
        command, cwd=REPO_ROOT, env=ws.env(database), capture_output=True, text=True, check=False
    )
    if completed.stderr:
        logger.debug("bench.probe stderr:\n%s", completed.stderr[-4000:])
    if completed.returncode != 0 or not completed.stdout.strip():
        raise SetupError(f"bench.probe exited with {completed.returncode}:\n{completed.stderr[-4000:]}")
    return completed.stdout.strip().splitlines()[-1]
