#!/usr/bin/env bash
# make prod: the portal as it runs in production, on this machine, on loopback only.
#
#   scripts/prod.sh            (from any directory; Ctrl-C stops everything)
#
# Runs the Procfile with honcho: two gunicorn app servers (http://127.0.0.1:8001 and :8002, two workers
# each), the django-tasks worker and the scheduler, with config.settings.production and a throwaway secret
# key (new on every start, so log-ins do not survive a restart), against the local PostgreSQL and Redis:
#
#   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/portal_prod (created when missing)
#   REDIS_URL     default redis://127.0.0.1:6379/1
#
# Before starting: migrate, collectstatic (into ./staticfiles) and seed_demo (which does nothing when the
# database already has buildings). E-mail is printed by the worker (EMAIL_URL=consolemail://) unless
# EMAIL_URL is set. Plain http on loopback, so the HTTPS redirect and secure cookies are switched off here;
# a real deployment (deploy/README.md) keeps them on behind nginx. Two-factor authentication for staff stays
# on as in production; MFA_REQUIRED_FOR_ADMIN=false scripts/prod.sh switches it off for a demo.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ] || [ ! -x .venv/bin/honcho ]; then
  echo "No .venv with honcho: run 'make install-dev' first." >&2
  exit 1
fi
export PATH="$PWD/.venv/bin:$PATH"

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_prod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:8001}"
export EMAIL_URL="${EMAIL_URL:-consolemail://}"
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export SESSION_COOKIE_SECURE=false
export PYTHONUNBUFFERED=1

# Stop with a clear message when PostgreSQL or Redis does not answer; create the database when missing.
python - <<'PY'
import os
import sys
from urllib.parse import urlsplit

import psycopg
import redis

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
try:
    with psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
        dbname="postgres", autocommit=True, connect_timeout=5,
    ) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created the database {name}.")
except psycopg.Error as error:
    sys.exit(f"PostgreSQL does not answer at {url.hostname}:{url.port or 5432}: {error}")
try:
    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=5)
    client.ping()
except redis.RedisError as error:
    sys.exit(f"Redis does not answer at {os.environ['REDIS_URL']}: {error}")
# Production runs Redis with a memory bound (deploy/README.md, "Redis"); say so when this one has none.
try:
    if client.config_get("maxmemory").get("maxmemory") == "0":
        print("Redis has no memory bound: set maxmemory 256mb and maxmemory-policy allkeys-lru (deploy/README.md).")
except redis.RedisError:
    pass  # CONFIG may be switched off (managed Redis); its own settings decide then
PY

python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
python manage.py seed_demo

echo "Serving http://127.0.0.1:8001/ and http://127.0.0.1:8002/ (Ctrl-C stops everything)."
# -e /dev/null: the environment above, not a developer's .env, decides (honcho's .env would override it).
exec honcho start -f "${PROCFILE:-Procfile}" -d . -e /dev/null
