"""Security headers on sample responses, and the production settings that stop an unsafe start."""

import importlib
import sys

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

SAMPLES = ["/", "/gebouwen/", "/accounts/login/", "/healthz"]


@pytest.mark.parametrize("path", SAMPLES)
def test_every_response_carries_the_security_headers(client, site_tree, path):
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'self'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def _directive(csp: str, name: str) -> str:
    return next(part.strip() for part in csp.split(";") if part.strip().startswith(name + " "))


def test_the_admin_may_run_wagtails_inline_scripts_and_nothing_from_elsewhere(client, site_tree, moderator):
    client.force_login(moderator)
    response = client.get("/admin/")

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert _directive(csp, "script-src") == "script-src 'self' 'unsafe-inline'"
    assert _directive(csp, "style-src") == "style-src 'self' 'unsafe-inline'"
    assert _directive(csp, "img-src") == "img-src 'self' data: blob:"
    assert "object-src 'none'" in csp
    assert "gravatar" not in response.text  # no avatar that sends a hash of the e-mail address elsewhere


def test_the_public_site_keeps_the_strict_policy_beside_the_admin(client, site_tree):
    csp = client.get("/").headers["Content-Security-Policy"]

    assert _directive(csp, "script-src") == "script-src 'self'"
    assert _directive(csp, "style-src") == "style-src 'self'"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client, site_tree):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_portal_pages_contain_no_inline_script(client, site_tree, building):
    for path in ["/", "/gebouwen/", building.url, "/accounts/login/"]:
        html = client.get(path).text
        assert "<script>" not in html
        assert " onclick=" not in html


def _load_production(monkeypatch, **env):
    for key in ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"]:
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    sys.modules.pop("config.settings.production", None)
    try:
        return importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)


def test_production_settings_are_safe(monkeypatch):
    production = _load_production(
        monkeypatch, SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@db/portal", ALLOWED_HOSTS="portaal.example.org"
    )

    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE
    assert production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_SSL_REDIRECT
    assert production.PORTAL_MFA_REQUIRED_FOR_ADMIN
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert production.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _load_production(monkeypatch, DATABASE_URL="postgres://u@db/portal", ALLOWED_HOSTS="portaal.example.org")


def test_a_restricted_page_stays_restricted(client, building):
    """The cached restriction check must still send visitors of a restricted page to the log-in."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=building, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(building.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert building.title not in client.get("/gebouwen/").text
