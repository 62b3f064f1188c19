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
