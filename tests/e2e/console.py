"""A journey fails on any console error, uncaught exception or CSP violation on any page it visits.

`ConsoleGuard.watch(context)` listens on every page of a browser context (pages opened later, pop-ups and
the admin's included). Chromium reports a blocked inline script or style, or a blocked image, as a console
error ("Refused to execute inline script because it violates the following Content Security Policy
directive …"); an init script also reports each `securitypolicyviolation` event, so nothing is missed.
A journey that provokes an error on purpose (a 404 it checks) says so with `allow(pattern)`.

One error is Wagtail's own and expected: its editor autosaves the form every half second (Wagtail 8), and
while a required field is still empty the server answers that background POST with 400 and a JSON
`validation_error`, which Chromium logs as "Failed to load resource … 400". Those, and only those (a POST to
an admin URL that asked for JSON and got the validation error), are left out by `settle()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


AUTOSAVE_REJECTED = re.compile(
    r"Failed to load resource: the server responded with a status of 400 .*\((?P<url>[^)]*)\)$"
)


@dataclass
class ConsoleGuard:
    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)
    autosave_rejections: set[str] = field(default_factory=set)

    def watch(self, context) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", self._attach)
        for page in context.pages:
            self._attach(page)

    def allow(self, pattern: str) -> None:
        """An error the journey causes on purpose (e.g. `status of 404` when it checks a page is gone)."""
        self.allowed.append(re.compile(pattern))

    def _record(self, page, kind: str, text: str) -> None:
        if any(pattern.search(text) for pattern in self.allowed):
            return
        self.problems.append(f"{kind} on {page.url}: {text}")

    def _attach(self, page) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                self._record(page, "console error", f"{message.text} ({message.location.get('url', '')})")

        def on_response(response) -> None:
            request = response.request
            if (
                response.status == 400
                and request.method == "POST"
                and "/admin/" in response.url
                and "text/html" not in (request.headers.get("accept") or "")
                and "application/json" in (response.headers.get("content-type") or "")
            ):
                self.autosave_rejections.add(response.url)

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: self._record(page, "uncaught exception", str(error)))

    def settle(self) -> list[str]:
        """The problems, less Wagtail's autosave of an unfinished form (see the module's docstring)."""

        def autosave(problem: str) -> bool:
            match = AUTOSAVE_REJECTED.search(problem)
            return bool(match) and match["url"] in self.autosave_rejections

        self.problems[:] = [problem for problem in self.problems if not autosave(problem)]
        return self.problems

    def report(self) -> str:
        return f"{len(self.problems)} console error(s), exception(s) or CSP violation(s):\n" + "\n".join(
            f"- {problem}" for problem in self.problems
        )
