"""Settings shared by every environment.

Every environment variable is read here, in one typed place (django-environ).
`.env.example` lists them all. Local defaults are safe: SQLite, console
e-mail, a local-memory cache and tasks that run immediately. Production
(`config.settings.production`) removes the defaults for secrets.
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Bewonersportaal <portaal@example.org>"),
    SERVER_EMAIL=(str, "portaal@example.org"),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    TASKS_BACKEND=(str, "django_tasks.backends.immediate.ImmediateBackend"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    MFA_REQUIRED_FOR_ADMIN=(bool, False),
    LOG_LEVEL=(str, "INFO"),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")  # required in production, see production.py
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "committees",
    "activities",
    "ambassadors",
    "consultations",
    "reports",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.page_cache.PrivateResponseMiddleware",  # no-store on every personal response
    # Dutch unless the visitor chose English; the browser's Accept-Language is not asked (portal.middleware).
    "portal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "portal.routing.SiteMiddleware",  # the request's site without a query (after the page cache: a hit needs none)
    "portal.middleware.AdminForStaffOnlyMiddleware",
    "portal.middleware.AdminMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.display",
                "portal.context_processors.content_language",
                "portal.context_processors.corporation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The local default: many people booking at once wait their turn instead of "database is locked". WAL lets
    # readers go on while one writes; every transaction takes the write lock at its start (no read lock to
    # upgrade, which SQLite answers at once with "locked"); a writer waits up to 20 s for the one before it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )


def postgresql_tuned(database: dict) -> dict:
    """PostgreSQL's planner told what a random read costs where the data is in memory or on SSD (1.1; its default
    of 4 is for spinning disks): otherwise it reads every page of the tree rather than look up the few hundred a
    search found (issue 19, bench/README.md). `PG_RANDOM_PAGE_COST` sets another; options in DATABASE_URL win."""
    if database["ENGINE"].startswith("django.db.backends.postgresql"):
        cost = env.float("PG_RANDOM_PAGE_COST", default=1.1)
        database.setdefault("OPTIONS", {}).setdefault("options", f"-c random_page_cost={cost}")
    return database


postgresql_tuned(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: allauth's rate limits need a real cache (never DummyCache). Redis is a cache, never a single point of
# failure: portal.cache.ResilientRedisCache answers "no cache" within a fraction of a second while Redis is
# stopped or frozen (rate limits then count per process), and uses Redis again when it answers.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

# Background jobs: immediate locally, the database backend plus a worker in production.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND")}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, reading the account with its caretaker in one query (portal.auth_backends).
    "portal.auth_backends.ModelBackend",
    "portal.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail is the login, verified; log-in by e-mailed code for
# residents who forget passwords; enumeration prevention; rate limits on.
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    # Wrong log-in codes are limited per account (portal.login_codes).
    "confirm_login_code": "portal.login_codes.ConfirmLoginCodeForm",
    # Sign-up hashes the password for a known address too: the same time for known and new (portal.account_forms).
    "signup": "portal.account_forms.SignupForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 900
# Eight digits ("1234-5678"): easier to read and type than letters, and with the limit on wrong codes below no
# one guesses them; three tries per code.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 8, "dashed": True}
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": True}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bewonersportaal] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords per account per five minutes; the sixth is refused.
    "login_failed": "10/m/ip,5/5m/key",
    # Log-in codes (portal/login_codes.py): at most 6 wrong codes per account an hour and 18 a day, across all its
    # codes. With a hundred million eight-digit codes that is 540 guesses a month, a chance of 1 in 185,000
    # (tests/portal/test_login_codes.py computes it from this rate). Then no code logs in to the account for the
    # rest of the day, and its owner gets an e-mail; the password and the password reset keep working. A longer
    # window would let anyone who knows a tenant's address shut their code log-in for weeks.
    "login_code_failed": "6/h/key,18/d/key",
    # Asking for a code: per address, three a minute and ten an hour (no flood of e-mails to one person).
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bewonersportaal"
# Staff and caretakers must set up MFA before they reach the Wagtail admin or any page with other people's
# personal data (portal/second_factor.py). Off by default so the demo log-ins work; on in production.
PORTAL_MFA_REQUIRED_FOR_ADMIN = env("MFA_REQUIRED_FOR_ADMIN")

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "taal"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# Static and media.
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
# Django serves /media/ itself only locally and in the tests; in production the web server does (deploy/).
PORTAL_SERVE_MEDIA = False
STORAGES = {
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail. Every message is stored and sent by a task that retries until it is sent (portal/mail.py): pages
# never wait for, or fail on, the mail server. EMAIL_URL names the server the task sends through (console
# locally, SMTP in production). Tests keep Django's local outbox (settings/test.py).
_email = env.email_url("EMAIL_URL")
vars().update(_email)
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # seconds; a hanging mail server never blocks the worker
# A message is tried again 1, 2, 4 … minutes (at most an hour) apart for this long; then staff see it.
PORTAL_EMAIL_RETRY_HOURS = env.int("EMAIL_RETRY_HOURS", default=48)
PORTAL_SENT_EMAIL_RETENTION_DAYS = 7  # sent messages: only subject and addresses, then removed
PORTAL_FAILED_EMAIL_RETENTION_DAYS = 30  # given-up messages, kept whole for staff
# `manage.py worker` runs a task again that has been RUNNING this long (its worker crashed on another machine).
PORTAL_WORKER_STALE_TASK_MINUTES = env.int("WORKER_STALE_TASK_MINUTES", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL")

# Wagtail.
WAGTAIL_SITE_NAME = "Bewonersportaal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
# Moderation e-mails (templates/wagtailadmin/notifications/) go to the Moderators group only. With superusers
# included, Wagtail mails a superuser twice for one submission (its workflow and its task notice).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_USER_CUSTOM_FIELDS = ["first_name", "last_name"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# Dates in the admin as Dutch people write them: 31-12-2026, 10:00.
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
# No autosave (Wagtail 7.3+ saves the form in the background every half second). On a new page its first
# background save races the volunteer's own click on "Ter controle aanbieden": on PostgreSQL the browser
# journey made two pages, one submitted and one "Concept: nog niet ingediend". Volunteers save with the
# buttons they see; "Bewaar concept" stays.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Wagtail's database search backend picks the database's own full-text search: SQLite FTS5 locally (whole
# words), PostgreSQL in production. SEARCH_CONFIG is PostgreSQL's text-search configuration: Dutch stemming
# and stop words ('wandelingen' finds 'wandeling'); other databases ignore it. After changing it (or any
# page's search_fields), run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads (portal.uploads, portal.upload_forms): a photo of at most 10 MB and 40 megapixels (a 121-megapixel
# image cost 7 s of CPU and 228 MB per rendition); a document of at most 10 MB whose content is what its name
# says. Documents are served by the portal (/documenten/), to the public only once a live page uses them.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.upload_forms.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.upload_forms.DocumentForm"

# Content-Security-Policy (django-csp 4): the portal's own pages need no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The Wagtail admin still needs inline scripts and styles (portal/csp.py says why); nothing else is loosened.
PORTAL_ADMIN_URL_PREFIX = "/admin/"
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": ["'self'", "data:", "blob:"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    },
}
# No avatars from gravatar.com: every admin page would send a hash of the user's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail sets SAMEORIGIN on its own preview views
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# The corporation's own contact details, on every page (footer), the error pages and the e-mails: the phone
# is the way in for residents who are not online, so it is always shown as a number, never as "bel ons".
# Homes and residency (portal.home_codes, portal.services): a letter's code works this many days; wrong codes are
# limited per account and per address, per hour.
PORTAL_HOME_CODE_DAYS = 90
PORTAL_HOME_CODE_TRIES_PER_HOUR = 5
PORTAL_HOME_CODE_TRIES_PER_IP_PER_HOUR = 30
PORTAL_CORPORATION_NAME = env("CORPORATION_NAME", default="Woonstichting Zilverlinde")
PORTAL_CORPORATION_PHONE = env("CORPORATION_PHONE", default="010 799 12 34")
# When the phone is answered; empty: "maandag tot en met vrijdag, 9.00–17.00 uur" (translated).
PORTAL_CORPORATION_PHONE_HOURS = env("CORPORATION_PHONE_HOURS", default="")

# Portal domain settings.
PORTAL_DISPLAY_COOKIE_AGE = 60 * 60 * 24 * 365
PORTAL_CARETAKER_MAX_BUILDINGS = 5
PORTAL_HOMES_PER_CARETAKER_HOUR = 10
# A caretaker's presence falls between these times of day (`portal.services.presence_slots_validate`).
PORTAL_PRESENCE_EARLIEST = datetime.time(7, 0)
PORTAL_PRESENCE_LATEST = datetime.time(21, 0)
# How far ahead recurring activities have their dates (rolled forward daily).
PORTAL_OCCURRENCE_WINDOW_DAYS = 183
# Reminders (activities and tours) for tomorrow go out from this hour today (Amsterdam time); the scheduler
# checks every 15 minutes, so a later sign-up is still reminded, unless it was made less than
# PORTAL_REMINDER_MIN_LEAD_HOURS before the start (the confirmation has only just arrived).
PORTAL_REMINDER_HOUR = 10
PORTAL_REMINDER_MIN_LEAD_HOURS = 3
# Messages to the caretaker that are done are deleted after this many days.
PORTAL_MESSAGE_RETENTION_DAYS = env.int("MESSAGE_RETENTION_DAYS", default=365)
# A caretaker's absence (holiday, ill) is needed while it lasts and for the stand-in's questions just after; then
# it goes, also because "ziek" says something about a person's health.
PORTAL_ABSENCE_RETENTION_DAYS = env.int("ABSENCE_RETENTION_DAYS", default=90)
# Public pages for anonymous visitors are kept this many seconds at most (and cleared when content changes;
# portal/page_cache.py). 0 switches the page cache off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Each app server keeps the site of a host and its front page's place in the tree for a minute (portal/routing.py).
PORTAL_ROUTING_CACHE = env.bool("ROUTING_CACHE", default=True)
# The participation figures in the admin are computed at most this many seconds ago (they are cached).
PORTAL_PARTICIPATION_CACHE_SECONDS = env.int("PARTICIPATION_CACHE_SECONDS", default=600)
# Tours by ambassadors: how far ahead they can be booked, the least notice, and when a visitor's
# name, e-mail and phone are wiped (days after the tour; the booking stays as an anonymous count).
PORTAL_TOUR_WEEKS_AHEAD = 8
PORTAL_TOUR_MIN_NOTICE_HOURS = env.int("TOUR_MIN_NOTICE_HOURS", default=24)
PORTAL_TOUR_RETENTION_DAYS = env.int("TOUR_RETENTION_DAYS", default=30)
# Public booking form: per visitor's IP address and per e-mail address (django-ratelimit rates).
PORTAL_TOUR_RATE_PER_IP = env("TOUR_RATE_PER_IP", default="10/h")
PORTAL_TOUR_RATE_PER_EMAIL = env("TOUR_RATE_PER_EMAIL", default="3/h")
# A building without an ambassador: a visitor's request for a tour goes to the corporation's letting team.
PORTAL_LETTING_TEAM_EMAIL = env("LETTING_TEAM_EMAIL", default="verhuur@example.org")
# django-ratelimit is used through its core function only; its app (and its system check, which does not
# know Django's own Redis backend) is not installed. The cache must be shared in production: Redis.
RATELIMIT_USE_CACHE = "default"

# The visitor's address, for every limit per address (allauth's log-in, sign-up and reset limits, the booking
# form's django-ratelimit, and any later one): ONE setting. Behind the reverse proxy REMOTE_ADDR is the proxy's,
# which would put every visitor in one count (one person could lock everyone out); CLIENT_IP_HEADER names the
# request header the proxy sets (deploy/nginx: X-Real-IP). Empty: REMOTE_ADDR (no proxy: local runs, tests).
# Only set it behind a proxy that always overwrites the header, or visitors choose their own address.
# An older RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP in the environment still works.
_legacy_ip_meta_key = env("RATELIMIT_IP_META_KEY", default="")
PORTAL_CLIENT_IP_HEADER = env(
    "CLIENT_IP_HEADER",
    default=(
        _legacy_ip_meta_key.removeprefix("HTTP_").replace("_", "-") if _legacy_ip_meta_key.startswith("HTTP_") else ""
    ),
)


def client_ip_settings(header: str) -> dict:
    """The settings of every rate limiter for a trusted header ("X-Real-IP"), or for REMOTE_ADDR ("")."""
    header = header.strip()
    return {
        "PORTAL_CLIENT_IP_HEADER": header,
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": header or None,
        "RATELIMIT_IP_META_KEY": "HTTP_" + header.upper().replace("-", "_") if header else "REMOTE_ADDR",
    }


vars().update(client_ip_settings(PORTAL_CLIENT_IP_HEADER))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": env("LOG_LEVEL")},
        "committees": {"level": env("LOG_LEVEL")},
        "activities": {"level": env("LOG_LEVEL")},
        "ambassadors": {"level": env("LOG_LEVEL")},
    },
}
