"""A resident logs in (by e-mailed code, or with the keyboard only) and sees their building."""

import re

import pytest
from playwright.sync_api import expect

from portal.factories import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# allauth's code: letters and digits in dashed groups, alone on its line ("ABCD-EFGH").
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})+)\s*$", re.MULTILINE)

SKIP_LINK = "Direct naar de inhoud"


def focused_element(page) -> str:
    """The element that has keyboard focus, as a short piece of HTML (for failure messages)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "<body> (nothing focused)";
            return el.outerHTML.replace(/\\s+/g, " ").slice(0, 160);
        }"""
    )


def is_focused(locator) -> bool:
    return locator.count() == 1 and locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, what: str, max_presses: int = 40) -> None:
    """Press Tab until `locator` has focus, as a keyboard user would; fail with the focus order seen."""
    seen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
        seen.append(focused_element(page))
    order = "\n".join(f"  {number}. {html}" for number, html in enumerate(seen, start=1))
    pytest.fail(f"{what} never got keyboard focus in {max_presses} Tab presses on {page.url}; focus went to:\n{order}")


def test_resident_logs_in_with_emailed_code_and_sees_their_building(
    page, audit, mailoutbox, resident, presence_tomorrow
):
    page.goto("/")
    page.get_by_role("link", name="Inloggen", exact=True).click()
    expect(page.get_by_role("textbox", name="Wachtwoord")).to_be_visible()
    audit.check(page, "inloggen")

    page.get_by_role("link", name=re.compile("code", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    audit.check(page, "inlogcode-aanvragen")

    page.get_by_role("textbox", name="E-mail").fill("bewoner@example.org")
    page.get_by_role("button", name=re.compile("code", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/$"))
    code_field = page.get_by_role("textbox", name="Code")
    expect(code_field).to_be_visible()

    assert len(mailoutbox) == 1, f"expected one mail with the log-in code, got {len(mailoutbox)}"
    mail = mailoutbox[0]
    assert mail.to == ["bewoner@example.org"]
    match = LOGIN_CODE.search(mail.body)
    assert match, f"no log-in code found in the mail:\n{mail.body}"
    audit.check(page, "inlogcode-invullen")

    code_field.fill(match.group(1))
    page.get_by_role("button", name=re.compile("Bevestig|Inloggen|Aanmelden")).click()

    my_page = page.get_by_role("link", name="Mijn pagina", exact=True)
    expect(my_page).to_be_visible()
    my_page.click()
    expect(page).to_have_url(re.compile(r"/mijn/$"))
    expect(page.get_by_text("U bent ingelogd als bewoner@example.org")).to_be_visible()
    expect(page.get_by_text("Uw gebouw:")).to_contain_text("De Linde")
    audit.check(page, "mijn")

    page.get_by_role("main").get_by_role("link", name="De Linde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De Linde")
    expect(page.get_by_role("region", name="Uw huismeester")).to_contain_text("Henk Jansen")

    audit.assert_no_violations()


def test_keyboard_only_log_in(page, resident):
    """Tab, typing and Enter only: no mouse from the home page to 'Mijn pagina'."""
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Inloggen", exact=True), what="The 'Inloggen' link")
    page.keyboard.press("Enter")

    email = page.get_by_role("textbox", name="E-mail")
    expect(email).to_be_visible()
    tab_to(page, email, what="The e-mail field")
    page.keyboard.type("bewoner@example.org")

    # A hint such as 'Wachtwoord vergeten?' may sit between the two fields; a few Tabs, no more.
    tab_to(page, page.get_by_role("textbox", name="Wachtwoord"), what="The password field", max_presses=3)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    my_page = page.get_by_role("link", name="Mijn pagina", exact=True)
    expect(my_page).to_be_visible()
    tab_to(page, my_page, what="The 'Mijn pagina' link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/mijn/$"))
    expect(page.get_by_text("Uw gebouw:")).to_contain_text("De Linde")


@pytest.fixture
def pages_to_skip_through(building):
    return {
        "home": "/",
        "gebouwen": "/gebouwen/",
        "gebouw": building.url,
        "nieuws": "/nieuws/",
        "inloggen": "/accounts/login/",
        "inlogcode-aanvragen": "/accounts/login/code/",
    }


def test_skip_link_is_the_first_tab_stop_and_visible(page, pages_to_skip_through):
    """On every page the first Tab shows 'Direct naar de inhoud'; Enter on it moves focus to the content."""
    problems = []
    for name, url in pages_to_skip_through.items():
        page.goto(url)
        page.keyboard.press("Tab")
        skip_link = page.get_by_role("link", name=SKIP_LINK)
        if not is_focused(skip_link):
            problems.append(f"{name} ({url}): the first Tab stop is {focused_element(page)}, not '{SKIP_LINK}'")
            continue
        box = skip_link.bounding_box()
        viewport = page.viewport_size
        if (
            box is None
            or box["width"] < 16
            or box["height"] < 16
            or box["x"] < 0
            or box["y"] < 0
            or box["x"] + box["width"] > viewport["width"]
            or box["y"] + box["height"] > viewport["height"]
        ):
            problems.append(f"{name} ({url}): the focused skip link is not fully visible (box {box})")
        page.keyboard.press("Enter")
        main = page.get_by_role("main")
        if not main.evaluate("el => el.contains(document.activeElement)"):
            problems.append(f"{name} ({url}): Enter on the skip link left focus on {focused_element(page)}")
    assert not problems, "Skip link problems:\n" + "\n".join(f"- {problem}" for problem in problems)
