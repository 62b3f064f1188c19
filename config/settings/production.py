"""Production: gunicorn app servers, PostgreSQL, Redis, SMTP, a django-tasks worker.

Secrets have no default: a missing SECRET_KEY or DATABASE_URL stops start-up.
"""

from .base import *  # noqa: F403
from .base import env, postgresql_tuned

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: required
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
postgresql_tuned(DATABASES["default"])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Search: PostgreSQL full-text search through Wagtail's database backend, with the Dutch configuration
# (stemming and stop words). Stated here as well as in base.py because production must not run without it.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}}
PORTAL_MFA_REQUIRED_FOR_ADMIN = env.bool("MFA_REQUIRED_FOR_ADMIN", default=True)

STORAGES = {
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS. A plain-http run on loopback (make prod, the multi-server tests in tests/multi/)
# switches this off with SESSION_COOKIE_SECURE=false; a real deployment never does.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The visitor's address for every rate limit (allauth's and the booking form's) comes from one setting,
# CLIENT_IP_HEADER, in base.py: behind nginx, X-Real-IP (deploy/portal.env.example).
