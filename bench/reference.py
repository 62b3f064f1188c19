"""The reference: Wagtail's own demo site, bakerydemo, measured in the same run as the portal (`--reference PATH`).

bakerydemo is not vendored: PATH is a checkout of https://github.com/wagtail/bakerydemo. It needs its own Django
and Wagtail versions, so it gets its own virtual environment, made once in PATH/.bench-venv from its
requirements/base.txt (plus gunicorn and WhiteNoise, which its production settings use) and reused after that.
Each run writes, in the run's temporary directory, a settings module on top of bakerydemo's production settings
(DEBUG off, a SQLite database of its own, no SSL redirect on loopback, a local-memory cache) and a URL module that
puts a floor view at /__floor__/ in front of bakerydemo's own URLs, as `bench/urls.py` does for the portal. Then
`migrate`, `load_initial_data` (its demo content), `collectstatic`, gunicorn with the same workers, and the load:
the floor, the blog index `/blog/` and one blog post, each as a share of bakerydemo's own floor.

The reference checks (`reference_checks`): the portal's `activities` row at least 3× the blog index's share, and
every portal row of kind `detail` at least 2× the blog post's, at every scale and database.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.budgets import Check
from bench.measure import load_row
from bench.report import Row
from bench.server import gunicorn

logger = logging.getLogger(__name__)

REFERENCE = "bakerydemo"
VENV = ".bench-venv"
ACTIVITIES_VS_BLOG_INDEX = 3.0
DETAIL_VS_BLOG_POST = 2.0

SETTINGS = """
from bakerydemo.settings.production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {database!r}}}}}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reference"}}}}
STATIC_ROOT = {static!r}
MEDIA_ROOT = {media!r}
ROOT_URLCONF = "bench_reference_urls"
"""

URLS = """
from django.http import HttpResponse
from django.urls import path

from bakerydemo.urls import urlpatterns as bakerydemo_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__floor__/", floor), *bakerydemo_urlpatterns]
"""

FIRST_POST = "from bakerydemo.blog.models import BlogPage; print(BlogPage.objects.live().order_by('path').first().url)"


class ReferenceSetupError(Exception):
    """The reference could not be installed, prepared or served."""


@dataclass(frozen=True)
class Reference:
    checkout: Path
    root: Path  # the run's temporary directory for it

    @property
    def python(self) -> str:
        return str(self.checkout / VENV / "bin" / "python")

    def env(self) -> dict[str, str]:
        return {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "bench_reference_settings",
            "DJANGO_SECRET_KEY": "bench-reference-not-secret",
            "PYTHONPATH": f"{self.root}:{self.checkout}",
        }


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    logger.debug("%s", " ".join(command))
    # A fixed argument list, no shell.
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise ReferenceSetupError(
            f"{' '.join(command[:4])} … exited with {completed.returncode}:\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


def install(checkout: Path) -> None:
    """bakerydemo's own virtual environment, made once."""
    if not (checkout / "requirements" / "base.txt").exists():
        raise ReferenceSetupError(f"{checkout} is not a bakerydemo checkout (no requirements/base.txt)")
    venv = checkout / VENV
    if (venv / "bin" / "gunicorn").exists():
        return
    logger.info("reference: making %s (bakerydemo's requirements, gunicorn, WhiteNoise; once)", venv)
    _run([sys.executable, "-m", "venv", str(venv)], cwd=checkout)
    pip = [str(venv / "bin" / "pip"), "install", "-q", "-r", "requirements/base.txt"]
    extra = ["gunicorn", "whitenoise>=6.11,<7"]
    if "wagtail>=7.2,<7.3" in (checkout / "requirements" / "base.txt").read_text():
        # Wagtail 7.2 leaves django-tasks open; 0.9 breaks its search indexing on Python 3.11 (load_initial_data
        # fails in TaskResult). 0.8 is what it was released with.
        extra.append("django-tasks<0.9")
    try:
        _run([*pip, *extra], cwd=checkout)
    except ReferenceSetupError as error:
        if "No matching distribution found for Django" in str(error):
            raise ReferenceSetupError(
                f"{error}\nThis bakerydemo wants a Django that Python "
                f"{sys.version_info.major}.{sys.version_info.minor} cannot install (Django 6.0 needs 3.12): "
                "check out an older commit, e.g. `git -C PATH checkout 5a01dcd` (Wagtail 7.2, Django 5.2), "
                "and remove PATH/.bench-venv (bench/README.md)."
            ) from error
        raise


def prepare(checkout: Path, root: Path) -> Reference:
    install(checkout)
    root.mkdir(parents=True, exist_ok=True)
    reference = Reference(checkout=checkout, root=root)
    (root / "bench_reference_settings.py").write_text(
        SETTINGS.format(
            database=str(root / "bakerydemo.sqlite3"), static=str(root / "static"), media=str(root / "media")
        )
    )
    (root / "bench_reference_urls.py").write_text(URLS)
    logger.info("reference: migrate, load_initial_data, collectstatic")
    for args in (["migrate", "--noinput"], ["load_initial_data"], ["collectstatic", "--noinput"]):
        _run([reference.python, "manage.py", *args], cwd=checkout, env=reference.env())
    return reference


def measure(reference: Reference, *, client: str, duration_s: float, concurrency: int, workers: int) -> list[Row]:
    """The floor, the blog index and the first blog post of bakerydemo, under the same load as the portal."""
    post = _run([reference.python, "manage.py", "shell", "-c", FIRST_POST], cwd=reference.checkout, env=reference.env())
    pages = [
        ("floor", "floor", "/__floor__/"),
        ("blog_index", "listing", "/blog/"),
        ("blog_post", "detail", post.strip().splitlines()[-1]),  # after what the shell says of its imports
    ]
    rows = [Row(page=name, kind=kind, scale=1, url=url, database=REFERENCE) for name, kind, url in pages]
    with gunicorn(
        env=reference.env(),
        cwd=reference.checkout,
        workers=workers,
        log_path=reference.root / "gunicorn.log",
        python=reference.python,
        app="bakerydemo.wsgi:application",
        ready_url="/__floor__/",
    ) as server:
        for row in rows:
            load_row(row, server, client=client, duration_s=duration_s, concurrency=concurrency)
    floor = rows[0].load.rps if rows[0].load and not rows[0].error else None
    for row in rows:
        row.floor_rps = floor
    return rows


def reference_checks(rows: list[Row]) -> list[Check]:
    """The portal's rows against bakerydemo's, each as a share of its own floor (see the module's docstring)."""
    shares = {row.page: row.floor_ratio for row in rows if row.database == REFERENCE and not row.error}
    index, post = shares.get("blog_index"), shares.get("blog_post")
    checks = []
    for row in rows:
        ratio = row.floor_ratio
        if row.database == REFERENCE or row.error or ratio is None:
            continue
        if row.page == "activities" and index:
            times = ratio / index
            checks.append(
                Check(
                    row.page,
                    row.scale,
                    "vs bakerydemo's blog index",
                    f"{times:.2f}×",
                    f"≥ {ACTIVITIES_VS_BLOG_INDEX:.0f}×",
                    times >= ACTIVITIES_VS_BLOG_INDEX,
                    database=row.database,
                )
            )
        elif row.kind == "detail" and post and not row.logged_in:
            times = ratio / post
            checks.append(
                Check(
                    row.page,
                    row.scale,
                    "vs bakerydemo's blog post",
                    f"{times:.2f}×",
                    f"≥ {DETAIL_VS_BLOG_POST:.0f}×",
                    times >= DETAIL_VS_BLOG_POST,
                    database=row.database,
                )
            )
    return checks
