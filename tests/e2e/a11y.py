"""axe-core checks and screenshots for the browser journeys.

`run_axe(page)` runs the axe-core bundled with axe-playwright-python against
the page as it is now, with the WCAG 2.0/2.1/2.2 A and AA rules plus
`target-size` (large enough to hit with an unsteady hand), and returns the
violations. `format_violations` makes a list a person can act on: rule,
impact, the CSS selector of every node, and the help URL.

`Audit` is what a journey uses: `audit.check(page, "home")` screenshots the
page (desktop and 320 px wide, into tests/e2e/artifacts/; at 320 px nothing
may scroll sideways), runs axe in the normal display and once more with
larger text and high contrast switched on, and remembers what it found;
`audit.assert_no_violations()` at the end of the journey fails with the full
list, so one run shows every page's problems.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}

DISPLAY_COOKIE = "weergave"
LARGE_CONTRAST = "groot.contrast"  # portal.display: larger text and high contrast both on

ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored; CI keeps it in its log directory
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


def artifact_name(node_name: str) -> str:
    """A test's node name as a file name: test_x[groot] -> test_x-groot."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", node_name).strip("-")


@cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def run_axe(page) -> list[dict]:
    """The axe-core violations of the page as it is now."""
    return _axe().run(page, options=AXE_OPTIONS).response["violations"]


def _selector(target) -> str:
    # A node inside a shadow root or an iframe has a list of selectors, outermost first.
    if isinstance(target, list):
        return " >>> ".join(_selector(part) for part in target)
    return str(target)


def _first_message(node: dict) -> str:
    for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
        if check.get("message"):
            return check["message"]
    return ""


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact') or 'unknown'}] {violation.get('help', '')}")
        lines.append(f"    {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            message = _first_message(node)
            lines.append(f"    at {', '.join(_selector(t) for t in node.get('target', []))}")
            if message:
                lines.append(f"       {message}")
    return "\n".join(lines)


@dataclass
class Finding:
    page: str
    display: str
    url: str
    violations: list[dict]

    def describe(self) -> str:
        count = sum(len(v.get("nodes", [])) for v in self.violations)
        head = f"{self.page} ({self.display}, {self.url}): {len(self.violations)} rule(s), {count} node(s)"
        return f"{head}\n{format_violations(self.violations)}"


# Elements that stick out past the right edge of the window, deepest first: what makes a page scroll sideways.
OVERFLOW_SCRIPT = """() => {
    const width = window.innerWidth;
    const describe = (el) => {
        let text = el.tagName.toLowerCase();
        if (el.id) text += "#" + el.id;
        if (el.classList.length) text += "." + [...el.classList].join(".");
        return text;
    };
    const wide = [...document.body.querySelectorAll("*")].filter((el) => {
        const rect = el.getBoundingClientRect();
        return rect.width > 0 && rect.right > width + 0.5;
    });
    const leaves = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: width,
        culprits: leaves.slice(0, 8).map(
            (el) => `${describe(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`
        ),
    };
}"""


def horizontal_scroll(page) -> str | None:
    """None when the page fits the window's width (scrollWidth <= innerWidth); else what sticks out."""
    result = page.evaluate(OVERFLOW_SCRIPT)
    if result["scrollWidth"] <= result["innerWidth"]:
        return None
    culprits = ", ".join(result["culprits"]) or "nothing found"
    return (
        f"the page is {result['scrollWidth']} px wide in a {result['innerWidth']} px window; sticking out: {culprits}"
    )


@dataclass(repr=False)
class Audit:
    artifacts: Path
    test_name: str
    checked: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # axe-core violations
    display_problems: list[str] = field(default_factory=list)  # the display cookie was not applied
    reflow_problems: list[str] = field(default_factory=list)  # horizontal scrolling at 320 px

    def __repr__(self):
        return f"<Audit of {self.test_name}: {len(self.checked)} page(s) checked, {len(self.findings)} finding(s)>"

    def screenshot(self, page, name: str) -> None:
        """Full-page screenshots at the current (desktop) size and at 320 px wide, where nothing may scroll sideways."""
        page.screenshot(path=self.artifacts / f"{self.test_name}-{name}-desktop.png", full_page=True)
        size = page.viewport_size
        page.set_viewport_size(NARROW)
        try:
            page.screenshot(path=self.artifacts / f"{self.test_name}-{name}-320.png", full_page=True)
            overflow = horizontal_scroll(page)
            if overflow:
                self.reflow_problems.append(f"{name} ({page.url}): {overflow}")
        finally:
            page.set_viewport_size(size)

    def check(self, page, name: str) -> None:
        """Screenshot the page and run axe on it, normally and with larger text and high contrast on."""
        self.checked.append(name)
        self.screenshot(page, name)
        self._axe(page, name, "normal display")

        context = page.context
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        previous = [c for c in context.cookies(origin) if c["name"] == DISPLAY_COOKIE]
        context.add_cookies([{"name": DISPLAY_COOKIE, "value": LARGE_CONTRAST, "url": origin}])
        try:
            page.reload()
            classes = (page.locator("html").get_attribute("class") or "").split()
            if not {"text-larger", "contrast-high"} <= set(classes):
                self.display_problems.append(
                    f"{name} ({page.url}): with the cookie {DISPLAY_COOKIE}={LARGE_CONTRAST} <html> has "
                    f"class={' '.join(classes)!r}, not 'text-larger contrast-high'"
                )
            self._axe(page, name, f"larger text + high contrast ({DISPLAY_COOKIE}={LARGE_CONTRAST})")
        finally:
            context.clear_cookies(name=DISPLAY_COOKIE)
            if previous:
                context.add_cookies(previous)
            page.reload()

    def _axe(self, page, name: str, display: str) -> None:
        violations = run_axe(page)
        if violations:
            self.findings.append(Finding(page=name, display=display, url=page.url, violations=violations))

    def report(self) -> str:
        parts = []
        if self.findings:
            pages = len({f.page for f in self.findings})
            parts.append(
                f"axe-core found accessibility violations ({', '.join(AXE_TAGS)}, target-size) "
                f"on {pages} of {len(set(self.checked))} page(s):"
            )
            parts.extend(finding.describe() for finding in self.findings)
        if self.display_problems:
            parts.append(
                "The larger-text and high-contrast switches are ignored on:\n"
                + "\n".join(f"- {problem}" for problem in self.display_problems)
            )
        if self.reflow_problems:
            parts.append(
                "Horizontal scrolling at 320 px:\n" + "\n".join(f"- {problem}" for problem in self.reflow_problems)
            )
        return "\n\n".join(parts)

    def assert_no_violations(self) -> None:
        assert self.checked, "the journey ran no axe check"
        if self.findings or self.display_problems or self.reflow_problems:
            raise AssertionError(self.report())

    def write_report(self) -> None:
        """Keep the raw findings next to the screenshots, for CI's log directory."""
        path = self.artifacts / f"{self.test_name}-axe.json"
        if self.findings or self.display_problems or self.reflow_problems:
            data = {
                "axe_violations": [finding.__dict__ for finding in self.findings],
                "display_switches_ignored": self.display_problems,
                "horizontal_scroll_at_320": self.reflow_problems,
            }
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            path.unlink(missing_ok=True)
