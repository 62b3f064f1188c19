"""The axe helper itself: it finds real violations and reports them so a person can act on them.

A journey that passes because axe silently checked nothing would be worse than no check.
"""

import pytest

from tests.e2e.a11y import format_violations, run_axe

pytestmark = pytest.mark.e2e

# No lang on <html>, an image without alt text, two 12 px buttons side by side, text outside landmarks.
BROKEN_PAGE = """<!DOCTYPE html>
<html>
<head><title>Kapotte pagina</title></head>
<body>
    <p>Tekst buiten een landmark.</p>
    <main>
        <h1>Kapotte pagina</h1>
        <img id="foto" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
        <button id="min" aria-label="minder" style="width:12px;height:12px;padding:0;margin:0;border:0"></button><button
            id="meer" aria-label="meer" style="width:12px;height:12px;padding:0;margin:0;border:0"></button>
    </main>
</body>
</html>"""


@pytest.fixture
def broken_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(BROKEN_PAGE)
    yield page
    context.close()


def test_axe_finds_wcag_violations_including_target_size(broken_page):
    rules = {violation["id"] for violation in run_axe(broken_page)}

    assert {"html-has-lang", "image-alt", "target-size"} <= rules
    assert "region" not in rules, "best-practice rules are not WCAG criteria and stay out of the check"


def test_axe_report_names_rule_impact_selector_and_help_url(broken_page):
    report = format_violations(run_axe(broken_page))

    assert "- image-alt [critical]" in report
    assert "at #foto" in report
    assert "https://dequeuniversity.com/rules/axe/" in report
    assert "target-size [serious]" in report
    assert "#min" in report
