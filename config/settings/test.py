"""Settings for pytest: fast hashing, local e-mail outbox, immediate tasks."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-test",
    }
}
# Uploads go to files on disk, as in production, in a folder of this test run (each xdist worker has its own).
# Not InMemoryStorage: it claims a file path that does not exist, so Wagtail's document view (serve_view, as
# in production) answered 404 for every uploaded PDF and no test could see it.
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STORAGES = {
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file (not in-memory) test database, so `pytest --reuse-db` skips Wagtail's ~200 migrations locally.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME", default=str(BASE_DIR / "test-db.sqlite3"))}

# Uploaded photos and documents served by Django (in production: the web server).
PORTAL_SERVE_MEDIA = True
