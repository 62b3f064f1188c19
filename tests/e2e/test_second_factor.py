"""A member of staff without a second factor opens a participant list: from the log-in straight to the QR code,
and after the app's first code on to the list they asked for (issue 15, portal/second_factor.py)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import is_mfa_enabled
from playwright.sync_api import expect

from portal.factories import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_set_up_the_authenticator_app_on_the_way_to_a_participant_list(
    page, audit, settings, moderator, activity
):
    settings.PORTAL_MFA_REQUIRED_FOR_ADMIN = True  # as in production
    occurrence = activity.occurrences.order_by("start").first()
    participants = f"{activity.url}deelnemers/{occurrence.pk}/"

    page.goto(participants)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_role("textbox", name="E-mail").fill(moderator.email)
    page.get_by_role("textbox", name="Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # No second question for the password: the QR code at once, with a word on why.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next="))
    expect(page.get_by_role("img", name=re.compile(".+"))).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("gegevens van andere mensen")
    audit.check(page, "tweestapsverificatie-instellen")

    secret = page.get_by_role("textbox", name=re.compile("Geheime sleutel")).input_value()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    page.get_by_role("textbox", name=re.compile("Code uit de authenticator-app")).fill(code)
    page.get_by_role("button", name="Aanzetten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wie komen er: Stoelgym")
    assert page.url.endswith(participants)
    audit.check(page, "wie-komen-er-na-tweestapsverificatie")
    assert is_mfa_enabled(moderator)

    audit.assert_no_violations()
