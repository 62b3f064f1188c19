"""A throwaway directory per run: collected static files and one seeded SQLite database per scale.

The developer's db.sqlite3 is never touched: every process the benchmark starts gets its own
DATABASE_URL. Migrations run once into a template database, which each scale copies.
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

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "config.settings.bench"


class SetupError(Exception):
    """Preparing the database or the static files failed."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    secret_key: str

    @property
    def static_root(self) -> Path:
        return self.root / "static"

    @property
    def template_database(self) -> Path:
        return self.root / "migrated.sqlite3"

    def database(self, scale: int) -> Path:
        return self.root / f"bench-{scale}.sqlite3"

    def server_log(self, scale: int) -> Path:
        return self.root / f"gunicorn-{scale}.log"

    def env(self, database: Path) -> dict[str, str]:
        """The environment of every process the benchmark starts (production settings need these)."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": f"sqlite:///{database}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.root / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO_ROOT),
        }


@contextmanager
def workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="bench-") as root:
        logger.debug("workspace %s", root)
        yield Workspace(root=Path(root), secret_key=secrets.token_urlsafe(50))


def manage(ws: Workspace, database: Path, *args: str, show_output: bool = False) -> None:
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
    logger.info("collectstatic and migrate (once per run)")
    manage(ws, ws.template_database, "collectstatic", "--noinput")
    manage(ws, ws.template_database, "migrate", "--noinput")


def seed(ws: Workspace, scale: int) -> Path:
    database = ws.database(scale)
    shutil.copyfile(ws.template_database, database)
    logger.info("seed_demo --scale %d into %s", scale, database.name)
    manage(ws, database, "seed_demo", "--scale", str(scale), show_output=scale > 1)
    # Production's settings queue the search indexing of every new page as a task for the worker,
    # which the benchmark does not run: build the search index here, as the worker would have.
    manage(ws, database, "update_index")
    return database


def probe(ws: Workspace, database: Path, page_names: list[str]) -> str:
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
