"""Larger text and high contrast stay on; nothing scrolls sideways on a 320 px wide screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import ARTIFACTS, DISPLAY_COOKIE, NARROW, artifact_name, horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def has_class(name: str) -> re.Pattern:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def test_larger_text_and_high_contrast_survive_a_reload(page, presence_tomorrow):
    page.goto(presence_tomorrow.url)
    html = page.locator("html")
    larger = page.get_by_role("button", name="Grotere letters")
    contrast = page.get_by_role("button", name="Hoog contrast")
    expect(larger).to_have_attribute("aria-pressed", "false")
    expect(contrast).to_have_attribute("aria-pressed", "false")
    expect(html).not_to_have_class(has_class("text-larger"))

    larger.click()
    expect(html).to_have_class(has_class("text-larger"))
    expect(larger).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("De Linde")  # back on the same page

    contrast.click()
    expect(html).to_have_class(has_class("contrast-high"))
    expect(contrast).to_have_attribute("aria-pressed", "true")

    page.reload()
    expect(html).to_have_class(has_class("text-larger"))
    expect(html).to_have_class(has_class("contrast-high"))
    expect(larger).to_have_attribute("aria-pressed", "true")
    expect(contrast).to_have_attribute("aria-pressed", "true")

    # They go along to the next page, and switch off again.
    page.get_by_role("link", name="Gebouwen").first.click()
    expect(page).to_have_url(re.compile(r"/gebouwen/$"))
    expect(html).to_have_class(has_class("text-larger"))
    expect(html).to_have_class(has_class("contrast-high"))

    larger.click()
    expect(html).not_to_have_class(has_class("text-larger"))
    page.reload()
    expect(html).not_to_have_class(has_class("text-larger"))
    expect(html).to_have_class(has_class("contrast-high"))
    expect(larger).to_have_attribute("aria-pressed", "false")
    expect(contrast).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("display", ["normaal", "groot"])
def test_no_horizontal_scroll_at_320_px(request, base_url, new_context, login_as, resident, presence_tomorrow, display):
    """At 320 CSS px (a phone, or 400 % zoom) every page reflows; also with larger text switched on."""
    context = new_context(viewport=NARROW)
    if display == "groot":
        context.add_cookies([{"name": DISPLAY_COOKIE, "value": "groot", "url": base_url}])
    page = context.new_page()
    prefix = artifact_name(request.node.name)
    ARTIFACTS.mkdir(exist_ok=True)

    pages = {
        "home": "/",
        "gebouwen": "/gebouwen/",
        "gebouw": presence_tomorrow.url,
        "nieuws": "/nieuws/",
        "inloggen": "/accounts/login/",
        "inlogcode-aanvragen": "/accounts/login/code/",
    }
    problems = []

    def measure(name, url):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.screenshot(path=ARTIFACTS / f"{prefix}-{name}-320.png", full_page=True)
        overflow = horizontal_scroll(page)
        if overflow:
            problems.append(f"{name} ({url}): {overflow}")

    for name, url in pages.items():
        measure(name, url)
    login_as(context, resident)
    measure("mijn", "/mijn/")

    assert not problems, f"Horizontal scrolling at 320 px ({display}):\n" + "\n".join(f"- {p}" for p in problems)
