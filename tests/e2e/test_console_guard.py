"""The guard of every journey: an inline script blocked by the portal's policy fails the journey."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROBE = "<!doctype html><html lang='nl'><title>Voor</title><script>document.title = 'Na'</script></html>"


def test_an_inline_script_under_the_public_policy_is_reported(page, console_guard, home_page):
    policy = Client().get("/")["Content-Security-Policy"]
    page.route(
        "**/proef/",
        lambda route: route.fulfill(
            status=200, content_type="text/html", headers={"Content-Security-Policy": policy}, body=PROBE
        ),
    )

    page.goto("/proef/")

    assert page.title() == "Voor", "the inline script ran: the public policy allows inline scripts"
    assert any("script-src" in problem and "/proef/" in problem for problem in console_guard.problems), (
        console_guard.report()
    )
    console_guard.problems.clear()  # caught, as wanted; the journey itself is clean


def test_an_uncaught_exception_is_reported(page, console_guard, home_page):
    page.goto("/")
    page.evaluate("setTimeout(() => { throw new Error('kapot') })")
    page.wait_for_function("true")  # one more round trip, so the error has been delivered

    assert any("uncaught exception" in problem and "kapot" in problem for problem in console_guard.problems), (
        console_guard.report()
    )
    console_guard.problems.clear()


def test_wagtails_autosave_of_an_unfinished_form_is_not_a_problem_but_other_400s_are(page, console_guard, home_page):
    def answer(route):
        asks_json = "application/json" in (route.request.headers.get("accept") or "")
        route.fulfill(
            status=400,
            content_type="application/json" if asks_json else "text/html",
            body='{"success": false, "error_code": "validation_error"}' if asks_json else "<p>fout</p>",
        )

    page.route("**/admin/proef/**", answer)
    page.goto("/")

    page.evaluate(
        """async () => {
            await fetch('/admin/proef/autosave/', {method: 'POST', headers: {Accept: 'application/json'}});
            await fetch('/admin/proef/formulier/', {method: 'POST', headers: {Accept: 'text/html'}});
        }"""
    )
    page.wait_for_function("true")

    remaining = console_guard.settle()
    assert not any("/admin/proef/autosave/" in problem for problem in remaining), remaining
    assert any("/admin/proef/formulier/" in problem for problem in remaining), console_guard.report()
    console_guard.problems.clear()
