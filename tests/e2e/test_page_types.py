"""Every Wagtail page type has a browser journey with an axe check.

Needs no browser and no database, so it also runs where Chromium is missing:
a new page type without a journey fails here, wherever the suite runs.
"""

import ast
from pathlib import Path

import pytest
from wagtail.models import Page, get_page_models

from tests.e2e.page_types import PAGE_TYPE_JOURNEYS

E2E_DIR = Path(__file__).parent


def page_type_labels() -> list[str]:
    return sorted(model._meta.label for model in get_page_models() if model is not Page)


def _test_functions(module: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(module.read_text(), filename=str(module))
    return {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def _calls(function: ast.FunctionDef) -> set[str]:
    """`audit.check(...)` in the function body is recorded as 'audit.check'."""
    calls = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name):
                calls.add(f"{owner.id}.{node.func.attr}")
    return calls


def test_every_page_type_has_a_browser_journey():
    missing = [label for label in page_type_labels() if label not in PAGE_TYPE_JOURNEYS]
    assert not missing, (
        f"Page type(s) without a browser journey and axe check: {', '.join(missing)}. "
        "Add a journey in tests/e2e/ that opens such a page and calls audit.check(page, ...), "
        "then list it in PAGE_TYPE_JOURNEYS in tests/e2e/page_types.py."
    )


def test_page_type_registry_lists_only_existing_page_types():
    stale = sorted(set(PAGE_TYPE_JOURNEYS) - set(page_type_labels()))
    assert not stale, f"PAGE_TYPE_JOURNEYS lists page types that no longer exist: {', '.join(stale)}"


@pytest.mark.parametrize("label", sorted(PAGE_TYPE_JOURNEYS))
def test_journey_of_page_type_exists_and_runs_axe(label):
    filename, _, name = PAGE_TYPE_JOURNEYS[label].partition("::")
    module = E2E_DIR / filename
    assert module.is_file(), f"{label}: journey module tests/e2e/{filename} does not exist"
    function = _test_functions(module).get(name)
    assert function is not None, f"{label}: tests/e2e/{filename} has no test function {name}"
    calls = _calls(function)
    assert {"audit.check", "audit.assert_no_violations"} <= calls, (
        f"{label}: {filename}::{name} must call audit.check(page, ...) on the page "
        "and audit.assert_no_violations() at the end"
    )
