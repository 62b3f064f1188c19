"""Signal receivers are connected in each app's `AppConfig.ready()`, never as a side effect of importing
`wagtail_hooks.py` (which Wagtail imports lazily, and a scheduler process may never import at all)."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.signals import page_published

from activities.models import ActivityPage
from activities.signals import sync_published_activity
from portal.models import BuildingPage
from portal.signals import building_published

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "activities", "committees", "ambassadors"]


def connects_outside_a_connect_function(path: Path) -> list[str]:
    """Uses of `<signal>.connect` (a call or a decorator) outside a function named `connect` (or `ready`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, inside_connect):
        for child in ast.iter_child_nodes(node):
            now_inside = inside_connect or (
                isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and child.name in {"connect", "ready"}
            )
            is_connect = isinstance(child, ast.Attribute) and child.attr == "connect"
            if is_connect and not now_inside and not _is_connection_object(child):
                found.append(f"{path.relative_to(ROOT)}:{child.lineno}")
            visit(child, now_inside)

    visit(tree, False)
    return found


def _is_connection_object(node: ast.Attribute) -> bool:
    # psycopg.connect / sqlite3.connect open a database connection; they are not signals.
    return isinstance(node.value, ast.Name) and node.value.id in {"psycopg", "sqlite3", "redis"}


def test_no_app_connects_a_signal_outside_its_connect_function():
    offenders = [
        place
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for place in connects_outside_a_connect_function(path)
    ]

    assert offenders == []


@pytest.mark.parametrize("app", APPS)
def test_an_app_with_receivers_connects_them_in_ready(app):
    config = apps.get_app_config(app)
    has_signals = (ROOT / app / "signals.py").exists()

    if has_signals:
        assert "ready" in type(config).__dict__, f"{app}/signals.py exists, but {app}/apps.py has no ready()"


def test_the_publish_receivers_are_connected_once_apps_are_ready():
    receivers_for = {
        ActivityPage: sync_published_activity,
        BuildingPage: building_published,
    }
    for model, receiver in receivers_for.items():
        live = page_published._live_receivers(model)
        # Django 5 returns (sync receivers, async receivers).
        sync_receivers = live[0] if isinstance(live, tuple) else live
        assert receiver in sync_receivers, f"{receiver.__name__} is not connected for {model.__name__}"


@pytest.mark.django_db
def test_publishing_an_activity_without_the_editor_rolls_out_its_dates(committee):
    """Scheduled publishing and workflow approval publish a revision; no admin hook runs."""
    from datetime import time

    from activities.models import ActivityCategory, Recurrence

    activity = committee.add_child(
        instance=ActivityPage(
            title="Koffieochtend",
            category=ActivityCategory.objects.get(slug="bewegen"),
            description="<p>Koffie.</p>",
            start_date=timezone.localdate() + timedelta(days=1),
            start_time=time(10, 0),
            end_time=time(11, 30),
            recurrence=Recurrence.WEEKLY,
            until=timezone.localdate() + timedelta(days=22),
            live=False,
        )
    )
    assert not activity.occurrences.exists()

    activity.save_revision().publish()

    assert activity.occurrences.count() == 4
