"""Benchmark (`make bench`): the production settings, served over loopback http, plus the floor view.

Only `python -m bench` uses these. It starts every process with the variables production
requires: SECRET_KEY (random per run), DATABASE_URL (a throwaway SQLite file per scale, never
db.sqlite3), ALLOWED_HOSTS, and STATIC_ROOT (a temporary collectstatic for production's manifest
storage). See bench/README.md.
"""

from .production import *  # noqa: F403

# The floor view (/__floor__/) is added in front of the portal's own URLs; nowhere else.
ROOT_URLCONF = "bench.urls"

# Plain http on 127.0.0.1: in production TLS ends in front of gunicorn.
SECURE_SSL_REDIRECT = False

# One local cache per worker, whatever REDIS_URL a developer's .env holds.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}}
